"""The AccountReader of core/account_reading.py over an AwsSession: the reads the reusable
checks (core/checks/) make, through the existing gateways, answering in core types."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, TypeVar

from rootkeeper.aws import alerting, virtual_mfa
from rootkeeper.aws.cloudtrail import root_console_event_times
from rootkeeper.aws.contact_information import read_contact_information
from rootkeeper.aws.contacts import read_alternate_contact
from rootkeeper.aws.credential_report import read_root_credential_row
from rootkeeper.aws.mfa import read_account_summary
from rootkeeper.aws.root_key_admin import root_access_keys_present
from rootkeeper.aws.root_keys import list_root_access_keys
from rootkeeper.aws.session import AwsSession
from rootkeeper.core.account_reading import RootKeysPresent, RootMfaReading
from rootkeeper.core.contact_information import PrimaryContact
from rootkeeper.core.posture import AlternateContact, ContactType, RootCredentialRow

T = TypeVar("T")
# Runs one read: ``guard(doing, read)``. The delete-root-keys runbook passes one that explains an
# expired AssumeRoot session ("... while trying to <doing>"); by default the read just runs.
Guard = Callable[[str, Callable[[], T]], T]


def _unguarded(doing: str, read: Callable[[], T]) -> T:
    del doing
    return read()


class AwsAccountReader:
    """Reads one account with ``session``. ``checked_with`` says which identity that is, for
    the evidence ("this-session", "another-identity", "assume-root-audit"...);
    ``keys_by_listing`` counts root access keys with ListAccessKeys (a bare delete-task
    AssumeRoot session may not call GetAccountSummary) instead of AccountAccessKeysPresent."""

    def __init__(self, session: AwsSession, *, checked_with: str = "this-session", keys_by_listing: bool = False,
                 guard: Guard | None = None) -> None:
        self.session = session
        self.checked_with = checked_with
        self.keys_by_listing = keys_by_listing
        self._guard: Guard = guard or _unguarded

    def __repr__(self) -> str:
        return f"AwsAccountReader({self.session!r}, checked_with={self.checked_with!r})"

    def root_access_keys_present(self) -> RootKeysPresent:
        if self.keys_by_listing:
            count = len(self._guard("list the root access keys", lambda: list_root_access_keys(self.session)))
        else:
            count = self._guard("read the account summary", lambda: root_access_keys_present(self.session))
        return RootKeysPresent(count, self.checked_with, by_listing=self.keys_by_listing)

    def root_mfa(self) -> RootMfaReading:
        state = self._guard("read the root user's MFA", lambda: virtual_mfa.read_root_mfa_state(self.session))
        return RootMfaReading(state.mfa_enabled, state.virtual_devices)

    def user_mfa_serials(self, user: str) -> tuple[str, ...]:
        devices = self._guard(f"list the MFA devices of {user}",
                              lambda: virtual_mfa.list_user_mfa_devices(self.session, user))
        return tuple(device.serial for device in devices)

    def alternate_contact(self, contact_type: ContactType, account_id: str | None = None) -> AlternateContact | None:
        return self._guard(f"read the {contact_type.value} alternate contact",
                           lambda: read_alternate_contact(self.session, contact_type, account_id))

    def root_credential_row(self) -> RootCredentialRow:
        return self._guard("read the credential report", lambda: read_root_credential_row(self.session))

    def password_present(self) -> bool | None:
        return self._guard("read the account summary", lambda: read_account_summary(self.session).password_present)

    def rule_matches_event(self, rule: str, event: Mapping[str, Any]) -> bool:
        def read() -> bool:
            pattern = alerting.rule_pattern(self.session, rule)
            return pattern is not None and alerting.test_event_pattern(self.session, pattern, dict(event))
        return self._guard(f"test the pattern of rule {rule}", read)

    def primary_contact(self) -> PrimaryContact | None:
        return self._guard("read the primary contact", lambda: read_contact_information(self.session))

    def root_console_events(self, event_name: str, since: datetime) -> list[datetime]:
        return self._guard(f"look up {event_name} in CloudTrail",
                           lambda: root_console_event_times(self.session, event_name, since))
