"""The root user's MFA, as the API can see it: GetAccountSummary flags and the devices.

From a root session (the root's own key, or an AssumeRoot IAMAuditRootUserCredentials
session), ListMFADevices without a user name lists every root device, up to 8, of every
kind: virtual (an ARN with ':mfa/'), passkeys and security keys (an ARN with ':u2f/') and
hardware TOTP tokens (a bare serial). From an IAM identity only ListVirtualMFADevices
answers, and it shows virtual devices only: a root user with MFA enabled and no virtual
device must then have a hardware one (serial unknown), but one with a virtual device may
or may not have another, unseen, kind."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from rootkeeper.aws.errors import aws_errors
from rootkeeper.aws.session import AwsSession
from rootkeeper.core.posture import MfaKind, RootMfaDevice

HARDWARE_SERIAL_UNKNOWN = "hardware or passkey (serial not readable by API)"


@dataclass(frozen=True)
class AccountSummary:
    mfa_enabled: bool
    access_keys_present: int
    signing_certificates_present: int
    password_present: bool | None  # AccountPasswordPresent: not every endpoint reports it


def read_account_summary(session: AwsSession) -> AccountSummary:
    with aws_errors("read the account summary (iam:GetAccountSummary)"):
        summary = session.client("iam").get_account_summary()["SummaryMap"]
    password = summary.get("AccountPasswordPresent")
    return AccountSummary(
        mfa_enabled=bool(summary.get("AccountMFAEnabled", 0)),
        access_keys_present=int(summary.get("AccountAccessKeysPresent", 0)),
        signing_certificates_present=int(summary.get("AccountSigningCertificatesPresent", 0)),
        password_present=None if password is None else bool(password),
    )


def list_root_virtual_mfa_devices(session: AwsSession) -> tuple[RootMfaDevice, ...]:
    """Virtual MFA devices assigned to the root user (User.Arn ends with ':root')."""
    devices: list[RootMfaDevice] = []
    with aws_errors("list virtual MFA devices (iam:ListVirtualMFADevices)"):
        pages = session.client("iam").get_paginator("list_virtual_mfa_devices").paginate(AssignmentStatus="Assigned")
        for page in pages:
            for device in page.get("VirtualMFADevices", []):
                user_arn = (device.get("User") or {}).get("Arn", "")
                if user_arn.endswith(":root"):
                    devices.append(RootMfaDevice(serial=device["SerialNumber"], kind=MfaKind.VIRTUAL,
                                                 enabled=_utc(device.get("EnableDate"))))
    return tuple(devices)


def list_root_mfa_devices(session: AwsSession) -> tuple[RootMfaDevice, ...]:
    """Every MFA device of the root user. Only meaningful from a root session: IAM calls
    without UserName act on the caller."""
    devices: list[RootMfaDevice] = []
    with aws_errors("list the root user's MFA devices (iam:ListMFADevices)"):
        for page in session.client("iam").get_paginator("list_mfa_devices").paginate():
            for device in page.get("MFADevices", []):
                serial = device["SerialNumber"]
                devices.append(RootMfaDevice(serial=serial, kind=mfa_kind_of(serial),
                                             enabled=_utc(device.get("EnableDate"))))
    return tuple(devices)


def mfa_kind_of(serial: str) -> MfaKind:
    """A device's kind from its serial, as IAM writes them."""
    if serial.startswith("arn:") and ":u2f/" in serial:
        return MfaKind.SECURITY_KEY
    if serial.startswith("arn:"):
        return MfaKind.VIRTUAL
    return MfaKind.HARDWARE


def with_hardware_inferred(virtual: tuple[RootMfaDevice, ...], mfa_enabled: bool) -> tuple[RootMfaDevice, ...]:
    if mfa_enabled and not virtual:
        return (RootMfaDevice(serial=HARDWARE_SERIAL_UNKNOWN, kind=MfaKind.HARDWARE, inferred=True),)
    return virtual


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)
