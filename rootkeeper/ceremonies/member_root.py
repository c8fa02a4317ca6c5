"""Handlers for ``recover-member-root``: the management account's session, AssumeRoot into the
member for each step (aws/member_root.py, the same gateway as the bulk remediation's; members
listed by aws/organization.py, read by aws/org_scan.py as the scan reads them), every outcome
naming the member account.

Every step's evidence carries ``member_account_id``, the console and attest steps included:
the journal of a recovery says, entry by entry, which account's root it was about.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rootkeeper.aws import member_root as gateway
from rootkeeper.aws.org_scan import read_member_root
from rootkeeper.aws.organization import describe_member, list_members, read_root_features
from rootkeeper.ceremonies.behaviour import SessionBehaviour, handles, looks, undoes
from rootkeeper.core.evidence import Evidence
from rootkeeper.core.org_root import MemberRootDeletion
from rootkeeper.core.runbooks import member_root as rb
from rootkeeper.core.step_contract import Lookup, StepContext, StepOutcome, console_step_message

ENABLE_HINT = ("Enable it from the management account: IAM console > Root access management > Enable (both "
               "'Root credentials management' and 'Privileged root actions in member accounts'), or "
               "`aws iam enable-organizations-root-credentials-management` and "
               "`aws iam enable-organizations-root-sessions` (trusted access for IAM first).")


class RecoverMemberRoot(SessionBehaviour):
    """The behaviour of ``recover-member-root``; ``session`` is the management account's."""

    runbook = rb.RECOVER_MEMBER_ROOT

    @handles(rb.CHECK_ROOT_ACCESS)
    def check_root_access(self, ctx: StepContext) -> StepOutcome:
        credentials, sessions = read_root_features(self.session)
        evidence = {"root_credentials_management": credentials, "root_sessions": sessions}
        if credentials is None or sessions is None:
            return StepOutcome.failure(
                "The Organization's root features could not be read (iam:ListOrganizationsFeatures): this "
                "identity may lack the permission. Use an administrator of the management account, then check "
                "again.", evidence=evidence, evidence_kind=Evidence.NONE)
        missing = [name for name, on in (("RootCredentialsManagement", credentials), ("RootSessions", sessions))
                   if not on]
        if missing:
            return StepOutcome.failure(f"Centralized root access is not enabled: {', '.join(missing)} is off, so "
                                       f"AssumeRoot cannot open a member's root. {ENABLE_HINT}",
                                       evidence=evidence, evidence_kind=Evidence.VERIFIED)
        return StepOutcome.success("Centralized root access is enabled: RootCredentialsManagement and RootSessions.",
                                   evidence=evidence)

    @looks(rb.CHOOSE_MEMBER)
    def members(self, ctx: StepContext) -> Lookup:
        members = list_members(self.session)
        return Lookup(f"{len(members)} member accounts in the Organization",
                      [(member.account_id, member.name) for member in members])

    @handles(rb.CHOOSE_MEMBER)
    def choose_member(self, ctx: StepContext) -> StepOutcome:
        member = describe_member(self.session, str(ctx.fact(rb.MEMBER)).strip())
        facts = {rb.MEMBER: member.account_id, "member_name": member.name, "member_email": member.email}
        return StepOutcome.success(f"{member.account_id} is {member.name or 'a member'} ({member.email}), a member "
                                   f"of this Organization ({member.status or 'status unknown'}).",
                                   evidence={**facts, "status": member.status}, facts=facts)

    @handles(rb.AUDIT_MEMBER)
    def audit(self, ctx: StepContext) -> StepOutcome:
        member = str(ctx.fact(rb.MEMBER))
        root = read_member_root(self.session, member, str(ctx.facts.get("member_name", "")))
        listing = root.to_json()
        return StepOutcome.success(f"The root of {member} has {describe(root)}.", evidence=listing,
                                   facts={"member_root": listing, "member_credentials": list(root.credentials)})

    @handles(rb.DELETE_CREDENTIALS, rb.DELETE_AGAIN)
    def delete(self, ctx: StepContext) -> StepOutcome:
        member = str(ctx.fact(rb.MEMBER))
        result = gateway.delete_member_root_credentials(self.session, member)
        evidence = result.to_json()
        done = deleted_text(result)
        if not result.complete:
            return StepOutcome.failure(f"{done}{refused(result)} A fresh audit session still finds {left(result)} "
                                       f"on the root of {member}: run this step again.", evidence=evidence,
                                       evidence_kind=read_back_kind(result))
        return StepOutcome.success(f"{done} A fresh audit session finds no root credential on {member}.",
                                   evidence=evidence, evidence_kind=Evidence.VERIFIED,
                                   facts={"member_credentials": [], "member_root": evidence["remaining"]})

    @handles(rb.ALLOW_RECOVERY)
    def allow_recovery(self, ctx: StepContext) -> StepOutcome:
        member = str(ctx.fact(rb.MEMBER))
        result = gateway.allow_member_password_recovery(self.session, member)
        at = result.login_profile_created_at.isoformat() if result.login_profile_created_at else None
        evidence = {rb.MEMBER: member, "login_profile_created": result.created, "login_profile_created_at": at}
        # AWS's own clock when it made the login profile, so that a skewed local clock cannot
        # count an earlier sign-in (or miss a later one); ours when nothing was made.
        allowed_at = result.login_profile_created_at if result.created and result.login_profile_created_at else ctx.now
        facts = {"recovery_allowed_at": allowed_at.isoformat()}
        if not result.created:
            return StepOutcome.success(f"The root of {member} already has a password (a login profile since {at}): "
                                       "nothing was changed; its mailbox holder can reset it.",
                                       evidence=evidence, facts=facts, evidence_kind=Evidence.VERIFIED)
        return StepOutcome.success(f"Password recovery is allowed for the root of {member}: GetLoginProfile shows a "
                                   "login profile with no password anyone knows.", evidence=evidence, facts=facts,
                                   evidence_kind=Evidence.VERIFIED)

    @undoes(rb.REMOVE_RECOVERED_PASSWORD)
    def remove_recovered_password(self, ctx: StepContext) -> StepOutcome:
        """An aborted recovery: the password allowed (and any credential added since) is deleted
        again, so that no root credential is left behind on the member."""
        member = str(ctx.fact(rb.MEMBER))
        result = gateway.delete_member_root_credentials(self.session, member)
        if not result.complete:
            return StepOutcome.failure(f"{deleted_text(result)}{refused(result)} The root of {member} still has "
                                       f"{left(result)}.", evidence=result.to_json(),
                                       evidence_kind=read_back_kind(result))
        return StepOutcome.success(f"{deleted_text(result)} The root of {member} has no credential left.",
                                   evidence=result.to_json(), evidence_kind=Evidence.VERIFIED)

    @handles(rb.RESET_PASSWORD)
    def reset_reported(self, ctx: StepContext) -> StepOutcome:
        where = "rehearsal-console" if ctx.played is not None else "aws-console"
        return StepOutcome.success(console_step_message(ctx), evidence={rb.MEMBER: ctx.fact(rb.MEMBER),
                                                                        "console": where})

    @handles(rb.VERIFY_SIGN_IN)
    def verify_sign_in(self, ctx: StepContext) -> StepOutcome:
        member = str(ctx.fact(rb.MEMBER))
        used = gateway.member_root_password_last_used(self.session, member)
        allowed = datetime.fromisoformat(str(ctx.fact("recovery_allowed_at")))
        evidence = {rb.MEMBER: member, "password_last_used": used.isoformat() if used else None,
                    "recovery_allowed_at": allowed.isoformat()}
        if used is None or used < allowed:
            return StepOutcome.failure(f"The root of {member} has not signed in with a password since recovery was "
                                       "allowed (GetUser PasswordLastUsed: "
                                       f"{used.isoformat() if used else 'never'}). Reset the password and sign in, "
                                       "then check again.", evidence=evidence, evidence_kind=Evidence.VERIFIED)
        return StepOutcome.success(f"The root of {member} signed in with a password at {used.isoformat()}.",
                                   evidence=evidence)

    @handles(rb.TASK_DONE)
    def task_done(self, ctx: StepContext) -> StepOutcome:
        done = str(ctx.fact("task_done")).strip()
        return StepOutcome.success(f"Attested: {done}", evidence={rb.MEMBER: ctx.fact(rb.MEMBER), "task_done": done,
                                                                   "statement": ctx.step.render_verifies(ctx.facts)})


def describe(root: Any) -> str:
    """'a password, access keys AKIA..., MFA devices GAKT...' or 'no root credentials'."""
    parts = (["a password"] if root.password else []) + [
        f"{label} {', '.join(items)}" for label, items in (("access keys", root.access_keys),
                                                           ("MFA devices", root.mfa_devices),
                                                           ("signing certificates", root.signing_certificates))
        if items]
    return ", ".join(parts) if parts else "no root credentials"


def deleted_text(result: MemberRootDeletion) -> str:
    parts = (["the password"] if result.password_deleted else []) + [
        f"{label} {', '.join(items)}" for label, items in (
            ("access keys", result.access_keys_deleted), ("signing certificates", result.signing_certificates_deleted),
            ("MFA devices (deactivated)", result.mfa_devices_deactivated),
            ("virtual MFA devices (deleted)", result.virtual_mfa_devices_deleted)) if items]
    renewed = " (the AssumeRoot session expired and was renewed)" if result.sessions_renewed else ""
    return (f"Deleted {'; '.join(parts)}{renewed}." if parts else f"There was nothing to delete{renewed}.")


def refused(result: MemberRootDeletion) -> str:
    return f" Then AWS refused: {result.error}" if result.error else ""


def left(result: MemberRootDeletion) -> str:
    return describe(result.remaining) if result.remaining else "an unknown state (it could not be read back)"


def read_back_kind(result: MemberRootDeletion) -> Evidence:
    return Evidence.VERIFIED if result.remaining is not None else Evidence.NONE
