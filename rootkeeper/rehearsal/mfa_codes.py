"""Virtual MFA devices that behave like real ones: a real QR PNG of the otpauth URI, and
EnableMFADevice that checks two consecutive TOTP codes against the device's seed.

moto returns random bytes for QRCodePNG and accepts any codes; an operator rehearsing
the QR ceremony needs both to be real.
"""

from __future__ import annotations

import io
from datetime import datetime
from urllib.parse import quote

import pyotp
import qrcode
from moto.iam.models import IAMBackend, VirtualMfaDevice

from rootkeeper.rehearsal.aws_errors import aws_error
from rootkeeper.rehearsal.patches import Patch, original
from rootkeeper.rehearsal.state import active

ISSUER = "Amazon Web Services"
STEP_SECONDS = 30
# AWS accepts codes from a window around the current time; 10 steps back covers a phone
# whose clock drifts and an operator who types slowly.
STEPS_BEHIND = 10
STEPS_AHEAD = 1



def otpauth_uri(seed: str, device_name: str, account_id: str) -> str:
    label = quote(f"{ISSUER}:{device_name}@{account_id}")
    return f"otpauth://totp/{label}?secret={seed}&issuer={quote(ISSUER)}"


def qr_png(uri: str) -> bytes:
    image = qrcode.make(uri, border=4)  # PIL image: the default image factory
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def codes_are_consecutive(seed: str, code_1: str, code_2: str, at: datetime) -> bool:
    totp = pyotp.TOTP(seed, interval=STEP_SECONDS)
    now = int(at.timestamp())
    for back in range(-STEPS_AHEAD, STEPS_BEHIND + 1):
        moment = now - back * STEP_SECONDS
        if totp.at(moment) == str(code_1) and totp.at(moment + STEP_SECONDS) == str(code_2):
            return True
    return False


def create_virtual_mfa_device(self: IAMBackend, device_name: str, path: str) -> VirtualMfaDevice:
    device = original(IAMBackend, "create_virtual_mfa_device")(self, device_name, path)
    device.qr_code_png = qr_png(otpauth_uri(device.base32_string_seed, device_name, self.account_id))
    return device


def enable_mfa_device(self: IAMBackend, user_name: str, serial_number: str, code_1: str, code_2: str) -> None:
    device = self.virtual_mfa_devices.get(serial_number)
    state = active()
    if device is not None and state is not None:
        if not codes_are_consecutive(device.base32_string_seed, code_1, code_2, state.now()):
            raise aws_error("iam", "InvalidAuthenticationCode", "Authentication code for device is not valid.", 403)
    original(IAMBackend, "enable_mfa_device")(self, user_name, serial_number, code_1, code_2)
    if device is not None and state is not None:
        device.enable_date = state.now()


PATCHES = [Patch(IAMBackend, "create_virtual_mfa_device", create_virtual_mfa_device),
           Patch(IAMBackend, "enable_mfa_device", enable_mfa_device)]
