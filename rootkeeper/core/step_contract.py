"""What the ceremony engine exchanges with the code bound to it at run time: step
handlers (aws/, ui/) and the recorder (the signed journal, adapted by ui/)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any, Callable, Mapping, Protocol

from rootkeeper.core.errors import RootkeeperError
from rootkeeper.core.evidence import Evidence
from rootkeeper.core.runbook import DEFAULT_EVIDENCE, Runbook, Step, StepKind
from rootkeeper.core.secretbox import SecretBox


class Outcome(enum.StrEnum):
    OK = "ok"
    FAILED = "failed"  # nothing lost: the step can be tried again
    SKIPPED = "skipped"  # an optional step, with the reason journaled
    ABORTED = "aborted"  # the step in progress when the ceremony was aborted
    UNDONE = "undone"  # a completed step whose effect was reverted


class CeremonyEvent(enum.StrEnum):
    STARTED = "started"
    RESUMED = "resumed"
    WENT_BACK = "went-back"  # a failed check sent the ceremony back to the step it verifies
    LOOKED = "looked"  # a step read what it shows the operator before they act (Ceremony.look)
    FINISHED = "finished"
    ABORTED = "aborted"
    CLEANED_UP = "cleaned-up"


@dataclass(frozen=True)
class Declared:
    """Something a step is about to create in AWS, recorded in the ceremony's progress
    *before* the call: when the call fails or its answer is lost (a 500, a timeout, a crash)
    the resource may exist all the same, and undo, abort and clean-up must look for it."""

    step_id: str
    kind: str  # what it is, for people: "virtual MFA device"
    name: str  # how to find it in AWS, e.g. the device name
    at: datetime

    def to_json(self) -> dict[str, Any]:
        return {"step_id": self.step_id, "kind": self.kind, "name": self.name, "at": self.at.isoformat()}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Declared:
        return cls(step_id=data["step_id"], kind=data["kind"], name=data["name"],
                   at=datetime.fromisoformat(data["at"]))


@dataclass(frozen=True)
class StepContext:
    """What a handler sees: the ceremony's facts (read-only), the operator's inputs for this
    step, and the SecretBox. A handler returns new facts in its StepOutcome, never mutates."""

    ceremony_id: str
    runbook: Runbook
    step: Step
    facts: Mapping[str, Any]
    inputs: Mapping[str, str]
    secrets: SecretBox
    now: datetime
    witness: str | None = None
    undoing: bool = False  # True when called as the undo handler of a completed step
    # What this step declared it was about to create and no undo has removed yet: the undo
    # handler looks for each of these in AWS, whether or not the step completed.
    declared: tuple[Declared, ...] = ()
    # True when an undo handler marked ``previews`` is asked what it *would* do (the abort
    # dialog): it reads AWS and says what it found, and changes nothing.
    previewing: bool = False
    played: ConsolePlay | None = None  # a manual step the rehearsal console did for the operator
    declare: Callable[[str, str], None] | None = field(default=None, repr=False, compare=False)

    def about_to_create(self, kind: str, name: str) -> None:
        """Call right before an AWS call that creates ``name``: the engine persists it in the
        ceremony's progress before returning, so that it is found even if the call fails."""
        if self.declare is not None:
            self.declare(kind, name)

    def fact(self, name: str) -> Any:
        """A fact or input the step cannot do without."""
        if name in self.inputs:
            return self.inputs[name]
        if name in self.facts:
            return self.facts[name]
        raise RootkeeperError(f"The step '{self.step.title}' needs {name!r}, which this ceremony does not have.",
                              hint="Abort the ceremony and start it again.")


@dataclass(frozen=True)
class StepOutcome:
    """A handler's answer. ``facts`` (non-secret, JSON-able) join the ceremony's shared
    context; ``evidence`` goes to the journal."""

    ok: bool
    message: str = ""
    evidence: Mapping[str, Any] = field(default_factory=dict)
    facts: Mapping[str, Any] = field(default_factory=dict)
    evidence_kind: Evidence | None = None  # None: what the step's kind implies (evidence_kind_of)

    @classmethod
    def success(cls, message: str = "", *, evidence: Mapping[str, Any] | None = None,
                facts: Mapping[str, Any] | None = None, evidence_kind: Evidence | None = None) -> StepOutcome:
        return cls(True, message, dict(evidence or {}), dict(facts or {}), evidence_kind)

    @classmethod
    def failure(cls, message: str, *, evidence: Mapping[str, Any] | None = None,
                evidence_kind: Evidence | None = None) -> StepOutcome:
        return cls(False, message, dict(evidence or {}), {}, evidence_kind)


@dataclass(frozen=True)
class ConsolePlay:
    """What the rehearsal console did for a manual step, as observed: the state the console
    showed before and after (JSON-able, no secrets). A play that changed nothing did not do
    the step, whatever the button said (Ceremony.run_step fails it)."""

    note: str
    before: Any = None
    after: Any = None
    changed: bool | None = None  # None: whether before != after

    @property
    def did_change(self) -> bool:
        return self.before != self.after if self.changed is None else self.changed

    def to_json(self) -> dict[str, Any]:
        return {"before": self.before, "after": self.after, "changed": self.did_change}


StepHandler = Callable[[StepContext], StepOutcome]


@dataclass(frozen=True)
class Lookup:
    """What a step shows the operator before they act (the IAM users to choose from, the
    root's MFA devices...), read from AWS by the runbook's behaviour: ``summary`` is
    journaled, ``data`` goes to the panel only."""

    summary: str
    data: Any = None


LookHandler = Callable[[StepContext], Lookup]


def console_step_message(ctx: StepContext) -> str:
    """What a manual step's outcome says: what the rehearsal console did, when it played the
    step; else that the operator reported it, which is all anyone knows of a console step."""
    if ctx.played is not None and ctx.played.note:
        return ctx.played.note[:1].upper() + ctx.played.note[1:].rstrip(".") + "."
    return "The operator reported the console steps done."


def previews(handler: StepHandler) -> StepHandler:
    """Mark an undo handler that honours ``StepContext.previewing`` (reads AWS, changes
    nothing), so that the abort dialog may ask it what it would undo."""
    setattr(handler, "previews", True)
    return handler


def can_preview(handler: StepHandler) -> bool:
    return bool(getattr(handler, "previews", False))


@dataclass(frozen=True)
class StepResult:
    """One outcome of one step, as kept in the ceremony's progress and shown on screen."""

    step_id: str
    kind: StepKind
    outcome: Outcome
    at: datetime
    message: str = ""
    evidence: Mapping[str, Any] = field(default_factory=dict)
    witness: str | None = None
    attested_by: str | None = None  # an attest step: the name of who attested, as typed
    evidence_kind: Evidence | None = None  # None: what the kind and outcome imply (evidence_kind_of)

    def to_json(self) -> dict[str, Any]:
        data = {"step_id": self.step_id, "kind": self.kind.value, "outcome": self.outcome.value,
                "at": self.at.isoformat(), "message": self.message, "evidence": dict(self.evidence),
                "witness": self.witness}
        if self.attested_by is not None:
            data["attested_by"] = self.attested_by
        if self.evidence_kind is not None:
            data["evidence_kind"] = self.evidence_kind.value
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> StepResult:
        return cls(step_id=data["step_id"], kind=StepKind(data["kind"]), outcome=Outcome(data["outcome"]),
                   at=datetime.fromisoformat(data["at"]), message=data.get("message", ""),
                   evidence=MappingProxyType(dict(data.get("evidence", {}))), witness=data.get("witness"),
                   attested_by=data.get("attested_by"),
                   evidence_kind=Evidence(data["evidence_kind"]) if data.get("evidence_kind") else None)




def evidence_kind_of(result: StepResult) -> Evidence:
    """The evidence behind ``result``: its own when the handler or the engine named one, else
    what its kind implies for a success (a check verified, an action performed, a manual step
    reported, an attestation attested), "performed" for an undo, and "none" otherwise."""
    if result.evidence_kind is not None:
        return result.evidence_kind
    if result.outcome is Outcome.OK:
        return DEFAULT_EVIDENCE[result.kind]
    if result.outcome is Outcome.UNDONE:
        return Evidence.PERFORMED
    return Evidence.NONE


class Recorder(Protocol):
    """Where outcomes are journaled. ui/ adapts rootkeeper.journal.Journal to it (adding
    the actor); tests use a list. ``attested_by`` is passed only when an attestation names
    who attested."""

    def record_step(self, *, runbook: str, step: str, step_kind: str, outcome: str,
                    evidence: Mapping[str, Any], note: str | None, witness: str | None,
                    ceremony_id: str, attested_by: str | None = None, evidence_kind: str | None = None) -> None: ...

    def record_ceremony(self, *, runbook: str, ceremony_id: str, event: str,
                        facts: Mapping[str, Any], note: str | None) -> None: ...
