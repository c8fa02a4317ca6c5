"""Delete the root user's access keys: list them with what their last use means, take the
safe path (deactivate, check nothing broke, delete) or, after a stronger warning, delete
directly, then verify AccountAccessKeysPresent = 0.

Root access keys can be changed by API only from a root session (the root's own key, or
sts:AssumeRoot with IAMDeleteRootUserCredentials on a member). From any other identity
the same runbook is console-guided: the API steps are skipped and the console steps run.
Each optional step's ``skip_when`` (``skip_reason``) says whether it applies, from the facts.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Mapping

from rootkeeper.core.checks import NoRootAccessKeys
from rootkeeper.core.errors import RootkeeperError
from rootkeeper.core.runbook import Confirmation, History, Requirement, Runbook, SkipRule, Step, StepKind

DELETE_TASK_POLICY = "arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials"

LIST_KEYS = "list-root-keys"
DEACTIVATE_KEYS = "deactivate-root-keys"
DEACTIVATE_IN_CONSOLE = "deactivate-in-console"
VERIFY_KEYS_INACTIVE = "verify-keys-inactive"
CHECK_NOTHING_BROKE = "check-nothing-broke"
DELETE_KEYS = "delete-root-keys"
DELETE_IN_CONSOLE = "delete-in-console"
VERIFY_NO_KEYS = "verify-no-root-keys"
REACTIVATE_KEYS = "reactivate-root-keys"  # the undo of DEACTIVATE_KEYS

# Facts the list step sets: how this ceremony acts, and what it found.
MODE_API = "api"  # a root session: rootkeeper calls IAM itself
MODE_CONSOLE = "console"  # any other identity: the operator acts in the console
STILL_USED_WINDOW = timedelta(days=90)  # within it, a key's last use suggests a dependency

DIRECT_DELETION_WARNING = (
    "Deleting without deactivating first cannot be undone: anything that still signs requests with "
    "these keys stops working at once, and a deleted key cannot be restored. The safe path deactivates "
    "them first, so that a forgotten dependency shows up while the keys can still be switched back on.")



def _unless(step_id: str) -> SkipRule:
    def rule(facts: Mapping[str, Any], history: History) -> str | None:
        return skip_reason(step_id, facts, history.skipped)
    return rule


DELETE_ROOT_KEYS = Runbook(
    id="delete-root-keys",
    title="Delete the root user's access keys",
    summary=("List the root access keys with their age and last use, deactivate them and check that "
             "nothing broke, then delete them (typing the account id first), and verify none remain."),
    requirement=Requirement.ANY,
    task_policy=DELETE_TASK_POLICY,
    remedies=("IAM.4",),
    fixes=("root-access-keys",),
    steps=(
        Step(
            id=LIST_KEYS, kind=StepKind.CHECK,
            title="List the root access keys and their last use",
            verifies="Lists every root access key of account {account_id} with its status, age and last use.",
        ),
        Step(
            id=DEACTIVATE_KEYS, kind=StepKind.ACTION,
            title="Deactivate the keys (the safe path)",
            verifies=("IAM UpdateAccessKey set every root access key of account {account_id} to Inactive, "
                      "except the key this session signs with: it stays active until it is deleted last."),
            confirmation=Confirmation.YES_NO, optional=True, skip_when=_unless(DEACTIVATE_KEYS),
            undo=REACTIVATE_KEYS, undo_superseded_by=DELETE_KEYS,
        ),
        Step(
            id=DEACTIVATE_IN_CONSOLE, kind=StepKind.MANUAL,
            title="Deactivate the keys in the AWS console (the safe path)",
            instructions=(
                "Sign in to the AWS console as the root user of account {account_id}.",
                "Open the account menu (top right) and choose 'Security credentials'.",
                "Under 'Access keys', choose Actions > Deactivate for each active key, and confirm.",
            ),
            verifies="The operator reports having deactivated every root access key in the console.",
            optional=True, skip_when=_unless(DEACTIVATE_IN_CONSOLE), api_visible=True,
        ),
        Step(
            id=VERIFY_KEYS_INACTIVE, kind=StepKind.CHECK,
            title="Verify that the keys are inactive",
            verifies=("AWS shows which root access keys of account {account_id} are still active: none may "
                      "be, but the key a root session signs with (deleted last)."),
            optional=True, skip_when=_unless(VERIFY_KEYS_INACTIVE),
            checks=(DEACTIVATE_KEYS, DEACTIVATE_IN_CONSOLE),
        ),
        Step(
            id=CHECK_NOTHING_BROKE, kind=StepKind.ATTEST,
            title="Check that nothing broke after the deactivation",
            instructions=(
                "Watch the workloads, scripts and alarms that could have used the deactivated keys.",
                "If something broke, abort this ceremony: the keys rootkeeper deactivated are switched "
                "back on (keys deactivated in the console, you switch back on there).",
            ),
            verifies=("The operator (and the witness, if named) confirm that nothing that matters stopped "
                      "working after the root access keys of account {account_id} were deactivated."),
            optional=True, skip_when=_unless(CHECK_NOTHING_BROKE),
        ),
        Step(
            id=DELETE_KEYS, kind=StepKind.ACTION,
            title="Delete the keys",
            verifies=("IAM DeleteAccessKey succeeded for every root access key of account {account_id}; "
                      "the key this session uses, if any, was deleted last."),
            confirmation=Confirmation.TYPE_ACCOUNT_ID, destructive=True, optional=True,
            skip_when=_unless(DELETE_KEYS),
        ),
        Step(
            id=DELETE_IN_CONSOLE, kind=StepKind.MANUAL,
            title="Delete the keys in the AWS console",
            instructions=(
                "Sign in to the AWS console as the root user of account {account_id}.",
                "Open the account menu (top right) and choose 'Security credentials'.",
                "Under 'Access keys', choose Actions > Delete for each key; type the key id to confirm.",
                "Check that the 'Access keys' section lists no key, then sign out of the console.",
            ),
            verifies="The operator reports having deleted every root access key in the console.",
            confirmation=Confirmation.TYPE_ACCOUNT_ID, destructive=True, optional=True, api_visible=True,
            skip_when=_unless(DELETE_IN_CONSOLE),
        ),
        Step(
            id=VERIFY_NO_KEYS, kind=StepKind.CHECK,
            title="Verify that no root access key remains",
            verifies="GetAccountSummary reports AccountAccessKeysPresent = 0 for account {account_id}.",
            checks=(DELETE_KEYS, DELETE_IN_CONSOLE), check=NoRootAccessKeys(),
        ),
    ),
)

_API_STEPS = frozenset({DEACTIVATE_KEYS, DELETE_KEYS})
_CONSOLE_STEPS = frozenset({DEACTIVATE_IN_CONSOLE, DELETE_IN_CONSOLE})


def skip_reason(step_id: str, facts: Mapping[str, Any], skipped: frozenset[str] = frozenset()) -> str | None:
    """Why ``step_id`` does not apply to this ceremony (journaled as the skip's reason), or
    None when the operator must run it or choose to skip it. ``skipped``: steps already skipped."""
    mode = facts.get("mode")
    keys = facts.get("keys") or []
    if step_id not in (LIST_KEYS, VERIFY_NO_KEYS) and mode is not None and not keys:
        return "The root user has no access keys: there is nothing to deactivate or delete."
    if step_id in _API_STEPS and mode == MODE_CONSOLE:
        return "This identity is not a root session: the keys are handled in the console instead."
    if step_id in _CONSOLE_STEPS and mode == MODE_API:
        return "rootkeeper acts by API from this root session: no console step is needed."
    if step_id == DEACTIVATE_KEYS and not facts.get("can_deactivate", True):
        return ("An AssumeRoot session with IAMDeleteRootUserCredentials may not deactivate keys "
                "(no iam:UpdateAccessKey): the keys can only be deleted directly.")
    if step_id == DEACTIVATE_KEYS and not any(key.get("active") for key in keys):
        return "Every root access key is already inactive."
    if step_id in (VERIFY_KEYS_INACTIVE, CHECK_NOTHING_BROKE):
        deactivation = DEACTIVATE_KEYS if mode == MODE_API else DEACTIVATE_IN_CONSOLE
        if deactivation in skipped and any(key.get("active") for key in keys):
            return "The keys were not deactivated first (direct deletion): there was nothing to watch."
    if step_id == VERIFY_KEYS_INACTIVE and DEACTIVATE_KEYS in skipped and DEACTIVATE_IN_CONSOLE in skipped:
        return "No key was deactivated in this ceremony: there is nothing to verify."
    return None


def deletion_warning(facts: Mapping[str, Any], skipped: frozenset[str] = frozenset()) -> str | None:
    """The stronger warning to show before deletion when the safe path was not taken."""
    deactivation = DEACTIVATE_KEYS if facts.get("mode") == MODE_API else DEACTIVATE_IN_CONSOLE
    if deactivation in skipped and any(key.get("active") for key in facts.get("keys") or []):
        return DIRECT_DELETION_WARNING
    return None


def describe_key_use(*, active: bool, last_used: datetime | None, region: str | None, service: str | None,
                     now: datetime) -> str:
    """What a key's last use means for deleting it, in one sentence for the operator."""
    if last_used is None:
        use = "never used"
        meaning = "nothing depends on it"
    else:
        days = max(0, (now - last_used).days)
        where = (f" from {region}" if region else "") + (f" by {service}" if service else "")
        use = f"used {_ago(days)}{where}"
        meaning = ("something still depends on this key" if now - last_used < STILL_USED_WINDOW
                   else f"nothing has used it for {days} days, so probably nothing depends on it")
    if not active:
        return f"inactive, {use}: it cannot be used now, so deleting it breaks nothing that works"
    return f"{use} — {meaning}"


def _ago(days: int) -> str:
    if days == 0:
        return "today"
    return "1 day ago" if days == 1 else f"{days} days ago"


def choose_direct_deletion(ceremony: Any) -> None:
    """The operator declines the safe path: skip deactivation (journaled; the engine then skips
    whatever no longer applies). Show ``deletion_warning`` before the deletion's confirmation."""
    step = ceremony.current_step
    if step is None or step.id not in (DEACTIVATE_KEYS, DEACTIVATE_IN_CONSOLE):
        raise RootkeeperError("Direct deletion is chosen instead of deactivating, before deactivating.")
    ceremony.skip_step(reason="The operator chose direct deletion over the safe path, after the warning: "
                              + DIRECT_DELETION_WARNING)
