"""Removing a member's root MFA devices by API, under centralized root access: AssumeRoot
with IAMDeleteRootUserCredentials, DeactivateMFADevice, then DeleteVirtualMFADevice (no orphan)."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError
from moto.iam.models import iam_backends

from rootkeeper.rehearsal.root_mfa_devices import add_root_mfa_device
from tests.support.rehearsal_clients import AUDIT, DELETE, MGMT, PROD, error_code


def _session(aws, policy):
    credentials = aws("sts").assume_root(TargetPrincipal=PROD, TaskPolicyArn={"arn": policy})["Credentials"]
    return aws("iam", credentials=credentials)


def test_delete_session_deactivates_then_deletes_a_member_virtual_device(aws, either_world):
    serial = add_root_mfa_device(either_world.state, PROD, "virtual", "leaver-root-mfa")
    hardware = add_root_mfa_device(either_world.state, PROD, "hardware", "safe-token")
    iam = _session(aws, DELETE)
    assert {d["SerialNumber"] for d in iam.list_mfa_devices()["MFADevices"]} == {serial, hardware}
    with pytest.raises(ClientError) as excinfo:
        iam.delete_virtual_mfa_device(SerialNumber=serial)  # still assigned: AWS refuses
    assert error_code(excinfo) == "DeleteConflict"
    iam.deactivate_mfa_device(SerialNumber=serial)
    iam.delete_virtual_mfa_device(SerialNumber=serial)
    assert [d["SerialNumber"] for d in iam.list_mfa_devices()["MFADevices"]] == [hardware]
    assert serial not in iam_backends[PROD]["global"].virtual_mfa_devices  # no orphan left unassigned
    with pytest.raises(ClientError) as excinfo:
        iam.delete_virtual_mfa_device(SerialNumber=serial)
    assert error_code(excinfo) == "NoSuchEntity"


def test_audit_session_may_not_delete_a_virtual_device(aws, either_world):
    serial = add_root_mfa_device(either_world.state, PROD, "virtual", "leaver-root-mfa")
    iam = _session(aws, AUDIT)
    for forbidden in (lambda: iam.deactivate_mfa_device(SerialNumber=serial),
                      lambda: iam.delete_virtual_mfa_device(SerialNumber=serial)):
        with pytest.raises(ClientError) as excinfo:
            forbidden()
        assert error_code(excinfo) == "AccessDenied"


def test_the_management_root_deletes_its_own_device_after_deactivating_it(aws, either_world):
    serial = add_root_mfa_device(either_world.state, MGMT, "virtual", "old-root-mfa")
    iam = aws("iam", "root")
    with pytest.raises(ClientError) as excinfo:
        iam.delete_virtual_mfa_device(SerialNumber=serial)
    assert error_code(excinfo) == "DeleteConflict"
    iam.deactivate_mfa_device(SerialNumber=serial)
    iam.delete_virtual_mfa_device(SerialNumber=serial)
    assert iam.list_mfa_devices()["MFADevices"] == []
    assert aws("iam").list_virtual_mfa_devices()["VirtualMFADevices"] == []
