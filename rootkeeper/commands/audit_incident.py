"""`rootkeeper audit incident [ID] [--format md|html]`: without an id, the incidents of the
journal (id, opened, runbooks, open or closed) and any drill results; with one, the
incident as a timeline, and whether the journal verifies (exit 1 when it does not)."""

from __future__ import annotations

from argparse import Namespace
from pathlib import Path
from typing import TextIO


def incident_command(args: Namespace, path: Path, rehearsal: bool, out: TextIO, err: TextIO) -> int:
    from rootkeeper.commands.audit import _anchor
    from rootkeeper.commands.audit_report import runbook_titles
    from rootkeeper.journal.describe import numbered_entries
    from rootkeeper.journal.incident_render import render, render_list
    from rootkeeper.journal.incident_timeline import build_timeline, drill_summary
    from rootkeeper.journal.incidents import incidents_in
    from rootkeeper.journal.report import Verification
    from rootkeeper.journal.verify import verify_journal

    anchor = _anchor(args, path, rehearsal)
    checked = verify_journal(path, public_key=anchor.public_key, expected_head=anchor.head, anchor=anchor.source)
    verification = Verification(checked.ok, checked.summary(), tuple(str(p) for p in checked.problems))
    entries = [entry for _, entry in numbered_entries(path) if entry is not None]
    if not getattr(args, "incident_id", None):
        out.write(render_list(incidents_in(entries)))
        drills = [e for e in entries if e.kind == "drill" and isinstance(e.body, dict)]
        for drill in drills:
            print(f"drill  {drill.ts}  {drill_summary(drill.body)}", file=out)
        print(verification.summary, file=out)
    else:
        out.write(render(build_timeline(entries, args.incident_id, journal=str(path), verification=verification,
                                        titles=runbook_titles()), args.format))
    if not checked.ok:
        print(f"The journal does not verify: {verification.summary}", file=err)
        return 1
    return 0
