"""The credential report: generate-and-poll, and the <root_account> row parsed placeholder by placeholder."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from botocore.stub import Stubber

from rootkeeper.aws.credential_report import (
    fetch_credential_report,
    parse_bool,
    parse_report,
    parse_time,
    read_root_credential_row,
    root_row_from,
    UnreadableCell,
)
from rootkeeper.aws.session import AwsSession
from rootkeeper.core.errors import AccessDeniedError, NotFoundError, RootkeeperError
from rootkeeper.core.environment import AwsTarget

STATIC = AwsTarget(access_key_id="testing", secret_access_key="testing")

HEADER = ("user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
          "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,"
          "access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,"
          "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,"
          "access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated")
# As AWS writes it: root's password columns are not_supported, an unused key has N/A dates.
ROOT_MESSY = ("<root_account>,arn:aws:iam::111122223333:root,2019-01-01T00:00:00+00:00,not_supported,"
              "2025-05-30T10:00:00+00:00,not_supported,not_supported,false,true,2019-03-01T00:00:00+00:00,"
              "2025-05-29T08:00:00+00:00,us-east-1,s3,false,2020-01-02T00:00:00+00:00,N/A,N/A,N/A,"
              "true,2019-04-01T00:00:00+00:00,false,N/A")
ROOT_CLEAN = ("<root_account>,arn:aws:iam::111122223333:root,2019-01-01T00:00:00+00:00,not_supported,"
              "no_information,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,"
              "false,N/A,false,N/A")
USER = ("alice,arn:aws:iam::111122223333:user/alice,2020-01-01T00:00:00+00:00,true,N/A,2020-01-01T00:00:00+00:00,"
        "N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A")
GENERATED = datetime(2025, 6, 1, 9, 0, tzinfo=timezone.utc)


def report(*rows: str) -> bytes:
    return ("\n".join((HEADER, *rows)) + "\n").encode()


@pytest.mark.parametrize("value", ["N/A", "not_supported", "no_information", " n/a "])
def test_placeholders_parse_to_none(value):
    assert parse_time(value) is None
    assert parse_bool(value) is None


@pytest.mark.parametrize("value", ["", "  ", None, "garbage", "none", "unknown", "2025-13-45T00:00:00+00:00"])
def test_anything_else_is_unreadable_not_none(value):
    with pytest.raises(UnreadableCell):
        parse_time(value)
    with pytest.raises(UnreadableCell):
        parse_bool(value)


def test_real_values_parse():
    assert parse_time("2025-05-30T10:00:00+00:00") == datetime(2025, 5, 30, 10, tzinfo=timezone.utc)
    assert parse_time("2025-05-30T10:00:00Z") == datetime(2025, 5, 30, 10, tzinfo=timezone.utc)
    assert (parse_bool("true"), parse_bool("FALSE")) == (True, False)


def test_root_row_with_keys_certificates_and_placeholders():
    parsed = parse_report(report(USER, ROOT_MESSY), GENERATED)
    row = root_row_from(parsed.row_for("<root_account>"), generated=parsed.generated)
    assert row.arn == "arn:aws:iam::111122223333:root"
    assert row.password_enabled is None and row.password_last_changed is None
    assert row.password_last_used == datetime(2025, 5, 30, 10, tzinfo=timezone.utc)
    assert row.mfa_active is False and row.cert_1_active is True and row.cert_2_active is False
    first, second = row.access_keys
    assert (first.slot, first.active, first.last_used_service, first.last_used_region) == (1, True, "s3", "us-east-1")
    # An inactive key still exists: it has a creation date and no use.
    assert (second.slot, second.active, second.last_used, second.last_used_region) == (2, False, None, None)
    assert row.report_generated == GENERATED


def test_root_row_without_keys_or_use():
    row = root_row_from(parse_report(report(ROOT_CLEAN)).row_for("<root_account>"))
    assert row.access_keys == () and row.password_last_used is None and row.mfa_active is True


def test_a_byte_order_mark_and_short_rows_do_not_crash():
    short = "\ufeff" + HEADER + "\n<root_account>,arn:aws:iam::111122223333:root\n"
    parsed = parse_report(short.encode("utf-8"))
    row = root_row_from(parsed.row_for("<root_account>"))
    assert row.access_keys == () and row.created is None and row.mfa_active is False
    assert "no mfa_active column" in row.unreadable["mfa_active"]  # missing, not "false"
    assert "2 cells for 22 columns" in parsed.malformed_rows["<root_account>"]


@pytest.fixture
def stubbed():
    session = AwsSession(STATIC)
    stub = Stubber(session.client("iam"))
    with stub:
        yield session, stub
    stub.assert_no_pending_responses()


def test_generate_then_poll_while_in_progress_then_read(stubbed):
    session, stub = stubbed
    stub.add_response("generate_credential_report", {"State": "STARTED"})
    stub.add_response("generate_credential_report", {"State": "INPROGRESS"})
    stub.add_response("generate_credential_report", {"State": "COMPLETE"})
    stub.add_client_error("get_credential_report", "ReportInProgress", http_status_code=404)
    stub.add_response("generate_credential_report", {"State": "COMPLETE"})
    stub.add_response("get_credential_report", {"Content": report(ROOT_CLEAN), "ReportFormat": "text/csv",
                                                "GeneratedTime": GENERATED})
    sleeps: list[float] = []
    row = read_root_credential_row(session, sleep=sleeps.append)
    assert row.mfa_active is True
    assert sleeps == [0.5, 1.0, 2.0]  # small, growing, bounded backoff


def test_a_missing_or_expired_report_is_generated_again(stubbed):
    session, stub = stubbed
    stub.add_response("generate_credential_report", {"State": "COMPLETE"})
    stub.add_client_error("get_credential_report", "ReportExpired", http_status_code=410)
    stub.add_response("generate_credential_report", {"State": "COMPLETE"})
    stub.add_response("get_credential_report", {"Content": report(ROOT_MESSY), "ReportFormat": "text/csv"})
    assert len(read_root_credential_row(session, sleep=lambda s: None).access_keys) == 2


def test_waiting_is_bounded(stubbed):
    session, stub = stubbed
    for _ in range(4):
        stub.add_response("generate_credential_report", {"State": "INPROGRESS"})
    sleeps: list[float] = []
    with pytest.raises(RootkeeperError, match="still being generated"):
        fetch_credential_report(session, sleep=sleeps.append, max_attempts=3)
    assert sleeps == [0.5, 1.0, 2.0]


def test_access_denied_is_translated(stubbed):
    session, stub = stubbed
    stub.add_client_error("generate_credential_report", "AccessDenied", http_status_code=403)
    with pytest.raises(AccessDeniedError, match="iam:GetCredentialReport"):
        read_root_credential_row(session, sleep=lambda s: None)


def test_a_report_without_a_root_row_is_not_found(stubbed):
    session, stub = stubbed
    stub.add_response("generate_credential_report", {"State": "COMPLETE"})
    stub.add_response("get_credential_report", {"Content": report(USER), "ReportFormat": "text/csv"})
    with pytest.raises(NotFoundError, match="<root_account>"):
        read_root_credential_row(session, sleep=lambda s: None)
