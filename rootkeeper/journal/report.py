"""The ceremony report: what the journal holds about one ceremony, gathered for the binder.

Pure over entries: the command reads the file and runs verify, this module picks out the
ceremony's entries (its events, steps, notes and the witness co-signatures of any of them)
and ``report_render`` prints them. Every line cites the entry's ``seq`` and line hash (the
SHA-256 of the line as written), so the printout can be checked against an export.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from rootkeeper.journal.errors import JournalError
from rootkeeper.journal.format import Entry

TERMINAL_EVENTS = ("finished", "aborted", "cleaned-up")


@dataclass(frozen=True)
class Cited:
    """Where a fact comes from: an entry's seq, time and line hash."""

    seq: int
    ts: str
    line_hash: str

    @classmethod
    def of(cls, entry: Entry) -> "Cited":
        return cls(entry.seq, entry.ts, entry.hash)


@dataclass(frozen=True)
class Cosignature:
    cited: Cited
    name: str
    fingerprint: str
    of_seq: int | None


@dataclass(frozen=True)
class StepLine:
    cited: Cited
    step: str
    title: str
    step_kind: str
    outcome: str
    evidence_kind: str
    attested_by: str | None
    witnessed_by: str | None
    note: str | None
    cosignatures: tuple[Cosignature, ...] = ()
    kept: tuple[tuple[str, str], ...] = ()  # (what, text): evidence kept in full for the record


# Evidence a step keeps in full, and the report prints in full: what the step destroyed.
KEPT_FOR_THE_RECORD = {"deleted_policy": "the resource policy deleted"}


@dataclass(frozen=True)
class EventLine:
    cited: Cited
    event: str
    note: str | None


@dataclass(frozen=True)
class NoteLine:
    cited: Cited
    text: str
    by: str


@dataclass(frozen=True)
class Verification:
    ok: bool
    summary: str
    problems: tuple[str, ...] = ()


@dataclass
class CeremonyRecord:
    ceremony_id: str
    runbook: str
    title: str
    journal: str
    journal_key: str
    verification: Verification
    rehearsal: bool = False  # the journal's genesis entry says so: practice, not evidence
    actors: list[str] = field(default_factory=list)
    started: Cited | None = None
    ended: EventLine | None = None  # finished, aborted or cleaned-up; None while unfinished
    events: list[EventLine] = field(default_factory=list)
    steps: list[StepLine] = field(default_factory=list)
    notes: list[NoteLine] = field(default_factory=list)
    cosignatures: list[Cosignature] = field(default_factory=list)  # every one, of a step or an event


def who(actor: Any) -> str:
    """An actor as people read it: the name given, then login@host and the AWS identity."""
    if not isinstance(actor, Mapping):
        return str(actor) if actor else "unknown"
    machine = "@".join(str(part) for part in (actor.get("os_user"), actor.get("host")) if part)
    details = ", ".join(str(part) for part in (machine, actor.get("aws_arn")) if part)
    name = actor.get("operator")
    if name:
        return f"{name} ({details})" if details else str(name)
    return f"name not given ({details})" if details else "unknown"


def witness_fingerprint(body: Mapping[str, Any]) -> str:
    """The witness key's fingerprint as the entry gives it, or computed from its public key."""
    if body.get("fingerprint"):
        return str(body["fingerprint"])
    try:
        return hashlib.sha256(base64.b64decode(str(body.get("public_key") or ""), validate=True)).hexdigest()
    except (binascii.Error, ValueError):
        return "unknown"


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def build_record(entries: Iterable[Entry], ceremony_id: str, *, journal: str, verification: Verification,
                 titles: Mapping[str, tuple[str, Mapping[str, str]]] | None = None) -> CeremonyRecord:
    """The record of ceremony ``ceremony_id``; ``titles`` maps a runbook id to its title and its
    steps' titles (the journal keeps ids). Raises JournalError when no entry names that ceremony."""
    entries = list(entries)
    mine = [e for e in entries if isinstance(e.body, dict) and e.body.get("ceremony_id") == ceremony_id]
    if not mine:
        raise JournalError(f"No ceremony {ceremony_id!r} in the journal {journal}.",
                           hint="`rootkeeper audit show --json` gives each ceremony's id (entries of kind "
                                "\"ceremony\", event \"started\").")
    runbook = next((str(e.body["runbook"]) for e in mine if e.body.get("runbook")), "unknown")
    title, step_titles = (titles or {}).get(runbook, (runbook, {}))
    genesis = next((e for e in entries if e.kind == "genesis"), None)
    record = CeremonyRecord(ceremony_id, runbook, title, journal, genesis.key if genesis else "unknown",
                            verification, rehearsal=bool(genesis and isinstance(genesis.body, dict)
                                                         and genesis.body.get("rehearsal")))
    cosigns: dict[int, list[Cosignature]] = {}
    seqs = {e.seq for e in mine}
    for entry in entries:
        body = entry.body if isinstance(entry.body, dict) else {}
        if entry.kind == "witness" and _int(body.get("of_seq")) in seqs:
            cosign = Cosignature(Cited.of(entry), str(body.get("name") or "unnamed"), witness_fingerprint(body),
                                 _int(body.get("of_seq")))
            cosigns.setdefault(cosign.of_seq, []).append(cosign)  # type: ignore[arg-type]
            record.cosignatures.append(cosign)
    for entry in mine:
        _add(record, entry, step_titles, cosigns)
    return record


def _kept(evidence: Any) -> tuple[tuple[str, str], ...]:
    evidence = evidence if isinstance(evidence, dict) else {}
    return tuple((what, str(evidence[key])) for key, what in KEPT_FOR_THE_RECORD.items() if evidence.get(key))


def _add(record: CeremonyRecord, entry: Entry, step_titles: Mapping[str, str],
         cosigns: Mapping[int, list[Cosignature]]) -> None:
    body = entry.body
    if "actor" in body and entry.kind in ("ceremony", "step"):  # who wrote a note is said beside it
        name = who(body["actor"])
        if name not in record.actors:
            record.actors.append(name)
    if entry.kind == "ceremony":
        event = EventLine(Cited.of(entry), str(body.get("event")), body.get("note"))
        record.events.append(event)
        if event.event == "started" and record.started is None:
            record.started = event.cited
        elif event.event in TERMINAL_EVENTS:
            record.ended = event
    elif entry.kind == "step":
        step = str(body.get("step"))
        record.steps.append(StepLine(
            Cited.of(entry), step, step_titles.get(step, step), str(body.get("step_kind")),
            str(body.get("outcome")), str(body.get("evidence_kind") or "none"), body.get("attested_by"),
            body.get("witnessed_by") or body.get("witness"), body.get("note"),
            tuple(cosigns.get(entry.seq, ())), _kept(body.get("evidence"))))
    elif entry.kind == "note":
        record.notes.append(NoteLine(Cited.of(entry), str(body.get("text") or body.get("note") or ""),
                                     who(body.get("actor"))))
