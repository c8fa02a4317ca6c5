"""An authenticator app, for the tests: it scans an otpauth:// URI (or a QR code drawn in
the terminal) and shows codes at a given moment, as the custodian's phone would."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlparse

import pyotp


def seed_of(uri: str) -> str:
    parsed = urlparse(uri)
    assert parsed.scheme == "otpauth" and parsed.netloc == "totp", uri[:16]
    return parse_qs(parsed.query)["secret"][0]


def consecutive_codes(uri: str, now: datetime) -> tuple[str, str]:
    """The code shown half a minute ago, then the one shown now: what an operator types."""
    totp = pyotp.TOTP(seed_of(uri))
    return totp.at(now - timedelta(seconds=30)), totp.at(now)


def assign_virtual_root_mfa(console, account_id: str, device_name: str, now: datetime) -> str:
    """The whole console dialogue: the QR code, two codes from it, Add MFA; the serial."""
    enrolment = console.begin_root_mfa_assignment(account_id, device_name)
    return console.complete_root_mfa_assignment(account_id, enrolment.enrolment_id,
                                                *consecutive_codes(enrolment.otpauth_uri, now))


def decode_terminal_qr(lines: list[str]) -> str:
    """Read a QR code drawn with half blocks (rootkeeper.core.qr's convention) with a real
    decoder, as a phone camera would read the screen."""
    import zxingcpp
    from PIL import Image

    upper = {"█": (True, True), "▀": (True, False), "▄": (False, True), " ": (False, False)}
    matrix: list[list[bool]] = []
    for line in lines:
        top, bottom = [], []
        for char in line:
            dark_top, dark_bottom = upper[char]
            top.append(dark_top)
            bottom.append(dark_bottom)
        matrix += [top, bottom]
    scale = 8
    image = Image.new("L", (len(matrix[0]) * scale, len(matrix) * scale), 255)
    pixels = image.load()
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                for dy in range(scale):
                    for dx in range(scale):
                        pixels[x * scale + dx, y * scale + dy] = 0
    results = zxingcpp.read_barcodes(image)
    assert results, "no QR code could be read"
    return results[0].text
