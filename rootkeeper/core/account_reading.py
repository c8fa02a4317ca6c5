"""What the reusable checks (core/checks.py) read from an account, and through what.

``AccountReader`` is the few reads the checks need, answering in core types; aws/ gives
the one over an AwsSession (aws/account_reader.py), tests give fakes. A read that AWS
refuses raises the RootkeeperError the aws/ gateways raise (the engine journals it as a
failed step, as today); a reader that has no way to read at all raises ``Unreadable``,
which a check turns into a failure that says so and claims nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol

from rootkeeper.core.errors import RootkeeperError
from rootkeeper.core.posture import AlternateContact, ContactType, RootCredentialRow, RootMfaDevice

if TYPE_CHECKING:
    from datetime import datetime

    from rootkeeper.core.contact_information import PrimaryContact
    from rootkeeper.core.custodians import Roster


class Unreadable(RootkeeperError):
    """This reader cannot read the account now (e.g. the root session ended when its own key
    was deleted); the message says what to do so that it can."""


@dataclass(frozen=True)
class RootKeysPresent:
    """How many root access keys the account has, and how that was read (journaled)."""

    count: int
    # Which identity read it: "this-session", "another-identity", "assume-root-audit",
    # "list-access-keys" (a bare IAMDeleteRootUserCredentials session).
    checked_with: str = "this-session"
    # Counted with ListAccessKeys from a root session, not GetAccountSummary's
    # AccountAccessKeysPresent (which a bare delete-task AssumeRoot session may not read).
    by_listing: bool = False


@dataclass(frozen=True)
class RootMfaReading:
    """GetAccountSummary's AccountMFAEnabled and the virtual devices assigned to the root
    (ListVirtualMFADevices: hardware keys and passkeys are invisible to an IAM identity)."""

    mfa_enabled: bool
    virtual_devices: tuple[RootMfaDevice, ...] = ()


class AccountReader(Protocol):
    """The reads of one account that the checks make."""

    def root_access_keys_present(self) -> RootKeysPresent: ...

    def root_mfa(self) -> RootMfaReading: ...

    def user_mfa_serials(self, user: str) -> tuple[str, ...]:
        """The serials ListMFADevices shows for the IAM user (NotFoundError: no such user)."""
        ...

    def alternate_contact(self, contact_type: ContactType, account_id: str | None = None) -> AlternateContact | None:
        """The contact, None when none is set; ``account_id`` reads a member account's."""
        ...

    def root_credential_row(self) -> RootCredentialRow: ...

    def password_present(self) -> bool | None:
        """GetAccountSummary AccountPasswordPresent (None: not reported)."""
        ...

    def roster(self) -> Roster:
        """The root custodians as the signed journal holds them (core/custodians.py)."""
        ...

    def rule_matches_event(self, rule: str, event: Mapping[str, Any]) -> bool:
        """events:TestEventPattern of EventBridge rule ``rule``'s pattern (us-east-1) against ``event``."""
        ...

    def primary_contact(self) -> PrimaryContact | None:
        """Account GetContactInformation (None: the account has no primary contact)."""
        ...

    def root_console_events(self, event_name: str, since: datetime) -> list[datetime]:
        """When CloudTrail's event history (us-east-1) shows the root user's ``event_name`` since
        ``since``, newest first (AccessDeniedError: the history cannot be read)."""
        ...


class UnreadableAccount:
    """An AccountReader with nothing to read with: every read raises ``Unreadable(reason)``."""

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def __repr__(self) -> str:
        return f"UnreadableAccount({self.reason!r})"

    def _refuse(self, *_: object, **__: object) -> None:
        raise Unreadable(self.reason)

    root_access_keys_present = root_mfa = user_mfa_serials = _refuse  # type: ignore[assignment]
    alternate_contact = root_credential_row = password_present = roster = _refuse  # type: ignore[assignment]
    rule_matches_event = primary_contact = root_console_events = _refuse  # type: ignore[assignment]
