"""A batch of member remediations: bounded concurrency, one journal entry per account, and
one for the batch, carrying the phrase the operator typed to confirm it.

Journal: a ``ceremony`` entry (runbook ``org-remediation``, event ``started``) names the
action, the accounts and the typed confirmation; then one ``step`` entry per account (step =
the action, outcome ok + evidence ``verified`` when the read-back showed the goal, else
failed + ``none`` with the error); then a ``ceremony`` entry (event ``finished`` or
``cancelled``) with the counts and the accounts that failed, to retry."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from rootkeeper.aws.member_root import (
    allow_member_password_recovery,
    delete_member_root_credentials,
)
from rootkeeper.aws.session import AwsSession
from rootkeeper.ceremonies.recording import actor_body
from rootkeeper.core.errors import RootkeeperError, ValidationError
from rootkeeper.core.evidence import Evidence
from rootkeeper.core.org_remediation import (
    BatchOutcome,
    MemberRemediation,
    RemediationAction,
    confirmation_phrase,
    confirms,
    deletion_outcome,
    recovery_outcome,
)

RUNBOOK = "org-remediation"
DEFAULT_CONCURRENCY = 8
# The same gateway calls as the recovery runbook's (aws/member_root.py), each outcome told as a batch's.
_GATEWAYS: dict[RemediationAction, Callable[[AwsSession, str, str], MemberRemediation]] = {
    RemediationAction.DELETE_CREDENTIALS:
        lambda session, account_id, name: deletion_outcome(name, delete_member_root_credentials(session, account_id)),
    RemediationAction.ALLOW_PASSWORD_RECOVERY:
        lambda session, account_id, name: recovery_outcome(name, allow_member_password_recovery(session, account_id)),
}


def remediate_members(session: AwsSession, members: Sequence[tuple[str, str]], action: RemediationAction, *,
                      typed_confirmation: str, journal: Any, actor: Any,
                      concurrency: int = DEFAULT_CONCURRENCY,
                      on_result: Callable[[MemberRemediation], None] | None = None,
                      cancel: threading.Event | None = None) -> BatchOutcome:
    """Run ``action`` on each (account_id, name) of ``members``, at most ``concurrency`` at once.
    Refuses (ValidationError, nothing done or journaled) unless ``typed_confirmation`` is the
    batch's phrase. A member that fails is recorded and the others go on; ``cancel`` stops
    accounts not yet started (those are neither changed nor journaled)."""
    if not members:
        raise ValidationError("No accounts are selected: select the members to remediate first.")
    if not confirms(typed_confirmation, action, len(members)):
        raise ValidationError(f"The confirmation does not match: type {confirmation_phrase(action, len(members))!r} "
                              "to confirm this batch. Nothing was changed.")
    batch_id = f"org-{uuid.uuid4().hex[:12]}"
    journal_lock = threading.Lock()  # entries of one batch are appended one at a time, in the order they end
    with journal_lock:
        journal.append("ceremony", {"runbook": RUNBOOK, "ceremony_id": batch_id, "event": "started",
                                    "actor": actor_body(actor),
                                    "facts": {"action": action.value, "task_policy": action.task_policy,
                                              "accounts": [account for account, _ in members],
                                              "typed_confirmation": confirmation_phrase(action, len(members))}})
    gateway = _GATEWAYS[action]

    def one(member: tuple[str, str]) -> MemberRemediation | None:
        account_id, name = member
        if cancel is not None and cancel.is_set():
            return None
        try:
            result = gateway(session, account_id, name)
        except RootkeeperError as error:
            result = MemberRemediation(account_id, name, action, ok=False, changed=False,
                                       error=" ".join(str(error).split()))
        with journal_lock:
            journal.record_step(actor=actor, runbook=RUNBOOK, step=action.value, step_kind="action",
                                outcome="ok" if result.ok else "failed", evidence=result.evidence(),
                                note=result.summary, ceremony_id=batch_id,
                                evidence_kind=(Evidence.VERIFIED if result.ok else Evidence.NONE).value)
        if on_result is not None:
            on_result(result)
        return result

    with ThreadPoolExecutor(max_workers=max(1, min(concurrency, len(members))),
                            thread_name_prefix="rootkeeper-remediate") as pool:
        results = tuple(r for r in pool.map(one, members) if r is not None)
    cancelled = len(results) < len(members)
    outcome = BatchOutcome(batch_id, action, results, cancelled=cancelled)
    with journal_lock:
        journal.append("ceremony", {"runbook": RUNBOOK, "ceremony_id": batch_id,
                                    "event": "cancelled" if cancelled else "finished", "actor": actor_body(actor),
                                    "facts": {"action": action.value, "succeeded": len(outcome.succeeded),
                                              "failed": [r.account_id for r in outcome.failed],
                                              "not_started": len(members) - len(results)}})
    return outcome
