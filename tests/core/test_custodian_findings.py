"""The custodian controls, each status they can take, from hand-built postures and rosters."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from rootkeeper.core.controls import Status
from rootkeeper.core.custodians import add_body, attribute_body, mark_leaving_body, review_body, roster_from
from rootkeeper.core.findings import evaluate
from rootkeeper.core.posture import MfaKind, MfaListing, RootMfaDevice, Unknown
from tests.core.test_findings import NOW, good_posture, good_roster

VIRTUAL = "arn:aws:iam::111122223333:mfa/ana-root"


def judged(control_id: str, posture=None, roster=None):
    findings = evaluate(posture or good_posture(mfa_listing=MfaListing.ALL_DEVICES), NOW,
                        good_roster() if roster is None else roster)
    return next((f.status, f.evidence) for f in findings if f.control.id == control_id)


def people(*names: str, leaving: tuple[str, ...] = ()) -> list[dict]:
    return [add_body(n, "2024-01-01T00:00:00Z") for n in names] + [mark_leaving_body(n) for n in leaving]


@pytest.mark.parametrize(("names", "leaving", "status"), [
    ((), (), Status.FAIL), (("Ana",), (), Status.FAIL), (("Ana", "Ben"), (), Status.WARN),
    (("Ana", "Ben", "Chloe"), (), Status.PASS), (("Ana", "Ben", "Chloe"), ("Chloe",), Status.WARN),
])
def test_custodian_count_fails_under_two_warns_at_two_passes_from_three(names, leaving, status):
    got, evidence = judged("custodian-count", roster=roster_from(people(*names, leaving=leaving)))
    assert got is status
    assert all(name in evidence for name in names) and (names or "No custodian" in evidence)
    assert ("leaving, not counted" in evidence) is bool(leaving)


def test_an_unread_roster_makes_its_controls_unknown_with_the_reason():
    findings = evaluate(good_posture(), NOW)  # no roster passed
    for control_id in ("custodian-count", "root-mfa-attributed", "custodian-review"):
        status, evidence = next((f.status, f.evidence) for f in findings if f.control.id == control_id)
        assert status is Status.UNKNOWN and "roster was not read" in evidence
    denied = Unknown("The journal could not be read.")
    assert judged("custodian-count", roster=denied) == (Status.UNKNOWN, "The journal could not be read.")


def test_every_device_listed_by_a_root_session_must_have_a_current_custodian():
    posture = good_posture(mfa_listing=MfaListing.ALL_DEVICES,
                           mfa_devices=(RootMfaDevice("hardware", MfaKind.HARDWARE),
                                        RootMfaDevice(VIRTUAL, MfaKind.VIRTUAL)))
    status, evidence = judged("root-mfa-attributed", posture)
    assert status is Status.FAIL and VIRTUAL in evidence and "hardware held by Ben" in evidence
    roster = roster_from([*people("Ana", "Ben"), attribute_body("Ben", "hardware", "hardware"),
                          attribute_body("Ana", VIRTUAL, "virtual"), mark_leaving_body("Ana")])
    status, evidence = judged("root-mfa-attributed", posture, roster)
    assert status is Status.PASS and f"{VIRTUAL} held by Ana (leaving)" in evidence
    assert judged("root-mfa-attributed", replace(posture, mfa_devices=()))[0] is Status.PASS


def test_an_iam_identity_attributes_what_it_sees_and_says_what_it_cannot():
    virtual_only = good_posture(mfa_listing=MfaListing.VIRTUAL_ONLY,
                                mfa_devices=(RootMfaDevice(VIRTUAL, MfaKind.VIRTUAL),))
    status, evidence = judged("root-mfa-attributed", virtual_only)
    assert status is Status.FAIL and VIRTUAL in evidence  # unattributed even if others are unseen
    roster = roster_from([*people("Ana"), attribute_body("Ana", VIRTUAL, "virtual")])
    status, evidence = judged("root-mfa-attributed", virtual_only, roster)
    assert status is Status.UNKNOWN and "held by Ana" in evidence and "AssumeRoot" in evidence
    inferred = good_posture(mfa_devices=(RootMfaDevice("hardware", MfaKind.HARDWARE, inferred=True),))
    status, evidence = judged("root-mfa-attributed", inferred)
    assert status is Status.UNKNOWN and "cannot be seen" in evidence
    no_mfa = good_posture(mfa_enabled=False, mfa_devices=())
    assert judged("root-mfa-attributed", no_mfa) == (
        Status.PASS, "The root user has no MFA device, so there is none to attribute.")
    unlisted = good_posture(mfa_devices=Unknown("Access denied."))
    assert judged("root-mfa-attributed", unlisted)[0] is Status.UNKNOWN


@pytest.mark.parametrize(("days_ago", "status"), [(None, Status.FAIL), (10, Status.PASS), (90, Status.PASS),
                                                  (91, Status.FAIL), (400, Status.FAIL)])
def test_a_review_older_than_90_days_or_none_fails(days_ago, status):
    bodies = people("Ana", "Ben", "Chloe")
    if days_ago is not None:
        bodies.append(review_body((NOW - timedelta(days=days_ago)).isoformat(), "Ana"))
    got, evidence = judged("custodian-review", roster=roster_from(bodies))
    assert got is status
    assert ("never" in evidence) is (days_ago is None)


@pytest.mark.parametrize(("email", "status"), [
    ("aws-root@acme.example", Status.PASS), ("dana.reyes@gmail.com", Status.FAIL), ("x@Outlook.com", Status.FAIL),
    ("root@proton.me", Status.FAIL), ("aws@icloud.com", Status.FAIL), ("root@mail.yahoo.com.acme.example", Status.PASS),
])
def test_a_root_email_on_a_free_mail_domain_fails(email, status):
    got, evidence = judged("root-email-domain", good_posture(root_email=email))
    assert got is status and email in evidence


def test_an_unreadable_root_email_is_unknown_with_why():
    posture = good_posture(root_email=Unknown("Only the management account can read it."))
    assert judged("root-email-domain", posture) == (Status.UNKNOWN, "Only the management account can read it.")
