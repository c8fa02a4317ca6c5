"""The one place step panels get the QR widget and the device's otpauth:// URI from.

``device_otpauth_uri`` lives in ceremonies/ (which imports boto3): imported when a code is
drawn, by then the worker that created the device has imported boto3 already."""

from __future__ import annotations

from typing import Any, Mapping

from rootkeeper.ui.widgets.qr import QRCode


def otpauth_uri_for(seed: str, facts: Mapping[str, Any]) -> str:
    from rootkeeper.ceremonies.mfa import device_otpauth_uri

    return device_otpauth_uri(seed, facts)


__all__ = ["QRCode", "otpauth_uri_for"]
