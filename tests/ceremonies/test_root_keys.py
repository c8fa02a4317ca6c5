"""delete-root-keys against the acme rehearsal world: by API from the root's own key (the
key in use deleted last), console-guided from an IAM identity, and by AssumeRoot on a
member account whose session expires mid-ceremony and is renewed."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from rootkeeper.aws.identity import who_am_i
from rootkeeper.aws.root_key_admin import RenewableRootSession
from rootkeeper.ceremonies.registry import (handlers_for)
from rootkeeper.ceremonies.root_keys import DeleteRootKeys
from rootkeeper.core.runbooks.root_keys import choose_direct_deletion
from rootkeeper.rehearsal.console_plays import (delete_root_keys_in_rehearsal_console, play_key_step_in_rehearsal_console, REHEARSAL_CONSOLE_NOTE)
from rootkeeper.core.ceremony import CeremonyStatus, PreconditionError
from rootkeeper.core.identity import Identity, PrincipalKind
from rootkeeper.core.runbooks import DELETE_ROOT_KEYS
from rootkeeper.core.runbooks import root_keys as rb
from rootkeeper.core.step_contract import Evidence, Outcome
from tests.support.acme_ceremony import (MGMT, PROD, PROD_ROOT_KEY, ROOT_KEY_ACTIVE, ROOT_KEY_INACTIVE,
                                         control_status, session_as, skipped_just_now, start_ceremony)

NOW = datetime(2025, 3, 14, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def root_session(world):
    return session_as(world, "root")


@pytest.fixture
def root_ceremony(world, root_session, recorder, clock):
    handlers = handlers_for(DELETE_ROOT_KEYS, world.environment("root"), root_session, clock)
    return start_ceremony(DELETE_ROOT_KEYS, handlers, who_am_i(root_session), recorder, clock)


def _reactivate_second_key(root_session):
    root_session.client("iam").update_access_key(AccessKeyId=ROOT_KEY_INACTIVE, Status="Active")


def _statuses(root_session):
    keys = root_session.client("iam").list_access_keys()["AccessKeyMetadata"]
    return {key["AccessKeyId"]: key["Status"] for key in keys}


def test_the_safe_path_from_the_roots_own_key_deletes_the_key_in_use_last(world, root_session, root_ceremony,
                                                                          session, recorder, clock):
    assert control_status(session, "root-access-keys", NOW) == "fail"
    _reactivate_second_key(root_session)

    listed = root_ceremony.run_step()
    assert listed.outcome is Outcome.OK, listed.message
    assert root_ceremony.facts["mode"] == rb.MODE_API and root_ceremony.facts["key_in_use"] == ROOT_KEY_ACTIVE
    assert f"{ROOT_KEY_ACTIVE} (active, 1100 days old) (this session signs with it)" in listed.message
    assert [key["key_id"] for key in listed.evidence["keys"]] == [ROOT_KEY_ACTIVE, ROOT_KEY_INACTIVE]

    assert skipped_just_now(root_ceremony) == []  # the safe path applies: deactivation is offered
    assert root_ceremony.current_step.id == rb.DEACTIVATE_KEYS
    assert root_ceremony.run_step().outcome is Outcome.FAILED  # not confirmed: nothing done
    deactivated = root_ceremony.run_step(confirmed=True)
    assert deactivated.outcome is Outcome.OK, deactivated.message
    observed = {ROOT_KEY_ACTIVE: "Active", ROOT_KEY_INACTIVE: "Inactive"}
    assert deactivated.evidence == {"deactivated": [ROOT_KEY_INACTIVE], "kept_active": ROOT_KEY_ACTIVE,
                                    "observed": observed}
    # The claim is what IAM showed afterwards: not "every key inactive" while the session's key is not.
    assert deactivated.message == (f"Deactivated {ROOT_KEY_INACTIVE}: 1 of 2 root access key(s) inactive; "
                                   f"{ROOT_KEY_ACTIVE}, the key of this session, stays active until it is "
                                   "deleted last.")
    assert deactivated.evidence_kind is Evidence.PERFORMED
    assert _statuses(root_session) == observed

    assert skipped_just_now(root_ceremony) == [rb.DEACTIVATE_IN_CONSOLE]
    checked = root_ceremony.run_step()
    assert checked.outcome is Outcome.OK and checked.evidence_kind is Evidence.VERIFIED, checked.message
    assert checked.message.startswith("IAM ListAccessKeys: 1 of 2 root access key(s) inactive;")
    assert checked.evidence == {"observed": observed, "checked_with": "list-access-keys"}
    assert root_ceremony.run_step(witness="Wendy Witness").outcome is Outcome.OK  # nothing broke
    assert rb.deletion_warning(root_ceremony.facts, root_ceremony.history().skipped) is None

    wrong = root_ceremony.run_step(typed_account_id="314159265359")
    assert wrong.outcome is Outcome.FAILED and wrong.evidence == {"refused": True}
    assert f"does not match this account ({MGMT})" in wrong.message
    assert set(_statuses(root_session)) == {ROOT_KEY_ACTIVE, ROOT_KEY_INACTIVE}  # nothing deleted

    deleted = root_ceremony.run_step(typed_account_id=MGMT)
    assert deleted.outcome is Outcome.OK, deleted.message
    assert deleted.evidence["deleted"] == [ROOT_KEY_INACTIVE, ROOT_KEY_ACTIVE]  # the key in use last
    assert deleted.evidence["session_key_deleted"] is True and deleted.evidence["deactivated_first"] is True
    assert "the root session has ended" in deleted.message

    assert skipped_just_now(root_ceremony) == [rb.DELETE_IN_CONSOLE]
    verified = root_ceremony.run_step()
    assert verified.outcome is Outcome.OK, verified.message
    assert verified.evidence == {"account_access_keys_present": 0, "checked_with": "another-identity"}
    assert root_ceremony.status is CeremonyStatus.FINISHED
    assert control_status(session, "root-access-keys", NOW) == "pass"
    skips = [e for e in recorder.steps if e["outcome"] == "skipped"]
    assert all(e["note"] for e in skips)  # every skip's reason is journaled


def test_aborting_after_deactivation_switches_the_keys_back_on(root_session, root_ceremony):
    _reactivate_second_key(root_session)
    root_ceremony.run_step()
    root_ceremony.run_step(confirmed=True)
    assert _statuses(root_session)[ROOT_KEY_INACTIVE] == "Inactive"
    report = root_ceremony.abort(reason="the nightly backup failed without the key")
    assert report.undone == (rb.DEACTIVATE_KEYS,) and report.clean
    assert _statuses(root_session) == {ROOT_KEY_ACTIVE: "Active", ROOT_KEY_INACTIVE: "Active"}


def test_direct_deletion_skips_the_watch_and_carries_the_stronger_warning(root_ceremony, session):
    root_ceremony.run_step()
    choose_direct_deletion(root_ceremony)
    assert root_ceremony.current_step.id == rb.DELETE_KEYS
    assert rb.deletion_warning(root_ceremony.facts, root_ceremony.history().skipped) == rb.DIRECT_DELETION_WARNING
    deleted = root_ceremony.run_step(typed_account_id=MGMT)
    assert deleted.outcome is Outcome.OK and deleted.evidence["deactivated_first"] is False
    assert root_ceremony.run_step().outcome is Outcome.OK
    assert control_status(session, "root-access-keys", NOW) == "pass"


def test_from_an_iam_identity_the_runbook_is_console_guided(session, identity, environment, recorder, clock):
    ceremony = start_ceremony(DELETE_ROOT_KEYS, handlers_for(DELETE_ROOT_KEYS, environment, session, clock), identity,
                              recorder, clock)
    listed = ceremony.run_step()
    assert listed.outcome is Outcome.OK, listed.message
    assert ceremony.facts["mode"] == rb.MODE_CONSOLE and ceremony.facts["key_in_use"] is None
    assert "key in slot 1 (active, 1100 days old): used 365 days ago from us-east-1 by s3" in listed.message
    assert "you will act in the console" in listed.message

    assert skipped_just_now(ceremony) == [rb.DEACTIVATE_KEYS]
    choose_direct_deletion(ceremony)
    assert ceremony.current_step.id == rb.DELETE_IN_CONSOLE
    assert {rb.CHECK_NOTHING_BROKE, rb.DELETE_KEYS} <= ceremony.history().skipped
    assert ceremony.run_step(typed_account_id="").outcome is Outcome.FAILED  # the account id is required
    assert ceremony.run_step(typed_account_id=MGMT).outcome is Outcome.OK  # "done", but nothing was done

    early = ceremony.run_step()
    assert early.outcome is Outcome.FAILED and "AccountAccessKeysPresent = 1" in early.message

    delete_root_keys_in_rehearsal_console(environment.console, ceremony.facts, [ROOT_KEY_ACTIVE, ROOT_KEY_INACTIVE])
    verified = ceremony.run_step(note=REHEARSAL_CONSOLE_NOTE)
    assert verified.outcome is Outcome.OK and verified.evidence["checked_with"] == "this-session"
    assert ceremony.status is CeremonyStatus.FINISHED


def test_assume_root_on_a_member_expires_mid_ceremony_then_renews(world, session, recorder, clock):
    member = RenewableRootSession(session, PROD)
    ceremony = start_ceremony(DELETE_ROOT_KEYS, handlers_for(DELETE_ROOT_KEYS, world.environment(), member, clock),
                              who_am_i(member.current()), recorder, clock)
    assert control_status(session_as(world, "prod-root"), "root-access-keys", NOW) == "fail"

    listed = ceremony.run_step()
    assert listed.outcome is Outcome.OK, listed.message
    assert ceremony.facts["can_deactivate"] is False
    assert skipped_just_now(ceremony) == [rb.DEACTIVATE_KEYS, rb.DEACTIVATE_IN_CONSOLE, rb.VERIFY_KEYS_INACTIVE,
                                rb.CHECK_NOTHING_BROKE]
    assert "no iam:UpdateAccessKey" in recorder.steps[1]["note"]

    clock.advance(minutes=16)  # root sessions last 15 minutes at most
    expired = ceremony.run_step(typed_account_id=PROD)
    assert expired.outcome is Outcome.FAILED
    assert f"The AssumeRoot session on account {PROD} expired at 09:41:00 UTC" in expired.message
    assert "Renew the session, then retry this step" in expired.message
    assert expired.evidence == {"error": "SessionExpiredError", "aws_error_code": "ExpiredToken"}
    assert ceremony.current_step.id == rb.DELETE_KEYS

    member.renew()
    retried = ceremony.run_step(typed_account_id=PROD)
    assert retried.outcome is Outcome.OK, retried.message
    assert retried.evidence["deleted"] == [PROD_ROOT_KEY] and retried.evidence["session_key_deleted"] is False
    verified = ceremony.run_step()
    assert verified.outcome is Outcome.OK, verified.message
    assert verified.evidence == {"account_access_keys_present": 0, "checked_with": "assume-root-audit"}
    audit = session.assume_root(PROD, "IAMAuditRootUserCredentials")
    assert audit.client("iam").get_account_summary()["SummaryMap"]["AccountAccessKeysPresent"] == 0


def test_a_session_with_another_task_policy_is_refused_up_front_and_denied_by_aws(session, recorder, clock):
    audit = RenewableRootSession(session, PROD, task_policy="IAMAuditRootUserCredentials")
    handlers = DeleteRootKeys(audit, clock=clock).bound()
    with pytest.raises(PreconditionError, match="Assume root again with IAMDeleteRootUserCredentials"):
        start_ceremony(DELETE_ROOT_KEYS, handlers, who_am_i(audit.current()), recorder, clock)

    # Had it started anyway (a stale identity), AWS's refusal is explained, not a traceback.
    claimed = Identity(PROD, f"arn:aws:iam::{PROD}:root", PrincipalKind.ASSUMED_ROOT,
                       task_policy="arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials")
    ceremony = start_ceremony(DELETE_ROOT_KEYS, handlers, claimed, recorder, clock)
    ceremony.run_step()
    denied = ceremony.run_step(typed_account_id=PROD)
    assert denied.outcome is Outcome.FAILED and denied.evidence["error"] == "AccessDeniedError"
    assert ("Access denied: this AssumeRoot session (task policy IAMAuditRootUserCredentials) may not delete "
            "the root access key") in denied.message
    assert "iam:DeleteAccessKey is allowed by the task policy IAMDeleteRootUserCredentials" in denied.message


def test_what_a_keys_last_use_means():
    def say(**kwargs):
        return rb.describe_key_use(now=NOW, **{"active": True, "region": None, "service": None, **kwargs})

    recent = datetime(2025, 3, 2, tzinfo=timezone.utc)
    assert say(last_used=recent, region="eu-west-1", service="s3") == \
        "used 12 days ago from eu-west-1 by s3 — something still depends on this key"
    assert say(last_used=datetime(2024, 3, 14, tzinfo=timezone.utc)).endswith(
        "nothing has used it for 365 days, so probably nothing depends on it")
    assert say(last_used=None) == "never used — nothing depends on it"
    assert say(active=False, last_used=recent).startswith("inactive, used 12 days ago: it cannot be used now")


def test_a_bare_assume_root_session_verifies_by_listing_the_keys(world, session, recorder, clock):
    member = session.assume_root(PROD, "IAMDeleteRootUserCredentials")  # not renewable: no audit session
    ceremony = start_ceremony(DELETE_ROOT_KEYS, handlers_for(DELETE_ROOT_KEYS, world.environment(), member, clock),
                              who_am_i(member), recorder, clock)
    ceremony.run_step()
    assert ceremony.run_step(typed_account_id=PROD).outcome is Outcome.OK
    verified = ceremony.run_step()
    assert verified.outcome is Outcome.OK, verified.message
    assert verified.evidence == {"account_access_keys_present": 0, "checked_with": "list-access-keys"}


def _console_ceremony(environment, session, identity, recorder, clock):
    ceremony = start_ceremony(DELETE_ROOT_KEYS, handlers_for(DELETE_ROOT_KEYS, environment, session, clock), identity,
                              recorder, clock)
    assert ceremony.run_step().outcome is Outcome.OK
    assert skipped_just_now(ceremony) == [rb.DEACTIVATE_KEYS]
    assert ceremony.current_step.id == rb.DEACTIVATE_IN_CONSOLE
    return ceremony


def test_as_operator_the_deactivation_is_checked_and_refused_while_a_key_is_active(
        session, identity, environment, recorder, clock):
    ceremony = _console_ceremony(environment, session, identity, recorder, clock)
    clock.advance(minutes=3)  # the operator in the console
    reported = ceremony.run_step()  # "Done: I did all of this", but key 1 is still Active
    assert reported.outcome is Outcome.OK and reported.evidence_kind is Evidence.REPORTED
    assert recorder.steps[-1]["evidence_kind"] == "reported"
    assert skipped_just_now(ceremony) == [] and ceremony.current_step.id == rb.VERIFY_KEYS_INACTIVE

    # Nothing changed, so AWS (and the world) serves the report made at the listing: too old.
    unknown = ceremony.run_step()
    assert unknown.outcome is Outcome.FAILED and unknown.evidence_kind is Evidence.NONE
    assert unknown.message.startswith("Cannot be verified yet: the credential report AWS serves was generated at "
                                      "2025-03-14 09:26:00 UTC, before you reported the deactivation at "
                                      "2025-03-14 09:29:00 UTC")
    assert ceremony.back_target().id == rb.DEACTIVATE_IN_CONSOLE

    clock.advance(hours=4)  # a new report, made after the operator's report of the step
    refused = ceremony.run_step()
    assert refused.outcome is Outcome.FAILED, refused.message
    assert "Not deactivated" in refused.message and "access_key_1_active = true" in refused.message
    assert refused.evidence["observed"] == {"access_key_1_active": "true", "access_key_2_active": "false"}
    assert refused.evidence_kind is Evidence.VERIFIED
    assert ceremony.current_step.id == rb.VERIFY_KEYS_INACTIVE  # no way on to the attestation
    assert ceremony.back_target().id == rb.DEACTIVATE_IN_CONSOLE

    ceremony.go_back()
    played = play_key_step_in_rehearsal_console(environment.console, ceremony.facts, rb.DEACTIVATE_IN_CONSOLE)
    assert played.before == [{"key_id": ROOT_KEY_ACTIVE, "status": "Active"},
                             {"key_id": ROOT_KEY_INACTIVE, "status": "Inactive"}]
    rehearsed = ceremony.run_step(played=played, note=played.note)
    assert rehearsed.outcome is Outcome.OK and rehearsed.evidence_kind is Evidence.REHEARSED, rehearsed.message
    assert f"deactivated {ROOT_KEY_ACTIVE}" in rehearsed.message
    verified = ceremony.run_step()
    assert verified.outcome is Outcome.OK, verified.message
    assert "access_key_1_active = false" in verified.message and "2 of 2 root access key(s) inactive" in verified.message
    assert ceremony.current_step.id == rb.CHECK_NOTHING_BROKE


def test_a_credential_report_older_than_the_operators_report_cannot_verify_the_deactivation(
        session, identity, environment, recorder, clock, monkeypatch):
    from rootkeeper.aws.credential_report import read_root_credential_row
    from rootkeeper.ceremonies import root_keys as handlers_module

    ceremony = _console_ceremony(environment, session, identity, recorder, clock)
    generated = clock()
    clock.advance(minutes=5)
    ceremony.run_step()  # reported five minutes after AWS generated the report it serves
    # AWS serves the report it made, unchanged, for up to four hours: here, one that already
    # shows the key inactive must not count either, since it cannot have seen the console step.
    stale = read_root_credential_row(session)
    stale = type(stale)(**{**stale.__dict__, "report_generated": generated,
                           "access_keys": tuple(type(k)(**{**k.__dict__, "active": False}) for k in stale.access_keys)})
    monkeypatch.setattr(handlers_module, "read_root_credential_row", lambda current: stale)
    result = ceremony.run_step()
    assert result.outcome is Outcome.FAILED and result.evidence_kind is Evidence.NONE
    assert result.message.startswith("Cannot be verified yet: the credential report AWS serves was generated at")
    assert "at most every 4 hours" in result.message
    assert "A new one can be had after 2025-03-14 13:26:00 UTC" in result.message


def test_after_a_real_deactivation_the_rehearsal_console_deletes_the_keys(session, identity, environment,
                                                                          recorder, clock):
    ceremony = _console_ceremony(environment, session, identity, recorder, clock)
    played = play_key_step_in_rehearsal_console(environment.console, ceremony.facts, rb.DEACTIVATE_IN_CONSOLE)
    ceremony.run_step(played=played)
    assert ceremony.run_step().outcome is Outcome.OK
    assert ceremony.run_step(witness="Wendy Witness").outcome is Outcome.OK
    assert ceremony.current_step.id == rb.DELETE_IN_CONSOLE

    # Every root key is inactive now: the console signs in with the password, not with a key.
    played = play_key_step_in_rehearsal_console(environment.console, ceremony.facts, rb.DELETE_IN_CONSOLE)
    assert played.after == [] and played.did_change
    deleted = ceremony.run_step(typed_account_id=MGMT, played=played, note=played.note)
    assert deleted.outcome is Outcome.OK and deleted.evidence_kind is Evidence.REHEARSED
    assert recorder.steps[-1]["evidence_kind"] == "rehearsed"
    assert environment.console.root_access_keys(MGMT) == []
    assert ceremony.run_step().outcome is Outcome.OK
    assert ceremony.status is CeremonyStatus.FINISHED


def test_a_rehearsal_console_delete_that_deletes_nothing_is_not_done(session, identity, environment,
                                                                    recorder, clock):
    ceremony = _console_ceremony(environment, session, identity, recorder, clock)
    choose_direct_deletion(ceremony)
    for key in environment.console.root_access_keys(MGMT):  # gone already, behind the ceremony's back
        environment.console.delete_root_access_key(MGMT, key["key_id"])
    played = play_key_step_in_rehearsal_console(environment.console, ceremony.facts, rb.DELETE_IN_CONSOLE)
    assert not played.did_change and "deleted nothing" in played.note
    nothing = ceremony.run_step(typed_account_id=MGMT, played=played, note=played.note)
    assert nothing.outcome is Outcome.FAILED and "changed nothing" in nothing.message
    assert recorder.steps[-1]["outcome"] == "failed" and recorder.steps[-1]["evidence_kind"] == "none"
    assert ceremony.current_step.id == rb.DELETE_IN_CONSOLE


def test_when_the_final_check_fails_the_operator_can_go_back_to_the_deletion(session, identity, environment,
                                                                             recorder, clock):
    ceremony = _console_ceremony(environment, session, identity, recorder, clock)
    choose_direct_deletion(ceremony)
    assert ceremony.run_step(typed_account_id=MGMT).outcome is Outcome.OK  # reported, not done
    failed = ceremony.run_step()
    assert failed.outcome is Outcome.FAILED and "AccountAccessKeysPresent = 1" in failed.message
    assert ceremony.back_target().id == rb.DELETE_IN_CONSOLE
    ceremony.go_back()
    assert ceremony.current_step.id == rb.DELETE_IN_CONSOLE
    assert recorder.events[-1]["event"] == "went-back"
    played = play_key_step_in_rehearsal_console(environment.console, ceremony.facts, rb.DELETE_IN_CONSOLE)
    assert ceremony.run_step(typed_account_id=MGMT, played=played).outcome is Outcome.OK
    assert ceremony.run_step().outcome is Outcome.OK and ceremony.status is CeremonyStatus.FINISHED


def test_after_the_check_the_keys_are_shown_as_aws_showed_them(session, identity, environment, recorder, clock):
    ceremony = _console_ceremony(environment, session, identity, recorder, clock)
    assert [key["active"] for key in ceremony.facts["keys"]] == [True, False]
    played = play_key_step_in_rehearsal_console(environment.console, ceremony.facts, rb.DEACTIVATE_IN_CONSOLE)
    ceremony.run_step(played=played)
    assert ceremony.run_step().outcome is Outcome.OK
    assert [key["active"] for key in ceremony.facts["keys"]] == [False, False]
    assert ceremony.facts["keys"][0]["meaning"].startswith("inactive, used 365 days ago")
