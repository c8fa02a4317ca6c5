"""`rootkeeper custodians`: the roster of root custodians and the custodian controls' verdicts.

The roster is read from the app's journal (the rehearsal one under --rehearse), read-only:
whether its entries hold is `audit verify`'s to say. The verdicts also need AWS (the root's
MFA devices, its email address), read as `status` reads them.

Exit codes, as `status`: 0 when every custodian control passes; 1 when any fails, warns or is
unknown; 2 on an error, as one line on stderr (the roster is still printed when it was read).
"""

from __future__ import annotations

import json
import sys
from argparse import Namespace
from datetime import datetime, timezone
from typing import Callable, TextIO

from rootkeeper.commands.status import (EXIT_ERROR, _MARK, _rehearsal_environment, _target_from, exit_code,
                                        finding_json, nothing_read)
from rootkeeper.core.controls import ROSTER_CONTROLS
from rootkeeper.core.custodians import Custodian, Roster
from rootkeeper.core.environment import Environment
from rootkeeper.core.errors import RootkeeperError
from rootkeeper.core.findings import Finding, evaluate, summarize
from rootkeeper.core.posture import Unknown
from rootkeeper.core.roster_view import ROSTER_HEADER, review_line, roster_rows



def run_custodians(args: Namespace, *, out: TextIO | None = None, err: TextIO | None = None,
                   now: Callable[[], datetime] = lambda: datetime.now(timezone.utc)) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    rehearsal = bool(getattr(args, "rehearse", False))
    as_json = bool(getattr(args, "json", False))
    from rootkeeper.commands.tui import with_seeded_roster
    from rootkeeper.journal.roster import journal_roster

    roster = journal_roster(rehearsal=rehearsal)
    close = lambda: None  # noqa: E731
    try:
        environment = _rehearsal_environment(args) if rehearsal else Environment(target=_target_from(args))
        close = getattr(environment, "close", None) or close
        with_seeded_roster(environment)
        roster = journal_roster(rehearsal=rehearsal)  # with the scenario's custodians, seeded on first use
        findings = read_verdicts(environment, roster, now=now())
    except RootkeeperError as error:
        print(render_json(roster, rehearsal, None) if as_json else render_roster(roster, rehearsal), file=out)
        print(" ".join(str(error).split()), file=err)
        return EXIT_ERROR
    finally:
        close()
    print(render_json(roster, rehearsal, findings) if as_json else render_table(roster, rehearsal, findings),
          file=out)
    if isinstance(roster, Unknown):
        print(roster.reason, file=err)
        return EXIT_ERROR
    if nothing_read(findings):
        print(f"Could not judge any custodian control: {findings[0].evidence}", file=err)
        return EXIT_ERROR
    return exit_code(findings)


def read_verdicts(environment: Environment, roster: Roster | Unknown, *, now: datetime) -> list[Finding]:
    from rootkeeper.commands.status import read_posture_and_roster

    _, posture, _ = read_posture_and_roster(environment, now=now)
    return [f for f in evaluate(posture, now, roster=roster) if f.control in ROSTER_CONTROLS]


# ---- the roster as text and as JSON ------------------------------------------------------------
def render_roster(roster: Roster | Unknown, rehearsal: bool) -> str:
    title = "Root custodians" + (" (rehearsal journal)" if rehearsal else "")
    if isinstance(roster, Unknown):
        return f"{title}: not read. {roster.reason}"
    if not roster.current:
        return f"{title}: none on the roster.\n{review_line(roster)}"
    rows = [tuple(h.upper() for h in ROSTER_HEADER), *roster_rows(roster)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(ROSTER_HEADER))]
    lines = [f"{title}:", ""] + ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip()
                                 for row in rows]
    return "\n".join([*lines, "", review_line(roster)])


def render_table(roster: Roster | Unknown, rehearsal: bool, findings: list[Finding]) -> str:
    width = max(len(f.control.title) for f in findings) if findings else 0
    lines = [render_roster(roster, rehearsal), "", "Custodian controls:", ""]
    lines += [f"{_MARK[f.status]:<4}  {f.control.title.ljust(width)}  {f.evidence}" for f in findings]
    counts = summarize(findings)
    lines += ["", f"{counts['pass']} pass, {counts['fail']} fail, {counts['warn']} warn, "
                  f"{counts['unknown']} unknown."]
    return "\n".join(lines)


def custodian_json(custodian: Custodian) -> dict:
    return {"name": custodian.name, "since": custodian.since, "email": custodian.email,
            "mfa_devices": [{"serial": serial, "kind": kind} for serial, kind in custodian.devices],
            "password_access": custodian.password_access, "mailbox_member": custodian.mailbox_member,
            "recovery_phone": custodian.recovery_phone, "witness_public_key": custodian.witness_public_key,
            "witness_fingerprint": custodian.witness_fingerprint, "leaving": custodian.leaving}


def render_json(roster: Roster | Unknown, rehearsal: bool, findings: list[Finding] | None) -> str:
    data: dict = {"rehearsal": rehearsal}
    if isinstance(roster, Unknown):
        data |= {"custodians": None, "roster_unreadable": roster.reason}
    else:
        data |= {"custodians": [custodian_json(c) for c in roster.current],
                 "last_review": roster.last_review.isoformat() if roster.last_review else None,
                 "last_review_by": roster.last_review_by}
    if findings is not None:
        data |= {"findings": [finding_json(f) for f in findings], "summary": summarize(findings)}
    return json.dumps(data, indent=2)
