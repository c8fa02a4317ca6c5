"""`rootkeeper audit show|verify|export|note|report`: read, check, annotate and hand over the
signed journal (note: commands/audit_note.py; report: commands/audit_report.py).

Exit codes: 0 all holds; 1 problems found (verify; report of a journal that does not verify);
2 usage errors (a missing file, a bad --expected-head, an unreadable key, an unknown ceremony,
a note refused).
"""

from __future__ import annotations

import json
import sys
from argparse import Namespace
from pathlib import Path
from typing import TextIO

from rootkeeper.core.errors import RootkeeperError

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def run_audit(args: Namespace, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    from rootkeeper.journal.anchors import default_journal_path

    rehearsal = bool(getattr(args, "rehearse", False))
    path = Path(args.journal).expanduser() if getattr(args, "journal", None) else default_journal_path(
        rehearsal=rehearsal)
    if args.audit_command == "note":  # the one action that may create the journal
        from rootkeeper.commands.audit_note import write_note_command

        try:
            return write_note_command(args, path, rehearsal, out)
        except RootkeeperError as error:
            print(" ".join(str(error).split()), file=err)
            return EXIT_USAGE
    if not path.is_file():
        print(f"There is no journal at {path}. Give one with --journal PATH"
              f"{'' if rehearsal else ', or add --rehearse for the rehearsal journal'}.", file=err)
        return EXIT_USAGE
    try:
        if args.audit_command == "show":
            verify = ("rootkeeper audit verify" + (f" --journal {path}" if getattr(args, "journal", None) else "")
                      + (" --rehearse" if rehearsal and not getattr(args, "journal", None) else ""))
            return _show(path, as_json=bool(getattr(args, "json", False)), out=out, verify_command=verify)
        if args.audit_command == "verify":
            return _verify(args, path, rehearsal, out, err)
        if args.audit_command == "export":
            return _export(args, path, rehearsal, out, err)
        if args.audit_command == "report":
            from rootkeeper.commands.audit_report import report_command

            return report_command(args, path, rehearsal, out, err)
        if args.audit_command == "incident":
            from rootkeeper.commands.audit_incident import incident_command

            return incident_command(args, path, rehearsal, out, err)
    except RootkeeperError as error:
        print(" ".join(str(error).split()), file=err)
        return EXIT_USAGE
    print(f"Unknown audit action {args.audit_command!r}.", file=err)
    return EXIT_USAGE


def _genesis_note(path: Path) -> str | None:
    """The rehearsal key-file sentence when the journal's genesis entry says its key is in one."""
    from rootkeeper.journal.anchors import genesis_fields
    from rootkeeper.journal.describe import key_storage_note

    return key_storage_note(genesis_fields(path))


def _show(path: Path, *, as_json: bool, out: TextIO, verify_command: str = "rootkeeper audit verify") -> int:
    from rootkeeper.journal.describe import numbered_entries, what

    entries = [entry for _, entry in numbered_entries(path) if entry is not None]  # verify names the others
    if as_json:
        print(json.dumps([e.as_dict() for e in entries], ensure_ascii=False, indent=2), file=out)
        return EXIT_OK
    print(f"{'seq':>6}  {'time (UTC)':<27} {'kind':<9} what", file=out)
    for entry in entries:
        print(f"{entry.seq:>6}  {entry.ts:<27} {entry.kind:<9} {what(entry)}", file=out)
    print(f"{len(entries)} entries in {path}. `{verify_command}` checks them.", file=out)
    note = _genesis_note(path)
    if note:
        print(note, file=out)
    return EXIT_OK


def _anchor(args: Namespace, path: Path, rehearsal: bool):
    from rootkeeper.journal.anchors import find_anchor
    from rootkeeper.journal.keys import Head

    expected = None
    if getattr(args, "expected_head", None):
        try:
            expected = Head.parse(args.expected_head)
        except ValueError as error:
            raise RootkeeperError(f"--expected-head: {error}.", hint="Give SEQ:HASH, e.g. 41:3fa9… (64 hex digits).")
    public = Path(args.public_key) if getattr(args, "public_key", None) else None
    return find_anchor(path, rehearsal=rehearsal, public_key_file=public, expected_head=expected)


def _verify(args: Namespace, path: Path, rehearsal: bool, out: TextIO, err: TextIO) -> int:
    from rootkeeper.journal.verify import verify_journal

    anchor = _anchor(args, path, rehearsal)
    if anchor.public_key is None and anchor.warning:
        print(" ".join(anchor.warning.split()), file=err)
    report = verify_journal(path, public_key=anchor.public_key, expected_head=anchor.head, anchor=anchor.source)
    note = anchor.key_note or _genesis_note(path)
    if note:
        print(note, file=out)
    if anchor.holder:
        print(f"journal key: {anchor.holder}", file=out)
    for problem in report.problems:
        print(str(problem), file=out)
    for note in report.notes:
        print(f"note: {note}", file=out)
    print(report.summary(), file=out)
    return EXIT_OK if report.ok else EXIT_PROBLEMS


def _export(args: Namespace, path: Path, rehearsal: bool, out: TextIO, err: TextIO) -> int:
    from rootkeeper.journal.anchors import genesis_public_key
    from rootkeeper.journal.export import export_journal
    from rootkeeper.journal.verify import verify_journal

    anchor = _anchor(args, path, rehearsal)
    public_key = anchor.public_key or genesis_public_key(path)
    if public_key is None:
        print(f"{path} has no readable genesis entry and no key is known for it: nothing to export.", file=err)
        return EXIT_USAGE
    source = ("given with --expected-head" if getattr(args, "expected_head", None)
              else "recorded in the rehearsal key file" if anchor.key_note else "recorded in this machine's keyring")
    note = anchor.key_note or _genesis_note(path)
    result = export_journal(path, Path(args.dir), public_key=public_key, head=anchor.head,
                            head_source=source, key_note=note)
    report = verify_journal(path, public_key=public_key, expected_head=anchor.head, anchor=anchor.source)
    print(f"Exported {result.entries} entries to {result.directory} (key {result.fingerprint}).", file=out)
    if note:
        print(note, file=out)
    if anchor.public_key is None:
        print("No keyring key for this journal here: the export carries the key its genesis entry claims; "
              "compare its fingerprint with one you trust.", file=out)
    print(f"Check it without rootkeeper: cd {result.directory} && sh verify.sh (see VERIFY.txt).", file=out)
    if not report.ok:
        print(report.summary(), file=err)
    return EXIT_OK
