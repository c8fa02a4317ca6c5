"""Entries as people read them: one line per entry for lists (the CLI's `audit show` and
the TUI's journal screen), and the file's lines numbered as verify numbers them."""

from __future__ import annotations

from pathlib import Path

from rootkeeper.journal.format import Entry
from rootkeeper.journal.store import read_whole


def what(entry: Entry) -> str:
    """What an entry records, in a few words."""
    body = entry.body if isinstance(entry.body, dict) else {}
    if entry.kind == "step":
        text = f"{body.get('runbook')}/{body.get('step')} [{body.get('step_kind')}] {body.get('outcome')}"
        return text + (f" — witness {body['witness']}" if body.get("witness") else "")
    if entry.kind == "ceremony":
        return f"{body.get('runbook')} {body.get('event')}"
    if entry.kind == "check":
        return f"{body.get('command') or body.get('source') or 'check'} {body.get('account_id', '')}".strip()
    if entry.kind == "seal":
        return f"sealed a torn line of {body.get('torn_length')} bytes"
    if entry.kind == "genesis":
        return "journal created" + (" (rehearsal, key in memory)" if body.get("key_in_memory") else "")
    return str(body.get("note") or body.get("text") or "")


def runbook_step(entry: Entry) -> str:
    body = entry.body if isinstance(entry.body, dict) else {}
    if entry.kind == "step":
        return f"{body.get('runbook')}/{body.get('step')}"
    if entry.kind == "ceremony":
        return f"{body.get('runbook')} ({body.get('event')})"
    return what(entry)


def outcome(entry: Entry) -> str:
    body = entry.body if isinstance(entry.body, dict) else {}
    if entry.kind == "step":
        return f"{body.get('outcome')} ({body.get('step_kind')})"
    if entry.kind == "check" and isinstance(body.get("summary"), dict):
        return ", ".join(f"{count} {name}" for name, count in body["summary"].items() if count)
    return ""


def numbered_entries(path: Path) -> list[tuple[int, Entry | None]]:
    """(1-based line number, entry or None when the line is not one) for every complete line."""
    try:
        data = read_whole(Path(path))
    except FileNotFoundError:
        return []
    result: list[tuple[int, Entry | None]] = []
    for number, line in enumerate(data.split(b"\n")[:-1], start=1):
        try:
            result.append((number, Entry.from_line(line)))
        except (ValueError, KeyError, TypeError):
            result.append((number, None))
    return result
