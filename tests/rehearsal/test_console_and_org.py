"""The console simulator's effects, seen through the ordinary API; the Organizations
root features."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from authenticator import assign_virtual_root_mfa
from botocore.exceptions import ClientError
from rehearsal_support import MGMT, error_code

from rootkeeper.core.errors import AccessDeniedError, NotFoundError, ValidationError


def test_assigning_root_mfa_in_the_console_shows_in_the_api(aws, world, clock):
    serial = assign_virtual_root_mfa(world.console, MGMT, "dana-phone", clock())
    assert serial == f"arn:aws:iam::{MGMT}:mfa/dana-phone"
    iam = aws("iam")
    assert iam.get_account_summary()["SummaryMap"]["AccountMFAEnabled"] == 1
    devices = iam.list_virtual_mfa_devices(AssignmentStatus="Assigned")["VirtualMFADevices"]
    assert [d["User"]["Arn"] for d in devices] == [f"arn:aws:iam::{MGMT}:root"]
    hardware = world.console.assign_root_mfa(MGMT, "safe-token", kind="hardware")
    assert {d["SerialNumber"] for d in aws("iam", "root").list_mfa_devices()["MFADevices"]} == {serial, hardware}
    world.console.remove_root_mfa(MGMT, serial)
    world.console.remove_root_mfa(MGMT, hardware)
    assert iam.get_account_summary()["SummaryMap"]["AccountMFAEnabled"] == 0
    assert iam.list_virtual_mfa_devices()["VirtualMFADevices"] == []
    with pytest.raises(NotFoundError):
        world.console.remove_root_mfa(MGMT, serial)


def test_at_most_eight_root_mfa_devices(local_world):
    for index in range(8):
        local_world.console.assign_root_mfa(MGMT, f"device-{index}", kind="hardware")
    with pytest.raises(ValidationError, match="8 MFA devices"):
        local_world.console.begin_root_mfa_assignment(MGMT, "ninth")


def test_password_change_and_sign_in_reach_the_credential_report(aws, world, clock):
    with pytest.raises(AccessDeniedError):
        world.console.sign_in_root(MGMT, "wrong")
    world.console.change_root_password(MGMT, "N3w-Root-Passw0rd!")
    clock.advance(minutes=5)
    world.console.sign_in_root(MGMT, "N3w-Root-Passw0rd!")
    iam = aws("iam")
    iam.generate_credential_report()
    root = next(csv.DictReader(io.StringIO(iam.get_credential_report()["Content"].decode())))
    assert root["password_last_used"] == "2025-06-02T09:35:00+00:00"


def test_deleting_a_root_key_in_the_console(aws, world):
    world.console.delete_root_access_key(MGMT, "AKIAACMEROOTKEY00002")
    world.console.delete_root_access_key(MGMT, "AKIAACMEROOTKEY00001")
    assert aws("iam").get_account_summary()["SummaryMap"]["AccountAccessKeysPresent"] == 0
    with pytest.raises(NotFoundError):
        world.console.delete_root_access_key(MGMT, "AKIAACMEROOTKEY00001")


def test_organizations_root_features(aws):
    iam = aws("iam")
    features = iam.list_organizations_features()
    assert sorted(features["EnabledFeatures"]) == ["RootCredentialsManagement", "RootSessions"]
    assert features["OrganizationId"].startswith("o-")
    assert iam.enable_organizations_root_sessions()["EnabledFeatures"]
    with pytest.raises(ClientError) as excinfo:
        aws("iam", "prod-root").enable_organizations_root_sessions()
    assert "AccountNotManagementOrDelegatedAdministrator" in error_code(excinfo)


def test_the_console_deactivates_root_keys_whatever_their_status(aws, world):
    """The console signs the root in with its password: an inactive root key does not hide
    the keys from it, as it did when they were looked up with that key."""
    assert world.console.root_access_keys(MGMT) == [{"key_id": "AKIAACMEROOTKEY00001", "status": "Active"},
                                                    {"key_id": "AKIAACMEROOTKEY00002", "status": "Inactive"}]
    world.console.deactivate_root_access_key(MGMT, "AKIAACMEROOTKEY00001")
    assert [key["status"] for key in world.console.root_access_keys(MGMT)] == ["Inactive", "Inactive"]
    with pytest.raises(NotFoundError):
        world.console.deactivate_root_access_key(MGMT, "AKIAIAMNOTAROOTKEY01")
    for key in world.console.root_access_keys(MGMT):
        world.console.delete_root_access_key(MGMT, key["key_id"])
    assert world.console.root_access_keys(MGMT) == []
    assert aws("iam").get_account_summary()["SummaryMap"]["AccountAccessKeysPresent"] == 0


def test_a_credential_report_is_made_anew_every_four_hours_or_when_the_root_changed(aws, world, clock):
    iam = aws("iam")

    def report():
        iam.generate_credential_report()
        answer = iam.get_credential_report()
        root = next(csv.DictReader(io.StringIO(answer["Content"].decode())))
        return answer["GeneratedTime"].replace(tzinfo=None), root["access_key_1_active"]

    first, active = report()
    assert active == "true"
    clock.advance(hours=1)
    assert report() == (first, "true")  # nothing changed: the same report, as AWS serves it
    world.console.deactivate_root_access_key(MGMT, "AKIAACMEROOTKEY00001")
    regenerated, active = report()
    assert active == "false" and regenerated == first + timedelta(hours=1)  # never dated before the change
    clock.advance(hours=4)
    assert report() == (regenerated + timedelta(hours=4), "false")
