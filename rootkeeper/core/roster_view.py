"""The roster as people read it: one row per current custodian, for the CLI and the screen."""

from __future__ import annotations

from rootkeeper.core.custodians import Custodian, Roster

NONE = "-"
ROSTER_HEADER = ("Name", "Since", "MFA devices", "Password", "Mailbox", "Recovery phone", "Witness key", "Leaving")


def devices_text(custodian: Custodian) -> str:
    return "; ".join(f"{kind} {serial}" for serial, kind in custodian.devices) or NONE


def roster_rows(roster: Roster) -> list[tuple[str, ...]]:
    """Name, since (the day), MFA devices, password access, mailbox member, recovery phone,
    witness key fingerprint (16 hex digits), leaving: one row per current custodian."""
    return [(c.name, c.since[:10], devices_text(c), "yes" if c.password_access else "no",
             "yes" if c.mailbox_member else "no", c.recovery_phone or NONE,
             c.witness_fingerprint[:16] if c.witness_fingerprint else NONE, "leaving" if c.leaving else NONE)
            for c in roster.current]


def review_line(roster: Roster) -> str:
    if roster.last_review is None:
        return "Last review: never."
    by = f" by {roster.last_review_by}" if roster.last_review_by else ""
    return f"Last review: {roster.last_review:%Y-%m-%d}{by}."
