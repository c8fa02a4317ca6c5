"""Virtual MFA devices of IAM users: create, enable, deactivate, delete, list.

The Base32 seed CreateVirtualMFADevice returns is handed back to the caller and kept
nowhere else: it is never logged, never put in an error, never in a repr. The QR code
PNG AWS returns is dropped: rootkeeper draws its own from the otpauth URI.
"""

from __future__ import annotations

import contextvars
import logging
import re
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Iterator

from rootkeeper.aws.errors import aws_errors
from rootkeeper.aws.mfa import list_root_virtual_mfa_devices, read_account_summary, with_hardware_inferred
from rootkeeper.aws.session import AwsSession
from rootkeeper.core.errors import (AccessDeniedError, NotFoundError, RootkeeperError, ThrottledError,
                                    ValidationError)
from rootkeeper.core.posture import RootMfaDevice

# IAM's own rule for VirtualMFADeviceName (and user names): checked before any call.
DEVICE_NAME = re.compile(r"^[\w+=,.@-]{1,226}$")
MAX_MFA_DEVICES = 8  # per user, root included


@dataclass(frozen=True)
class MfaDevice:
    """An MFA device assigned to an IAM user, as ListMFADevices shows it."""

    serial: str
    user_name: str
    enabled_at: datetime | None

    @property
    def virtual(self) -> bool:
        # Virtual devices have an ARN serial (arn:aws:iam::<account>:mfa/<name>); hardware
        # tokens a vendor serial; passkeys an ARN under u2f/.
        return ":mfa/" in self.serial


@dataclass(frozen=True)
class IamUser:
    """An IAM user offered when choosing whose device to create."""

    name: str
    arn: str
    mfa_serials: tuple[str, ...]

    @property
    def has_mfa(self) -> bool:
        return bool(self.mfa_serials)


@dataclass(frozen=True)
class VirtualDevice:
    """A virtual MFA device of the account, assigned or not (ListVirtualMFADevices)."""

    serial: str
    user_arn: str | None  # None while unassigned

    @property
    def assigned(self) -> bool:
        return self.user_arn is not None


def check_device_name(name: str) -> str:
    name = name.strip()
    if not DEVICE_NAME.match(name):
        raise ValidationError(f"{name!r} cannot name an MFA device: IAM allows 1 to 226 letters, digits "
                              "and + = , . @ _ - only.", hint="Choose a name without spaces or other characters.")
    return name


# botocore logs request parameters (the two codes) and response bodies (the seed) at
# DEBUG. While a call that carries a secret runs, those records are dropped in this
# thread (a contextvar: other threads' logging is untouched).
_CARRIES_SECRET: contextvars.ContextVar[bool] = contextvars.ContextVar("rootkeeper_carries_secret", default=False)
_BODY_LOGGERS = ("botocore.endpoint", "botocore.parsers", "botocore.auth", "botocore.hooks",
                 "botocore.retryhandler", "botocore.httpsession", "botocore.awsrequest", "urllib3.connectionpool")


class _DropWhileSecret(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not _CARRIES_SECRET.get()


_DROP_WHILE_SECRET = _DropWhileSecret()
for _name in _BODY_LOGGERS:
    logging.getLogger(_name).addFilter(_DROP_WHILE_SECRET)


@contextmanager
def _unlogged() -> Iterator[None]:
    token = _CARRIES_SECRET.set(True)
    try:
        yield
    finally:
        _CARRIES_SECRET.reset(token)


@contextmanager
def _mfa_errors(action: str, *, subject: str) -> Iterator[None]:
    """aws_errors, with messages for the codes the MFA calls are known to answer."""
    try:
        with aws_errors(action):
            yield
    except RootkeeperError as error:
        raise _explained(error, action, subject) from error


def _explained(error: RootkeeperError, action: str, subject: str) -> RootkeeperError:
    code = error.code
    if code == "InvalidAuthenticationCode":
        return ValidationError("AWS did not accept the two codes: they must be two consecutive codes of "
                               f"{subject}, typed within a few minutes of appearing.",
                               hint="Wait for a fresh code, then type it and the one after it.", code=code)
    if code == "EntityAlreadyExists":
        return ValidationError(f"The name of {subject} is taken: an MFA device with that name already "
                               "exists in this account.", hint="Choose another name and try again.", code=code)
    if code == "LimitExceeded":
        return ValidationError(f"AWS refused to {action}: a limit was reached (at most {MAX_MFA_DEVICES} MFA "
                               "devices per user, and a quota of virtual MFA devices per account).",
                               hint="Delete unused or unassigned MFA devices, then try again.", code=code)
    if code == "DeleteConflict":
        return ValidationError(f"{subject} is still assigned to a user, so AWS will not delete it.",
                               hint="Deactivate it first.", code=code)
    if code == "EntityTemporarilyUnmodifiable":
        return ThrottledError(f"AWS cannot change {subject} right now (it is being modified).",
                              hint="Wait a few seconds and try again.", code=code)
    if code == "NoSuchEntity":
        return NotFoundError(f"AWS could not {action}: {subject} or its user does not exist.",
                             hint="Check the user name and the device, then try again.", code=code)
    if isinstance(error, AccessDeniedError) and not error.hint:
        return AccessDeniedError(error.message, hint="Grant this identity the iam MFA permissions.", code=code)
    return error


def create_virtual_mfa_device(session: AwsSession, name: str) -> tuple[str, str]:
    """Create an unassigned virtual MFA device; returns (serial number, Base32 seed)."""
    name = check_device_name(name)
    with _unlogged(), _mfa_errors("create a virtual MFA device (iam:CreateVirtualMFADevice)",
                                  subject=f"the device {name!r}"):
        device = session.client("iam").create_virtual_mfa_device(VirtualMFADeviceName=name)["VirtualMFADevice"]
    seed = device["Base32StringSeed"]
    return device["SerialNumber"], seed.decode("ascii") if isinstance(seed, bytes) else str(seed)


def enable_mfa_device(session: AwsSession, user: str, serial: str, code1: str, code2: str) -> None:
    """Assign ``serial`` to ``user`` with two consecutive codes (EnableMFADevice)."""
    with _unlogged(), _mfa_errors(f"enable the MFA device for {user} (iam:EnableMFADevice)",
                                  subject=f"the device {serial}"):
        session.client("iam").enable_mfa_device(UserName=user, SerialNumber=serial,
                                                AuthenticationCode1=code1, AuthenticationCode2=code2)


def deactivate_mfa_device(session: AwsSession, serial: str, user: str) -> None:
    with _mfa_errors(f"deactivate the MFA device of {user} (iam:DeactivateMFADevice)",
                     subject=f"the device {serial}"):
        session.client("iam").deactivate_mfa_device(UserName=user, SerialNumber=serial)


def remove_root_mfa_device(session: AwsSession, serial: str) -> None:
    """From a root session (an AssumeRoot IAMDeleteRootUserCredentials session on a member):
    deactivate the root's MFA device ``serial`` and, when virtual, delete it, leaving no orphan."""
    with _mfa_errors("deactivate the root user's MFA device (iam:DeactivateMFADevice)", subject=f"the device {serial}"):
        session.client("iam").deactivate_mfa_device(SerialNumber=serial)
    if serial.startswith("arn:"):  # a virtual device; a hardware one is only deactivated
        delete_virtual_mfa_device(session, serial)


def root_mfa_serials(session: AwsSession) -> tuple[str, ...]:
    """The MFA devices of the root user this root session belongs to (iam:ListMFADevices)."""
    with _mfa_errors("list the root user's MFA devices (iam:ListMFADevices)", subject="the root user"):
        return tuple(device["SerialNumber"] for device in session.client("iam").list_mfa_devices()["MFADevices"])


def delete_virtual_mfa_device(session: AwsSession, serial: str) -> None:
    with _mfa_errors("delete a virtual MFA device (iam:DeleteVirtualMFADevice)", subject=f"the device {serial}"):
        session.client("iam").delete_virtual_mfa_device(SerialNumber=serial)


def find_virtual_mfa_device(session: AwsSession, serial: str) -> VirtualDevice | None:
    """The account's virtual device ``serial``, assigned or not; None when there is none."""
    return next((device for device in list_virtual_mfa_devices(session) if device.serial == serial), None)


def list_virtual_mfa_devices(session: AwsSession) -> tuple[VirtualDevice, ...]:
    devices: list[VirtualDevice] = []
    with _mfa_errors("list virtual MFA devices (iam:ListVirtualMFADevices)", subject="the devices"):
        for page in session.client("iam").get_paginator("list_virtual_mfa_devices").paginate(AssignmentStatus="Any"):
            for device in page.get("VirtualMFADevices", []):
                devices.append(VirtualDevice(device["SerialNumber"], (device.get("User") or {}).get("Arn")))
    return tuple(devices)


def list_user_mfa_devices(session: AwsSession, user: str) -> tuple[MfaDevice, ...]:
    with _mfa_errors(f"list the MFA devices of {user} (iam:ListMFADevices)", subject=f"the user {user!r}"):
        pages = session.client("iam").get_paginator("list_mfa_devices").paginate(UserName=user)
        return tuple(MfaDevice(device["SerialNumber"], device.get("UserName", user), _utc(device.get("EnableDate")))
                     for page in pages for device in page.get("MFADevices", []))


def list_iam_users(session: AwsSession) -> tuple[IamUser, ...]:
    """Every IAM user, with the serials of its MFA devices, for choosing whose device to create."""
    users: list[IamUser] = []
    with _mfa_errors("list IAM users (iam:ListUsers)", subject="the users"):
        for page in session.client("iam").get_paginator("list_users").paginate():
            for user in page.get("Users", []):
                serials = tuple(device.serial for device in list_user_mfa_devices(session, user["UserName"]))
                users.append(IamUser(user["UserName"], user["Arn"], serials))
    return tuple(sorted(users, key=lambda user: user.name))


@dataclass(frozen=True)
class RootMfaState:
    """What the API shows of the root user's MFA: the summary flag and its virtual devices."""

    mfa_enabled: bool
    virtual_devices: tuple[RootMfaDevice, ...]

    @property
    def devices(self) -> tuple[RootMfaDevice, ...]:
        """Virtual devices, or one inferred hardware/passkey device when only the flag shows MFA."""
        return with_hardware_inferred(self.virtual_devices, self.mfa_enabled)

    @property
    def free_slots(self) -> int:
        # An upper bound: hardware keys and passkeys beyond the first are invisible to the API.
        return max(0, MAX_MFA_DEVICES - len(self.devices))


def read_root_mfa_state(session: AwsSession) -> RootMfaState:
    summary = read_account_summary(session)
    return RootMfaState(summary.mfa_enabled, list_root_virtual_mfa_devices(session))


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)
