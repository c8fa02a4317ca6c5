"""A root principal per account: caller identity, root keys, summary flags, credential report."""

from __future__ import annotations

import csv
import io

import pytest
from botocore.exceptions import ClientError

from tests.support.rehearsal_clients import MGMT, START, error_code


def test_root_key_is_the_root_principal(aws):
    identity = aws("sts", "root").get_caller_identity()
    assert identity["Arn"] == f"arn:aws:iam::{MGMT}:root"
    assert identity["UserId"] == MGMT and identity["Account"] == MGMT


def test_iam_user_keeps_its_user_arn(aws):
    assert aws("sts").get_caller_identity()["Arn"] == f"arn:aws:iam::{MGMT}:user/operator"
    assert aws("iam").list_access_keys()["AccessKeyMetadata"][0]["UserName"] == "operator"


def test_summary_flags_reflect_the_root(aws):
    summary = aws("iam").get_account_summary()["SummaryMap"]
    assert summary["AccountAccessKeysPresent"] == 1
    assert summary["AccountMFAEnabled"] == 0
    assert summary["AccountSigningCertificatesPresent"] == 0


def test_root_session_lists_and_manages_its_own_keys(aws):
    iam = aws("iam", "root")
    keys = iam.list_access_keys()["AccessKeyMetadata"]
    assert [(k["AccessKeyId"], k["Status"]) for k in keys] == [
        ("AKIAACMEROOTKEY00001", "Active"), ("AKIAACMEROOTKEY00002", "Inactive")]
    with pytest.raises(ClientError) as excinfo:
        iam.create_access_key()
    assert error_code(excinfo) == "LimitExceeded"
    iam.delete_access_key(AccessKeyId="AKIAACMEROOTKEY00002")
    created = iam.create_access_key()["AccessKey"]
    assert created["AccessKeyId"].startswith("AKIA") and len(created["SecretAccessKey"]) == 40
    iam.update_access_key(AccessKeyId=created["AccessKeyId"], Status="Inactive")
    statuses = {k["AccessKeyId"]: k["Status"] for k in iam.list_access_keys()["AccessKeyMetadata"]}
    assert statuses == {"AKIAACMEROOTKEY00001": "Active", created["AccessKeyId"]: "Inactive"}


def test_last_used_of_a_root_key_follows_the_world_clock(aws, manual_clock):
    aws("sts", "root").get_caller_identity()
    used = aws("iam").get_access_key_last_used(AccessKeyId="AKIAACMEROOTKEY00001")["AccessKeyLastUsed"]
    assert used["LastUsedDate"] == START and used["ServiceName"] == "sts" and used["Region"] == "us-east-1"


def test_inactive_or_deleted_root_keys_stop_working(aws, either_world):
    iam = aws("iam", "root")
    iam.update_access_key(AccessKeyId="AKIAACMEROOTKEY00001", Status="Inactive")
    with pytest.raises(ClientError) as excinfo:
        aws("sts", "root").get_caller_identity()
    assert error_code(excinfo) == "InvalidClientTokenId"


def test_no_mfa_and_signing_certificates_for_the_messy_root(aws):
    iam = aws("iam", "root")
    assert iam.list_mfa_devices()["MFADevices"] == []
    assert iam.list_signing_certificates()["Certificates"] == []
    user = iam.get_user()["User"]
    assert user["Arn"] == f"arn:aws:iam::{MGMT}:root" and user["UserId"] == MGMT


def _report_rows(iam) -> list[dict[str, str]]:
    iam.generate_credential_report()
    content = iam.get_credential_report()["Content"].decode()
    return list(csv.DictReader(io.StringIO(content)))


def test_credential_report_starts_with_the_root_row(aws):
    rows = _report_rows(aws("iam"))
    root = rows[0]
    assert root["user"] == "<root_account>" and root["arn"] == f"arn:aws:iam::{MGMT}:root"
    assert root["password_enabled"] == "not_supported"
    assert root["password_last_changed"] == "not_supported"
    assert root["password_last_used"].endswith("+00:00")
    assert root["mfa_active"] == "false"
    assert root["access_key_1_active"] == "true" and root["access_key_2_active"] == "false"
    assert root["access_key_1_last_used_region"] == "us-east-1"
    assert root["access_key_1_last_used_service"] == "s3"
    assert root["access_key_1_last_used_date"].startswith("2024-06-02")  # a year before the clock
    assert root["access_key_2_last_used_date"] == "N/A"
    assert root["cert_1_active"] == "false" and root["cert_2_active"] == "false"
    assert [row["user"] for row in rows[1:]] == ["operator", "breakglass", "auditor"]
