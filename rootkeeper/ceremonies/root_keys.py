"""Handlers for ``delete-root-keys``.

From a root session rootkeeper acts by API; the key the session itself signs with is
never deactivated, and is deleted last, which ends the session (the step says so). From
any other identity the console steps run instead. An AssumeRoot session that expires
mid-ceremony fails the step with a message that says so; ``RenewableRootSession.renew()``
opens a new one and the step is retried.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Callable, Mapping

from rootkeeper.aws.account_reader import AwsAccountReader
from rootkeeper.aws.credential_report import read_root_credential_row
from rootkeeper.aws.identity import who_am_i
from rootkeeper.aws.root_key_admin import (AUDIT_TASK_POLICY, RenewableRootSession, access_key_in_use,
                                           deactivate_root_access_key, delete_root_access_key, explain_expiry,
                                           reactivate_root_access_key)
from rootkeeper.aws.root_keys import list_root_access_keys
from rootkeeper.aws.session import AwsSession
from rootkeeper.ceremonies.root_key_states import (REPORTED_AT, key_fact, key_states, listing_message, restated,
                                                 verify_inactive_in_report)
from rootkeeper.ceremonies.behaviour import RunbookBehaviour, handles, undoes
from rootkeeper.core.account_reading import AccountReader, UnreadableAccount
from rootkeeper.core.environment import Environment
from rootkeeper.core.errors import RootkeeperError, SessionExpiredError
from rootkeeper.core.runbooks import root_keys as rb
from rootkeeper.core.step_contract import Evidence, console_step_message, StepContext, StepOutcome

Clock = Callable[[], datetime]
SessionSource = AwsSession | RenewableRootSession
# Another identity of the account (by account id), for the final check once the root key is gone.
CheckSession = Callable[[str], AwsSession | None]



class DeleteRootKeys(RunbookBehaviour):
    """The behaviour of ``delete-root-keys``. ``source`` is the session to act with, or a
    RenewableRootSession for a member account. ``check_session`` gives another identity of
    the same account for the final check once the session's own key is gone."""

    runbook = rb.DELETE_ROOT_KEYS

    def __init__(self, source: SessionSource, *, clock: Clock, check_session: CheckSession | None = None) -> None:
        self.source, self.clock, self.check_session = source, clock, check_session

    @classmethod
    def build(cls, environment: Environment, session: SessionSource, clock: Clock,
              journal: Any = None) -> DeleteRootKeys:
        """``session`` may be a RenewableRootSession for a member account."""
        check = None
        if environment.rehearsal:
            acting_with = session.current() if isinstance(session, RenewableRootSession) else session
            check = rehearsal_check_session(environment, access_key_in_use(acting_with))
        return cls(session, clock=clock, check_session=check)

    def session(self) -> AwsSession:
        return self.source.current() if isinstance(self.source, RenewableRootSession) else self.source

    def acting(self, doing: str, call: Callable[[], Any]) -> Any:
        current = self.session()
        try:
            return call()
        except SessionExpiredError as error:
            raise explain_expiry(error, current, doing) from error

    @handles(rb.LIST_KEYS)
    def list_keys(self, ctx: StepContext) -> StepOutcome:
        current = self.session()
        identity = self.acting("find out who this session is", lambda: who_am_i(current))
        root_session = identity.kind.is_root or current.assumed_root is not None
        if root_session:
            keys = self.acting("list the root access keys", lambda: list_root_access_keys(current))
        else:
            keys = read_root_credential_row(current).access_keys
        in_use = access_key_in_use(current) if root_session else None
        if in_use not in {key.key_id for key in keys}:
            in_use = None
        now = self.clock()
        listed = [key_fact(key, now) for key in keys]
        mode = rb.MODE_API if root_session else rb.MODE_CONSOLE
        facts = {"mode": mode, "keys": listed, "key_in_use": in_use,
                 "can_deactivate": current.assumed_root is None}
        return StepOutcome.success(listing_message(ctx.fact("account_id"), listed, in_use, mode),
                                   evidence={"mode": mode, "keys": listed, "key_in_use": in_use}, facts=facts)

    @handles(rb.DEACTIVATE_KEYS)
    def deactivate(self, ctx: StepContext) -> StepOutcome:
        in_use = ctx.facts.get("key_in_use")
        targets = [key["key_id"] for key in ctx.fact("keys") if key["active"] and key["key_id"] != in_use]
        done: list[str] = []
        for key_id in targets:
            self.acting(f"deactivate the root access key {key_id}",
                   lambda key_id=key_id: deactivate_root_access_key(self.session(), key_id))
            done.append(key_id)
        # The claim is what IAM shows afterwards, not what was asked of it.
        live = self.acting("list the root access keys", lambda: list_root_access_keys(self.session()))
        state = key_states(live, in_use)
        message = (f"Deactivated {', '.join(done)}: " if done else "No other key was active: ") + state["summary"]
        evidence = {"deactivated": done, "kept_active": in_use, "observed": state["observed"]}
        if state["still_active"]:
            return StepOutcome.failure(message, evidence=evidence, evidence_kind=Evidence.VERIFIED)
        return StepOutcome.success(message, evidence=evidence, facts={"deactivated": done},
                                   evidence_kind=Evidence.PERFORMED if done else Evidence.VERIFIED)

    @handles(rb.VERIFY_KEYS_INACTIVE)
    def verify_inactive(self, ctx: StepContext) -> StepOutcome:
        """After the deactivation: by ListAccessKeys from a root session, else from the
        credential report, which must be newer than the operator's report of the console step."""
        in_use = ctx.facts.get("key_in_use")
        if ctx.facts.get("mode") == rb.MODE_API:
            live = self.acting("list the root access keys", lambda: list_root_access_keys(self.session()))
            state = key_states(live, in_use)
            evidence = {"observed": state["observed"], "checked_with": "list-access-keys"}
            if state["still_active"]:
                return StepOutcome.failure(
                    f"IAM ListAccessKeys shows {', '.join(state['still_active'])} still Active: {state['summary']} "
                    "Go back and deactivate it, then check again.", evidence=evidence, evidence_kind=Evidence.VERIFIED)
            statuses = {key.key_id: key.active for key in live}
            return StepOutcome.success(f"IAM ListAccessKeys: {state['summary']}", evidence=evidence,
                                       facts={"keys": restated(ctx.fact("keys"), "key_id", statuses, self.clock())})
        return verify_inactive_in_report(ctx, self.session(), self.clock)

    @undoes(rb.REACTIVATE_KEYS)
    def reactivate(self, ctx: StepContext) -> StepOutcome:
        keys = list(ctx.facts.get("deactivated") or [])
        for key_id in keys:
            self.acting(f"reactivate the root access key {key_id}",
                   lambda key_id=key_id: reactivate_root_access_key(self.session(), key_id))
        return StepOutcome.success(f"Reactivated {', '.join(keys)}." if keys else "No key was deactivated.",
                                   evidence={"reactivated": keys})

    @handles(rb.DELETE_KEYS)
    def delete(self, ctx: StepContext) -> StepOutcome:
        in_use = ctx.facts.get("key_in_use")
        listed = [key["key_id"] for key in ctx.fact("keys")]
        # A retry (after an expiry, say) deletes only what is still there.
        live = {key.key_id for key in self.acting("list the root access keys",
                                                  lambda: list_root_access_keys(self.session()))}
        order = [key_id for key_id in listed if key_id in live and key_id != in_use]
        if in_use in live:
            order.append(in_use)  # last: deleting it ends this session
        deleted: list[str] = []
        for key_id in order:
            self.acting(f"delete the root access key {key_id}",
                        lambda key_id=key_id: delete_root_access_key(self.session(), key_id))
            deleted.append(key_id)
        direct = "deactivated" not in ctx.facts and any(key["active"] for key in ctx.fact("keys"))
        message = (f"Deleted {', '.join(deleted)}." if deleted else
                   "Deleted nothing: IAM ListAccessKeys shows none of the listed keys any more.")
        if in_use in deleted:
            message += (f" {in_use} was the key this session signed with: it was deleted last, and the "
                        "root session has ended.")
        evidence = {"deleted": deleted, "already_gone": [k for k in listed if k not in live],
                    "session_key_deleted": in_use in deleted, "deactivated_first": not direct}
        return StepOutcome.success(message, evidence=evidence,
                                   facts={"deleted": deleted, "session_ended": in_use in deleted},
                                   evidence_kind=Evidence.PERFORMED if deleted else Evidence.VERIFIED)

    @handles(rb.DEACTIVATE_IN_CONSOLE, rb.DELETE_IN_CONSOLE)
    def in_console(self, ctx: StepContext) -> StepOutcome:
        where = "rehearsal-console" if ctx.played is not None else "aws-console"
        return StepOutcome.success(console_step_message(ctx), evidence={"console": where,
                                                      "instructions_shown": len(ctx.step.instructions)},
                                   facts={REPORTED_AT[ctx.step.id]: ctx.now.isoformat()})

    def reader(self, ctx: StepContext) -> AccountReader:
        return self.final_check_reader(ctx.facts)

    def final_check_reader(self, facts: Mapping[str, Any]) -> AccountReader:
        """Who reads the account for the final check: once the session's own key is gone, it
        cannot; a bare IAMDeleteRootUserCredentials session counts keys by ListAccessKeys."""
        checker, how = self._check_session(facts)
        if checker is None:
            return UnreadableAccount(
                "The root session ended when its own key was deleted, as intended, so it cannot check the "
                f"result. Connect as an IAM identity of account {facts.get('account_id')} with "
                "iam:GetAccountSummary, then check again.")
        return AwsAccountReader(checker, checked_with=how, keys_by_listing=how == "list-access-keys",
                                guard=self.acting)

    def _check_session(self, facts: Mapping[str, Any]) -> tuple[AwsSession | None, str]:
        if isinstance(self.source, RenewableRootSession):
            # IAMDeleteRootUserCredentials may not read the summary; the audit task policy may.
            audit = self.acting("assume root to audit", lambda: self.source.for_task(AUDIT_TASK_POLICY))
            return audit, "assume-root-audit"
        if self.session().assumed_root is not None:
            return self.session(), "list-access-keys"
        if facts.get("session_ended"):
            other = self.check_session(str(facts["account_id"])) if self.check_session is not None else None
            return other, "another-identity"
        return self.session(), "this-session"


def rehearsal_check_session(environment: Environment, used_key: str | None) -> CheckSession:
    """In rehearsal, the final check after the root's own key is gone runs as another
    identity of the same account (the operator), as a person would switch back to theirs."""
    def find(account_id: str) -> AwsSession | None:
        for identity in environment.identities.values():
            if identity.account_id != account_id or identity.target.access_key_id == used_key:
                continue
            candidate = AwsSession(identity.target)
            try:
                if not who_am_i(candidate).kind.is_root:
                    return candidate
            except RootkeeperError:
                continue
        return None
    return find
