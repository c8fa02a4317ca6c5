"""An incident as a timeline: every entry of its ceremonies (the recovery, the re-seal), their
notes, the witness co-signatures of any of them, the incident entries and any drill result,
in journal order. Pure over entries, as report.py is; incident_render.py prints it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from rootkeeper.journal.errors import JournalError
from rootkeeper.journal.format import Entry
from rootkeeper.journal.incidents import Incident, find_incident
from rootkeeper.journal.report import Cited, Verification, who


@dataclass(frozen=True)
class TimelineLine:
    cited: Cited
    ceremony: str  # the ceremony's id, shortened for people ("" for an entry of no ceremony)
    runbook: str
    what: str  # the step's title, the event, "note", "co-signature"...
    outcome: str
    evidence: str
    who: str
    note: str


@dataclass
class IncidentTimeline:
    incident: Incident
    journal: str
    verification: Verification
    rehearsal: bool = False
    lines: list[TimelineLine] = field(default_factory=list)


def _body(entry: Entry) -> Mapping[str, Any]:
    return entry.body if isinstance(entry.body, dict) else {}


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def build_timeline(entries: Iterable[Entry], incident_id: str, *, journal: str, verification: Verification,
                   titles: Mapping[str, tuple[str, Mapping[str, str]]] | None = None) -> IncidentTimeline:
    """The timeline of ``incident_id``; raises JournalError when the journal has no such incident."""
    entries = list(entries)
    incident = find_incident(entries, incident_id)
    if incident is None:
        raise JournalError(f"There is no incident {incident_id!r} in the journal {journal}.",
                           hint="`rootkeeper audit incident` lists the incidents.")
    genesis = next((e for e in entries if e.kind == "genesis"), None)
    timeline = IncidentTimeline(incident, journal, verification,
                                rehearsal=bool(genesis and _body(genesis).get("rehearsal")))
    ceremonies = set(incident.ceremonies)
    runbook_of: dict[str, str] = {}
    seqs: set[int] = set()
    for entry in entries:
        body = _body(entry)
        line = _line(entry, body, incident_id, ceremonies, seqs, runbook_of, titles or {})
        if line is not None:
            seqs.add(entry.seq)
            timeline.lines.append(line)
    return timeline


def _line(entry: Entry, body: Mapping[str, Any], incident_id: str, ceremonies: set[str], seqs: set[int],
          runbook_of: dict[str, str], titles: Mapping[str, tuple[str, Mapping[str, str]]]) -> TimelineLine | None:
    cited, ceremony = Cited.of(entry), str(body.get("ceremony_id") or "")
    if entry.kind == "witness" and _int(body.get("of_seq")) in seqs:
        return TimelineLine(cited, "", "", f"co-signature of seq {body.get('of_seq')}", "signed", "witnessed",
                            str(body.get("name") or "unnamed"), "")
    mine = ceremony in ceremonies or (entry.kind == "incident" and body.get("incident_id") == incident_id)
    if not mine:
        return None
    runbook = str(body.get("runbook") or runbook_of.get(ceremony, ""))
    runbook_of.setdefault(ceremony, runbook)
    short = ceremony[:8]
    if entry.kind == "incident":
        text = str(body.get("note") or "")
        by = body.get("witness") and f"witness {body['witness']}"
        return TimelineLine(cited, short, runbook, f"incident {body.get('event')}", str(body.get("event")),
                            "", str(by or who(body.get("actor"))), text)
    if entry.kind == "ceremony":
        return TimelineLine(cited, short, runbook, f"ceremony {body.get('event')}", str(body.get("event")), "",
                            who(body.get("actor")), str(body.get("note") or ""))
    if entry.kind == "step":
        step = str(body.get("step"))
        title = titles.get(runbook, ("", {}))[1].get(step, step)
        names = [f"attested by {body['attested_by']}" if body.get("attested_by") else "",
                 f"witness {body.get('witnessed_by') or body.get('witness')}"
                 if (body.get("witnessed_by") or body.get("witness")) else ""]
        by = "; ".join(n for n in names if n) or who(body.get("actor"))
        return TimelineLine(cited, short, runbook, f"{title} [{body.get('step_kind')}]", str(body.get("outcome")),
                            str(body.get("evidence_kind") or "none"), by, str(body.get("note") or ""))
    if entry.kind == "note":
        return TimelineLine(cited, short, runbook, "note", "", "", who(body.get("actor")),
                            str(body.get("text") or ""))
    if entry.kind == "drill":
        return TimelineLine(cited, short, runbook, "drill result", str(body.get("ended") or ""), "rehearsed",
                            who(body.get("actor")), drill_summary(body))
    return None


def drill_summary(body: Mapping[str, Any]) -> str:
    """A drill entry in one sentence: how long it took, the mistakes, the steps retried."""
    retried = body.get("steps_retried") or []
    return (f"{body.get('runbook')} drill {body.get('ended')} in {body.get('duration_seconds')} s; "
            f"{body.get('mistakes', 0)} mistake(s); steps retried: {', '.join(retried) if retried else 'none'}")
