"""Recovering a forgotten root password of acme's management account, end to end in the
rehearsal world: 'Forgot password?' in the rehearsal console (CloudTrail records
PasswordRecoveryRequested), the reset email in the root mailbox, a generated password set from
its link, the sign-in with it; verified by the credential report and CloudTrail; the journal,
which never holds the password or the link, verifies."""

from __future__ import annotations

import pytest

from rootkeeper.aws.identity import who_am_i
from rootkeeper.aws.session import AwsSession
from rootkeeper.ceremonies.recording import JournalRecorder
from rootkeeper.ceremonies.registry import bind
from rootkeeper.core.ceremony import Ceremony, CeremonyStatus
from rootkeeper.core.errors import ValidationError
from rootkeeper.core.runbooks import recovery as rb
from rootkeeper.core.runbooks import root_password as password_rb
from rootkeeper.core.step_contract import Outcome
from rootkeeper.journal import Actor, Journal
from rootkeeper.journal.roster import seed_rehearsal_roster
from rootkeeper.rehearsal import recovery_plays
from rootkeeper.rehearsal import state as world_state
from rootkeeper.rehearsal.console_plays import player_for


def _start(world, clock, identity_name="operator"):
    environment = world.environment(identity_name)
    session = AwsSession(environment.target)
    identity = who_am_i(session)
    journal = Journal.open(rehearsal=True)
    seed_rehearsal_roster(journal, environment.seed_custodians)
    bound = bind(rb.RECOVER_FORGOTTEN_ROOT_PASSWORD, environment, session, clock, journal=journal)
    recorder = JournalRecorder(journal, Actor.current(operator="Olga Operator", identity=identity))
    ceremony = Ceremony.start(rb.RECOVER_FORGOTTEN_ROOT_PASSWORD, identity=identity, handlers=bound.handlers,
                              undo_handlers=bound.undo, recorder=recorder, clock=clock)
    recorder.watch(ceremony.secrets)
    return environment, journal, ceremony


def _run(ceremony, step_id, **kwargs):
    assert ceremony.current_step.id == step_id
    result = ceremony.run_step(**kwargs)
    assert result.outcome is Outcome.OK, result.message
    return result


def _played(environment, ceremony):
    step = ceremony.current_step
    return player_for(step)(environment.console, ceremony.facts, ceremony.secrets, step)


def test_the_password_is_reset_from_the_mailbox_and_verified(custodians_world, clock):
    environment, journal, ceremony = _start(custodians_world, clock)
    root = world_state.active().roots["314159265358"]
    old = root.password
    _run(ceremony, password_rb.REVIEW_PASSWORD, inputs={"custodian": "Ana Lima"})
    _run(ceremony, rb.CHECK_MAILBOX)
    _run(ceremony, password_rb.GENERATE_PASSWORD)
    new_password = ceremony.secrets.get(password_rb.NEW_PASSWORD)
    assert _run(ceremony, rb.REQUEST_RESET, played=_played(environment, ceremony)).evidence_kind.value == "rehearsed"
    mail = recovery_plays.reset_email(environment.console, ceremony.facts)
    assert mail["to"] == "aws-root@acme.example" and mail["link"].endswith(mail["code"])
    with pytest.raises(ValidationError, match="not valid"):
        recovery_plays.reset_with_link(environment.console, ceremony.facts, ceremony.secrets, "forged-link")
    assert root.password == old  # a forged link changed nothing
    _run(ceremony, rb.RESET_FROM_EMAIL,
         played=recovery_plays.reset_with_link(environment.console, ceremony.facts, ceremony.secrets, mail["code"]))
    assert root.password == new_password
    _run(ceremony, password_rb.SIGN_IN_WITH_NEW, played=_played(environment, ceremony))
    verified = _run(ceremony, password_rb.VERIFY_CHANGE)
    assert verified.evidence["used_since"] is True
    logged = _run(ceremony, rb.RECOVERY_LOGGED)
    assert logged.evidence_kind.value == "verified" and logged.evidence["found"] == 1
    _run(ceremony, rb.PASSWORD_RECOVERED, attested_by="Olga Operator", witness="Ben Okafor")
    assert ceremony.status is CeremonyStatus.FINISHED
    assert journal.verify().ok
    text = journal.path.read_text(encoding="utf-8")
    assert new_password not in text and mail["code"] not in text


def test_a_reset_link_works_once(custodians_world, clock):
    environment, _, _ = _start(custodians_world, clock)
    console, account = environment.console, "314159265358"
    mail = console.request_password_reset(account)
    console.reset_password(account, mail["code"], "A-new-Passw0rd!")
    with pytest.raises(ValidationError, match="not valid"):
        console.reset_password(account, mail["code"], "Another-Passw0rd!")
    assert console.root_mailbox(account)[0]["used"] is True


def test_cloudtrail_that_cannot_be_read_claims_nothing(custodians_world, clock):
    """An identity that may not read CloudTrail: the step fails saying so, evidence none, no ✔."""
    from rootkeeper.core.checks import RootConsoleEventSince
    from rootkeeper.core.errors import AccessDeniedError

    class NoTrail:
        def root_console_events(self, event_name, since):
            raise AccessDeniedError("AccessDenied: cloudtrail:LookupEvents")

    outcome = RootConsoleEventSince("PasswordRecoveryRequested").evaluate(NoTrail(), {"since": clock().isoformat()})
    assert not outcome.ok and outcome.evidence_kind.value == "none" and "Nothing is claimed" in outcome.message


def test_no_reset_requested_means_no_cloudtrail_event(custodians_world, clock):
    environment, _, ceremony = _start(custodians_world, clock)
    _run(ceremony, password_rb.REVIEW_PASSWORD, inputs={"custodian": "Ana Lima"})
    _run(ceremony, rb.CHECK_MAILBOX)
    _run(ceremony, password_rb.GENERATE_PASSWORD)
    for step_id in (rb.REQUEST_RESET, rb.RESET_FROM_EMAIL, password_rb.SIGN_IN_WITH_NEW):
        _run(ceremony, step_id)  # all reported; only a sign-in with the old password really happens
    environment.console.sign_in_root("314159265358", world_state.active().roots["314159265358"].password)
    _run(ceremony, password_rb.VERIFY_CHANGE)
    missing = ceremony.run_step()
    assert missing.outcome is Outcome.FAILED and "no PasswordRecoveryRequested" in missing.message
    assert ceremony.back_target().id == rb.REQUEST_RESET  # the step it verifies can be done again
