"""The "custodians" scenario: acme, plus three custodians of the management account's root
whose devices, phone and contacts are really in the world; and their data, for the roster."""

from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest
from moto.iam.models import iam_backends

from rootkeeper.rehearsal.mfa_codes import codes_are_consecutive
from rootkeeper.rehearsal.remote import join_served_world
from rootkeeper.rehearsal.scenario_custodians import CHLOE_PHONE, authenticator_seed
from rootkeeper.rehearsal.world import start_world
from tests.support.authenticator import assign_virtual_root_mfa
from tests.support.rehearsal_clients import MGMT, START, Clients, ManualClock

ANA = f"arn:aws:iam::{MGMT}:mfa/ana-root-mfa"
CHLOE = f"arn:aws:iam::{MGMT}:mfa/chloe-root-mfa"


@pytest.fixture(params=["in-process", "served"])
def custodians_world(request):
    world = start_world("custodians", serve=request.param == "served", clock=ManualClock())
    yield world
    world.stop()


def test_three_custodians_one_leaving_with_their_devices_on_root(custodians_world):
    seeded = {c.name: c for c in custodians_world.seed_custodians}
    assert list(seeded) == ["Ana Lima", "Ben Okafor", "Chloe Martin"]
    assert [c.name for c in seeded.values() if c.leaving] == ["Chloe Martin"]
    assert seeded["Ana Lima"].devices == ((ANA, "virtual"),)
    assert seeded["Chloe Martin"].devices == ((CHLOE, "virtual"),
                                              ("arn:aws:iam::314159265401:mfa/chloe-prod-root-mfa", "virtual"))
    (ben_serial, ben_kind), = seeded["Ben Okafor"].devices
    assert ben_kind == "hardware" and not ben_serial.startswith("arn:")
    assert seeded["Chloe Martin"].phone == CHLOE_PHONE and seeded["Chloe Martin"].email.endswith("@acme.example")
    assert all(c.since < START for c in seeded.values())
    root_iam = Clients(custodians_world)("iam", "root")
    assert [d["SerialNumber"] for d in root_iam.list_mfa_devices()["MFADevices"]] == [ANA, ben_serial, CHLOE]
    assert root_iam.get_account_summary()["SummaryMap"]["AccountMFAEnabled"] == 1
    assigned = Clients(custodians_world)("iam").list_virtual_mfa_devices(AssignmentStatus="Assigned")
    assert {d["SerialNumber"] for d in assigned["VirtualMFADevices"]} == {ANA, CHLOE}
    assert custodians_world.environment().seed_custodians == custodians_world.seed_custodians


def test_chloe_is_the_primary_phone_and_the_security_contact(custodians_world):
    account = Clients(custodians_world)("account")
    assert account.get_contact_information()["ContactInformation"]["PhoneNumber"] == CHLOE_PHONE
    security = account.get_alternate_contact(AlternateContactType="SECURITY")["AlternateContact"]
    assert security["Name"] == "Chloe Martin" and security["PhoneNumber"] == CHLOE_PHONE


def test_the_virtual_devices_keep_their_seeds_so_their_codes_work(local_custodians_world):
    backend = iam_backends[MGMT]["global"]
    for name, serial in (("ana-root-mfa", ANA), ("chloe-root-mfa", CHLOE)):
        seed = authenticator_seed(MGMT, name)
        assert backend.virtual_mfa_devices[serial].base32_string_seed == seed
        totp, now = pyotp.TOTP(seed), START
        assert codes_are_consecutive(seed, totp.at(now - timedelta(seconds=30)), totp.at(now), now)
    assert authenticator_seed(MGMT, "ana-root-mfa") not in repr(local_custodians_world)


def test_acme_is_unchanged_and_has_no_seed_custodians():
    world = start_world("acme", clock=ManualClock())
    try:
        assert world.seed_custodians == () and world.state.root(MGMT).mfa_devices == []
        assert "SECURITY" not in world.state.root(MGMT).alternate_contacts
    finally:
        world.stop()


def test_a_client_joining_the_served_world_gets_the_custodians():
    world = start_world("custodians", serve=True, port=0, clock=ManualClock())
    try:
        assert join_served_world(world.endpoint_url).seed_custodians == world.seed_custodians
    finally:
        world.stop()


@pytest.fixture
def local_custodians_world():
    world = start_world("custodians", clock=ManualClock())
    yield world
    world.stop()


def test_the_console_removes_the_leavers_device_as_aws_does(custodians_world):
    """'Remove' deactivates and deletes the virtual device: its name is free again, the others
    stay, and CloudTrail shows both console calls."""
    world, aws = custodians_world, Clients(custodians_world)
    world.console.remove_root_mfa(MGMT, CHLOE)
    names = [e["EventName"] for e in aws("cloudtrail").lookup_events(MaxResults=2)["Events"]]
    assert names == ["DeleteVirtualMFADevice", "DeactivateMFADevice"]  # newest first
    root_serials = [d["SerialNumber"] for d in aws("iam", "root").list_mfa_devices()["MFADevices"]]
    assert CHLOE not in root_serials and ANA in root_serials and len(root_serials) == 2
    assert {d["SerialNumber"] for d in aws("iam").list_virtual_mfa_devices()["VirtualMFADevices"]} == {ANA}
    assert assign_virtual_root_mfa(world.console, MGMT, "chloe-root-mfa", START) == CHLOE  # no orphan holds the name
