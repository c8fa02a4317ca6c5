"""The incidents in the signed journal: entries of kind ``incident`` (events ``opened``,
``joined``, ``closed``), each naming the incident id and the ceremony it concerns.

A break-glass ceremony's "started" entry carries the incident id in its facts, its step
entries carry it as ``incident_id``, and the incident entry that follows says whether it
opened the incident or joined one. The re-seal closes it with an operator's note and a
witness's name (the witnessed ceremony is then co-signed, ui/ceremony_cosign.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from rootkeeper.core.incidents import INCIDENT_FACT
from rootkeeper.journal.errors import JournalError
from rootkeeper.journal.format import Entry
from rootkeeper.journal.report import Cited

OPENED, JOINED, CLOSED = "opened", "joined", "closed"


@dataclass
class Incident:
    incident_id: str
    opened: Cited
    ceremonies: list[str] = field(default_factory=list)
    runbooks: list[str] = field(default_factory=list)
    closed: Cited | None = None
    close_note: str | None = None
    closed_witness: str | None = None

    @property
    def is_open(self) -> bool:
        return self.closed is None

    @property
    def state(self) -> str:
        return "open" if self.is_open else "closed"


def _body(entry: Entry) -> Mapping[str, Any]:
    return entry.body if isinstance(entry.body, dict) else {}


def incidents_in(entries: Iterable[Entry]) -> list[Incident]:
    """Every incident of the journal, in the order they opened."""
    found: dict[str, Incident] = {}
    for entry in entries:
        body = _body(entry)
        if entry.kind != "incident" or not body.get("incident_id"):
            continue
        incident_id, event = str(body["incident_id"]), body.get("event")
        incident = found.get(incident_id)
        if incident is None:
            incident = found[incident_id] = Incident(incident_id, Cited.of(entry))
        if event in (OPENED, JOINED) and body.get("ceremony_id") not in incident.ceremonies:
            incident.ceremonies.append(str(body.get("ceremony_id")))
            if body.get("runbook") and body["runbook"] not in incident.runbooks:
                incident.runbooks.append(str(body["runbook"]))
        elif event == CLOSED and incident.closed is None:
            incident.closed, incident.close_note = Cited.of(entry), body.get("note")
            incident.closed_witness = body.get("witness")
    return list(found.values())


def find_incident(entries: Iterable[Entry], incident_id: str) -> Incident | None:
    return next((i for i in incidents_in(entries) if i.incident_id == incident_id), None)


def latest_open(entries: Iterable[Entry]) -> Incident | None:
    """The incident opened last that is not closed yet: the one a re-seal joins by default."""
    return next((i for i in reversed(incidents_in(entries)) if i.is_open), None)


def record_incident_start(journal: Any, *, facts: Mapping[str, Any], ceremony_id: str, runbook: str,
                          actor: Any) -> Entry | None:
    """After an incident ceremony's "started" entry: the entry saying it opened its incident,
    or joined it (when the journal already holds that incident). None for other ceremonies."""
    incident_id = facts.get(INCIDENT_FACT)
    if not incident_id:
        return None
    known = find_incident(journal.entries(), str(incident_id))
    if known is not None and not known.is_open:
        raise JournalError(f"The incident {incident_id} is closed: a ceremony cannot join it.",
                           hint="Start the runbook without an incident id to open a new one.")
    event = OPENED if known is None else JOINED
    return journal.append("incident", {"incident_id": str(incident_id), "event": event, "ceremony_id": ceremony_id,
                                       "runbook": runbook, "actor": actor})


def close_incident(journal: Any, incident_id: str, *, ceremony_id: str, note: str, witness: str | None,
                   actor: Any = None) -> Entry:
    """The entry that closes ``incident_id``, with the operator's note and the witness's name.
    Refused when the incident is unknown or already closed, or the note is empty."""
    note = (note or "").strip()
    if not note:
        raise JournalError("Closing an incident needs a note: what happened, and what was done about it.",
                           hint="Type a closing note, then try again.")
    known = find_incident(journal.entries(), incident_id)
    if known is None:
        raise JournalError(f"There is no incident {incident_id} in the journal.",
                           hint="`rootkeeper audit incident` lists the incidents.")
    if not known.is_open:
        raise JournalError(f"The incident {incident_id} is already closed (seq {known.closed.seq}).",  # type: ignore[union-attr]
                           hint="Nothing to close: abort this ceremony.")
    body: dict[str, Any] = {"incident_id": incident_id, "event": CLOSED, "ceremony_id": ceremony_id, "note": note}
    for name, value in (("witness", witness), ("actor", actor)):
        if value:
            body[name] = value
    return journal.append("incident", body)


def incident_to_join(entries: Iterable[Entry], requested: str | None) -> Incident | None:
    """The open incident a closing runbook (the re-seal) joins: ``requested``, or the latest open
    one; None when none is open (the ceremony then opens one). A requested incident that is
    unknown or closed is refused, saying so."""
    entries = list(entries)
    if not requested:
        return latest_open(entries)
    known = find_incident(entries, requested)
    if known is None:
        raise JournalError(f"There is no incident {requested} in the journal.",
                           hint="`rootkeeper audit incident` lists the incidents and whether each is open.")
    if not known.is_open:
        raise JournalError(f"The incident {requested} is already closed.",
                           hint="Pick an open incident, or none to open a new one.")
    return known
