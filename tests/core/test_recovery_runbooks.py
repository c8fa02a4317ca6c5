"""The two break-glass walkthroughs as data, and their library checks on a fake reader: each
check's pass, a failure that says what to do, and what it cannot see claims nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from rootkeeper.core.account_reading import RootMfaReading, UnreadableAccount
from rootkeeper.core.checks import (
    PrimaryPhonePresent,
    RootConsoleEventSince,
    RootMailboxHeld,
    RootMfaDeviceGone,
)
from rootkeeper.core.contact_information import PrimaryContact
from rootkeeper.core.custodians import Custodian, Roster
from rootkeeper.core.posture import MfaKind, RootMfaDevice
from rootkeeper.core.runbook import StepKind, unverified_manual_steps
from rootkeeper.core.runbooks import RUNBOOKS, custodians, mfa, recovery
from rootkeeper.core.runbooks import root_password as password

SINCE = datetime(2025, 3, 14, 9, 26, tzinfo=UTC)
ANA_DEVICE = "arn:aws:iam::314159265358:mfa/ana-root-mfa"


def _contact(phone: str) -> PrimaryContact:
    return PrimaryContact("Dana Reyes", "1 Main St", "Seattle", "98101", "US", phone)


@dataclass
class Reader:
    contact: Any = None
    roster_held: Roster = field(default_factory=Roster)
    virtual: tuple[str, ...] = ()
    events: Any = ()

    def primary_contact(self):
        return self.contact

    def roster(self):
        return self.roster_held

    def root_mfa(self):
        devices = tuple(RootMfaDevice(serial, MfaKind.VIRTUAL) for serial in self.virtual)
        return RootMfaReading(bool(devices), devices)

    def root_console_events(self, event_name, since):
        if isinstance(self.events, Exception):
            raise self.events
        return list(self.events)


def test_both_walkthroughs_are_console_only_incidents_ending_with_a_witness():
    for runbook in recovery.RECOVERY_RUNBOOKS:
        assert RUNBOOKS[runbook.id] is runbook
        assert runbook.incident and runbook.console_only and runbook.waivable
        assert runbook.steps[-1].kind is StepKind.ATTEST and runbook.steps[-1].needs_witness
        assert "reseal-after-break-glass" in runbook.steps[-1].verifies
        assert unverified_manual_steps(runbook) == []


def test_the_lost_mfa_walkthrough_checks_before_the_console_and_reuses_root_mfa_steps():
    runbook = recovery.RECOVER_LOST_ROOT_MFA
    ids = [step.id for step in runbook.steps]
    assert ids.index(recovery.CHECK_PHONE) < ids.index(recovery.CHECK_MAILBOX) < ids.index(recovery.TROUBLESHOOT)
    assert ids.index(recovery.VERIFY_EMAIL) < ids.index(recovery.VERIFY_PHONE) < ids.index(recovery.REMOVE_LOST)
    for step_id in (mfa.REVIEW_ROOT_DEVICES, mfa.ASSIGN_IN_CONSOLE, mfa.VERIFY_ROOT_MFA, mfa.CUSTODIAN_ATTESTS):
        assert runbook.step(step_id) is mfa.ROOT_MFA.step(step_id)  # the same objects: panels and plays follow
    assert runbook.step(custodians.ATTRIBUTE_DEVICE) is custodians.CUSTODIAN_ONBOARD.step(custodians.ATTRIBUTE_DEVICE)
    assert isinstance(runbook.step(recovery.CHECK_PHONE).check, PrimaryPhonePresent)
    assert runbook.step(recovery.LOST_GONE).checks == (recovery.REMOVE_LOST,)


def test_the_password_walkthrough_reuses_generation_sign_in_and_verification():
    runbook = recovery.RECOVER_FORGOTTEN_ROOT_PASSWORD
    for step_id in (password.REVIEW_PASSWORD, password.GENERATE_PASSWORD, password.SIGN_IN_WITH_NEW,
                    password.VERIFY_CHANGE):
        assert runbook.step(step_id) is password.ROTATE_ROOT_PASSWORD.step(step_id)
    assert runbook.step(recovery.RECOVERY_LOGGED).checks == (recovery.REQUEST_RESET,)
    assert runbook.step(recovery.RECOVERY_LOGGED).optional  # unreadable CloudTrail may be waived, with a reason
    assert runbook.step(recovery.CHECK_MAILBOX) is recovery.RECOVER_LOST_ROOT_MFA.step(recovery.CHECK_MAILBOX)


def test_the_primary_phone_check_passes_with_a_phone_and_names_it():
    outcome = PrimaryPhonePresent().evaluate(Reader(contact=_contact("+1 206 555 0100")), {})
    assert outcome.ok and outcome.facts == {"recovery_phone": "+1 206 555 0100"}
    missing = PrimaryPhonePresent().evaluate(Reader(contact=None), {})
    assert not missing.ok and "PutContactInformation" in missing.message
    unreadable = PrimaryPhonePresent().evaluate(UnreadableAccount("no session"), {})
    assert not unreadable.ok and unreadable.evidence == {"checked": False}


def test_the_mailbox_check_names_the_holders_or_says_what_to_do():
    roster = Roster((Custodian("Ana Lima", "2024-01-01", mailbox_member=True), Custodian("Ben Okafor", "2024-01-01"),
                     Custodian("Old Hand", "2020-01-01", mailbox_member=True, removed=True)))
    held = RootMailboxHeld().evaluate(Reader(roster_held=roster), {})
    assert held.ok and held.facts["mailbox_holders"] == ["Ana Lima"]
    nobody = RootMailboxHeld().evaluate(Reader(roster_held=Roster((Custodian("Ben Okafor", "2024-01-01"),))), {})
    assert not nobody.ok and "custodian-onboard" in nobody.message and "waive" in nobody.message


def test_the_lost_device_check_sees_virtual_devices_and_claims_nothing_of_hardware():
    check = RootMfaDeviceGone()
    assert check.evaluate(Reader(virtual=("arn:aws:iam::314159265358:mfa/new",)), {"lost_serial": ANA_DEVICE}).ok
    still = check.evaluate(Reader(virtual=(ANA_DEVICE,)), {"lost_serial": ANA_DEVICE})
    assert not still.ok and "still has" in still.message
    hardware = check.evaluate(Reader(), {"lost_serial": "GAHT12345678"})
    assert not hardware.ok and hardware.evidence_kind.value == "none" and "cannot be verified" in hardware.message


def test_the_cloudtrail_check_finds_the_event_or_says_it_is_not_there_yet():
    from rootkeeper.core.errors import AccessDeniedError

    check = RootConsoleEventSince("PasswordRecoveryRequested")
    found = check.evaluate(Reader(events=[SINCE]), {"since": SINCE.isoformat()})
    assert found.ok and found.evidence["found"] == 1
    none = check.evaluate(Reader(events=[]), {"since": SINCE.isoformat()})
    assert not none.ok and "15 minutes" in none.message
    denied = check.evaluate(Reader(events=AccessDeniedError("denied")), {"since": SINCE.isoformat()})
    assert not denied.ok and denied.evidence_kind.value == "none"
