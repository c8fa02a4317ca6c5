"""Where rootkeeper is pointed: real AWS or the rehearsal world.

The UI and the commands receive an Environment and never import the rehearsal world
themselves: cli.py builds it (lazily, after the first frame for the TUI).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable, Protocol


@dataclass(frozen=True)
class AwsTarget:
    """How to reach an account. Static keys are only ever set for the rehearsal world."""

    profile: str | None = None
    region: str | None = None
    endpoint_url: str | None = None
    access_key_id: str | None = None
    secret_access_key: str | None = field(default=None, repr=False)
    session_token: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class RootMfaEnrolment:
    """The console's "Assign MFA device" page for an authenticator app, between showing the
    QR code and "Add MFA": nothing is assigned yet. ``otpauth_uri`` holds the seed, so it
    lives only as long as the page is on screen and never shows in a repr."""

    enrolment_id: str
    account_id: str
    device_name: str
    otpauth_uri: str = field(repr=False)


class ConsoleSimulator(Protocol):
    """What an operator does in the AWS console, played by the rehearsal world so that
    console-only steps can be rehearsed and then verified through the ordinary API.
    Against real AWS there is no simulator: the operator does these in the console."""

    def sign_in_root(self, account_id: str, password: str) -> None:
        """Sign in as root (records password_last_used). Raises RootkeeperError on a wrong password."""

    def assign_root_mfa(self, account_id: str, device_name: str, kind: str = "virtual") -> str:
        """Register a hardware MFA device on the root user; returns its serial. A virtual
        device is refused: it takes begin/complete, with two codes, as in the console."""

    def begin_root_mfa_assignment(self, account_id: str, device_name: str) -> RootMfaEnrolment:
        """'Assign MFA device' → name → 'Authenticator app': the QR code's otpauth:// URI.
        Nothing is assigned (or listed by the API) until the assignment is completed."""

    def complete_root_mfa_assignment(self, account_id: str, enrolment_id: str, code_1: str, code_2: str) -> str:
        """'Add MFA' with two consecutive codes; returns the serial of the device now assigned
        to the root user. Raises ValidationError, as the console refuses, on wrong codes."""

    def cancel_root_mfa_assignment(self, account_id: str, enrolment_id: str) -> None:
        """'Cancel' on the QR page: the pending device and its seed are dropped."""

    def remove_root_mfa(self, account_id: str, serial: str) -> None:
        """'Remove' on the Security credentials page: the device is deactivated and, if
        virtual, deleted (no unassigned device is left behind). NotFoundError if root has
        no such device."""

    def change_root_password(self, account_id: str, new_password: str) -> None:
        """Change (or create) the root password, as the console's 'Edit password' does."""

    def delete_root_access_key(self, account_id: str, key_id: str) -> None:
        """Delete a root access key from the console's Security credentials page."""

    def root_access_keys(self, account_id: str) -> list[dict[str, str]]:
        """The root access keys the console's Security credentials page lists: key_id, status."""

    def deactivate_root_access_key(self, account_id: str, key_id: str) -> None:
        """Deactivate a root access key from the console's Security credentials page."""

    def sign_in_root_as_holder(self, account_id: str) -> None:
        """A root sign-in by whoever holds the root password (the rehearsal alert inbox plays it)."""

    def alert_emails(self, account_id: str) -> list[dict[str, Any]]:
        """The rehearsal mailbox: the alert emails (at, to, subject, summary, via) that root activity in
        the account made SNS send to confirmed subscriptions, newest first."""
    def reset_member_root_password(self, account_id: str) -> dict[str, Any]:
        """A member's root mailbox holder: 'Forgot password?', the reset email's link, a new
        password (never returned), and a sign-in. Refused while the root has no login profile."""


@dataclass(frozen=True)
class RehearsalIdentity:
    """One identity of a rehearsal scenario, as a client would configure it."""

    name: str  # e.g. "operator", "root", "breakglass"
    description: str
    account_id: str
    target: AwsTarget


@dataclass(frozen=True)
class SeedCustodian:
    """A custodian of the management account's root in a rehearsal scenario, as the app
    seeds a fresh rehearsal journal's roster with (the roster itself lives in the journal).
    ``devices`` are the root MFA devices they hold, really assigned in the world:
    (serial as IAM lists it, "virtual" | "hardware" | "passkey")."""

    name: str
    email: str
    since: datetime
    devices: tuple[tuple[str, str], ...] = ()
    phone: str | None = None  # the phone number of theirs the account uses, if any
    leaving: bool = False


@dataclass
class Environment:
    """A connected place to work: the default target, and in rehearsal, the world's extras."""

    target: AwsTarget
    rehearsal: bool = False
    scenario: str | None = None
    console: ConsoleSimulator | None = None
    identities: dict[str, RehearsalIdentity] = field(default_factory=dict)
    management_account_id: str | None = None
    close: Callable[[], None] = lambda: None
    seed_custodians: tuple[SeedCustodian, ...] = ()  # rehearsal: the scenario's custodians
