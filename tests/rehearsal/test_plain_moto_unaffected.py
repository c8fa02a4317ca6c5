"""The rehearsal world's patches are process-wide; outside a running world, moto must
behave as moto does (other tests, and tools, use plain moto in the same process)."""

from __future__ import annotations

import boto3
from moto import mock_aws

from rootkeeper.rehearsal.world import start_world


def test_plain_moto_after_a_world_has_run():
    start_world("acme").stop()
    with mock_aws():
        account = boto3.client("account", region_name="us-east-1")
        account.put_alternate_contact(AlternateContactType="SECURITY", Name="Sec", Title="CISO",
                                      EmailAddress="sec@example.com", PhoneNumber="+1 555 0100")
        got = account.get_alternate_contact(AlternateContactType="SECURITY")["AlternateContact"]
        assert got["Name"] == "Sec"
        iam = boto3.client("iam", region_name="us-east-1")
        iam.create_user(UserName="alice")
        assert [u["UserName"] for u in iam.list_users()["Users"]] == ["alice"]
        assert boto3.client("sts", region_name="us-east-1").get_caller_identity()["Account"] == "123456789012"
        summary = iam.get_account_summary()["SummaryMap"]
        assert summary["Users"] == 1
