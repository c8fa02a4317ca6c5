"""The roster model: folding roster entry bodies, and refusing changes that do not apply."""

from __future__ import annotations

import base64
import hashlib
from datetime import datetime, timezone

import pytest

from rootkeeper.core.custodians import (
    ROSTER_ACTIONS,
    Roster,
    add_body,
    apply_change,
    attribute_body,
    check_change,
    enroll_witness_body,
    mark_leaving_body,
    release_body,
    remove_body,
    review_body,
    roster_from,
    set_factors_body,
)
from rootkeeper.core.errors import ValidationError

SINCE = "2024-01-15T09:00:00Z"
KEY = base64.b64encode(bytes(range(32))).decode()
ANA_DEVICE = "arn:aws:iam::314159265358:mfa/ana-root-mfa"


def acme_roster_bodies() -> list[dict]:
    return [
        add_body("Ana Lima", SINCE, "ana@acme.example"),
        add_body("Ben Okafor", SINCE),
        add_body("Chloe Martin", SINCE),
        attribute_body("Ana Lima", ANA_DEVICE, "virtual"),
        attribute_body("Ben Okafor", "GAHT12345678", "hardware"),
        set_factors_body("Ana Lima", password_access=True, mailbox_member=True, recovery_phone="+1 555 0199"),
        enroll_witness_body("Ben Okafor", KEY),
        mark_leaving_body("Chloe Martin"),
        review_body("2025-05-01T10:00:00Z", "Ana Lima"),
    ]


def test_a_roster_folds_every_action_in_order():
    roster = roster_from(acme_roster_bodies())
    assert [c.name for c in roster.current] == ["Ana Lima", "Ben Okafor", "Chloe Martin"]
    ana = roster.by_name("Ana Lima")
    assert ana.email == "ana@acme.example" and ana.since == SINCE
    assert ana.devices == ((ANA_DEVICE, "virtual"),)
    assert (ana.password_access, ana.mailbox_member, ana.recovery_phone) == (True, True, "+1 555 0199")
    ben = roster.by_name("Ben Okafor")
    assert ben.witness_public_key == KEY
    assert ben.witness_fingerprint == hashlib.sha256(bytes(range(32))).hexdigest()
    assert roster.by_name("Chloe Martin").leaving and not ana.leaving
    assert roster.holder_of("GAHT12345678") is ben and roster.holder_of("nope") is None
    assert roster.last_review == datetime(2025, 5, 1, 10, tzinfo=timezone.utc)
    assert roster.last_review_by == "Ana Lima"


def test_releasing_and_removing_take_effect():
    roster = roster_from([*acme_roster_bodies(), release_body("Ana Lima", ANA_DEVICE), remove_body("Chloe Martin")])
    assert roster.by_name("Ana Lima").mfa_serials == ()
    assert roster.holder_of(ANA_DEVICE) is None
    assert [c.name for c in roster.current] == ["Ana Lima", "Ben Okafor"]
    assert roster.by_name("Chloe Martin") is None
    assert [c.name for c in roster.custodians if c.removed] == ["Chloe Martin"]
    # Someone removed may come back, as a new custodian.
    again = roster_from([*acme_roster_bodies(), remove_body("Chloe Martin"), add_body("Chloe Martin", SINCE)])
    assert not again.by_name("Chloe Martin").leaving


def test_set_factors_sets_only_what_it_names():
    roster = roster_from([add_body("Ana Lima", SINCE), set_factors_body("Ana Lima", password_access=True),
                          set_factors_body("Ana Lima", recovery_phone="+1 555 0199"),
                          set_factors_body("Ana Lima", recovery_phone=None)])
    ana = roster.by_name("Ana Lima")
    assert ana.password_access and not ana.mailbox_member and ana.recovery_phone is None


@pytest.mark.parametrize(("body", "says"), [
    ({"action": "promote", "custodian": "Ana Lima"}, "not a roster action"),
    ({"action": "add", "since": SINCE}, "must name its custodian"),
    (add_body("Ana Lima", SINCE), "already a custodian"),
    (add_body("Zed", "yesterday"), "RFC 3339"),
    (remove_body("Zed"), "not a current custodian"),
    (mark_leaving_body("Zed"), "not a current custodian"),
    (attribute_body("Ben Okafor", ANA_DEVICE, "virtual"), "already attributed to Ana Lima"),
    (attribute_body("Ben Okafor", "X1", "yubikey"), "device kind"),
    (release_body("Ben Okafor", ANA_DEVICE), "does not hold"),
    ({"action": "set-factors", "custodian": "Ana Lima"}, "must set one of"),
    (set_factors_body("Ana Lima", password_access="yes"), "true or false"),  # type: ignore[arg-type]
    ({"action": "enroll-witness", "custodian": "Ana Lima", "public_key": "c2hvcnQ=", "fingerprint": "0" * 64},
     "32 raw Ed25519 bytes"),
    ({"action": "enroll-witness", "custodian": "Ana Lima", "public_key": KEY, "fingerprint": "0" * 64},
     "does not match"),
    ({"action": "review", "custodian": "Ana Lima", "reviewed_at": SINCE, "by": "x"}, "\"*\""),
    ({"action": "review", "custodian": "*", "reviewed_at": SINCE}, "'by'"),
])
def test_a_change_that_does_not_apply_is_refused_with_a_reason(body, says):
    roster = roster_from(acme_roster_bodies())
    with pytest.raises(ValidationError, match=says.replace("(", r"\(")):
        check_change(roster, body)


def test_a_removed_custodian_is_not_current_for_any_change():
    roster = roster_from([*acme_roster_bodies(), remove_body("Chloe Martin")])
    with pytest.raises(ValidationError, match="not a current custodian"):
        check_change(roster, attribute_body("Chloe Martin", "X9", "hardware"))


def test_roster_from_skips_what_could_not_have_been_appended():
    roster = roster_from([add_body("Ana Lima", SINCE), add_body("Ana Lima", SINCE),
                          attribute_body("Nobody", "X1", "hardware"), {"action": "promote"}, "garbage"])
    assert [c.name for c in roster.custodians] == ["Ana Lima"]


def test_builders_write_the_roster_format():
    assert add_body("Ana", SINCE, ceremony_id="c-1", note="onboarded") == {
        "action": "add", "custodian": "Ana", "since": SINCE, "ceremony_id": "c-1", "note": "onboarded"}
    assert attribute_body("Ana", "S", "passkey") == {"action": "attribute-device", "custodian": "Ana",
                                                     "serial": "S", "device_kind": "passkey"}
    assert review_body(SINCE, "Ana") == {"action": "review", "custodian": "*", "reviewed_at": SINCE, "by": "Ana"}
    assert set(ROSTER_ACTIONS) == {"add", "remove", "mark-leaving", "attribute-device", "release-device",
                                   "set-factors", "enroll-witness", "review"}
    assert apply_change(Roster(), add_body("Ana", SINCE)).by_name("Ana").since == SINCE
