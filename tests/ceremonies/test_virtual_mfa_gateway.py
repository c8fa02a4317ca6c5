"""aws/virtual_mfa.py against the rehearsal world: listing, and the errors an operator meets."""

from __future__ import annotations

import pytest

from rootkeeper.aws import virtual_mfa
from rootkeeper.core.errors import NotFoundError, ValidationError


def test_users_are_listed_with_their_mfa(session, clock):
    from tests.support.mfa_ceremony import app_codes

    serial, seed = virtual_mfa.create_virtual_mfa_device(session, "breakglass-phone")
    assert seed not in repr(virtual_mfa.find_virtual_mfa_device(session, serial))
    codes = app_codes(seed, clock.now)
    virtual_mfa.enable_mfa_device(session, "breakglass", serial, codes["code_1"], codes["code_2"])

    users = {user.name: user for user in virtual_mfa.list_iam_users(session)}
    assert {"operator", "breakglass"} <= set(users)
    assert users["breakglass"].has_mfa and users["breakglass"].mfa_serials == (serial,)
    assert not users["operator"].has_mfa
    [device] = virtual_mfa.list_user_mfa_devices(session, "breakglass")
    assert device.virtual and device.serial == serial and device.enabled_at is not None


def test_a_taken_name_says_choose_another(session):
    virtual_mfa.create_virtual_mfa_device(session, "shared-name")
    with pytest.raises(ValidationError) as caught:
        virtual_mfa.create_virtual_mfa_device(session, "shared-name")
    assert "is taken" in str(caught.value) and "Choose another name" in str(caught.value)
    assert caught.value.code == "EntityAlreadyExists"


def test_codes_aws_refuses_say_so(session):
    serial, _ = virtual_mfa.create_virtual_mfa_device(session, "breakglass-phone")
    with pytest.raises(ValidationError) as caught:
        virtual_mfa.enable_mfa_device(session, "breakglass", serial, "123456", "654321")
    assert str(caught.value).startswith("AWS did not accept the two codes")
    assert "123456" not in str(caught.value)


def test_missing_things_are_not_found(session):
    with pytest.raises(NotFoundError):
        virtual_mfa.list_user_mfa_devices(session, "nobody")
    with pytest.raises(NotFoundError):
        virtual_mfa.delete_virtual_mfa_device(session, "arn:aws:iam::314159265358:mfa/none")
    assert virtual_mfa.find_virtual_mfa_device(session, "arn:aws:iam::314159265358:mfa/none") is None


def test_root_state_counts_slots(session, environment, identity):
    state = virtual_mfa.read_root_mfa_state(session)
    assert (state.mfa_enabled, state.devices, state.free_slots) == (False, (), 8)
    environment.console.assign_root_mfa(identity.account_id, "hardware-key", kind="hardware")
    state = virtual_mfa.read_root_mfa_state(session)
    assert state.mfa_enabled and state.virtual_devices == () and state.free_slots == 7  # hardware inferred
