"""The behaviour of ``reseal-after-break-glass``: the password rotation it reuses (inherited),
the library checks read with the roster beside AWS, and the step that closes the incident in
the signed journal (journal/incidents.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Callable

from rootkeeper.aws.session import AwsSession
from rootkeeper.ceremonies.behaviour import handles
from rootkeeper.ceremonies.custodians import RosterKeeping
from rootkeeper.ceremonies.root_password import RotateRootPassword
from rootkeeper.core.environment import Environment
from rootkeeper.core.errors import RootkeeperError
from rootkeeper.core.incidents import INCIDENT_FACT
from rootkeeper.core.runbooks import reseal as rb
from rootkeeper.core.step_contract import StepContext, StepOutcome
from rootkeeper.journal.incidents import close_incident

Clock = Callable[[], datetime]


class ResealAfterBreakGlass(RosterKeeping, RotateRootPassword):
    runbook = rb.RESEAL

    def __init__(self, session: AwsSession, *, journal: Any) -> None:
        super().__init__(session)
        self.journal = journal

    @classmethod
    def build(cls, environment: Environment, session: AwsSession, clock: Clock,
              journal: Any = None) -> ResealAfterBreakGlass:
        return cls(session, journal=journal)

    @handles(rb.CLOSE_INCIDENT)
    def close(self, ctx: StepContext) -> StepOutcome:
        if self.journal is None:
            raise RootkeeperError("The incident lives in the signed journal, which this ceremony has not opened.")
        incident = ctx.fact(INCIDENT_FACT)
        note = ctx.inputs.get(rb.CLOSING_NOTE, "").strip()
        if not note:
            return StepOutcome.failure("Type a closing note: what happened, and what was done about it.",
                                       evidence={"refused": True})
        entry = close_incident(self.journal, incident, ceremony_id=ctx.ceremony_id, note=note, witness=ctx.witness)
        return StepOutcome.success(f"Incident {incident} closed (journal seq {entry.seq}), witnessed by {ctx.witness}.",
                                   evidence={"incident_id": incident, "closed_seq": entry.seq,
                                             "statement": ctx.step.render_verifies(ctx.facts)})
