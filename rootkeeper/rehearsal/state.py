"""What the rehearsal world knows that moto does not: the root user of every account.

moto keeps IAM users, keys and devices; this module keeps, per account, the root
principal (password, access keys, MFA devices, signing certificates, contacts), the
sts:AssumeRoot sessions and the Organizations root features. The patches read and
write it through ``active()``: moto's state is process-global, so the rehearsal world
is too (one world at a time per process, reset between worlds).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable

from rootkeeper.rehearsal.traffic import TrafficShaping

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(timezone.utc)


@dataclass
class RootMfaDevice:
    serial: str
    kind: str  # "virtual" | "hardware"
    name: str
    enabled_at: datetime


@dataclass
class RootSigningCertificate:
    certificate_id: str
    status: str  # "Active" | "Inactive"
    uploaded_at: datetime


@dataclass
class AlternateContact:
    contact_type: str
    name: str
    title: str
    email_address: str
    phone_number: str


@dataclass
class RootPrincipal:
    """The root user of one account."""

    account_id: str
    email: str
    created_at: datetime
    password: str | None = field(default=None, repr=False)
    password_changed_at: datetime | None = None
    password_last_used: datetime | None = None
    key_ids: list[str] = field(default_factory=list)  # in creation order, like the report
    mfa_devices: list[RootMfaDevice] = field(default_factory=list)
    signing_certificates: list[RootSigningCertificate] = field(default_factory=list)
    contact_information: dict[str, str] = field(default_factory=dict)
    alternate_contacts: dict[str, AlternateContact] = field(default_factory=dict)

    @property
    def arn(self) -> str:
        return f"arn:aws:iam::{self.account_id}:root"


@dataclass
class RootSession:
    """Credentials returned by sts:AssumeRoot for a member account's root."""

    access_key_id: str
    account_id: str
    task_policy: str  # short name, e.g. "IAMAuditRootUserCredentials"
    expires_at: datetime
    issued_by: str  # the account that called AssumeRoot
    session_token: str = field(default="", repr=False)  # the caller must sign with it


@dataclass
class WorldState:
    clock: Clock = system_clock
    roots: dict[str, RootPrincipal] = field(default_factory=dict)
    # access key id -> account id, for root keys: the fast path for "which account is this"
    root_key_accounts: dict[str, str] = field(default_factory=dict)
    sessions: dict[str, RootSession] = field(default_factory=dict)
    organization_features: set[str] = field(default_factory=set)
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False)
    traffic: TrafficShaping = field(default_factory=TrafficShaping)  # latency and throttling at the gate

    def now(self) -> datetime:
        moment = self.clock()
        return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)

    def root(self, account_id: str) -> RootPrincipal:
        """The root of an account; accounts moto has never seen get a fresh root."""
        with self.lock:
            if account_id not in self.roots:
                self.roots[account_id] = RootPrincipal(
                    account_id=account_id, email=f"root+{account_id}@example.com", created_at=self.now()
                )
            return self.roots[account_id]

    def root_account_of_key(self, access_key_id: str) -> str | None:
        """The account whose root this key or AssumeRoot session acts as, if any."""
        if access_key_id in self.root_key_accounts:
            return self.root_key_accounts[access_key_id]
        session = self.sessions.get(access_key_id)
        return session.account_id if session else None


_active: WorldState | None = None


def activate(state: WorldState) -> None:
    global _active
    _active = state


def deactivate() -> None:
    global _active
    _active = None


def active() -> WorldState | None:
    return _active
