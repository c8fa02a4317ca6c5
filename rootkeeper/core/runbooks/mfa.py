"""The two virtual-MFA runbooks: by API for IAM break-glass users, console-guided for root.

AWS offers no API to assign an MFA device to the root user, so ``root-mfa`` shows the
console steps one at a time, then verifies by API what can be verified and records the
custodian's attestation for the rest.
"""

from __future__ import annotations

from typing import Any, Mapping

from rootkeeper.core.checks import MfaDevicePresent, RootMfaOn
from rootkeeper.core.totp import otpauth_uri
from rootkeeper.core.runbook import Requirement, Runbook, Step, StepKind

# Step ids the aws/ and ui/ handlers bind to; named here so that a typo is an ImportError.
CHOOSE_USER = "choose-user"
CREATE_DEVICE = "create-device"
SCAN_QR = "scan-qr"
ENABLE_DEVICE = "enable-device"
VERIFY_ASSIGNED = "verify-assigned"
CUSTODIAN_ATTESTS = "custodian-attests"
DELETE_UNASSIGNED_VIRTUAL_MFA = "delete-unassigned-virtual-mfa"  # the undo of CREATE_DEVICE

REVIEW_ROOT_DEVICES = "review-root-devices"
ASSIGN_IN_CONSOLE = "assign-in-console"
VERIFY_ROOT_MFA = "verify-root-mfa"

SEED = "seed"  # the Base32 seed CreateVirtualMFADevice returns: in memory only
CODE_1 = "code_1"
CODE_2 = "code_2"

IAM_USER_VIRTUAL_MFA = Runbook(
    id="iam-user-virtual-mfa",
    title="Assign a virtual MFA device to an IAM user",
    summary=("Create a virtual MFA device for an IAM break-glass user, show its QR code here, "
             "check two consecutive codes locally, enable it, and tie it to a named custodian."),
    requirement=Requirement.IAM_ADMIN,
    steps=(
        Step(
            id=CHOOSE_USER, kind=StepKind.CHECK,
            title="Choose the IAM user and the device's custodian",
            inputs=("user_name", "custodian"),
            verifies="The IAM user named here exists and has no MFA device yet.",
        ),
        Step(
            id=CREATE_DEVICE, kind=StepKind.ACTION,
            title="Create the virtual MFA device",
            verifies="IAM created an unassigned virtual MFA device and returned its serial number.",
            undo=DELETE_UNASSIGNED_VIRTUAL_MFA, undo_superseded_by=ENABLE_DEVICE,
            produces_secrets=(SEED,),
        ),
        Step(
            id=SCAN_QR, kind=StepKind.MANUAL,
            title="Scan the QR code with the authenticator app",
            instructions=(
                "Open the authenticator app on {custodian}'s phone and choose to add an account.",
                "Scan the QR code shown here. If the camera cannot read it, reveal the secret key "
                "and type it in instead.",
                "Check that the app now shows a six-digit code for {user_name}.",
            ),
            verifies="The operator reports that the custodian's authenticator app shows a code for the device.",
            uses_secrets=(SEED,),
            api_visible=False,  # the app is on a phone: the next step's two codes prove it holds the seed
        ),
        Step(
            id=ENABLE_DEVICE, kind=StepKind.ACTION,
            title="Enter two consecutive codes, then enable the device",
            instructions=("Type the code the app shows, wait for the next one, and type it too.",),
            verifies=("Both codes match the seed in two consecutive 30-second windows (checked "
                      "locally), and IAM EnableMFADevice accepted them."),
            secret_inputs=(CODE_1, CODE_2), uses_secrets=(SEED,),
        ),
        Step(
            id=VERIFY_ASSIGNED, kind=StepKind.CHECK,
            title="Verify the device is assigned",
            verifies="ListMFADevices shows the device {serial} assigned to {user_name}.",
            checks=(ENABLE_DEVICE,), check=MfaDevicePresent(),
        ),
        Step(
            id=CUSTODIAN_ATTESTS, kind=StepKind.ATTEST,
            title="The custodian confirms they hold the device",
            verifies="{custodian} confirms they hold the authenticator holding the MFA device of {user_name}.",
        ),
    ),
)

ROOT_MFA = Runbook(
    id="root-mfa",
    title="Assign a virtual MFA device to the root user",
    summary=("AWS offers no API for this: rootkeeper guides the console steps one at a time, "
             "then verifies the root user's MFA by API and records the custodian's attestation."),
    requirement=Requirement.IAM_READ,
    remedies=("IAM.9",),  # Security Hub IAM.9 / CIS: MFA should be enabled for the root user
    fixes=("root-mfa", "root-hardware-mfa"),
    console_only=True,
    steps=(
        Step(
            id=REVIEW_ROOT_DEVICES, kind=StepKind.CHECK,
            title="Review the root user's MFA devices and name the custodian",
            inputs=("custodian", "device_name"),
            verifies=("Lists the root user's current MFA devices and that one of its 8 device "
                      "slots is free."),
        ),
        Step(
            id=ASSIGN_IN_CONSOLE, kind=StepKind.MANUAL,
            title="Assign the device in the AWS console",
            instructions=(
                "Sign in to the AWS console as the root user of account {account_id}: choose "
                "'Root user' and enter the root email address and password.",
                "Open the account menu (top right) and choose 'Security credentials'.",
                "Under 'Multi-factor authentication (MFA)', choose 'Assign MFA device'.",
                "Name the device '{device_name}'.",
                "Choose 'Authenticator app', then 'Next'.",
                "Choose 'Show QR code' and scan it with the authenticator app on "
                "{custodian}'s phone.",
                "Type the code the app shows in 'MFA code 1', wait for the next code, and type "
                "it in 'MFA code 2'.",
                "Choose 'Add MFA'. The console lists the new device; sign out of the console.",
            ),
            verifies="The operator reports having assigned the device in the console.",
            api_visible=True,
        ),
        Step(
            id=VERIFY_ROOT_MFA, kind=StepKind.CHECK,
            title="Verify the root user's MFA",
            verifies=("GetAccountSummary reports AccountMFAEnabled = 1, and ListVirtualMFADevices "
                      "shows whether the device is virtual (a User.Arn ending in ':root')."),
            checks=(ASSIGN_IN_CONSOLE,),
            check=RootMfaOn(device_fact="device_name", enabled_before_fact="root_mfa_enabled_before"),
        ),
        Step(
            id=CUSTODIAN_ATTESTS, kind=StepKind.ATTEST,
            title="The custodian confirms they hold the device",
            verifies="{custodian} confirms they hold the root MFA device '{device_name}' of account {account_id}.",
        ),
    ),
)

ISSUER = "rootkeeper"  # the name authenticator apps show above the account


def device_otpauth_uri(seed_b32: str, facts: Mapping[str, Any]) -> str:
    """The otpauth:// URI the UI draws as a QR code for the device of a running ceremony."""
    return otpauth_uri(seed_b32, account_label=str(facts.get("account_id", "")),
                       user=str(facts.get("user_name", "")), issuer=ISSUER)
