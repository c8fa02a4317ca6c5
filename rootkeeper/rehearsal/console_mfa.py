"""The console's "Assign MFA device" for the root user, played as AWS's console plays it:
name the device → "Authenticator app" → the QR code (the secret key on request) → two
consecutive codes → "Add MFA".

Between the QR code and "Add MFA" the device is *pending*: held here with its seed, and not
in IAM at all, so an abandoned assignment leaves no device for the API to list, assigned
or not. Codes are checked as AWS checks them (two consecutive 30-second codes, within the
window mfa_codes allows); a refusal says what was wrong, as the console does, and never
repeats a code.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime

import pyotp
from moto.iam.models import VirtualMfaDevice, iam_backends

from rootkeeper.core.environment import RootMfaEnrolment
from rootkeeper.core.errors import NotFoundError, ValidationError
from rootkeeper.rehearsal.mfa_codes import STEP_SECONDS, STEPS_AHEAD, STEPS_BEHIND, codes_are_consecutive, otpauth_uri
from rootkeeper.rehearsal.state import RootMfaDevice, RootPrincipal, WorldState

MAX_ROOT_MFA_DEVICES = 8
# IAM's VirtualMFADeviceName: 1-226 characters of letters, digits and +=,.@_-
DEVICE_NAME = re.compile(r"[\w+=,.@-]{1,226}", re.ASCII)
SIX_DIGITS = re.compile(r"[0-9]{6}")

NOT_VALID = "Authentication code for device is not valid"
START_AGAIN = "Choose 'Assign MFA device' again to get a new QR code."


@dataclass
class PendingAssignment:
    enrolment_id: str
    account_id: str
    device_name: str
    device: VirtualMfaDevice = field(repr=False)  # holds the seed, unregistered in IAM
    began_at: datetime


def check_device_name(device_name: str) -> str:
    if not DEVICE_NAME.fullmatch(device_name or ""):
        raise ValidationError(f"The MFA device name {device_name!r} is not valid: use 1 to 226 letters, digits "
                              "and +=,.@_- characters.")
    return device_name


def check_free_slot(root: RootPrincipal) -> None:
    if len(root.mfa_devices) >= MAX_ROOT_MFA_DEVICES:
        raise ValidationError(f"The root user already has {MAX_ROOT_MFA_DEVICES} MFA devices, the most "
                              "AWS allows.", hint="Remove a device before assigning another.")


def check_name_free(account_id: str, device_name: str) -> str:
    serial = f"arn:aws:iam::{account_id}:mfa/{device_name}"
    if serial in iam_backends[account_id]["global"].virtual_mfa_devices:
        raise ValidationError("MFADevice entity at the same path and name already exists.",
                              hint=f"Name the device something other than {device_name!r}.")
    return serial


def refusal(seed: str, code_1: str, code_2: str, at: datetime) -> str | None:
    """Why the console refuses these two codes, or None when it accepts them."""
    if not code_1 or not code_2:
        return "Enter MFA code 1 and MFA code 2: two consecutive codes from the authenticator app."
    if not (SIX_DIGITS.fullmatch(code_1) and SIX_DIGITS.fullmatch(code_2)):
        return "Each MFA code is six digits: type the codes as the authenticator app shows them."
    if code_1 == code_2:
        return (f"{NOT_VALID}: MFA code 1 and MFA code 2 are the same code. Wait for the app to show the next "
                "code, and type that one in MFA code 2.")
    if codes_are_consecutive(seed, code_1, code_2, at):
        return None
    totp, now = pyotp.TOTP(seed, interval=STEP_SECONDS), int(at.timestamp())
    recent = {totp.at(now - back * STEP_SECONDS) for back in range(-STEPS_AHEAD - 1, STEPS_BEHIND + 1)}
    if code_1 in recent and code_2 in recent:
        return (f"{NOT_VALID}: the two codes are not consecutive. Type the code the app shows in MFA code 1, "
                "wait for the next code, and type it in MFA code 2.")
    return (f"{NOT_VALID}. Check that the authenticator app scanned this QR code and that the phone's clock "
            "is right, then type two new consecutive codes.")


class RootMfaAssignments:
    """The pending assignments of one world. Callers hold the world's lock."""

    def __init__(self, state: WorldState) -> None:
        self._state = state
        self._pending: dict[str, PendingAssignment] = {}

    def begin(self, root: RootPrincipal, device_name: str) -> RootMfaEnrolment:
        check_device_name(device_name)
        check_free_slot(root)
        check_name_free(root.account_id, device_name)
        # The console shows a new QR code each time: an earlier page for this name is void.
        self._drop(lambda item: item.account_id == root.account_id and item.device_name == device_name)
        device = VirtualMfaDevice(root.account_id, "us-east-1", "/" + device_name)
        pending = PendingAssignment(secrets.token_hex(8), root.account_id, device_name, device, self._state.now())
        self._pending[pending.enrolment_id] = pending
        return RootMfaEnrolment(enrolment_id=pending.enrolment_id, account_id=root.account_id,
                                device_name=device_name,
                                otpauth_uri=otpauth_uri(device.base32_string_seed, "root", root.account_id))

    def complete(self, root: RootPrincipal, enrolment_id: str, code_1: str, code_2: str) -> str:
        pending = self._pending.get(enrolment_id)
        if pending is None or pending.account_id != root.account_id:
            raise NotFoundError("This MFA assignment is no longer in progress (it was cancelled, completed, "
                                "or replaced by a newer QR code).", hint=START_AGAIN)
        why = refusal(pending.device.base32_string_seed, str(code_1 or "").strip(), str(code_2 or "").strip(),
                      self._state.now())
        if why is not None:
            raise ValidationError(why)
        check_free_slot(root)
        serial = check_name_free(root.account_id, pending.device_name)
        now = self._state.now()
        device = pending.device
        device.enable_date = now
        device.user = {"UserId": root.account_id, "Arn": root.arn, "CreateDate": root.created_at}
        iam_backends[root.account_id]["global"].virtual_mfa_devices[serial] = device
        root.mfa_devices.append(RootMfaDevice(serial=serial, kind="virtual", name=pending.device_name,
                                              enabled_at=now))
        del self._pending[enrolment_id]
        return serial

    def cancel(self, account_id: str, enrolment_id: str) -> None:
        self._drop(lambda item: item.account_id == account_id and item.enrolment_id == enrolment_id)

    def pending_count(self) -> int:
        return len(self._pending)

    def _drop(self, matches) -> None:
        for enrolment_id in [key for key, item in self._pending.items() if matches(item)]:
            del self._pending[enrolment_id]
