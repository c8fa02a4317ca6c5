"""Break-glass recovery of the root user of a management or standalone account, console-only
in AWS: a lost MFA device (sign in with alternative factors: a verification email to the root
mailbox, then a phone call to the primary contact phone) and a forgotten password ("Forgot
password?", a reset email). Both are incidents (``incident=True``): the journal groups their
steps, and the re-seal that closes them (``reseal-after-break-glass``), into one timeline.

Mostly data: the pre-checks are library checks (core/checks/recovery.py), the console path is
manual steps, the new MFA device reuses the steps of ``root-mfa`` and is attributed to a
custodian as onboarding does; the new password reuses ``rotate-root-password``'s generation,
sign-in and verification. Each ends with a witnessed attestation that points at the re-seal.
"""

from __future__ import annotations

from rootkeeper.core.checks import (
                                   PasswordChangedAfter,
                                   PrimaryPhonePresent,
                                   RootConsoleEventSince,
                                   RootMailboxHeld,
                                   RootMfaDeviceGone,
                                   StaleReport,
)
from rootkeeper.core.runbook import Confirmation, Requirement, Runbook, Step, StepKind
from rootkeeper.core.runbooks import custodians, mfa
from rootkeeper.core.runbooks import root_password as password

CHECK_PHONE = "check-recovery-phone"
CONFIRM_PHONE = "confirm-phone-current"
CHECK_MAILBOX = "check-root-mailbox"
CHOOSE_LOST = "choose-lost-device"
TROUBLESHOOT = "troubleshoot-mfa"
VERIFY_EMAIL = "verify-email"
VERIFY_PHONE = "verify-phone"
SIGNED_IN = "verify-alternative-sign-in"
REMOVE_LOST = "remove-lost-device"
LOST_GONE = "verify-lost-device-gone"
RELEASE_LOST = "release-lost-device"
MFA_RECOVERED = "witness-mfa-recovery"

REQUEST_RESET = "forgot-password"
RESET_FROM_EMAIL = "reset-from-email"
RECOVERY_LOGGED = "verify-recovery-requested"
PASSWORD_RECOVERED = "witness-password-recovery"

RESEAL = ("The incident stays open: run 'Re-seal after break-glass' (reseal-after-break-glass) next, to rotate "
          "the password, review the MFA devices against the roster and close the incident with a witness.")

# Shared by both walkthroughs (the same objects: the same check, panel and journal wording).
MAILBOX_STEP = Step(id=CHECK_MAILBOX, kind=StepKind.CHECK, title="Who holds the root mailbox (the roster)",
                    check=RootMailboxHeld(), optional=True)

# A sign-in leaves password_last_used in the credential report (AWS reports no
# password_last_changed for root); a report older than the ceremony proves nothing.
SIGN_IN_CHECK = PasswordChangedAfter(sign_in_counts=True, stale_report=StaleReport.LEFT_TO_ATTESTATION)

RECOVER_LOST_ROOT_MFA = Runbook(
    id="recover-lost-root-mfa",
    title="Recover root after a lost MFA device",
    summary=("Break-glass, journaled as an incident: check the recovery phone and who holds the root mailbox, "
             "sign in with alternative factors (a verification email, then a phone call), remove the lost device, "
             "register a new one attributed to a custodian; the re-seal follows."),
    requirement=Requirement.IAM_READ,
    console_only=True,
    waivable=True,
    incident=True,
    steps=(
        Step(id=CHECK_PHONE, kind=StepKind.CHECK, title="The primary contact phone AWS will call",
             check=PrimaryPhonePresent()),
        Step(id=CONFIRM_PHONE, kind=StepKind.ATTEST, title="Confirm the phone is current and at hand",
             verifies=("The operator confirms that {recovery_phone}, the account's primary contact phone, is current "
                       "and that whoever answers it is at hand for the call.")),
        MAILBOX_STEP,
        Step(id=CHOOSE_LOST, kind=StepKind.CHECK, title="Name the lost device", inputs=("lost_device",),
             verifies=("The device named is on the root user (ListVirtualMFADevices, or the roster for a hardware "
                       "key or passkey) and who holds it.")),
        Step(id=TROUBLESHOOT, kind=StepKind.MANUAL, title="Sign in, then 'Troubleshoot MFA'",
             instructions=(
                 "Open https://console.aws.amazon.com/ and choose 'Root user'. Enter the root email address of "
                 "account {account_id}, then its password.",
                 "On the MFA page, choose 'Troubleshoot MFA'.",
                 "Choose 'Sign in using alternative factors'.",
             ),
             verifies="The operator reports the console offers sign-in with alternative factors.",
             api_visible=False),
        Step(id=VERIFY_EMAIL, kind=StepKind.MANUAL, title="Verify the root email address",
             instructions=(
                 "Under 'Step 1: Email address verification', choose 'Send verification email'.",
                 "Whoever holds the root mailbox opens the email from AWS there and chooses the link 'Verify your "
                 "email address' (or types the code it gives into the console).",
                 "The console shows the email address as verified.",
             ),
             verifies="The operator reports the root email address verified from the root mailbox.",
             api_visible=False),
        Step(id=VERIFY_PHONE, kind=StepKind.MANUAL, title="Verify the phone: answer AWS's call",
             instructions=(
                 "Under 'Step 2: Phone verification', check the number shown is {recovery_phone}, then choose "
                 "'Call me now'.",
                 "Answer the call from AWS at {recovery_phone}, and type on the phone's keypad the 6-digit number "
                 "the console shows.",
                 "When the console shows the phone verified, choose 'Continue to sign in': you are signed in as root.",
             ),
             verifies="The operator reports the phone verified and the root user signed in.",
             api_visible=True),  # the sign-in: password_last_used in the credential report
        Step(id=SIGNED_IN, kind=StepKind.CHECK, title="Verify the sign-in AWS shows", check=SIGN_IN_CHECK,
             checks=(VERIFY_PHONE,)),
        Step(id=REMOVE_LOST, kind=StepKind.MANUAL, title="Remove the lost device in the console",
             instructions=(
                 "Signed in as root, open the account menu (top right) and choose 'Security credentials'.",
                 "Under 'Multi-factor authentication (MFA)', select {lost_serial} and choose 'Remove'; confirm.",
                 "Check that the list no longer shows it.",
             ),
             verifies="The operator reports having removed the lost device in the console.",
             api_visible=True),
        Step(id=LOST_GONE, kind=StepKind.CHECK, title="Verify the lost device is gone",
             check=RootMfaDeviceGone(serial_fact="lost_serial"), checks=(REMOVE_LOST,), optional=True),
        Step(id=RELEASE_LOST, kind=StepKind.ACTION, title="Take the lost device off the roster",
             confirmation=Confirmation.YES_NO,
             verifies="The roster no longer attributes {lost_serial} to anyone."),
        mfa.ROOT_MFA.step(mfa.REVIEW_ROOT_DEVICES),
        mfa.ROOT_MFA.step(mfa.ASSIGN_IN_CONSOLE),
        mfa.ROOT_MFA.step(mfa.VERIFY_ROOT_MFA),
        custodians.CUSTODIAN_ONBOARD.step(custodians.ATTRIBUTE_DEVICE),
        mfa.ROOT_MFA.step(mfa.CUSTODIAN_ATTESTS),
        Step(id=MFA_RECOVERED, kind=StepKind.ATTEST, title="A witness confirms the recovery", needs_witness=True,
             verifies=("A witness confirms seeing the root user of account {account_id} recovered: the lost device "
                       "removed and a new one held by {custodian}, every item done or left undone with its reason. "
                       + RESEAL)),
    ),
)

RECOVER_FORGOTTEN_ROOT_PASSWORD = Runbook(
    id="recover-forgotten-root-password",
    title="Recover a forgotten root password",
    summary=("Break-glass, journaled as an incident: 'Forgot password?' on the root sign-in page, the reset email "
             "in the root mailbox, a new password and a sign-in with it; verified where the API can (the "
             "credential report, CloudTrail's PasswordRecoveryRequested); the re-seal follows."),
    requirement=Requirement.IAM_READ,
    console_only=True,
    waivable=True,
    incident=True,
    steps=(
        password.ROTATE_ROOT_PASSWORD.step(password.REVIEW_PASSWORD),
        MAILBOX_STEP,
        password.ROTATE_ROOT_PASSWORD.step(password.GENERATE_PASSWORD),
        Step(id=REQUEST_RESET, kind=StepKind.MANUAL, title="'Forgot password?' on the root sign-in page",
             instructions=(
                 "Open https://console.aws.amazon.com/, choose 'Root user' and enter the root email address of "
                 "account {account_id}; choose 'Next'.",
                 "Choose 'Forgot password?'. Solve the security check and choose 'Send email'.",
             ),
             verifies="The operator reports having asked AWS for a password reset email.",
             api_visible=True),  # CloudTrail: PasswordRecoveryRequested
        Step(id=RESET_FROM_EMAIL, kind=StepKind.MANUAL, title="Reset the password from the email",
             instructions=(
                 "Whoever holds the root mailbox opens the email 'Amazon Web Services Password Assistance' in the root "
                 "mailbox and chooses its reset link (it expires: use it within the hour).",
                 "Enter the new password twice: paste it from the clipboard, or type it as shown here. Choose "
                 "'Reset password'.",
                 "Store it where {custodian} keeps the root credentials (a password manager or a sealed envelope).",
             ),
             verifies="The operator reports having set the new password from the reset email.",
             uses_secrets=(password.NEW_PASSWORD,),
             api_visible=False),  # AWS reports no password_last_changed for root: the sign-in, next, shows
        password.ROTATE_ROOT_PASSWORD.step(password.SIGN_IN_WITH_NEW),
        password.ROTATE_ROOT_PASSWORD.step(password.VERIFY_CHANGE),
        Step(id=RECOVERY_LOGGED, kind=StepKind.CHECK, title="Verify CloudTrail recorded the recovery",
             check=RootConsoleEventSince("PasswordRecoveryRequested"), checks=(REQUEST_RESET,), optional=True),
        Step(id=PASSWORD_RECOVERED, kind=StepKind.ATTEST, title="The custodian and a witness confirm the recovery",
             needs_witness=True,
             verifies=("The operator and {custodian} confirm that the root password of account {account_id} was reset "
                       "from the root mailbox during this ceremony and that {custodian} holds it; the witness "
                       "confirms seeing it done. " + RESEAL)),
    ),
)

RECOVERY_RUNBOOKS: tuple[Runbook, ...] = (RECOVER_LOST_ROOT_MFA, RECOVER_FORGOTTEN_ROOT_PASSWORD)
