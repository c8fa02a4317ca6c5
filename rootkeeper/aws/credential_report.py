"""The IAM credential report: generate, poll, parse; the <root_account> row as a RootCredentialRow.

AWS makes a new report at most every four hours, answers ReportInProgress while one is
being made and ReportNotPresent / ReportExpired when there is none to read. The values
'N/A', 'not_supported' and 'no_information' (and empty cells) are parsed, never crashed on.
"""

from __future__ import annotations

import csv
import io
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable

from rootkeeper.aws.errors import aws_errors
from rootkeeper.aws.session import AwsSession
from rootkeeper.core.errors import NotFoundError, RootkeeperError, ThrottledError
from rootkeeper.core.posture import RootAccessKey, RootCredentialRow

ROOT_USER = "<root_account>"
PLACEHOLDERS = frozenset({"", "n/a", "not_supported", "no_information", "none", "null"})
_REGENERATE = frozenset({"ReportNotPresent", "ReportExpired"})
_ACTION = "read the IAM credential report"


@dataclass(frozen=True)
class CredentialReport:
    rows: tuple[dict[str, str], ...]
    generated: datetime | None

    def row_for(self, user: str) -> dict[str, str] | None:
        return next((row for row in self.rows if row.get("user") == user), None)


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
    rows = tuple({(k or "").strip(): (v or "").strip() for k, v in row.items()}
                 for row in csv.DictReader(io.StringIO(text)))
    return CredentialReport(rows=rows, generated=_as_datetime(generated))


def read_root_credential_row(session: AwsSession, *, sleep: Callable[[float], None] = time.sleep) -> RootCredentialRow:
    report = fetch_credential_report(session, sleep=sleep)
    row = report.row_for(ROOT_USER)
    if row is None:
        raise NotFoundError("The credential report has no <root_account> row.",
                            hint="This happens in AWS GovCloud and in some emulators; check the root user in the console.")
    return root_row_from(row, generated=report.generated)


def root_row_from(row: dict[str, str], *, generated: datetime | None = None) -> RootCredentialRow:
    keys = tuple(key for key in (_access_key(row, 1), _access_key(row, 2)) if key is not None)
    return RootCredentialRow(
        arn=row.get("arn", ""),
        created=parse_time(row.get("user_creation_time")),
        password_enabled=parse_bool(row.get("password_enabled")),
        password_last_used=parse_time(row.get("password_last_used")),
        password_last_changed=parse_time(row.get("password_last_changed")),
        mfa_active=bool(parse_bool(row.get("mfa_active"))),
        access_keys=keys,
        cert_1_active=bool(parse_bool(row.get("cert_1_active"))),
        cert_2_active=bool(parse_bool(row.get("cert_2_active"))),
        report_generated=generated,
    )


def _access_key(row: dict[str, str], slot: int) -> RootAccessKey | None:
    prefix = f"access_key_{slot}_"
    active = bool(parse_bool(row.get(prefix + "active")))
    created = parse_time(row.get(prefix + "last_rotated"))
    if not active and created is None:
        return None  # no key in this slot (an inactive key still has a creation date)
    return RootAccessKey(
        slot=slot,
        active=active,
        created=created,
        last_used=parse_time(row.get(prefix + "last_used_date")),
        last_used_region=parse_text(row.get(prefix + "last_used_region")),
        last_used_service=parse_text(row.get(prefix + "last_used_service")),
    )


def parse_text(value: str | None) -> str | None:
    if value is None or value.strip().lower() in PLACEHOLDERS:
        return None
    return value.strip()


def parse_bool(value: str | None) -> bool | None:
    text = parse_text(value)
    if text is None:
        return None
    lowered = text.lower()
    if lowered in {"true", "1", "yes"}:
        return True
    if lowered in {"false", "0", "no"}:
        return False
    return None


def parse_time(value: str | None) -> datetime | None:
    """An ISO 8601 cell as an aware UTC datetime; any placeholder or garbage as None."""
    text = parse_text(value)
    if text is None:
        return None
    return _as_datetime(text)


def _as_datetime(value: datetime | str | None) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)
