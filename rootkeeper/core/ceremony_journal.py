"""How a ceremony journals: each step outcome and each ceremony event goes to the recorder,
after the SecretBox has checked that no secret it holds is in the text. A part of
``Ceremony`` (core/ceremony.py), kept apart."""

from __future__ import annotations

import json

from rootkeeper.core.runbook import Step
from rootkeeper.core.step_contract import (
    CeremonyEvent,
    StepOutcome,
    StepResult,
    evidence_kind_of,
)


class Journaling:
    """The journaling half of Ceremony (it uses the ceremony's secrets, facts and recorder)."""

    def _guard(self, outcome: StepOutcome, note: str | None) -> None:
        # Without default=: evidence or facts that are not JSON fail here, before the journal.
        text = json.dumps({"m": outcome.message, "e": outcome.evidence, "f": outcome.facts, "n": note},
                          ensure_ascii=False)
        self.secrets.guard(text, where="the journal")

    def _record(self, step: Step, result: StepResult, note: str | None) -> None:
        repeated = bool(note and result.message and note.lower() in result.message.lower())  # said once is enough
        joined = " | ".join(part for part in (result.message, None if repeated else note) if part) or None
        self.secrets.guard(json.dumps([joined, dict(result.evidence), result.witness, result.attested_by],
                                      ensure_ascii=False), where="the journal")
        # attested_by only when there is one: recorders written before it existed keep working.
        who = {"attested_by": result.attested_by} if result.attested_by else {}
        self._recorder.record_step(runbook=self.runbook.id, step=step.id, step_kind=step.kind.value,
                                   outcome=result.outcome.value, evidence=dict(result.evidence), note=joined,
                                   witness=result.witness, ceremony_id=self.id,
                                   evidence_kind=evidence_kind_of(result).value, **who)

    def _record_event(self, event: CeremonyEvent, note: str | None) -> None:
        self.secrets.guard(json.dumps([note, self._facts], ensure_ascii=False), where="the journal")
        self._recorder.record_ceremony(runbook=self.runbook.id, ceremony_id=self.id, event=event.value,
                                       facts=dict(self._facts), note=note)

