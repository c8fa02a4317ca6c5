"""Signed audit notes: a free-standing entry of kind "note", written at any moment by the
CLI (`rootkeeper audit note`) or the TUI, signed and chained like every entry; the journal's
guard refuses a note that holds a secret, as it refuses any other entry."""

from __future__ import annotations

from typing import Any, Iterable

from rootkeeper.journal.errors import JournalError
from rootkeeper.journal.format import Entry

MAX_NOTE_LENGTH = 2000


def ceremony_started(entries: Iterable[Entry], ceremony_id: str) -> Entry | None:
    """The "started" entry of ceremony ``ceremony_id``, or None when the journal has none."""
    for entry in entries:
        body = entry.body if isinstance(entry.body, dict) else {}
        if entry.kind == "ceremony" and body.get("event") == "started" and body.get("ceremony_id") == ceremony_id:
            return entry
    return None


def note_body(text: str, *, actor: Any, ceremony_id: str | None = None) -> dict[str, Any]:
    """The body of a note entry: the text, the actor (as step entries carry it), the ceremony."""
    text = text.strip()
    if not text:
        raise JournalError("A note needs some text.", hint="Say what happened, in words.")
    if len(text) > MAX_NOTE_LENGTH:
        raise JournalError(f"A note is at most {MAX_NOTE_LENGTH} characters; this one has {len(text)}.",
                           hint="Shorten it, or write several notes.")
    body: dict[str, Any] = {"text": text, "actor": actor.to_json() if hasattr(actor, "to_json") else actor}
    if ceremony_id:
        body["ceremony_id"] = ceremony_id
    return body


def write_note(journal: Any, text: str, *, actor: Any, ceremony_id: str | None = None,
               check_ceremony: bool = True) -> Any:
    """Append one note to ``journal`` (a rootkeeper.journal.Journal) and return its entry.
    With ``check_ceremony``, a ``ceremony_id`` the journal never saw start is refused."""
    body = note_body(text, actor=actor, ceremony_id=ceremony_id)
    if ceremony_id and check_ceremony and ceremony_started(journal.entries(), ceremony_id) is None:
        raise JournalError(f"No ceremony {ceremony_id!r} started in the journal {journal.path}.",
                           hint="`rootkeeper audit show --json` gives each ceremony's id (entries of kind "
                                "\"ceremony\", event \"started\").")
    return journal.append("note", body)
