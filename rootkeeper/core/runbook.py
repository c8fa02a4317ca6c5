"""A runbook is data: who may run it, its ordered steps, and what each step verifies.

The engine (core/ceremony.py) runs a runbook; the step *behaviour* (calls to AWS, QR
codes on screen) is bound at run time by aws/ and ui/. Nothing here touches AWS.
"""

from __future__ import annotations

import enum
import string
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from rootkeeper.core.evidence import Evidence
from rootkeeper.core.identity import Identity, PrincipalKind


class StepKind(enum.Enum):
    """Who acts in a step; the journal records it with every outcome (DESIGN.md)."""

    ACTION = "action"  # rootkeeper calls AWS
    MANUAL = "manual"  # the operator acts in the console
    CHECK = "check"  # rootkeeper reads AWS to verify
    ATTEST = "attest"  # the operator, optionally a witness, confirms


# What a success of each kind of step proves, unless the step declares otherwise.
DEFAULT_EVIDENCE = {StepKind.CHECK: Evidence.VERIFIED, StepKind.ACTION: Evidence.PERFORMED,
                    StepKind.MANUAL: Evidence.REPORTED, StepKind.ATTEST: Evidence.ATTESTED}


@dataclass(frozen=True)
class History:
    """What a skip rule may know of the ceremony so far: the steps whose latest outcome is a
    success, and those whose latest outcome is a skip."""

    done: frozenset[str] = frozenset()
    skipped: frozenset[str] = frozenset()


# Why an optional step does not apply to this ceremony (journaled as the skip's reason), or
# None when it does. The engine asks it each time the step becomes current.
SkipRule = Callable[[Mapping[str, Any], History], "str | None"]


class Confirmation(enum.Enum):
    """What the operator must do before a step may run."""

    NONE = "none"
    YES_NO = "yes-no"  # an explicit Yes; the UI's default answer is No
    TYPE_ACCOUNT_ID = "type-account-id"  # for the most destructive steps
    TYPE_NAME = "type-name"  # the resource's name (the fact ``Step.typed_fact``) typed out in full


class Requirement(enum.Enum):
    """The identity a runbook needs. Checked from GetCallerIdentity alone: whether the
    identity really holds the permissions is only known when AWS answers, and the aws/
    gateways turn a refusal into an AccessDeniedError that says so."""

    ANY = "any"
    IAM_READ = "iam-read"  # root, an IAM user or a role that can read IAM
    IAM_ADMIN = "iam-admin"  # root, an IAM user or a role that can change IAM
    ROOT_SESSION = "root-session"  # root's own credentials or an sts:AssumeRoot session
    MANAGEMENT_ACCOUNT = "management-account"  # a principal of the Organization's management account

    def precondition_problem(self, identity: Identity, management_account_id: str | None) -> str | None:
        """None when ``identity`` fits; otherwise what is wrong and what to do, for the operator."""
        who = f"You are signed in as {identity.name} in account {identity.account_label}"
        if self is Requirement.ANY:
            return None
        if self in (Requirement.IAM_READ, Requirement.IAM_ADMIN):
            verb = "read" if self is Requirement.IAM_READ else "change"
            if identity.kind is PrincipalKind.ASSUMED_ROOT:
                return (f"{who} through an sts:AssumeRoot session, whose task policy cannot {verb} IAM "
                        "for this runbook. Use an IAM user or role with IAM permissions in that account.")
            if identity.kind is PrincipalKind.OTHER:
                return (f"{who} as a federated or unrecognised principal, which cannot {verb} IAM. "
                        "Use an IAM user or role with IAM permissions in this account.")
            return None
        if self is Requirement.ROOT_SESSION:
            if identity.kind.is_root:
                return None
            return (f"{who}, not as root. This runbook needs a root session: sign in with the root "
                    "user's credentials, or use sts:AssumeRoot from the Organization's management "
                    "account (centralized root access).")
        if self is Requirement.MANAGEMENT_ACCOUNT:
            if management_account_id is None:
                return (f"{who}, which is not known to belong to an Organization. This runbook runs "
                        "from the Organization's management account: use credentials there.")
            if identity.kind is PrincipalKind.ASSUMED_ROOT or identity.account_id != management_account_id:
                return (f"{who}; the Organization's management account is {management_account_id}. "
                        "Use an IAM user or role of the management account.")
            return None
        raise AssertionError(f"unhandled requirement {self}")  # pragma: no cover


@dataclass(frozen=True)
class Step:
    """One step of a runbook. ``instructions`` are shown one at a time (console steps) and
    may name facts of the ceremony as ``{account_id}``, ``{custodian}``..."""

    id: str
    kind: StepKind
    title: str
    verifies: str = ""  # what a successful outcome proves, in one sentence (a check step: its check's)
    instructions: tuple[str, ...] = ()
    confirmation: Confirmation = Confirmation.NONE
    # A typed confirmation's fact: the name (TYPE_NAME, required) or the account id (TYPE_ACCOUNT_ID,
    # the ceremony's ``account_id`` unless named, e.g. a member's) that the operator types out.
    typed_fact: str | None = None
    destructive: bool = False
    undo: str | None = None  # id of the undo handler run for this step when the ceremony is aborted
    # The undo no longer applies once this later step succeeded (e.g. a virtual MFA device is
    # only "unassigned", and so deletable on abort, until EnableMFADevice succeeded).
    undo_superseded_by: str | None = None
    needs_witness: bool = False  # a witness's name is required, not just accepted
    optional: bool = False  # may be skipped, with a reason that is journaled
    inputs: tuple[str, ...] = ()  # non-secret facts the operator supplies (become ceremony facts)
    secret_inputs: tuple[str, ...] = ()  # secrets the operator supplies (TOTP codes); this step only
    produces_secrets: tuple[str, ...] = ()  # secrets the step's handler puts in the SecretBox
    uses_secrets: tuple[str, ...] = ()  # secrets produced earlier that this step needs
    # A manual step says whether the API can see its effect (True: a later check must verify
    # it, see ``unverified_manual_steps``; False: only the operator's word can back it).
    api_visible: bool | None = None
    # A check step names the earlier steps whose effect it verifies: when it fails, the
    # ceremony offers to go back to the one that ran (Ceremony.back_target).
    checks: tuple[str, ...] = ()
    # An optional step's applicability, decided by the engine (core/ceremony.py) alone.
    skip_when: SkipRule | None = field(default=None, compare=False)
    # What a success proves, when not what the kind implies (DEFAULT_EVIDENCE).
    evidence: Evidence | None = None
    # A check step's check, from the library (core/checks.py): no handler of its own needed.
    check: Any = None

    def __post_init__(self) -> None:
        if self.check is not None and not self.verifies:
            object.__setattr__(self, "verifies", self.check.verifies())

    @property
    def proves(self) -> Evidence:
        return self.evidence or DEFAULT_EVIDENCE[self.kind]

    def render_instructions(self, facts: Mapping[str, Any]) -> tuple[str, ...]:
        return tuple(render(text, facts) for text in self.instructions)

    def typed_value(self, facts: Mapping[str, Any]) -> str:
        """What a typed confirmation asks the operator to type out."""
        return str(facts.get(self.typed_fact or "account_id", "") or "")

    def render_verifies(self, facts: Mapping[str, Any]) -> str:
        return render(self.verifies, facts)


class _KeepUnknown(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(text: str, facts: Mapping[str, Any]) -> str:
    """Fill ``{name}`` placeholders from the ceremony's facts; unknown names stay as written."""
    return string.Formatter().vformat(text, (), _KeepUnknown(facts))


@dataclass(frozen=True)
class Runbook:
    id: str
    title: str
    summary: str
    requirement: Requirement
    steps: tuple[Step, ...]
    remedies: tuple[str, ...] = ()  # Security Hub control ids this runbook fixes, e.g. "IAM.9"
    fixes: tuple[str, ...] = ()  # ids of rootkeeper's controls (core/controls.py) it fixes: `f` opens it
    task_policy: str | None = None  # for AssumeRoot sessions: the root-task policy the runbook needs
    console_only: bool = False  # AWS offers no API for the change itself: guided, then verified
    # Its optional items may be left undone with a reason the operator types (journaled as the
    # skip's reason); a witnessed step at its end signs the waivers off.
    waivable: bool = False
    # A break-glass recovery: its ceremony is journaled as an incident, one incident id grouping
    # its steps (and the re-seal that closes it) into a timeline.
    incident: bool = False
    # It ends the incident it joins (the re-seal after a break-glass): it joins the latest open
    # incident unless the operator picks another, and its journal closes it (core/incidents.py).
    closes_incident: bool = False

    def __post_init__(self) -> None:
        problems = list(_problems_of(self))
        if problems:
            raise ValueError(f"runbook {self.id!r} is malformed: " + "; ".join(problems))

    def step(self, step_id: str) -> Step:
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(f"runbook {self.id!r} has no step {step_id!r}")

    def index_of(self, step_id: str) -> int:
        return [step.id for step in self.steps].index(step_id)

    def precondition_problem(self, identity: Identity, management_account_id: str | None) -> str | None:
        problem = self.requirement.precondition_problem(identity, management_account_id)
        if problem is None and self.task_policy and identity.kind is PrincipalKind.ASSUMED_ROOT:
            if identity.task_policy != self.task_policy:
                policy = self.task_policy.rsplit("/", 1)[-1]
                return (f"This AssumeRoot session was opened with another task policy "
                        f"({identity.task_policy}). Assume root again with {policy}.")
        return problem


def _problems_of(runbook: Runbook) -> list[str]:
    """The invariants that make a runbook safe to run: checked when the data is built."""
    problems: list[str] = []
    ids = [step.id for step in runbook.steps]
    if runbook.waivable and not any(step.needs_witness for step in runbook.steps):
        problems.append("a runbook whose items may be waived needs a witnessed step to sign the waivers off")
    if runbook.closes_incident and not runbook.incident:
        problems.append("only an incident runbook can close an incident")
    if not ids:
        problems.append("no steps")
    if len(set(ids)) != len(ids):
        problems.append("step ids are not unique")
    produced: set[str] = set()
    for index, step in enumerate(runbook.steps):
        if step.destructive and step.confirmation is Confirmation.NONE:
            problems.append(f"{step.id}: a destructive step needs an explicit confirmation")
        typed = step.confirmation in (Confirmation.TYPE_NAME, Confirmation.TYPE_ACCOUNT_ID)
        if (step.confirmation is Confirmation.TYPE_NAME and step.typed_fact is None) or (
                step.typed_fact is not None and not typed):
            problems.append(f"{step.id}: a typed-name confirmation names the fact to type (typed_fact), and only "
                            f"a typed confirmation has one")
        if step.undo and step.kind is not StepKind.ACTION:
            problems.append(f"{step.id}: only action steps change AWS, so only they can be undone")
        if step.undo_superseded_by and step.undo_superseded_by not in ids[index + 1:]:
            problems.append(f"{step.id}: undo_superseded_by must name a later step")
        if step.needs_witness and step.kind is not StepKind.ATTEST:
            problems.append(f"{step.id}: only attest steps take a witness")
        if step.skip_when is not None and not step.optional:
            problems.append(f"{step.id}: only an optional step may be skipped when it does not apply")
        if step.check is not None and step.kind is not StepKind.CHECK:
            problems.append(f"{step.id}: only check steps carry a check")
        if step.check is not None and step.verifies != step.check.verifies():
            problems.append(f"{step.id}: its 'verifies' must be what its check proves (leave it out)")
        if not step.verifies:
            problems.append(f"{step.id}: says nothing of what it proves ('verifies')")
        if step.checks and step.kind is not StepKind.CHECK:
            problems.append(f"{step.id}: only check steps verify other steps")
        if set(step.checks) - set(ids[:index]):
            problems.append(f"{step.id}: checks must name earlier steps")
        if step.api_visible is not None and step.kind is not StepKind.MANUAL:
            problems.append(f"{step.id}: api_visible is declared by manual steps only")
        missing = set(step.uses_secrets) - produced
        if missing:
            problems.append(f"{step.id}: uses secrets no earlier step produces: {sorted(missing)}")
        produced |= set(step.produces_secrets)
    return problems



def unverified_manual_steps(runbook: Runbook) -> list[str]:
    """The rule "no ✔ without proof" for console steps, as problems (empty when kept): every
    manual step declares whether the API can see its effect, and one that it can is verified
    by a later check step (which names it in ``checks``) before any attestation leans on it."""
    problems: list[str] = []
    for index, step in enumerate(runbook.steps):
        if step.kind is not StepKind.MANUAL:
            continue
        if step.api_visible is None:
            problems.append(f"{runbook.id}/{step.id}: a manual step must declare api_visible")
            continue
        if not step.api_visible:
            continue
        later = runbook.steps[index + 1:]
        check_at = next((n for n, other in enumerate(later) if step.id in other.checks), None)
        if check_at is None:
            problems.append(f"{runbook.id}/{step.id}: its effect is API-visible, but no later check verifies it")
        elif any(other.kind is StepKind.ATTEST for other in later[:check_at]):
            problems.append(f"{runbook.id}/{step.id}: an attestation comes before the check that verifies it")
    return problems
