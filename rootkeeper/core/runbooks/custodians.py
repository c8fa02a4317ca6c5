"""Onboard and offboard a root custodian: the people who hold the root user's factors (an MFA
device, the password vault, the root mailbox's distribution list, the recovery phone).

Offboarding names the leaving custodian ``leaver``: ``custodian`` is, in the password
rotation it runs, who holds the new password. Both are mostly data on the runbook design:
they reuse the steps of ``root-mfa`` (a custodian registers their own root MFA device,
console-guided) and of ``rotate-root-password`` (run as part of offboarding) as they are:
the same step objects, so the same panels, rehearsal console plays and library checks serve
them. They add roster changes (signed journal entries, see core/custodians.py),
attestations and a witness's sign-off. The review is a checklist
(core/runbooks/checklists.py).
"""

from __future__ import annotations

from typing import Any, Mapping

from rootkeeper.core.checks import CustodianDevicesGone, NoAlternateContactNames, NoRootAccessKeys
from rootkeeper.core.runbook import Confirmation, History, Requirement, Runbook, Step, StepKind
from rootkeeper.core.runbooks import mfa
from rootkeeper.core.runbooks import root_password as password

ADD_TO_ROSTER = "add-to-roster"
ATTRIBUTE_DEVICE = "attribute-device"
ENROLL_WITNESS = "enroll-witness-key"
ACKNOWLEDGE_DUTIES = "acknowledge-duties"
CONFIRM_MAILBOX = "confirm-mailbox-and-vault"
RECORD_FACTORS = "record-factors"
SIGN_OFF = "witness-sign-off"
REMOVE_ADDED = "remove-added-custodian"  # the undo of ADD_TO_ROSTER
RELEASE_DEVICE = "release-attributed-device"  # the undo of ATTRIBUTE_DEVICE

CHOOSE_LEAVER = "choose-leaving-custodian"
REMOVE_MEMBER_DEVICES = "remove-member-devices"
REMOVE_DEVICES = "remove-devices-in-console"
DEVICES_GONE = "verify-devices-gone"
LEAVE_MAILBOX = "leave-root-mailbox"
CHANGE_PHONE = "change-primary-phone"
REPLACE_CONTACTS = "replace-their-contacts"
CONTACTS_NOT_THEIRS = "verify-no-contact-names-them"
NO_KEYS = "verify-no-root-keys"
REMOVE_FROM_ROSTER = "remove-from-roster"

DUTIES = ("{custodian} confirms they hold a factor of the root user of account {account_id} and will keep it "
          "apart from any other, use it only in a journaled ceremony with a witness, report its loss at once, and "
          "hand it back when they leave.")


def _unless(reason: str, needed: str):
    def rule(facts: Mapping[str, Any], history: History) -> str | None:
        return None if facts.get(needed) else reason
    return rule


CUSTODIAN_ONBOARD = Runbook(
    id="custodian-onboard",
    title="Onboard a root custodian",
    summary=("Add a person to the roster of root custodians: they register their own root MFA device in the "
             "console, which is attributed to them; enroll their witness key; acknowledge their duties; and a "
             "witness signs off."),
    requirement=Requirement.IAM_READ,
    fixes=("custodian-count",),
    console_only=True,
    steps=(
        mfa.ROOT_MFA.step(mfa.REVIEW_ROOT_DEVICES),
        Step(id=ADD_TO_ROSTER, kind=StepKind.ACTION, title="Add the custodian to the roster",
             inputs=("email",), confirmation=Confirmation.YES_NO, undo=REMOVE_ADDED,
             verifies=("The signed journal's roster lists {custodian}, with the email given, as a root custodian of "
                       "{account_id}.")),
        mfa.ROOT_MFA.step(mfa.ASSIGN_IN_CONSOLE),
        mfa.ROOT_MFA.step(mfa.VERIFY_ROOT_MFA),
        Step(id=ATTRIBUTE_DEVICE, kind=StepKind.ACTION, title="Attribute the new device to the custodian",
             undo=RELEASE_DEVICE,
             verifies="The roster attributes the root MFA device just verified to {custodian}."),
        Step(id=ENROLL_WITNESS, kind=StepKind.ACTION,
             title="Enroll the custodian's witness key (`rootkeeper witness enroll` on their machine)",
             inputs=("witness_public_key",),
             instructions=("On their own machine, {custodian} runs `rootkeeper witness enroll` and reads out (or "
                           "sends) the public key it prints.",),
             verifies="The roster holds the Ed25519 public key {custodian} will co-sign ceremonies with."),
        Step(id=ACKNOWLEDGE_DUTIES, kind=StepKind.ATTEST, title="The custodian acknowledges their duties",
             verifies=DUTIES),
        Step(id=CONFIRM_MAILBOX, kind=StepKind.ATTEST, title="Confirm the mailbox and the password vault",
             verifies=("The operator and {custodian} confirm that {custodian} is a member of the root mailbox's "
                       "distribution list and can open the root password's vault entry.")),
        Step(id=RECORD_FACTORS, kind=StepKind.ACTION, title="Record the factors on the roster",
             verifies="The roster records that {custodian} is on the root mailbox's list and can open the vault."),
        Step(id=SIGN_OFF, kind=StepKind.ATTEST, title="A witness signs off", needs_witness=True,
             verifies="A witness confirms seeing {custodian} onboarded as a root custodian of account {account_id}."),
    ),
)

CUSTODIAN_OFFBOARD = Runbook(
    id="custodian-offboard",
    title="Offboard a root custodian",
    summary=("When a custodian leaves: remove each MFA device they hold, rotate the root password, take them "
             "off the root mailbox, change the primary phone if it was theirs, check no root access key "
             "remains, and take them off the roster; a witness signs off, waivers included."),
    requirement=Requirement.IAM_READ,
    fixes=("root-mfa-attributed",),
    console_only=True,
    waivable=True,
    steps=(
        Step(id=CHOOSE_LEAVER, kind=StepKind.CHECK, title="Choose the custodian who leaves", inputs=("leaver",),
             verifies="The custodian named is a current custodian on the roster; lists the factors they hold."),
        Step(id=REMOVE_MEMBER_DEVICES, kind=StepKind.ACTION, title="Remove their devices on member accounts, by API",
             confirmation=Confirmation.YES_NO, optional=True,
             skip_when=_unless("The leaver holds no device on a member account's root.", "member_devices"),
             verifies=("For each member account, AssumeRoot with IAMDeleteRootUserCredentials deactivated and "
                       "deleted the leaver's root MFA device ({member_devices_text}), and ListMFADevices no "
                       "longer shows it.")),
        Step(id=REMOVE_DEVICES, kind=StepKind.MANUAL, title="Remove their MFA devices in the AWS console",
             instructions=(
                 "Sign in to the AWS console as the root user of account {account_id}.",
                 "Open the account menu (top right) and choose 'Security credentials'.",
                 "Under 'Multi-factor authentication (MFA)', select each device of {leaver} "
                 "({their_devices_text}) and choose 'Remove'; confirm.",
                 "Check that the list no longer shows their devices, then sign out of the console.",
             ),
             verifies="The operator reports having removed the custodian's MFA devices in the console.",
             optional=True, api_visible=True,
             skip_when=_unless("The roster attributes no device on this account's root to the leaver.",
                               "their_devices")),
        Step(id=DEVICES_GONE, kind=StepKind.CHECK, title="Verify their devices are gone",
             check=CustodianDevicesGone(custodian_fact="leaver"), checks=(REMOVE_DEVICES,)),
        *password.ROTATE_ROOT_PASSWORD.steps,
        Step(id=LEAVE_MAILBOX, kind=StepKind.ATTEST, title="Take them off the root mailbox", optional=True,
             verifies="The operator confirms {leaver} is no longer on the root mailbox's distribution list."),
        Step(id=CHANGE_PHONE, kind=StepKind.ACTION, title="Change the account's primary phone",
             inputs=("new_phone",), confirmation=Confirmation.YES_NO, optional=True,
             skip_when=_unless("The account's primary phone is not the leaving custodian's.", "phone_is_theirs"),
             verifies=("PutContactInformation set the primary contact phone of {account_id} to the number given, "
                       "and GetContactInformation reads it back.")),
        Step(id=REPLACE_CONTACTS, kind=StepKind.ACTION, title="Replace the alternate contacts that name them",
             inputs=("name", "title", "email", "phone"), confirmation=Confirmation.YES_NO, optional=True,
             skip_when=_unless("No alternate contact names the leaving custodian.", "contacts_naming"),
             verifies=("PutAlternateContact replaced each alternate contact of {account_id} that named {leaver} "
                       "({contacts_naming_text}) with the contact given.")),
        Step(id=CONTACTS_NOT_THEIRS, kind=StepKind.CHECK, title="Verify no alternate contact names them",
             check=NoAlternateContactNames(custodian_fact="leaver"), checks=(REPLACE_CONTACTS,)),
        Step(id=NO_KEYS, kind=StepKind.CHECK, title="Verify that no root access key exists",
             check=NoRootAccessKeys(), optional=True),
        Step(id=REMOVE_FROM_ROSTER, kind=StepKind.ACTION, title="Take them off the roster",
             confirmation=Confirmation.YES_NO,
             verifies="The signed journal's roster no longer lists {leaver}."),
        Step(id=SIGN_OFF, kind=StepKind.ATTEST, title="A witness signs off", needs_witness=True,
             verifies=("A witness confirms seeing {leaver} offboarded: every item done, or left undone with its "
                       "reason journaled.")),
    ),
)
