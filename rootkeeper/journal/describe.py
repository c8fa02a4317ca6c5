"""Entries as people read them: one line per entry for lists (the CLI's `audit show` and
the TUI's journal screen), and the file's lines numbered as verify numbers them."""

from __future__ import annotations

from pathlib import Path

from rootkeeper.journal.format import Entry
from rootkeeper.journal.keys import KeyStorage, rehearsal_key_note
from rootkeeper.journal.store import read_whole


def what(entry: Entry) -> str:
    """What an entry records, in a few words."""
    body = entry.body if isinstance(entry.body, dict) else {}
    if entry.kind == "step":
        text = f"{body.get('runbook')}/{body.get('step')} [{body.get('step_kind')}] {body.get('outcome')}"
        text += f" ({body['evidence_kind']})" if body.get("evidence_kind") else ""
        text += f" [{body['incident_id']}]" if body.get("incident_id") else ""
        return text + (f" — {who}" if (who := attestation(body)) else "")
    if entry.kind == "incident":
        text = f"incident {body.get('incident_id')} {body.get('event')} ({body.get('runbook') or 'closing'})"
        return text + (f" — {body['note']}" if body.get("note") else "")
    if entry.kind == "drill":
        from rootkeeper.journal.incident_timeline import drill_summary

        return "drill: " + drill_summary(body)
    if entry.kind == "ceremony":
        text = f"{body.get('runbook')} {body.get('event')}"
        # What a step read before the operator acted is said by the note ("choose-user: listed 3 IAM users").
        return text + (f" — {body['note']}" if body.get("event") == "looked" and body.get("note") else "")
    if entry.kind == "check":
        return f"{body.get('command') or body.get('source') or 'check'} {body.get('account_id', '')}".strip()
    if entry.kind == "roster":
        text = f"roster: {body.get('action')} {body.get('custodian')}"
        return text + (f" {body['serial']}" if body.get("serial") else "")
    if entry.kind == "witness":  # `audit verify` says whether the co-signature holds
        return (f"{body.get('name')} co-signs seq {body.get('of_seq')} "
                f"(witness key {str(body.get('fingerprint'))[:16]}…)")
    if entry.kind == "seal":
        return f"sealed a torn line of {body.get('torn_length')} bytes"
    if entry.kind == "genesis":
        if body.get("key_storage") == KeyStorage.REHEARSAL_FILE.value:
            return "journal created (rehearsal, practice key in a file: practice, not evidence)"
        if body.get("key_storage") == KeyStorage.ENCRYPTED_FILE.value:
            return "journal created (key in the encrypted keyring file)"
        return "journal created" + (" (rehearsal)" if body.get("rehearsal") else "")
    if entry.kind == "note" and body.get("ceremony_id"):
        return f"{body.get('text') or body.get('note') or ''} (ceremony {body['ceremony_id']})"
    return str(body.get("note") or body.get("text") or "")


def attestation(body: dict) -> str:
    """Who attested and who witnessed a step, from the entry's fields ("witness" in journals
    written before ``witnessed_by``)."""
    attested_by, witnessed_by = body.get("attested_by"), body.get("witnessed_by") or body.get("witness")
    parts = [f"attested by {attested_by}"] if attested_by else []
    parts += [f"witnessed by {witnessed_by}"] if witnessed_by else []
    return ", ".join(parts)


def key_storage_note(genesis: dict) -> str | None:
    """The rehearsal key-file sentence for a journal whose genesis entry (as parsed from
    the file, untrusted) says its key was kept in a file; None otherwise. Saying "practice"
    on an untrusted claim is safe: it can only lower the weight of a journal, never raise it."""
    body = genesis.get("body") if isinstance(genesis, dict) else None
    if not isinstance(body, dict) or body.get("key_storage") != KeyStorage.REHEARSAL_FILE.value:
        return None
    return rehearsal_key_note(body.get("key_file") or "a rehearsal key file")


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
        evidence = f", {body['evidence_kind']}" if body.get("evidence_kind") else ""
        return f"{body.get('outcome')} ({body.get('step_kind')}{evidence})"
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
