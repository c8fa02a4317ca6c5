"""Credential-report values that do not parse read as unknown, with the reason (issue #8, §4).

A malformed date, an unknown placeholder, or a row with more cells than its header must
never read as "never" (a missing date) nor end up as a pass."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from botocore.stub import Stubber

from rootkeeper.aws.credential_report import parse_report, read_root_credential_row, root_row_from
from rootkeeper.aws.session import AwsSession
from rootkeeper.core.errors import RootkeeperError
from rootkeeper.core.findings import Status, evaluate
from rootkeeper.core.posture import RootPosture, Unknown
from tests.aws.test_aws_credential_report import GENERATED, HEADER, ROOT_CLEAN, ROOT_MESSY, STATIC, report

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=timezone.utc)


def with_cell(line: str, column: str, value: str) -> str:
    cells = line.split(",")
    cells[HEADER.split(",").index(column)] = value
    return ",".join(cells)


def root_row(line: str):
    parsed = parse_report(report(line), GENERATED)
    return root_row_from(parsed.row_for("<root_account>"), generated=parsed.generated)


def posture_with(row, **changes) -> RootPosture:
    base = dict(account_id="111122223333", observed_at=NOW, mfa_enabled=True, access_keys_present=0,
                signing_certificates_present=0, mfa_devices=(), credential_row=row, password_present=True)
    return RootPosture(**{**base, **changes})


def recent_use(row) -> tuple[Status, str]:
    found = next(f for f in evaluate(posture_with(row), NOW) if f.control.id == "root-recent-use")
    return found.status, found.evidence


@pytest.mark.parametrize("value", ["2025-05-3O", "yesterday", "unknown", "none", ""])
def test_a_last_use_that_does_not_parse_is_unknown_with_its_value(value):
    row = root_row(with_cell(ROOT_CLEAN, "password_last_used", value))
    assert row.password_last_used is None
    assert "password_last_used" in row.unreadable
    status, evidence = recent_use(row)
    assert status is Status.UNKNOWN
    assert "No root use" not in evidence and "never" not in evidence
    assert "password_last_used" in evidence


def test_known_placeholders_keep_their_meaning():
    for value in ("N/A", "no_information", "not_supported"):
        row = root_row(with_cell(ROOT_CLEAN, "password_last_used", value))
        assert row.unreadable == {} and row.password_last_used is None
        assert recent_use(row)[0] is Status.PASS


def test_an_access_key_cell_that_does_not_parse_hides_no_key():
    # The slot's "active" cell is garbage: the key cannot be called inactive, nor absent.
    row = root_row(with_cell(ROOT_MESSY, "access_key_1_active", "maybe"))
    first = row.access_keys[0]
    assert first.active is True  # counted as usable: the safe side
    assert "maybe" in row.unreadable["access_key_1_active"]
    missing_date = root_row(with_cell(ROOT_CLEAN, "access_key_1_last_rotated", "01/02/2024"))
    assert "access_key_1_last_rotated" in missing_date.unreadable
    found = next(f for f in evaluate(posture_with(missing_date, access_keys_present=Unknown("denied")), NOW)
                 if f.control.id == "root-access-keys")
    assert found.status is Status.UNKNOWN and "01/02/2024" in found.evidence


def test_a_root_row_with_more_cells_than_its_header_is_not_read():
    longer = ROOT_MESSY + ",extra,cells"
    parsed = parse_report(report(longer))
    assert "24 cells for 22 columns" in parsed.malformed_rows["<root_account>"]
    session = AwsSession(STATIC)
    with Stubber(session.client("iam")) as stub:
        stub.add_response("generate_credential_report", {"State": "COMPLETE"})
        stub.add_response("get_credential_report", {"Content": report(longer), "ReportFormat": "text/csv"})
        with pytest.raises(RootkeeperError, match="24 cells for 22 columns") as raised:
            read_root_credential_row(session, sleep=lambda s: None)
    assert raised.value.hint


def test_a_longer_row_of_another_user_does_not_spoil_the_root_row():
    parsed = parse_report(report(ROOT_CLEAN, "alice,arn:aws:iam::111122223333:user/alice,x,y"))
    assert "<root_account>" not in parsed.malformed_rows and "alice" in parsed.malformed_rows
    assert root_row_from(parsed.row_for("<root_account>")).unreadable == {}
