"""`rootkeeper status`: the root posture as a table or JSON, and an exit code for scripts.

Exit codes: 0 when every control passes (NOT_APPLICABLE counts as passing); 1 when any
control fails, warns *or is unknown* — a control we could not read is not evidence of safety, so a
script gating on `status` must not be told "all clear"; 2 on an error, printed as one line
on stderr: nothing could be read at all (no credentials, an unreachable endpoint or one
that is not AWS, so that not even the caller's identity could be read), or the identity
was read but not one control (every control unknown: the table still shows why).

Unless --no-journal, the check is recorded as one "check" entry in the journal (the
rehearsal journal under --rehearse). Failing to record it is reported on stderr but does
not change the exit code: the posture was still read.
"""

from __future__ import annotations

import json
import sys
from argparse import Namespace
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import Any, Callable, TextIO

from rootkeeper.core.environment import AwsTarget, Environment
from rootkeeper.core.errors import RootkeeperError
from rootkeeper.core.findings import Finding, Status, evaluate, summarize
from rootkeeper.core.identity import Identity
from rootkeeper.core.posture import RootPosture
from rootkeeper.core.runbooks import runbook_for

EXIT_PASS, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
_MARK = {Status.PASS: "PASS", Status.FAIL: "FAIL", Status.WARN: "WARN", Status.UNKNOWN: "UNKN",
         Status.NOT_APPLICABLE: "N/A"}


def run_status(args: Namespace, *, out: TextIO | None = None, err: TextIO | None = None,
               now: Callable[[], datetime] = lambda: datetime.now(timezone.utc)) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    rehearsal = bool(getattr(args, "rehearse", False))
    close = lambda: None  # noqa: E731
    try:
        if rehearsal:
            environment = _rehearsal_environment(args)
            close = environment.close
        else:
            environment = Environment(target=_target_from(args))
        report = check_posture(environment, now=now())
        print(render_json(report) if getattr(args, "json", False) else render_table(report), file=out)
        if not getattr(args, "no_journal", False):
            _record(report, None if getattr(args, "json", False) else out, err)
        if nothing_read(report.findings):
            reason = report.findings[0].evidence if report.findings else "no control was evaluated"
            print(f"Could not read any root control as {report.identity_arn}: {' '.join(reason.split())}",
                  file=err)
            return EXIT_ERROR
        return exit_code(report.findings)
    except RootkeeperError as error:
        print(" ".join(str(error).split()), file=err)
        return EXIT_ERROR
    finally:
        close()


@dataclass(frozen=True)
class StatusReport:
    """What one status run saw."""

    account_id: str
    identity_arn: str
    account_label: str
    rehearsal: bool
    observed_at: datetime
    findings: list[Finding]

    @property
    def summary(self) -> dict[str, int]:
        return summarize(self.findings)


def check_posture(environment: Environment, *, now: datetime) -> StatusReport:
    identity, posture, roster = read_posture_and_roster(environment, now=now)
    return StatusReport(account_id=identity.account_id, identity_arn=identity.arn,
                        account_label=identity.account_label, rehearsal=environment.rehearsal,
                        observed_at=posture.observed_at, findings=evaluate(posture, now, roster=roster))


def read_posture_and_roster(environment: Environment, *, now: datetime) -> tuple[Identity, RootPosture, Any]:
    """Who we are, the root posture AWS shows, and the custodian roster the journal holds."""
    # aws/ is imported here, not at module level: `rootkeeper --help` must not pay for boto3.
    from rootkeeper.aws.identity import who_am_i
    from rootkeeper.aws.posture import read_root_posture
    from rootkeeper.aws.session import AwsSession
    from rootkeeper.journal.root_use import journal_root_use
    from rootkeeper.journal.roster import journal_roster

    session = AwsSession(environment.target)
    identity = who_am_i(session)
    posture = read_root_posture(session, now=now, identity=identity)
    # What the app itself did as root: the credential report forgets deleted keys' last use.
    posture = replace(posture, journal_root_use=journal_root_use(identity.account_id,
                                                                 rehearsal=environment.rehearsal))
    return identity, posture, journal_roster(rehearsal=environment.rehearsal)


def nothing_read(findings: list[Finding]) -> bool:
    """True when not one control could be read: an error (2), not findings (1)."""
    return all(f.status is Status.UNKNOWN for f in findings)


def exit_code(findings: list[Finding]) -> int:
    return EXIT_PASS if all(f.status.is_passing for f in findings) else EXIT_FINDINGS


def finding_json(finding: Finding) -> dict:
    control = finding.control
    return {"id": control.id, "title": control.title, "status": finding.status.value, "evidence": finding.evidence,
            "cis_v5": list(control.cis_v5), "cis_v3": list(control.cis_v3), "security_hub": control.security_hub,
            "runbook": runbook.id if (runbook := runbook_for(control.id)) else None}


def render_json(report: StatusReport) -> str:
    return json.dumps({
        "account_id": report.account_id,
        "identity_arn": report.identity_arn,
        "rehearsal": report.rehearsal,
        "observed_at": report.observed_at.isoformat(),
        "findings": [finding_json(f) for f in report.findings],
        "summary": report.summary,
    }, indent=2)


def render_table(report: StatusReport) -> str:
    header = ("STATUS", "CONTROL", "CIS v5", "CIS v3", "SEC HUB", "EVIDENCE")
    rows = [(_MARK[f.status], f.control.title, ",".join(f.control.cis_v5) or "-",
             ",".join(f.control.cis_v3) or "-", f.control.security_hub or "-", f.evidence) for f in report.findings]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(5)]
    lines = [f"Root posture of {report.account_label}" + (" (rehearsal)" if report.rehearsal else "")
             + f" as {report.identity_arn}, {report.observed_at:%Y-%m-%d %H:%M} UTC", ""]
    for row in [header, *rows]:
        lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:5])) + "  " + row[5])
    counts = report.summary
    lines += ["", f"{counts['pass']} pass, {counts['fail']} fail, {counts['warn']} warn, {counts['unknown']} unknown, "
                  f"{counts['not_applicable']} not applicable."]
    return "\n".join(lines)


def _target_from(args: Namespace) -> AwsTarget:
    return AwsTarget(profile=getattr(args, "profile", None), region=getattr(args, "region", None),
                     endpoint_url=getattr(args, "endpoint_url", None))


def _rehearsal_environment(args: Namespace) -> Environment:
    endpoint_url = getattr(args, "endpoint_url", None)
    if endpoint_url:  # the world `rootkeeper world serve` serves there, as `rehearse --endpoint-url` joins it
        from rootkeeper.rehearsal.remote import join_served_world

        return join_served_world(endpoint_url)
    from rootkeeper.rehearsal.world import start_world  # only now: moto is heavy

    world = start_world(getattr(args, "scenario", None) or "acme", accounts=getattr(args, "accounts", 0) or 0,
                        serve=False)
    try:
        environment = world.environment("operator")
    except BaseException:
        world.stop()
        raise
    environment.close = world.stop
    return environment


def _record(report: StatusReport, out: TextIO | None, err: TextIO) -> None:
    """Append the check; under the table (``out``), say where, and which keyring holds the
    journal key. --json says nothing more: its stdout stays one JSON document."""
    body = {
        "command": "status",
        "account_id": report.account_id,
        "identity_arn": report.identity_arn,
        "observed_at": report.observed_at.isoformat(),
        "summary": report.summary,
        "findings": [{"id": f.control.id, "status": f.status.value} for f in report.findings],
    }
    from rootkeeper.journal import Journal

    try:
        journal = Journal.open(rehearsal=report.rehearsal)
        entry = journal.append("check", body)
        if out is not None:
            print(f"Recorded as journal entry seq {entry.seq} in {journal.path}; journal key: {journal.key_holder}.",
                  file=out)
    except RootkeeperError as error:
        print(f"Not recorded in the journal: {' '.join(str(error).split())} (use --no-journal to skip).", file=err)
