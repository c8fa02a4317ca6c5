"""The Organizations screen's table: its columns, a member's cells, and the filters."""

from __future__ import annotations

import enum

from rich.text import Text

from rootkeeper.core.org_remediation import MemberRemediation
from rootkeeper.core.org_root import MemberRoot

COLUMNS = (("sel", " ", 3), ("account", "Account", 12), ("name", "Name", 18), ("password", "Password", 8),
           ("keys", "Keys", 4), ("mfa", "MFA", 3), ("certs", "Certs", 5), ("outcome", "Outcome / error", 60))


class MemberFilter(enum.Enum):
    ALL = "all members"
    WITH_CREDENTIALS = "with root credentials"
    CLEAN = "clean (no root credentials)"
    ERRORS = "not read (errors)"

    def keeps(self, member: MemberRoot) -> bool:
        if self is MemberFilter.WITH_CREDENTIALS:
            return member.read and member.has_credentials
        if self is MemberFilter.CLEAN:
            return member.read and not member.has_credentials
        if self is MemberFilter.ERRORS:
            return not member.read
        return True

    def next(self) -> MemberFilter:
        order = list(MemberFilter)
        return order[(order.index(self) + 1) % len(order)]


# Cells are plain strings where no style is needed, and styled Text made once: a rebuild of
# thousands of rows (a filter change) is dominated by what each cell costs to measure.
_YES, _NO, _UNKNOWN = Text("yes", style="bold red"), Text("no", style="dim"), Text("?", style="dim")
_PRESENT, _CLEAN = Text("root credentials present", style="yellow"), Text("clean", style="green")


def _count(items: tuple[str, ...]) -> Text | str:
    return Text(str(len(items)), style="bold red") if items else "0"


def cells(member: MemberRoot, selected: bool, outcome: MemberRemediation | None) -> tuple[Text | str, ...]:
    mark = "✓" if selected else " "
    if not member.read:
        note = outcome_text(outcome) if outcome else Text(member.error or "", style="red")
        return (mark, member.account_id, member.name, _UNKNOWN, _UNKNOWN, _UNKNOWN, _UNKNOWN, note)
    note = outcome_text(outcome) if outcome else (_PRESENT if member.has_credentials else _CLEAN)
    return (mark, member.account_id, member.name, _YES if member.password else _NO, _count(member.access_keys),
            _count(member.mfa_devices), _count(member.signing_certificates), note)


def outcome_text(outcome: MemberRemediation) -> Text:
    return Text(("✔ " if outcome.ok else "✘ ") + outcome.summary, style="green" if outcome.ok else "bold red")


def after_remediation(member: MemberRoot, outcome: MemberRemediation) -> MemberRoot:
    """The member's row as the remediation's read-back showed it (unchanged when it failed)."""
    if not outcome.ok and outcome.error and not outcome.remaining:
        return member
    remaining = outcome.remaining
    return MemberRoot(member.account_id, member.name, password=bool(remaining.get("login_profile")),
                      access_keys=tuple(remaining.get("access_keys", ())),
                      mfa_devices=tuple(remaining.get("mfa_devices", ())),
                      signing_certificates=tuple(remaining.get("signing_certificates", ())))
