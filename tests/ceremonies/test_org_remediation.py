"""Bulk remediation against the acme world: members' root credentials deleted (password,
keys, certificates, MFA devices) and read back, password recovery allowed, a member whose
AssumeRoot fails recorded and retryable, one journal entry per account and the batch's typed
confirmation journaled, and the journal verifying."""

from __future__ import annotations

import threading

import pytest

from rootkeeper.aws.org_scan import read_member_root
from rootkeeper.ceremonies.org_remediation import RUNBOOK, remediate_members
from rootkeeper.core.errors import ValidationError
from rootkeeper.core.org_remediation import RemediationAction, confirmation_phrase
from rootkeeper.journal import Actor, Journal
from rootkeeper.rehearsal.root_mfa_devices import add_root_mfa_device
from tests.support.refusals import refusing_in_member_roots

PROD, DATA, SANDBOX, LEGACY = "314159265401", "314159265402", "314159265403", "314159265404"
MEMBERS = [(PROD, "acme-prod"), (SANDBOX, "acme-sandbox"), (LEGACY, "acme-legacy")]
DELETE = RemediationAction.DELETE_CREDENTIALS


@pytest.fixture
def journal(clock):
    return Journal.open(rehearsal=True, clock=clock)


@pytest.fixture
def actor(identity):
    return Actor.current("Ada", identity)


def credentials_of(session, account_id):
    return read_member_root(session, account_id).by_kind()


def batch_entries(journal, batch_id):
    return [e for e in journal.entries() if isinstance(e.body, dict) and e.body.get("ceremony_id") == batch_id]


def test_deleting_leaves_no_root_credential_and_journals_each_account(world, session, journal, actor):
    virtual = add_root_mfa_device(world.state, PROD, "virtual", "old-phone")
    assert credentials_of(session, PROD)["mfa_devices"] == [virtual]
    seen = []
    outcome = remediate_members(session, MEMBERS, DELETE, typed_confirmation="delete 3", journal=journal,
                                actor=actor, concurrency=2, on_result=seen.append)
    assert not outcome.failed and len(seen) == 3
    for account_id, _ in MEMBERS:
        assert credentials_of(session, account_id) == {"login_profile": [], "access_keys": [],
                                                       "signing_certificates": [], "mfa_devices": []}
    # the virtual device was deleted, not left unassigned
    iam = session.client("iam")
    assert virtual not in [d["SerialNumber"] for d in iam.list_virtual_mfa_devices()["VirtualMFADevices"]]
    by_account = {r.account_id: r for r in outcome.results}
    assert by_account[PROD].removed == {"login_profile": ["root"], "access_keys": ["AKIAACMEPRODROOT0001"],
                                        "mfa_devices": [virtual]}
    assert by_account[LEGACY].removed["signing_certificates"] == ["ACMELEGACYSIGNINGCERT001"]
    assert by_account[SANDBOX].changed is False  # already clean: the goal state, nothing done
    entries = batch_entries(journal, outcome.batch_id)
    assert [e.kind for e in entries] == ["ceremony", "step", "step", "step", "ceremony"]
    assert entries[0].body["facts"]["typed_confirmation"] == "delete 3"
    steps = [e.body for e in entries if e.kind == "step"]
    assert {s["evidence"]["account_id"] for s in steps} == {PROD, SANDBOX, LEGACY}
    assert all(s["runbook"] == RUNBOOK and s["outcome"] == "ok" and s["evidence_kind"] == "verified" for s in steps)
    assert entries[-1].body["event"] == "finished" and entries[-1].body["facts"]["failed"] == []
    assert journal.verify().ok


def test_a_member_whose_assume_root_fails_is_listed_and_retryable(world, session, journal, actor):
    # acme-data leaves the organization between the scan and the batch: AssumeRoot refuses it
    session.client("organizations").remove_account_from_organization(AccountId=DATA)
    members = [(PROD, "acme-prod"), (DATA, "acme-data")]
    outcome = remediate_members(session, members, DELETE, typed_confirmation="delete 2", journal=journal, actor=actor)
    [failed] = outcome.failed
    assert failed.account_id == DATA and "AssumeRoot" in failed.error
    assert [r.account_id for r in outcome.succeeded] == [PROD]
    failed_entry = next(e.body for e in batch_entries(journal, outcome.batch_id)
                        if e.kind == "step" and e.body["evidence"]["account_id"] == DATA)
    assert failed_entry["outcome"] == "failed" and failed_entry["evidence_kind"] == "none"
    assert failed_entry["evidence"]["error"] == failed.error
    assert batch_entries(journal, outcome.batch_id)[-1].body["facts"]["failed"] == [DATA]
    # retry the failed ones: still failing, and journaled again as its own batch
    retry = remediate_members(session, [(failed.account_id, failed.name)], DELETE, typed_confirmation="delete 1",
                              journal=journal, actor=actor)
    assert [r.account_id for r in retry.failed] == [DATA]
    assert journal.verify().ok


def test_a_wrong_confirmation_changes_and_journals_nothing(session, journal, actor):
    before = len(journal.entries())
    with pytest.raises(ValidationError) as refused:
        remediate_members(session, MEMBERS, DELETE, typed_confirmation="delete 2", journal=journal, actor=actor)
    assert "'delete 3'" in str(refused.value)
    assert credentials_of(session, PROD)["access_keys"] == ["AKIAACMEPRODROOT0001"]
    assert len(journal.entries()) == before


def test_allowing_password_recovery_creates_a_login_profile_without_a_password(world, session, journal, actor):
    members = [(SANDBOX, "acme-sandbox"), (PROD, "acme-prod")]
    phrase = confirmation_phrase(RemediationAction.ALLOW_PASSWORD_RECOVERY, 2)
    assert phrase == "allow 2"
    outcome = remediate_members(session, members, RemediationAction.ALLOW_PASSWORD_RECOVERY,
                                typed_confirmation=phrase, journal=journal, actor=actor)
    by_account = {r.account_id: r for r in outcome.results}
    assert by_account[SANDBOX].ok and by_account[SANDBOX].changed
    assert by_account[PROD].ok and not by_account[PROD].changed  # it had a password: nothing changed
    assert credentials_of(session, SANDBOX)["login_profile"] == ["root"]
    assert world.state.root(SANDBOX).password == ""  # a profile exists, but no password was set by API


def test_cancel_stops_accounts_not_yet_started(session, journal, actor):
    cancel = threading.Event()
    cancel.set()
    outcome = remediate_members(session, MEMBERS, DELETE, typed_confirmation="delete 3", journal=journal,
                                actor=actor, cancel=cancel)
    assert outcome.cancelled and outcome.results == ()
    assert credentials_of(session, PROD)["login_profile"] == ["root"]
    assert batch_entries(journal, outcome.batch_id)[-1].body["event"] == "cancelled"


def test_a_refusal_half_way_is_a_failure_naming_what_was_deleted_and_what_remains(session, journal, actor,
                                                                                  monkeypatch):
    from rootkeeper.aws.session import AwsSession

    monkeypatch.setattr(AwsSession, "assume_root", refusing_in_member_roots("DeleteAccessKey"))
    outcome = remediate_members(session, [(PROD, "acme-prod")], DELETE, typed_confirmation="delete 1",
                                journal=journal, actor=actor)
    [failed] = outcome.failed
    assert failed.removed == {"login_profile": ["root"]} and failed.remaining == {"access_keys": ["AKIAACMEPRODROOT0001"]}
    assert failed.summary.startswith("failed after deleting password: ") and "AKIAACMEPRODROOT0001" in failed.summary
    entry = next(e.body for e in batch_entries(journal, outcome.batch_id) if e.kind == "step")
    assert entry["outcome"] == "failed" and entry["evidence"]["read_back"] == failed.remaining
    monkeypatch.undo()
    assert credentials_of(session, PROD)["access_keys"] == ["AKIAACMEPRODROOT0001"]
    assert journal.verify().ok
