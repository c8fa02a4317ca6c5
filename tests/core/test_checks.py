"""The reusable checks (core/checks/), pure: a fake AccountReader, and for each check a pass,
a failure that says what AWS holds, and an account that cannot be read."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from rootkeeper.core.account_reading import RootKeysPresent, RootMfaReading, Unreadable, UnreadableAccount
from rootkeeper.core.checks import (Check, ContactEquals, MfaDeviceGone, MfaDevicePresent, NoRootAccessKeys,
                                    PasswordChangedAfter, RootMfaOn, RuleMatchesEvent, StaleReport,
                                    check_handler)
from rootkeeper.core.errors import AccessDeniedError, NotFoundError
from rootkeeper.core.posture import AlternateContact, ContactType, MfaKind, RootCredentialRow, RootMfaDevice
from rootkeeper.core.step_contract import Evidence, StepContext, StepOutcome

ACCOUNT = "314159265358"
MEMBER = "314159265401"
SINCE = datetime(2025, 3, 14, 9, 26, 0, 500_000, tzinfo=timezone.utc)
SERIAL = f"arn:aws:iam::{ACCOUNT}:mfa/breakglass-20250314T092600Z"
ROOT_SERIAL = f"arn:aws:iam::{ACCOUNT}:mfa/root-phone"
CONTACT = {"name": "Mia Chen", "title": "CISO", "email": "security@acme.example", "phone": "+1 206 555 0199"}


def _row(**changes: Any) -> RootCredentialRow:
    row = RootCredentialRow(arn=f"arn:aws:iam::{ACCOUNT}:root", created=SINCE - timedelta(days=900),
                            password_enabled=None, password_last_used=SINCE - timedelta(days=200),
                            password_last_changed=None, mfa_active=False, access_keys=(), cert_1_active=False,
                            cert_2_active=False, report_generated=SINCE + timedelta(minutes=5))
    return replace(row, **changes)


@dataclass
class FakeReader:
    """What the account holds; an exception in a field is raised by its read."""

    keys: Any = field(default_factory=lambda: RootKeysPresent(0))
    mfa: Any = field(default_factory=lambda: RootMfaReading(False))
    user_serials: dict[str, Any] = field(default_factory=dict)
    contacts: dict[tuple[str, str | None], AlternateContact] = field(default_factory=dict)
    row: Any = field(default_factory=_row)
    present: Any = True
    # what TestEventPattern answers, by the sample event's userIdentity.type
    matches: Any = field(default_factory=lambda: {"Root": True, "IAMUser": False})
    reads: list[str] = field(default_factory=list)

    def _answer(self, what: str, value: Any) -> Any:
        self.reads.append(what)
        if isinstance(value, Exception):
            raise value
        return value

    def root_access_keys_present(self) -> RootKeysPresent:
        return self._answer("keys", self.keys)

    def root_mfa(self) -> RootMfaReading:
        return self._answer("mfa", self.mfa)

    def user_mfa_serials(self, user: str) -> tuple[str, ...]:
        return self._answer("user", self.user_serials.get(user, NotFoundError(f"There is no IAM user {user!r}.")))

    def alternate_contact(self, contact_type: ContactType, account_id: str | None = None) -> AlternateContact | None:
        return self._answer(f"contact {account_id}", self.contacts.get((contact_type.value, account_id)))

    def root_credential_row(self) -> RootCredentialRow:
        return self._answer("row", self.row)

    def password_present(self) -> bool | None:
        return self._answer("present", self.present)

    def rule_matches_event(self, rule: str, event: dict[str, Any]) -> bool:
        if isinstance(self.matches, Exception):
            return self._answer(f"rule {rule}", self.matches)
        return self._answer(f"rule {rule}", self.matches[event["detail"]["userIdentity"]["type"]])


def _contact(values: dict[str, str], contact_type: str = "SECURITY") -> AlternateContact:
    return AlternateContact(ContactType(contact_type), **values)


def _fails(outcome: StepOutcome) -> StepOutcome:
    assert not outcome.ok and outcome.evidence_kind is not Evidence.VERIFIED
    return outcome


def _passes(outcome: StepOutcome) -> StepOutcome:
    assert outcome.ok and outcome.evidence_kind is Evidence.VERIFIED
    return outcome


UNREADABLE = "The root session ended when its own key was deleted. Connect as an IAM identity, then check again."
ALL_CHECKS: list[tuple[Check, dict[str, Any]]] = [
    (NoRootAccessKeys(), {"account_id": ACCOUNT}),
    (RootMfaOn(), {}),
    (MfaDevicePresent(), {"user_name": "breakglass", "serial": SERIAL}),
    (MfaDeviceGone(), {"user_name": "breakglass", "serial": SERIAL}),
    (ContactEquals(), {"account_id": ACCOUNT, "contact_type": "SECURITY", "after": CONTACT}),
    (PasswordChangedAfter(), {"since": SINCE.isoformat()}),
    (RuleMatchesEvent(), {"account_id": ACCOUNT, "alert_rule": "rootkeeper-root-activity"}),
]


@pytest.mark.parametrize(("check", "facts"), ALL_CHECKS, ids=lambda value: type(value).__name__)
def test_an_account_that_cannot_be_read_fails_saying_why_and_claims_nothing(check, facts):
    outcome = _fails(check.evaluate(UnreadableAccount(UNREADABLE), facts))
    assert outcome.message == UNREADABLE and outcome.evidence == {"checked": False}
    assert outcome.evidence_kind is None  # a failure: the journal says "none"


@pytest.mark.parametrize(("check", "facts"), ALL_CHECKS, ids=lambda value: type(value).__name__)
def test_a_read_aws_refuses_propagates_as_the_gateway_raised_it(check, facts):
    denied = AccessDeniedError("This identity may not read it.")
    reader = FakeReader(keys=denied, mfa=denied, user_serials={"breakglass": denied}, row=denied, present=denied,
                        matches=denied)
    reader.contacts = {("SECURITY", None): denied}  # type: ignore[dict-item]
    with pytest.raises(AccessDeniedError):
        check.evaluate(reader, facts)


@pytest.mark.parametrize(("check", "facts"), ALL_CHECKS, ids=lambda value: type(value).__name__)
def test_every_check_is_a_frozen_dataclass_that_describes_itself_without_facts(check, facts):
    with pytest.raises(AttributeError):
        check.some_field = 1
    assert check == type(check)() and hash(check) == hash(type(check)())
    assert check.describe({}) and "{" not in check.describe(facts)


# -- NoRootAccessKeys -----------------------------------------------------------------------

def test_no_root_access_keys_passes_on_zero_and_says_what_was_read():
    check = NoRootAccessKeys()
    outcome = _passes(check.evaluate(FakeReader(keys=RootKeysPresent(0, "another-identity")), {"account_id": ACCOUNT}))
    assert outcome.message == f"AccountAccessKeysPresent = 0: the root user of account {ACCOUNT} has no access keys."
    assert outcome.evidence == {"account_access_keys_present": 0, "checked_with": "another-identity"}
    assert check.describe({"account_id": ACCOUNT}) == (
        f"GetAccountSummary reports AccountAccessKeysPresent = 0 for account {ACCOUNT}.")


def test_a_remaining_root_key_fails_naming_how_it_was_counted():
    facts = {"account_id": ACCOUNT}
    summary = _fails(NoRootAccessKeys().evaluate(FakeReader(keys=RootKeysPresent(1)), facts))
    assert summary.message == (f"AccountAccessKeysPresent = 1: a root access key remains in account {ACCOUNT}. "
                               "Delete it (in the console if needed), then check again.")
    listed = _fails(NoRootAccessKeys().evaluate(
        FakeReader(keys=RootKeysPresent(2, "list-access-keys", by_listing=True)), facts))
    assert listed.message.startswith("Root access keys = 2: a root access key remains")
    assert listed.evidence == {"account_access_keys_present": 2, "checked_with": "list-access-keys"}


def test_the_account_fact_is_a_parameter():
    outcome = NoRootAccessKeys(account_fact="target_account_id").evaluate(FakeReader(), {"target_account_id": MEMBER})
    assert MEMBER in outcome.message


# -- RootMfaOn ----------------------------------------------------------------------------------

def _root_mfa(*serials: str, enabled: bool = True) -> FakeReader:
    return FakeReader(mfa=RootMfaReading(enabled, tuple(RootMfaDevice(s, MfaKind.VIRTUAL) for s in serials)))


def test_root_mfa_off_fails_whatever_is_asked():
    for check in (RootMfaOn(), RootMfaOn(virtual=True), RootMfaOn(virtual=False)):
        outcome = _fails(check.evaluate(_root_mfa(enabled=False), {}))
        assert outcome.message == ("AWS does not show MFA on the root user yet (GetAccountSummary "
                                   "AccountMFAEnabled = 0): finish the console steps, then check again.")
        assert outcome.evidence == {"account_mfa_enabled": 0}


def test_root_mfa_with_the_named_virtual_device_passes_and_gives_its_serial():
    check = RootMfaOn(device_fact="device_name", enabled_before_fact="root_mfa_enabled_before")
    outcome = _passes(check.evaluate(_root_mfa("arn:aws:iam::1:mfa/other", ROOT_SERIAL), {"device_name": "root-phone"}))
    assert outcome.message == (f"AccountMFAEnabled = 1, and the virtual MFA device {ROOT_SERIAL} is assigned to "
                               "the root user.")
    assert outcome.evidence == {"account_mfa_enabled": 1, "device_is_virtual": True, "root_virtual_devices": 2,
                                "serial": ROOT_SERIAL}
    assert outcome.facts == {"serial": ROOT_SERIAL}


def test_root_mfa_newly_on_without_the_named_device_passes_as_hardware_or_another_name():
    check = RootMfaOn(device_fact="device_name", enabled_before_fact="root_mfa_enabled_before")
    facts = {"device_name": "root-phone", "root_mfa_enabled_before": False}
    outcome = _passes(check.evaluate(_root_mfa(), facts))
    assert outcome.message == ("AccountMFAEnabled = 1, but no virtual device named 'root-phone' is assigned to the "
                               "root user: the device assigned is a hardware key or a passkey, or was given another "
                               "name.")
    assert outcome.evidence == {"account_mfa_enabled": 1, "device_is_virtual": False, "root_virtual_devices": 0}
    assert not outcome.facts


def test_root_mfa_that_was_already_on_without_the_named_device_fails():
    check = RootMfaOn(device_fact="device_name", enabled_before_fact="root_mfa_enabled_before")
    facts = {"device_name": "root-phone", "root_mfa_enabled_before": True}
    outcome = _fails(check.evaluate(_root_mfa("arn:aws:iam::1:mfa/old-phone"), facts))
    assert outcome.message == ("The root user already had MFA, and no virtual device named 'root-phone' is assigned "
                               "to it: check the name given in the console, then check again.")


def test_root_mfa_asked_virtual_fails_when_no_virtual_device_shows():
    outcome = _fails(RootMfaOn(virtual=True).evaluate(_root_mfa(), {}))
    assert "no virtual MFA device is assigned to the root user" in outcome.message
    assert _passes(RootMfaOn(virtual=True).evaluate(_root_mfa(ROOT_SERIAL), {})).evidence["serial"] == ROOT_SERIAL


def test_root_mfa_asked_hardware_fails_on_a_virtual_device_and_passes_without_one():
    outcome = _fails(RootMfaOn(virtual=False).evaluate(_root_mfa(ROOT_SERIAL), {}))
    assert f"{ROOT_SERIAL} is a virtual MFA device" in outcome.message and "hardware key" in outcome.message
    passed = _passes(RootMfaOn(virtual=False).evaluate(_root_mfa(), {}))
    assert passed.evidence == {"account_mfa_enabled": 1, "device_is_virtual": False, "root_virtual_devices": 0}
    assert "hardware key or a passkey" in RootMfaOn(virtual=False).describe({})


# -- MfaDevicePresent / MfaDeviceGone --------------------------------------------------------------

USER_FACTS = {"user_name": "breakglass", "serial": SERIAL}


def test_an_assigned_device_is_present():
    outcome = _passes(MfaDevicePresent().evaluate(FakeReader(user_serials={"breakglass": (SERIAL,)}), USER_FACTS))
    assert outcome.message == f"ListMFADevices shows {SERIAL} assigned to breakglass."
    assert outcome.evidence == {"serial": SERIAL, "user": "breakglass", "assigned": True, "user_mfa_devices": 1}
    assert MfaDevicePresent().describe(USER_FACTS) == f"ListMFADevices shows the device {SERIAL} assigned to breakglass."


def test_a_device_not_listed_is_not_present():
    outcome = _fails(MfaDevicePresent().evaluate(FakeReader(user_serials={"breakglass": ()}), USER_FACTS))
    assert outcome.message == f"ListMFADevices does not show {SERIAL} assigned to breakglass: check again in a few seconds."
    assert outcome.evidence == {"assigned": False}


def test_a_device_of_a_missing_user_is_not_present_and_the_error_says_so():
    with pytest.raises(NotFoundError):
        MfaDevicePresent().evaluate(FakeReader(), USER_FACTS)


def test_device_gone_is_the_opposite_and_a_deleted_user_holds_nothing():
    still = _fails(MfaDeviceGone().evaluate(FakeReader(user_serials={"breakglass": (SERIAL,)}), USER_FACTS))
    assert still.message.startswith(f"ListMFADevices still shows {SERIAL} assigned to breakglass")
    gone = _passes(MfaDeviceGone().evaluate(FakeReader(user_serials={"breakglass": ("other",)}), USER_FACTS))
    assert gone.evidence == {"serial": SERIAL, "user": "breakglass", "assigned": False, "user_mfa_devices": 1}
    no_user = _passes(MfaDeviceGone().evaluate(FakeReader(), USER_FACTS))
    assert no_user.evidence["user_exists"] is False


def test_the_user_and_serial_facts_are_parameters():
    check = MfaDevicePresent(user_fact="leaver", serial_fact="leaver_serial")
    facts = {"leaver": "dana", "leaver_serial": SERIAL}
    assert _passes(check.evaluate(FakeReader(user_serials={"dana": (SERIAL,)}), facts)).evidence["user"] == "dana"
    assert check.describe({}) == "ListMFADevices shows the device {leaver_serial} assigned to {leaver}."


# -- ContactEquals ------------------------------------------------------------------------------

def _contact_facts(expected: Any, target: str = ACCOUNT) -> dict[str, Any]:
    return {"account_id": ACCOUNT, "target_account_id": target, "contact_type": "SECURITY", "after": expected}


def test_the_contact_aws_holds_equal_to_the_expected_passes():
    reader = FakeReader(contacts={("SECURITY", None): _contact(CONTACT)})
    outcome = _passes(ContactEquals(account_fact="target_account_id").evaluate(reader, _contact_facts(CONTACT)))
    assert outcome.message == (f"AWS now holds Mia Chen, CISO <security@acme.example> +1 206 555 0199 as the "
                               f"SECURITY contact of account {ACCOUNT}.")
    assert outcome.evidence == {"holds": CONTACT, "expected": CONTACT, "matches": True}
    assert ContactEquals().describe({"contact_type": "SECURITY"}) == (
        "GetAlternateContact returns exactly the SECURITY contact written.")


def test_a_member_accounts_contact_is_read_by_its_id():
    reader = FakeReader(contacts={("SECURITY", MEMBER): _contact(CONTACT)})
    outcome = _passes(ContactEquals(account_fact="target_account_id").evaluate(reader, _contact_facts(CONTACT, MEMBER)))
    assert reader.reads == [f"contact {MEMBER}"] and outcome.message.endswith(f"of account {MEMBER}.")


def test_a_different_contact_fails_saying_what_aws_holds():
    reader = FakeReader(contacts={("SECURITY", None): _contact({**CONTACT, "phone": "+1 206 555 0100"})})
    outcome = _fails(ContactEquals().evaluate(reader, _contact_facts(CONTACT)))
    assert outcome.message == ("AWS now holds Mia Chen, CISO <security@acme.example> +1 206 555 0100 as the SECURITY "
                               "contact, not what was written: check again in a few seconds, or write it again.")
    assert outcome.evidence["matches"] is False and outcome.evidence["expected"] == CONTACT


def test_an_expected_absence_passes_only_when_no_contact_is_set():
    assert _passes(ContactEquals().evaluate(FakeReader(), _contact_facts(None))).message == (
        f"AWS now holds no contact as the SECURITY contact of account {ACCOUNT}.")
    reader = FakeReader(contacts={("SECURITY", None): _contact(CONTACT)})
    assert _fails(ContactEquals().evaluate(reader, _contact_facts(None))).evidence["holds"] == CONTACT
    missing = _fails(ContactEquals().evaluate(FakeReader(), _contact_facts(CONTACT)))
    assert missing.message.startswith("AWS now holds no contact as the SECURITY contact, not what was written")


# -- PasswordChangedAfter ---------------------------------------------------------------------------

PW = {"since": SINCE.isoformat()}
ROOT_PASSWORD_VERIFY = PasswordChangedAfter(sign_in_counts=True, stale_report=StaleReport.LEFT_TO_ATTESTATION)


def test_a_password_changed_after_the_moment_passes_in_the_same_second_too():
    reader = FakeReader(row=_row(password_last_changed=SINCE.replace(microsecond=0)))
    outcome = _passes(PasswordChangedAfter().evaluate(reader, PW))
    assert outcome.message == "The credential report shows the root password changed after this ceremony began."
    assert outcome.evidence["changed_since"] is True and outcome.evidence["verified_by_api"] is True


def test_a_sign_in_counts_only_when_asked():
    reader = FakeReader(row=_row(password_last_used=SINCE + timedelta(minutes=2)))
    outcome = _passes(ROOT_PASSWORD_VERIFY.evaluate(reader, PW))
    assert outcome.message == "The credential report shows the root password used to sign in after this ceremony began."
    assert set(outcome.evidence) == {"since", "password_present", "password_last_used", "password_last_changed",
                                     "report_generated", "used_since", "changed_since", "verified_by_api"}
    strict = _fails(PasswordChangedAfter().evaluate(reader, PW))
    assert strict.message.startswith("The credential report shows no root password change since this ceremony began")
    assert "not reported (as AWS does for root)" in strict.message


def test_no_password_fails():
    outcome = _fails(ROOT_PASSWORD_VERIFY.evaluate(FakeReader(present=False), PW))
    assert outcome.message.startswith("AWS reports no root password (AccountPasswordPresent = 0)")


def test_a_report_older_than_the_moment_cannot_be_verified_yet_and_is_never_a_pass():
    reader = FakeReader(row=_row(report_generated=SINCE - timedelta(hours=1)))
    outcome = _fails(PasswordChangedAfter().evaluate(reader, PW))
    assert outcome.message.startswith("Cannot be verified yet: the credential report AWS serves was generated at "
                                      "2025-03-14 08:26:00 UTC, before this ceremony began")
    assert "A new one can be had after 2025-03-14 12:26:00 UTC." in outcome.message
    assert outcome.evidence_kind is Evidence.NONE


def test_a_stale_report_left_to_the_attestation_goes_on_claiming_nothing():
    reader = FakeReader(row=_row(report_generated=SINCE - timedelta(hours=1)))
    outcome = ROOT_PASSWORD_VERIFY.evaluate(reader, PW)
    assert outcome.ok and outcome.evidence_kind is Evidence.NONE and outcome.evidence["verified_by_api"] is False
    assert outcome.message.startswith("The credential report AWS returned was made at 2025-03-14 08:26 UTC, before "
                                      "this ceremony began, so it cannot show the change")


def test_a_fresh_report_without_the_sign_in_fails_saying_what_to_do():
    outcome = _fails(ROOT_PASSWORD_VERIFY.evaluate(FakeReader(), PW))
    assert outcome.message == ("The credential report shows no root sign-in since this ceremony began: sign in "
                               "with the new password in the console, then check again.")


def test_an_unreadable_cell_is_unknown_not_never():
    reader = FakeReader(row=_row(password_last_used=None,
                                 unreadable={"password_last_used": "password_last_used is 'garbled'"}))
    outcome = _fails(ROOT_PASSWORD_VERIFY.evaluate(reader, PW))
    assert outcome.message.startswith("Cannot be verified: the credential report's root row could not be read")
    assert outcome.evidence["unreadable"] == "password_last_used is 'garbled'" and outcome.evidence_kind is Evidence.NONE


# -- binding a check to a step ---------------------------------------------------------------------

def test_a_check_handler_evaluates_on_the_steps_facts_and_inputs():
    from rootkeeper.core.runbooks.mfa import IAM_USER_VIRTUAL_MFA, VERIFY_ASSIGNED
    from rootkeeper.core.secretbox import SecretBox

    reader = FakeReader(user_serials={"breakglass": (SERIAL,)})
    handler = check_handler(MfaDevicePresent(), lambda ctx: reader)
    ctx = StepContext(ceremony_id="c-1", runbook=IAM_USER_VIRTUAL_MFA, step=IAM_USER_VIRTUAL_MFA.step(VERIFY_ASSIGNED),
                      facts={"serial": SERIAL}, inputs={"user_name": "breakglass"}, secrets=SecretBox(), now=SINCE)
    assert _passes(handler(ctx)).evidence["user"] == "breakglass"


def test_unreadable_is_a_rootkeeper_error_with_its_reason():
    with pytest.raises(Unreadable, match="cannot"):
        UnreadableAccount("It cannot.").root_mfa()


def test_a_new_kind_of_check_is_one_dataclass():
    @dataclass(frozen=True)
    class UserHasNoMfa(Check):
        user_fact: str = "user_name"

        def verifies(self) -> str:
            return f"ListMFADevices shows no device for {{{self.user_fact}}}."

        def judge(self, reader, facts):
            serials = reader.user_mfa_serials(facts[self.user_fact])
            if serials:
                return StepOutcome.failure(f"{len(serials)} device(s).", evidence={"user_mfa_devices": len(serials)})
            return StepOutcome.success("None.", evidence={"user_mfa_devices": 0}, evidence_kind=Evidence.VERIFIED)

    check = UserHasNoMfa()
    assert check.describe({"user_name": "dana"}) == "ListMFADevices shows no device for dana."
    assert _passes(check.evaluate(FakeReader(user_serials={"dana": ()}), {"user_name": "dana"})).message == "None."
    assert _fails(check.evaluate(UnreadableAccount("No."), {"user_name": "dana"})).evidence == {"checked": False}


RULE_FACTS = {"account_id": ACCOUNT, "alert_rule": "rootkeeper-root-activity"}


def test_a_rule_that_matches_root_and_not_an_iam_user_passes_with_both_answers_as_evidence():
    reader = FakeReader()
    outcome = _passes(RuleMatchesEvent().evaluate(reader, RULE_FACTS))
    assert outcome.evidence == {"rule": "rootkeeper-root-activity", "sample": "console-sign-in",
                                "root_matches": True, "iam_user_matches": False}
    assert reader.reads == ["rule rootkeeper-root-activity", "rule rootkeeper-root-activity"]
    assert RuleMatchesEvent().describe(RULE_FACTS) == (
        "TestEventPattern: rule rootkeeper-root-activity matches a root console-sign-in and not an IAM user's.")


@pytest.mark.parametrize(("answers", "said"), [({"Root": False, "IAMUser": False}, "does not match a root"),
                                               ({"Root": True, "IAMUser": True}, "also matches an IAM user")])
def test_a_rule_that_misses_root_or_also_catches_iam_users_fails_saying_which(answers, said):
    outcome = _fails(RuleMatchesEvent().evaluate(FakeReader(matches=answers), RULE_FACTS))
    assert said in outcome.message and outcome.evidence["root_matches"] is answers["Root"]


def test_the_samples_are_one_sign_in_by_root_and_by_an_iam_user_of_the_account():
    from rootkeeper.core.checks.alerting import iam_user_sign_in, root_sign_in

    root, user = root_sign_in(ACCOUNT), iam_user_sign_in(ACCOUNT)
    assert root["detail"]["userIdentity"]["type"] == "Root" and user["detail"]["userIdentity"]["type"] == "IAMUser"
    assert root["account"] == user["account"] == ACCOUNT and root["detail-type"] == user["detail-type"]
    with pytest.raises(ValueError, match="no sample event"):
        RuleMatchesEvent(sample="api-call")
