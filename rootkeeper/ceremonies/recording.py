"""The ceremony engine's Recorder, on the signed journal.

Every step outcome becomes one ``journal.record_step`` entry; every ceremony event
(started, resumed, finished, aborted, cleaned-up) one ``ceremony`` entry; a break-glass
ceremony's steps carry its incident id, and its start is followed by an ``incident`` entry
(journal/incidents.py). While the
ceremony holds secrets (the MFA seed), the journal is told to refuse them
(``journal.forbid``), and told to forget them (``journal.allow``) once they are gone:
a second lock behind the engine's own SecretBox guard.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Mapping, Protocol

from rootkeeper.core.incidents import INCIDENT_FACT
from rootkeeper.core.secretbox import SecretBox
from rootkeeper.journal.incidents import record_incident_start


class JournalWriter(Protocol):
    """The part of rootkeeper.journal.Journal the recorder uses."""

    def record_step(self, *, actor: Any, runbook: str, step: str, step_kind: str, outcome: str,
                    evidence: Mapping[str, Any], note: str | None = None, witness: str | None = None,
                    ceremony_id: str | None = None, attested_by: str | None = None,
                    evidence_kind: str | None = None, incident_id: str | None = None) -> Any: ...

    def entries(self) -> Any: ...

    def append(self, kind: str, body: Mapping[str, Any]) -> Any: ...

    def forbid(self, *secrets: str) -> None: ...

    def allow(self, *secrets: str) -> None: ...


class JournalRecorder:
    """Implements rootkeeper.core.step_contract.Recorder for one actor.

    Call ``watch(ceremony.secrets)`` right after ``Ceremony.start``/``resume``: the box is
    empty until the first step runs, so nothing is missed."""

    def __init__(self, journal: JournalWriter, actor: Any) -> None:
        self.journal = journal
        self.actor = actor
        self._box: SecretBox | None = None
        self._forbidden: dict[str, str] = {}  # secret name -> value forbidden in the journal
        self._incident: str | None = None  # the incident of the ceremony recorded, if any

    def __repr__(self) -> str:  # the forbidden values never show
        return f"JournalRecorder(actor={self.actor!r}, forbidden={sorted(self._forbidden)})"

    def watch(self, secrets: SecretBox) -> None:
        self._box = secrets
        self._sync()

    def record_step(self, *, runbook: str, step: str, step_kind: str, outcome: str,
                    evidence: Mapping[str, Any], note: str | None, witness: str | None,
                    ceremony_id: str, attested_by: str | None = None, evidence_kind: str | None = None) -> None:
        self._sync()
        who: dict[str, Any] = {"attested_by": attested_by} if attested_by else {}  # a field, not prose
        if self._incident:
            who["incident_id"] = self._incident
        self.journal.record_step(actor=self.actor, runbook=runbook, step=step, step_kind=step_kind,
                                 outcome=outcome, evidence=dict(evidence), note=note, witness=witness,
                                 ceremony_id=ceremony_id, evidence_kind=evidence_kind, **who)

    def record_ceremony(self, *, runbook: str, ceremony_id: str, event: str,
                        facts: Mapping[str, Any], note: str | None) -> None:
        self._sync()
        body: dict[str, Any] = {"runbook": runbook, "ceremony_id": ceremony_id, "event": event,
                                "facts": dict(facts), "actor": actor_body(self.actor)}
        if note:
            body["note"] = note
        self.journal.append("ceremony", body)
        self._incident = facts.get(INCIDENT_FACT) or None
        if event == "started":
            record_incident_start(self.journal, facts=facts, ceremony_id=ceremony_id, runbook=runbook,
                                  actor=body["actor"])

    def _sync(self) -> None:
        """Forbid the live secrets of the watched box; allow again those it no longer holds."""
        live: dict[str, str] = {}
        if self._box is not None:
            live = {name: self._box.get(name) for name in self._box.names()}
        gone = [value for name, value in self._forbidden.items() if live.get(name) != value]
        if gone:
            self.journal.allow(*gone)
        new = [value for name, value in live.items() if self._forbidden.get(name) != value]
        if new:
            self.journal.forbid(*new)
        self._forbidden = live


def actor_body(actor: Any) -> Any:
    """The actor as JSON for a ceremony entry (record_step takes the actor itself)."""
    for method in ("to_json", "as_dict", "to_dict"):
        if callable(getattr(actor, method, None)):
            return getattr(actor, method)()
    if dataclasses.is_dataclass(actor) and not isinstance(actor, type):
        return dataclasses.asdict(actor)
    return str(actor)
