"""The one place step panels get the QR widget and the device's otpauth:// URI from."""

from __future__ import annotations

from typing import Any, Mapping

from rootkeeper.core.runbooks.mfa import device_otpauth_uri
from rootkeeper.ui.widgets.qr import QRCode


def otpauth_uri_for(seed: str, facts: Mapping[str, Any]) -> str:
    return device_otpauth_uri(seed, facts)


__all__ = ["QRCode", "otpauth_uri_for"]
