"""recover-member-root against the acme rehearsal world, from the management account: the
whole recovery of acme-legacy's root (password, hardware MFA, signing certificate) as an
incident, the typed member id, the rehearsal console's "Forgot password?", and the refusals."""

from __future__ import annotations

import pytest

from rootkeeper.aws.org_scan import read_member_root
from rootkeeper.ceremonies.registry import bind, handlers_for
from rootkeeper.core.ceremony import CeremonyStatus, PreconditionError
from rootkeeper.core.runbooks import RECOVER_MEMBER_ROOT, RUNBOOKS
from rootkeeper.core.runbooks import member_root as rb
from rootkeeper.core.step_contract import Outcome
from rootkeeper.rehearsal.console_plays import player_for
from tests.support.acme_ceremony import MGMT, session_as, start_ceremony
from tests.support.refusals import refusing_in_member_roots

LEGACY, SANDBOX = "314159265404", "314159265403"


@pytest.fixture
def start(environment, session, identity, recorder, clock):
    def begin():
        return start_ceremony(RECOVER_MEMBER_ROOT, handlers_for(RECOVER_MEMBER_ROOT, environment, session, clock),
                              identity, recorder, clock, management_account_id=MGMT)
    return begin


def played(environment, ceremony):
    step = ceremony.current_step
    return player_for(step)(environment.console, dict(ceremony.facts), ceremony.secrets, step)


def test_it_is_in_the_catalogue_as_an_incident_and_the_catalogue_is_whole():
    from rootkeeper.ui.runbook_catalogue import catalogue_problems

    assert RUNBOOKS["recover-member-root"] is RECOVER_MEMBER_ROOT and RECOVER_MEMBER_ROOT.incident
    assert catalogue_problems() == []


def test_the_whole_recovery_of_a_member_root(start, environment, session, recorder, world):
    ceremony = start()
    assert ceremony.run_step().outcome is Outcome.OK  # centralized root access is on
    chosen = ceremony.run_step(inputs={rb.MEMBER: LEGACY})
    assert chosen.outcome is Outcome.OK and "acme-legacy" in chosen.message
    audit = ceremony.run_step()
    assert audit.evidence["password"] is True and audit.evidence["mfa_devices"] == ["GAKT00000404"]
    assert audit.evidence["signing_certificates"] == ["ACMELEGACYSIGNINGCERT001"]
    # the member's id must be typed, not the management account's
    refused = ceremony.run_step(typed_account_id=MGMT)
    assert refused.outcome is Outcome.FAILED and read_member_root(session, LEGACY).has_credentials
    deleted = ceremony.run_step(typed_account_id=LEGACY)
    assert deleted.outcome is Outcome.OK, deleted.message
    assert deleted.evidence_kind.value == "verified" and deleted.evidence["remaining"]["password"] is False
    assert not read_member_root(session, LEGACY).has_credentials
    # the console cannot reset a password that does not exist yet
    with pytest.raises(Exception, match="no login profile"):
        environment.console.reset_member_root_password(LEGACY)
    allowed = ceremony.run_step(confirmed=True)
    assert allowed.outcome is Outcome.OK and allowed.evidence["login_profile_created"] is True
    assert read_member_root(session, LEGACY).password is True
    # the check refuses a sign-in that did not happen
    assert ceremony.run_step().outcome is Outcome.OK  # the operator reports the reset (not yet done)
    unverified = ceremony.run_step()
    assert unverified.outcome is Outcome.FAILED and "not signed in" in unverified.message
    ceremony.go_back()
    reset = ceremony.run_step(played=played(environment, ceremony))
    assert reset.outcome is Outcome.OK and reset.evidence_kind.value == "rehearsed"
    assert ceremony.run_step().outcome is Outcome.OK  # PasswordLastUsed after recovery was allowed
    assert ceremony.run_step(attested_by="Ada", inputs={}).outcome is Outcome.FAILED  # what was done is required
    done = ceremony.run_step(attested_by="Ada", inputs={"task_done": "closed the old support plan"})
    assert done.outcome is Outcome.OK and done.evidence["task_done"] == "closed the old support plan"
    final = ceremony.run_step(confirmed=True)
    assert final.outcome is Outcome.OK and final.evidence["password_deleted"] is True
    assert ceremony.status is CeremonyStatus.FINISHED
    assert not read_member_root(session, LEGACY).has_credentials
    # every step entry names the member account
    entries = [entry for entry in recorder.steps if entry["outcome"] == "ok"]
    assert all(entry["evidence"].get(rb.MEMBER) == LEGACY for entry in entries
               if entry["step"] not in (rb.CHECK_ROOT_ACCESS,)), [e["evidence"] for e in entries]


def test_a_member_without_credentials_skips_the_first_deletion(start, session):
    ceremony = start()
    ceremony.run_step()
    ceremony.run_step(inputs={rb.MEMBER: SANDBOX})
    ceremony.run_step()
    assert ceremony.current_step.id == rb.ALLOW_RECOVERY
    assert ceremony.results[-1].outcome is Outcome.SKIPPED and "nothing to delete" in ceremony.results[-1].message


def test_centralized_root_access_off_is_a_clear_failure(start, world):
    world.state.organization_features.clear()
    ceremony = start()
    result = ceremony.run_step()
    assert result.outcome is Outcome.FAILED
    assert "not enabled" in result.message and "enable-organizations-root-sessions" in result.message


def test_a_typo_or_the_management_account_is_refused_as_member(start):
    ceremony = start()
    ceremony.run_step()
    for typed, says in (("12345", "12 digits"), (MGMT, "management account"), ("123456789012", "not a member")):
        result = ceremony.run_step(inputs={rb.MEMBER: typed})
        assert result.outcome is Outcome.FAILED and says in result.message


def test_only_the_management_account_may_run_it(world, environment, recorder, clock):
    from rootkeeper.aws.identity import who_am_i

    prod_root = session_as(world, "prod-root")
    with pytest.raises(PreconditionError):
        start_ceremony(RECOVER_MEMBER_ROOT, handlers_for(RECOVER_MEMBER_ROOT, environment, prod_root, clock),
                       who_am_i(prod_root), recorder, clock, management_account_id=MGMT)


def test_the_member_list_is_shown_before_choosing(start, environment, session, clock):
    ceremony = start()
    ceremony.run_step()
    look = bind(RECOVER_MEMBER_ROOT, environment, session, clock).lookups[rb.CHOOSE_MEMBER]
    members = ceremony.look(look)
    assert (LEGACY, "acme-legacy") in members and all(account != MGMT for account, _ in members)


def test_an_aborted_recovery_leaves_no_password_on_the_member(start, environment, session):
    ceremony = start()
    ceremony.run_step()
    ceremony.run_step(inputs={rb.MEMBER: SANDBOX})
    ceremony.run_step()  # nothing to delete: skipped
    assert ceremony.run_step(confirmed=True).outcome is Outcome.OK
    environment.console.reset_member_root_password(SANDBOX)  # the mailbox holder was quick
    assert read_member_root(session, SANDBOX).password is True
    report = ceremony.abort(reason="the task is not needed after all")
    assert report.undone == (rb.ALLOW_RECOVERY,) and not report.failed
    assert not read_member_root(session, SANDBOX).has_credentials


def test_a_deletion_refused_half_way_says_what_was_deleted_and_what_is_left(start, session, monkeypatch):
    from rootkeeper.aws.session import AwsSession

    ceremony = start()
    ceremony.run_step()
    ceremony.run_step(inputs={rb.MEMBER: LEGACY})
    ceremony.run_step()  # audit
    monkeypatch.setattr(AwsSession, "assume_root", refusing_in_member_roots("DeleteSigningCertificate"))
    refused = ceremony.run_step(typed_account_id=LEGACY)
    assert refused.outcome is Outcome.FAILED and refused.evidence_kind.value == "verified"
    assert refused.message.startswith("Deleted the password.") and "Then AWS refused" in refused.message
    assert "signing certificates ACMELEGACYSIGNINGCERT001" in refused.message
    assert refused.evidence["remaining"]["signing_certificates"] == ["ACMELEGACYSIGNINGCERT001"]
    monkeypatch.undo()
    again = ceremony.run_step(typed_account_id=LEGACY)
    assert again.outcome is Outcome.OK, again.message
    assert not read_member_root(session, LEGACY).has_credentials
