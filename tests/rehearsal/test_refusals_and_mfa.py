"""What AWS refuses for root by API, and virtual MFA devices that behave like real ones."""

from __future__ import annotations

import pyotp
import pytest
from botocore.exceptions import ClientError
from tests.support.rehearsal_clients import MGMT, START, error_code

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_enable_mfa_for_root_by_api_is_refused(aws):
    with pytest.raises(ClientError) as excinfo:
        aws("iam", "root").enable_mfa_device(UserName="root", SerialNumber=f"arn:aws:iam::{MGMT}:mfa/root-phone",
                                             AuthenticationCode1="123456", AuthenticationCode2="654321")
    assert error_code(excinfo) == "InvalidInput"
    assert "Management Console" in str(excinfo.value)


def test_change_password_from_root_is_refused(aws):
    with pytest.raises(ClientError) as excinfo:
        aws("iam", "root").change_password(OldPassword="Acme-Root-2021!", NewPassword="Something-Else-42!")
    assert error_code(excinfo) == "InvalidUserType"
    assert "Management Console" in str(excinfo.value)


def _create_device(iam, name="breakglass-phone"):
    return iam.create_virtual_mfa_device(VirtualMFADeviceName=name)["VirtualMFADevice"]


def test_virtual_device_has_a_real_seed_and_qr_png(aws):
    import zxingcpp
    from PIL import Image
    import io

    device = _create_device(aws("iam"))
    seed = device["Base32StringSeed"].decode()
    pyotp.TOTP(seed).now()  # a valid Base32 secret
    png = device["QRCodePNG"]
    assert png.startswith(PNG_SIGNATURE)
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert decoded and decoded[0].text.startswith("otpauth://totp/") and f"secret={seed}" in decoded[0].text
    listed = aws("iam").list_virtual_mfa_devices()["VirtualMFADevices"]
    assert "Base32StringSeed" not in listed[0] and "QRCodePNG" not in listed[0]


def test_enable_mfa_checks_two_consecutive_codes(aws):
    iam = aws("iam")
    device = _create_device(iam)
    totp = pyotp.TOTP(device["Base32StringSeed"].decode())
    now = int(START.timestamp())
    with pytest.raises(ClientError) as excinfo:
        iam.enable_mfa_device(UserName="breakglass", SerialNumber=device["SerialNumber"],
                              AuthenticationCode1=totp.at(now + 30), AuthenticationCode2=totp.at(now))
    assert error_code(excinfo) == "InvalidAuthenticationCode"
    assert "Authentication code for device is not valid." in str(excinfo.value)
    iam.enable_mfa_device(UserName="breakglass", SerialNumber=device["SerialNumber"],
                          AuthenticationCode1=totp.at(now - 30), AuthenticationCode2=totp.at(now))
    devices = iam.list_mfa_devices(UserName="breakglass")["MFADevices"]
    assert [d["SerialNumber"] for d in devices] == [device["SerialNumber"]]
