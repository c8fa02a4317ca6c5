"""The roster as people read it: one row per current custodian, for the CLI and the screen."""

from __future__ import annotations

from rootkeeper.core.custodians import Custodian, Roster

NONE = "-"
# The widest column last: a narrow terminal still shows every factor.
ROSTER_HEADER = ("Name", "Since", "Leaving", "Password", "Mailbox", "Recovery phone", "Witness key", "MFA devices")


def short_serial(serial: str) -> str:
    """A device ARN (arn:aws:iam::123456789012:mfa/ana-root) by its name; a hardware serial as is."""
    return serial.rsplit("/", 1)[-1] if serial.startswith("arn:") else serial


def devices_text(custodian: Custodian, *, short: bool = False) -> str:
    return "; ".join(f"{kind} {short_serial(serial) if short else serial}"
                     for serial, kind in custodian.devices) or NONE


def roster_rows(roster: Roster, *, short: bool = False) -> list[tuple[str, ...]]:
    """Name, since (the day), leaving, password access, mailbox member, recovery phone, witness
    key fingerprint (16 hex digits), MFA devices: one row per current custodian. ``short``: device
    ARNs by their names, and 8 digits of fingerprint, for a screen."""
    digits = 8 if short else 16
    return [(c.name, c.since[:10], "leaving" if c.leaving else NONE, "yes" if c.password_access else "no",
             "yes" if c.mailbox_member else "no", c.recovery_phone or NONE,
             c.witness_fingerprint[:digits] if c.witness_fingerprint else NONE, devices_text(c, short=short))
            for c in roster.current]


def review_line(roster: Roster) -> str:
    if roster.last_review is None:
        return "Last review: never."
    by = f" by {roster.last_review_by}" if roster.last_review_by else ""
    return f"Last review: {roster.last_review:%Y-%m-%d}{by}."
