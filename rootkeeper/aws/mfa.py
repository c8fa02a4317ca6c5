"""The root user's MFA, as the API can see it: GetAccountSummary flags and virtual devices.

There is no API that lists a root user's hardware or passkey devices; a root user with MFA
enabled and no virtual device must therefore have a hardware one (serial unknown)."""

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


def with_hardware_inferred(virtual: tuple[RootMfaDevice, ...], mfa_enabled: bool) -> tuple[RootMfaDevice, ...]:
    if mfa_enabled and not virtual:
        return (RootMfaDevice(serial=HARDWARE_SERIAL_UNKNOWN, kind=MfaKind.HARDWARE),)
    return virtual


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)
