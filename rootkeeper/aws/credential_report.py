"""The IAM credential report: generate, poll, parse; the <root_account> row as a RootCredentialRow.

AWS makes a new report at most every four hours, answers ReportInProgress while one is
being made and ReportNotPresent / ReportExpired when there is none to read. The values
'N/A', 'not_supported' and 'no_information' are parsed, never crashed on; a cell that is
none of them and not a value of its column (a malformed date, an unknown placeholder) is
named as unreadable, and a row whose cells do not match the header is not read at all.
"""

from __future__ import annotations

import csv
import io
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable

from rootkeeper.aws.errors import aws_errors
from rootkeeper.aws.session import AwsSession
from rootkeeper.core.errors import NotFoundError, RootkeeperError, ThrottledError
from rootkeeper.core.posture import RootAccessKey, RootCredentialRow

ROOT_USER = "<root_account>"
# AWS's placeholders: N/A (no such credential, or never used), not_supported (root's password
# columns), no_information (not used since IAM began tracking it). Anything else that is not
# a value of its column's type is unreadable, not "never".
PLACEHOLDERS = frozenset({"n/a", "not_supported", "no_information"})
_REGENERATE = frozenset({"ReportNotPresent", "ReportExpired"})
_ACTION = "read the IAM credential report"


@dataclass(frozen=True)
class CredentialReport:
    rows: tuple[dict[str, str], ...]
    generated: datetime | None
    # user -> why that row's cells cannot be matched to the header's columns
    malformed_rows: dict[str, str] = field(default_factory=dict)

    def row_for(self, user: str) -> dict[str, str] | None:
        return next((row for row in self.rows if row.get("user") == user), None)


class UnreadableCell(ValueError):
    """A cell that is neither a value of its column's type nor one of AWS's placeholders."""


def fetch_credential_report(session: AwsSession, *, sleep: Callable[[float], None] = time.sleep,
                            max_attempts: int = 12, first_delay: float = 0.5,
                            max_delay: float = 4.0) -> CredentialReport:
    """Ask for a report, wait (bounded, with backoff) while AWS makes it, and return it parsed.

    Waits at most roughly ``max_attempts * max_delay`` seconds; ``sleep`` is injectable for tests."""
    iam = session.client("iam")
    delay = first_delay
    with aws_errors(_ACTION):
        state = iam.generate_credential_report().get("State")
    for _ in range(max_attempts):
        if state == "COMPLETE":
            try:
                with aws_errors(_ACTION):
                    response = iam.get_credential_report()
                return parse_report(response["Content"], response.get("GeneratedTime"))
            except RootkeeperError as error:
                if error.code in _REGENERATE:
                    state = None  # gone between generate and get: make another
                elif error.code != "ReportInProgress":
                    raise
        sleep(delay)
        delay = min(delay * 2, max_delay)
        state = _generate(iam) if state is None else _poll_state(iam)
    raise RootkeeperError("The credential report was still being generated after waiting.",
                          hint="Try again in a minute.", code="ReportInProgress")


def _generate(iam) -> str | None:
    with aws_errors(_ACTION):
        return iam.generate_credential_report().get("State")


def _poll_state(iam) -> str | None:
    """GenerateCredentialReport doubles as the status call: it answers COMPLETE once ready."""
    try:
        return _generate(iam)
    except ThrottledError:
        return "INPROGRESS"  # asked too often: keep waiting rather than fail the whole read


def parse_report(content: bytes | str, generated: datetime | str | None = None) -> CredentialReport:
    text = content.decode("utf-8-sig") if isinstance(content, bytes) else content.lstrip("\ufeff")
    records = [record for record in csv.reader(io.StringIO(text)) if record]
    if not records:
        return CredentialReport(rows=(), generated=_as_datetime(generated))
    header = [name.strip() for name in records[0]]
    rows, malformed = [], {}
    for record in records[1:]:
        cells = [cell.strip() for cell in record]
        row = dict(zip(header, cells))
        if len(cells) != len(header):
            malformed[row.get("user", "")] = (
                f"its {row.get('user') or 'unnamed'} row has {len(cells)} cells for {len(header)} columns, "
                "so its values cannot be matched to their columns")
        rows.append(row)
    return CredentialReport(rows=tuple(rows), generated=_as_datetime(generated), malformed_rows=malformed)


def read_root_credential_row(session: AwsSession, *, sleep: Callable[[float], None] = time.sleep) -> RootCredentialRow:
    report = fetch_credential_report(session, sleep=sleep)
    row = report.row_for(ROOT_USER)
    if row is None:
        raise NotFoundError("The credential report has no <root_account> row.",
                            hint="This happens in AWS GovCloud and in some emulators; check the root user in the console.")
    if ROOT_USER in report.malformed_rows:
        raise RootkeeperError(f"The credential report cannot be read: {report.malformed_rows[ROOT_USER]}.",
                              hint="Generate a new report (it may have been cut or altered) and check the root "
                                   "user in the console.", code="MalformedCredentialReport")
    return root_row_from(row, generated=report.generated)


def root_row_from(row: dict[str, str], *, generated: datetime | None = None) -> RootCredentialRow:
    cells = _Cells(row)
    keys = tuple(key for key in (_access_key(cells, 1), _access_key(cells, 2)) if key is not None)
    return RootCredentialRow(
        arn=row.get("arn", "") or "",
        created=cells.time("user_creation_time"),
        password_enabled=cells.bool("password_enabled"),
        password_last_used=cells.time("password_last_used"),
        password_last_changed=cells.time("password_last_changed"),
        mfa_active=bool(cells.bool("mfa_active")),
        access_keys=keys,
        cert_1_active=bool(cells.bool("cert_1_active")),
        cert_2_active=bool(cells.bool("cert_2_active")),
        report_generated=generated,
        unreadable=dict(cells.unreadable),
    )


class _Cells:
    """One row's cells, parsed by column; what does not parse is noted, not guessed."""

    def __init__(self, row: dict[str, str]) -> None:
        self._row = row
        self.unreadable: dict[str, str] = {}

    def _parse(self, column: str, parse):
        value = self._row.get(column)
        if value is None:
            self.unreadable[column] = f"the credential report has no {column} column"
            return None
        try:
            return parse(value)
        except UnreadableCell as error:
            self.unreadable[column] = f"{column} is {error}"
            return None

    def time(self, column: str) -> datetime | None:
        return self._parse(column, parse_time)

    def bool(self, column: str) -> bool | None:
        return self._parse(column, parse_bool)

    def text(self, column: str) -> str | None:
        value = self._row.get(column)
        return parse_text(value) if value is not None else None


def _access_key(cells: _Cells, slot: int) -> RootAccessKey | None:
    prefix = f"access_key_{slot}_"
    active = cells.bool(prefix + "active")
    created = cells.time(prefix + "last_rotated")
    last_used = cells.time(prefix + "last_used_date")
    if not active and created is None:
        # No key in this slot (an inactive key still has a creation date) -- or one we cannot
        # see because a cell did not parse: ``unreadable`` says so.
        return None
    # A key whose Active cell is unreadable is counted as active: the safe side for every
    # check that asks "is a root key still usable?"; ``unreadable`` says why.
    state_unknown = prefix + "active" in cells.unreadable
    return RootAccessKey(
        slot=slot,
        active=bool(active) or state_unknown,
        created=created,
        last_used=last_used,
        last_used_region=cells.text(prefix + "last_used_region"),
        last_used_service=cells.text(prefix + "last_used_service"),
    )


def _is_placeholder(value: str) -> bool:
    return value.strip().lower() in PLACEHOLDERS


def _quoted(value: str) -> str:
    shown = value.strip()
    return repr(shown[:40] + ("…" if len(shown) > 40 else ""))


def parse_text(value: str | None) -> str | None:
    """A free-text cell (region, service): a placeholder or an empty cell is None."""
    if value is None or not value.strip() or _is_placeholder(value):
        return None
    return value.strip()


def parse_bool(value: str | None) -> bool | None:
    """``true``/``false``; a placeholder is None; anything else raises UnreadableCell."""
    if value is not None and _is_placeholder(value):
        return None
    lowered = (value or "").strip().lower()
    if lowered == "true":
        return True
    if lowered == "false":
        return False
    raise UnreadableCell(f"{_quoted(value or '')}, neither true, false nor an AWS placeholder")


def parse_time(value: str | None) -> datetime | None:
    """An ISO 8601 cell as an aware UTC datetime; a placeholder is None; anything else
    (a malformed date, an empty cell, an unknown placeholder) raises UnreadableCell."""
    if value is not None and _is_placeholder(value):
        return None
    moment = _as_datetime(value or "")
    if moment is None:
        raise UnreadableCell(f"{_quoted(value or '')}, neither a date nor an AWS placeholder")
    return moment


def _as_datetime(value: datetime | str | None) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)
