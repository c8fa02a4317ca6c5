"""Recover a member account's root under centralized root access (issue 11): from the
Organization's management account, AssumeRoot into the member to delete its root
credentials (a lost MFA device goes with them), allow password recovery (CreateLoginProfile
with no password), let whoever holds the member's root mailbox reset the password and sign
in, record the task done, and delete the credentials again, as AWS recommends.

A break-glass recovery: its ceremony is journaled as an incident. Every step's evidence
names the member account (``member_account_id``): the ceremony's own ``account_id`` is the
management account it runs from.
"""

from __future__ import annotations

from typing import Any, Mapping

from rootkeeper.core.runbook import Confirmation, History, Requirement, Runbook, Step, StepKind

CHECK_ROOT_ACCESS = "check-centralized-root-access"
CHOOSE_MEMBER = "choose-member-account"
AUDIT_MEMBER = "audit-member-root"
DELETE_CREDENTIALS = "delete-member-root-credentials"
ALLOW_RECOVERY = "allow-member-password-recovery"
RESET_PASSWORD = "reset-member-root-password"
VERIFY_SIGN_IN = "verify-member-root-sign-in"
TASK_DONE = "attest-member-task-done"
DELETE_AGAIN = "delete-member-root-credentials-again"
# The undo of ALLOW_RECOVERY: an aborted recovery leaves no password behind on the member's root.
REMOVE_RECOVERED_PASSWORD = "remove-member-root-password"

MEMBER = "member_account_id"  # the fact (and input) naming the member being recovered


def _nothing_to_delete(facts: Mapping[str, Any], history: History) -> str | None:
    if AUDIT_MEMBER in history.done and facts.get("member_credentials") == []:
        return ("The member's root has no credentials (no password, access key, signing certificate or MFA "
                "device): there is nothing to delete before allowing password recovery.")
    return None


RECOVER_MEMBER_ROOT = Runbook(
    id="recover-member-root",
    title="Recover a member account's root (centralized root access)",
    summary=("From the management account: AssumeRoot into a member, delete its root credentials, allow password "
             "recovery, let the holder of its root mailbox reset the password and sign in, record the task done, "
             "then delete the credentials again."),
    requirement=Requirement.MANAGEMENT_ACCOUNT,
    incident=True,
    steps=(
        Step(
            id=CHECK_ROOT_ACCESS, kind=StepKind.CHECK,
            title="Check that centralized root access is enabled",
            verifies=("iam:ListOrganizationsFeatures lists RootCredentialsManagement and RootSessions for the "
                      "Organization of account {account_id}."),
        ),
        Step(
            id=CHOOSE_MEMBER, kind=StepKind.CHECK,
            title="Choose the member account",
            inputs=(MEMBER,),
            verifies=("organizations:DescribeAccount shows the account id given as a member of this Organization, "
                      "not its management account."),
        ),
        Step(
            id=AUDIT_MEMBER, kind=StepKind.CHECK,
            title="Read the member's root credentials",
            verifies=("An AssumeRoot session with IAMAuditRootUserCredentials lists the root password, access keys, "
                      "MFA devices and signing certificates of account {member_account_id}."),
        ),
        Step(
            id=DELETE_CREDENTIALS, kind=StepKind.ACTION,
            title="Delete the member's root credentials",
            verifies=("IAMDeleteRootUserCredentials deleted the root password, access keys, signing certificates "
                      "and MFA devices of account {member_account_id}, and a fresh audit session finds none."),
            confirmation=Confirmation.TYPE_ACCOUNT_ID, typed_fact=MEMBER, destructive=True,
            optional=True, skip_when=_nothing_to_delete,
        ),
        Step(
            id=ALLOW_RECOVERY, kind=StepKind.ACTION,
            title="Allow password recovery",
            verifies=("IAMCreateRootUserPassword CreateLoginProfile (no password) succeeded, and GetLoginProfile "
                      "shows a login profile for the root of account {member_account_id}."),
            confirmation=Confirmation.YES_NO,
            undo=REMOVE_RECOVERED_PASSWORD, undo_superseded_by=DELETE_AGAIN,
        ),
        Step(
            id=RESET_PASSWORD, kind=StepKind.MANUAL,
            title="Reset the password from the root mailbox, and sign in",
            instructions=(
                "Ask whoever holds the root mailbox of {member_name} ({member_email}) to open "
                "https://console.aws.amazon.com/, choose 'Root user', type {member_email} and choose Next.",
                "On the password page, choose 'Forgot password?' and answer the check: AWS sends a password reset "
                "email to {member_email}.",
                "Follow the link in that email (it expires), and set a new strong password. Nobody else needs it: "
                "rootkeeper deletes it again at the end of this ceremony.",
                "Sign in as the root user of {member_account_id} with the new password (AWS may ask to register an "
                "MFA device first), and stay signed in for the task.",
            ),
            verifies="The holder of the root mailbox reports having reset the password and signed in.",
            api_visible=True,  # GetUser PasswordLastUsed, read next
        ),
        Step(
            id=VERIFY_SIGN_IN, kind=StepKind.CHECK,
            title="Verify the root signed in with a password",
            verifies=("An audit session's GetUser shows a PasswordLastUsed for the root of account "
                      "{member_account_id} later than password recovery was allowed."),
            checks=(RESET_PASSWORD,),
        ),
        Step(
            id=TASK_DONE, kind=StepKind.ATTEST,
            title="Record the task done as the member's root",
            inputs=("task_done",),
            verifies=("The operator (and the witness, if named) confirm what was done as the root user of account "
                      "{member_account_id}, as typed."),
        ),
        Step(
            id=DELETE_AGAIN, kind=StepKind.ACTION,
            title="Delete the member's root credentials again",
            verifies=("IAMDeleteRootUserCredentials deleted the recovered password and any credential added since, "
                      "and a fresh audit session finds no root credential on account {member_account_id}."),
            confirmation=Confirmation.YES_NO, destructive=True,
        ),
    ),
)
