"""Root with several MFA devices of mixed kinds (issue #8, §4), read against the rehearsal world.

From a root session ListMFADevices lists them all, hardware serials and passkeys included;
from an IAM identity only virtual devices are visible, so "virtual only" is never stated
there and never counts as a pass of the hardware-MFA control."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from rootkeeper.aws.identity import who_am_i
from rootkeeper.aws.mfa import list_root_mfa_devices
from rootkeeper.aws.posture import read_root_posture
from rootkeeper.aws.session import AwsSession
from rootkeeper.core.findings import Status, evaluate
from rootkeeper.core.posture import MfaKind, MfaListing

NOW = datetime.now(timezone.utc)
MGMT = "314159265358"
AUDIT = "IAMAuditRootUserCredentials"
LEGACY = "314159265404"


@pytest.fixture
def realtime_world():
    from rootkeeper.rehearsal.world import start_world

    world = start_world("acme", serve=False)
    yield world
    world.stop()


def seed(world, account_id: str, *devices: tuple[str, str]) -> list[str]:
    from rootkeeper.rehearsal.root_mfa_devices import add_root_mfa_device

    return [add_root_mfa_device(world.state, account_id, kind, name) for kind, name in devices]


def statuses(session: AwsSession) -> tuple[dict[str, object], object]:
    posture = read_root_posture(session, now=NOW, identity=who_am_i(session), sleep=lambda s: None)
    return {f.control.id: f for f in evaluate(posture, NOW)}, posture


MIXED = (("virtual", "root-phone"), ("hardware", "safe-token"), ("security-key", "yubikey-dana"))


def test_a_root_session_lists_every_device_of_every_kind(realtime_world):
    virtual, hardware, passkey = seed(realtime_world, MGMT, *MIXED)
    devices = list_root_mfa_devices(AwsSession(realtime_world.environment("root").target))
    assert {(d.serial, d.kind) for d in devices} == {
        (virtual, MfaKind.VIRTUAL), (hardware, MfaKind.HARDWARE), (passkey, MfaKind.SECURITY_KEY)}
    assert not hardware.startswith("arn:") and ":u2f/" in passkey


def test_root_posture_with_mixed_devices_passes_hardware_mfa_naming_the_hardware(realtime_world):
    _, hardware, passkey = seed(realtime_world, MGMT, *MIXED)
    findings, posture = statuses(AwsSession(realtime_world.environment("root").target))
    assert posture.mfa_listing is MfaListing.ALL_DEVICES and len(posture.mfa_devices) == 3
    assert findings["root-hardware-mfa"].status is Status.PASS
    assert hardware in findings["root-hardware-mfa"].evidence and passkey in findings["root-hardware-mfa"].evidence
    assert "3 devices" in findings["root-mfa"].evidence


def test_from_an_iam_identity_the_same_root_is_not_called_virtual_only(realtime_world):
    seed(realtime_world, MGMT, *MIXED)
    findings, posture = statuses(AwsSession(realtime_world.environment("operator").target))
    assert posture.mfa_listing is MfaListing.VIRTUAL_ONLY
    assert [d.kind for d in posture.mfa_devices] == [MfaKind.VIRTUAL]  # all it can see
    hardware = findings["root-hardware-mfa"]
    assert hardware.status is Status.UNKNOWN  # not a pass, and not a fail either
    assert "virtual only" not in hardware.evidence and "cannot be seen" in hardware.evidence


def test_a_root_session_states_virtual_only_as_a_fact(realtime_world):
    seed(realtime_world, MGMT, ("virtual", "root-phone"), ("virtual", "root-tablet"))
    findings, _ = statuses(AwsSession(realtime_world.environment("root").target))
    assert findings["root-hardware-mfa"].status is Status.FAIL
    assert "virtual only" in findings["root-hardware-mfa"].evidence


def test_an_assume_root_audit_session_reads_every_device(realtime_world):
    seed(realtime_world, LEGACY, ("security-key", "legacy-passkey"), ("virtual", "legacy-phone"))
    member = AwsSession(realtime_world.environment("operator").target).assume_root(LEGACY, AUDIT)
    devices = list_root_mfa_devices(member)
    assert sorted(d.kind.value for d in devices) == sorted(["hardware", "passkey or security key", "virtual"])
    findings, posture = statuses(member)
    assert posture.mfa_listing is MfaListing.ALL_DEVICES
    assert findings["root-hardware-mfa"].status is Status.PASS


def test_at_most_eight_devices_of_any_kind(realtime_world):
    from rootkeeper.core.errors import ValidationError

    seed(realtime_world, MGMT, *[(("virtual", "hardware", "security-key")[i % 3], f"device-{i}") for i in range(8)])
    with pytest.raises(ValidationError, match="8 MFA devices"):
        seed(realtime_world, MGMT, ("hardware", "ninth"))
