"""The evidence about an account's root user, as read from AWS.

aws/ produces a RootPosture; core/findings.py turns it into findings. Any field may be
``Unknown(reason)`` when the identity in use may not read it (or the read failed): an
unreadable control is reported as *unknown* with that reason, never as a crash.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar, Union


@dataclass(frozen=True)
class Unknown:
    """A fact that could not be read, and why (one sentence a person can act on)."""

    reason: str


T = TypeVar("T")
Maybe = Union[T, Unknown]


class ContactType(enum.Enum):
    SECURITY = "SECURITY"
    BILLING = "BILLING"
    OPERATIONS = "OPERATIONS"


@dataclass(frozen=True)
class AlternateContact:
    type: ContactType
    name: str
    title: str
    email: str
    phone: str


@dataclass(frozen=True)
class RootAccessKey:
    """One root access key. From the credential report (slot 1/2) and, with a root
    session, ListAccessKeys/GetAccessKeyLastUsed (which also give the key id)."""

    slot: int  # 1 or 2, as in the credential report
    active: bool
    key_id: str | None = None  # only readable from a root session
    created: datetime | None = None  # access_key_N_last_rotated
    last_used: datetime | None = None
    last_used_region: str | None = None
    last_used_service: str | None = None


@dataclass(frozen=True)
class RootCredentialRow:
    """The credential report's <root_account> row, every placeholder parsed:
    'N/A', 'not_supported' and 'no_information' become None.

    A cell that does not parse (a malformed date, an unknown placeholder, a missing
    column) is not None: its column is named in ``unreadable`` with the reason, and the
    field beside it holds nothing. Findings read such a column as unknown, never as
    "never" and never as a pass."""

    arn: str
    created: datetime | None
    password_enabled: bool | None  # None: not_supported / unknown
    password_last_used: datetime | None
    password_last_changed: datetime | None
    mfa_active: bool
    access_keys: tuple[RootAccessKey, ...]
    cert_1_active: bool
    cert_2_active: bool
    report_generated: datetime | None = None
    unreadable: dict[str, str] = field(default_factory=dict)  # column -> why its cell could not be read

    def unreadable_among(self, *prefixes: str) -> str | None:
        """One sentence naming the unreadable cells of the columns starting with any of
        ``prefixes``, or None when they all parsed."""
        problems = [reason for column, reason in self.unreadable.items() if column.startswith(prefixes)]
        return "; ".join(problems) if problems else None


class MfaKind(enum.Enum):
    VIRTUAL = "virtual"
    # Hardware TOTP token; also what an IAM identity infers for a device it cannot see
    # (MFA enabled, no virtual device assigned to root).
    HARDWARE = "hardware"
    SECURITY_KEY = "passkey or security key"  # FIDO: its serial is an ARN with ':u2f/'

    @property
    def is_hardware(self) -> bool:
        """What CIS 1.5 / Security Hub IAM.6 accept: anything that is not a virtual TOTP app."""
        return self is not MfaKind.VIRTUAL


class MfaListing(enum.Enum):
    """How the root's MFA devices were listed, which says what the list can miss."""

    # ListMFADevices from a root (or AssumeRoot audit) session: every device, of every kind.
    ALL_DEVICES = "all devices"
    # ListVirtualMFADevices from an IAM identity: hardware devices and passkeys are invisible.
    VIRTUAL_ONLY = "virtual devices only"


@dataclass(frozen=True)
class RootMfaDevice:
    serial: str
    kind: MfaKind
    enabled: datetime | None = None
    inferred: bool = False  # not seen: deduced from AccountMFAEnabled with no virtual device


class RootUseSource(enum.Enum):
    CREDENTIAL_REPORT = "the credential report"
    JOURNAL = "this app's journal"
    CLOUDTRAIL = "CloudTrail event history"


@dataclass(frozen=True)
class RootUse:
    """The latest root activity one source knows of."""

    when: datetime
    source: RootUseSource
    how: str  # "console sign-in", "DeleteAccessKey (iam.amazonaws.com)", ...


@dataclass(frozen=True)
class AlertingRule:
    """An EventBridge rule in us-east-1 that matches root activity."""

    name: str
    enabled: bool
    targets: tuple[str, ...]  # target ARNs (an SNS topic, ideally)
    # Confirmed subscriptions of its SNS topic targets; None when it has none or they could not be read.
    confirmed_subscriptions: int | None = None


@dataclass(frozen=True)
class CisRootAlarm:
    """The CIS 4.3 path: a metric filter with the CIS root-usage pattern on a trail's CloudWatch
    Logs group, and a CloudWatch alarm on its metric."""

    log_group: str
    filter_name: str
    metric: str  # "Namespace/MetricName"
    alarm: str
    actions: tuple[str, ...]  # alarm action ARNs (an SNS topic, ideally)
    # Confirmed subscriptions of its SNS topic actions; None when it has none or they could not be read.
    confirmed_subscriptions: int | None = None


@dataclass(frozen=True)
class CisAlerting:
    """What the CIS path found: the log groups trails send to, and the alarms on root usage there."""

    log_groups: tuple[str, ...]  # CloudWatch Logs groups that receive a trail (empty: none does)
    alarms: tuple[CisRootAlarm, ...] = ()


@dataclass(frozen=True)
class OrgInfo:
    """The Organization the account belongs to, if any, and its root features."""

    org_id: str
    management_account_id: str
    is_management: bool
    root_credentials_management: bool | None  # None: could not be read (member account)
    root_sessions: bool | None
    member_account_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class RootPosture:
    """Everything rootkeeper knows about one account's root user at one moment."""

    account_id: str
    observed_at: datetime
    mfa_enabled: Maybe[bool]  # GetAccountSummary AccountMFAEnabled
    access_keys_present: Maybe[int]  # GetAccountSummary AccountAccessKeysPresent
    signing_certificates_present: Maybe[int]  # AccountSigningCertificatesPresent
    mfa_devices: Maybe[tuple[RootMfaDevice, ...]]  # as listed by ``mfa_listing``
    credential_row: Maybe[RootCredentialRow]
    contacts: dict[ContactType, Maybe[AlternateContact | None]] = field(default_factory=dict)
    alerting: Maybe[tuple[AlertingRule, ...]] = Unknown("not read")
    # The CIS 4.3 variant: a metric filter + alarm on a trail's log group.
    cis_alerting: Maybe[CisAlerting] = Unknown("The CloudWatch metric filters and alarms were not read.")
    organization: Maybe[OrgInfo | None] = Unknown("not read")  # None: not in an Organization
    # GetAccountSummary AccountPasswordPresent (the credential report says not_supported for root)
    password_present: Maybe[bool] = Unknown("not read")
    mfa_listing: MfaListing = MfaListing.VIRTUAL_ONLY
    # The latest root use CloudTrail's LookupEvents shows (None: none in its 90 days).
    cloudtrail_root_use: Maybe[RootUse | None] = Unknown("CloudTrail was not read.")
    # The latest entry of this app's journal made with a root session of this account.
    journal_root_use: Maybe[RootUse | None] = Unknown("The app's journal was not read.")
    # The root user's email address: Organizations DescribeAccount / Account GetPrimaryEmail.
    root_email: Maybe[str] = Unknown("The root email address was not read.")
