"""rotate-root-password against the acme rehearsal world: the console simulator performs
the change and the sign-in, the credential report check sees it, and the password is
never written anywhere under ROOTKEEPER_HOME."""

from __future__ import annotations

import base64
import logging
import os
from pathlib import Path

import pytest

from rootkeeper.ceremonies.registry import (handlers_for)
from rootkeeper.ceremonies.recording import (JournalRecorder)
from rootkeeper.core.runbooks.root_password import PasswordHandover, osc52_copy_sequence
from rootkeeper.rehearsal.console_plays import (change_password_in_rehearsal_console, sign_in_in_rehearsal_console, REHEARSAL_CONSOLE_NOTE)
from rootkeeper.core.ceremony import CeremonyStatus
from rootkeeper.core.datadir import data_dir
from rootkeeper.core.errors import RootkeeperError
from rootkeeper.core.password import check_root_password
from rootkeeper.core.progress import ProgressStore
from rootkeeper.core.runbooks import ROTATE_ROOT_PASSWORD
from rootkeeper.core.runbooks import root_password as rb
from rootkeeper.core.step_contract import ConsolePlay, Evidence, Outcome
from tests.support.acme_ceremony import MGMT, control_status, start_ceremony
from tests.support.mfa_ceremony import FileJournal, files_containing

OLD_PASSWORD = "Acme-Root-2021!"


@pytest.fixture
def ceremony(environment, session, identity, recorder, clock):
    return start_ceremony(ROTATE_ROOT_PASSWORD, handlers_for(ROTATE_ROOT_PASSWORD, environment, session, clock), identity,
                          recorder, clock)


def test_rotation_changes_the_password_and_the_check_sees_the_sign_in(ceremony, environment, recorder):
    review = ceremony.run_step(inputs={"custodian": "Sam Okafor"})
    assert review.outcome is Outcome.OK, review.message
    assert review.evidence["password_present"] is True and "last used" in review.message

    generated = ceremony.run_step()
    assert generated.outcome is Outcome.OK
    assert generated.evidence == {"length": 32, "character_classes": 4, "source": "python secrets module"}
    # Made on this machine: no AWS call, so no claim of "performed" (which means AWS said yes).
    assert generated.evidence_kind is Evidence.NONE
    password = ceremony.secrets.get(rb.NEW_PASSWORD)
    assert len(password) == 32 and check_root_password(password) == []
    assert rb.NEW_PASSWORD not in ceremony.facts

    change_password_in_rehearsal_console(environment.console, ceremony.facts, ceremony.secrets)
    changed = ceremony.run_step(played=ConsolePlay(REHEARSAL_CONSOLE_NOTE, changed=True), note=REHEARSAL_CONSOLE_NOTE)
    assert changed.evidence["console"] == "rehearsal-console" and changed.evidence_kind is Evidence.REHEARSED
    with pytest.raises(RootkeeperError, match="password is wrong"):
        environment.console.sign_in_root(MGMT, OLD_PASSWORD)  # the old password no longer works

    early = ceremony.run_step()  # "signed in", but nobody did: the check will notice
    assert early.outcome is Outcome.OK and rb.NEW_PASSWORD not in ceremony.secrets  # gone after the last use
    not_yet = ceremony.run_step()
    assert not_yet.outcome is Outcome.FAILED
    assert "shows no root sign-in since this ceremony began" in not_yet.message


def test_a_console_step_says_who_did_it_the_rehearsal_console_or_the_operator(ceremony, environment):
    """Trial of issue #8: in rehearsal, a step the rehearsal console played was journaled as
    "The operator reported the console steps done." (and one the operator reported as done
    in the rehearsal console): the claim must name who acted."""
    ceremony.run_step(inputs={"custodian": "Sam Okafor"})
    ceremony.run_step()
    change_password_in_rehearsal_console(environment.console, ceremony.facts, ceremony.secrets)
    played = ceremony.run_step(played=ConsolePlay(REHEARSAL_CONSOLE_NOTE, changed=True), note=REHEARSAL_CONSOLE_NOTE)
    assert played.outcome is Outcome.OK and played.evidence_kind is Evidence.REHEARSED
    assert played.message == "The rehearsal console changed the root password to the generated one."
    assert played.evidence["console"] == "rehearsal-console"

    reported = ceremony.run_step()  # the operator chose "Done": nobody saw the rehearsal console act
    assert reported.outcome is Outcome.OK and reported.evidence_kind is Evidence.REPORTED
    assert reported.message == "The operator reported the console steps done."
    assert reported.evidence["console"] == "aws-console"


def test_the_full_rotation_is_verified_attested_and_flips_recent_use(ceremony, environment, recorder, session,
                                                                     clock):
    ceremony.run_step(inputs={"custodian": "Sam Okafor"})
    ceremony.run_step()
    change_password_in_rehearsal_console(environment.console, ceremony.facts, ceremony.secrets)
    ceremony.run_step(note=REHEARSAL_CONSOLE_NOTE)
    sign_in_in_rehearsal_console(environment.console, ceremony.facts, ceremony.secrets)
    ceremony.run_step(note=REHEARSAL_CONSOLE_NOTE)

    verified = ceremony.run_step()
    assert verified.outcome is Outcome.OK, verified.message
    assert verified.evidence["used_since"] is True and verified.evidence["verified_by_api"] is True
    assert "used to sign in after this ceremony began" in verified.message

    assert ceremony.run_step().outcome is Outcome.FAILED  # the attestation needs a witness
    attested = ceremony.run_step(witness="Wendy Witness")
    assert attested.outcome is Outcome.OK and attested.witness == "Wendy Witness"
    assert "Sam Okafor holds it" in attested.evidence["statement"]
    assert ceremony.status is CeremonyStatus.FINISHED and len(ceremony.secrets) == 0
    assert [e["step_kind"] for e in recorder.steps] == ["check", "action", "manual", "manual", "check", "attest",
                                                        "attest"]
    # The sign-in is recent root use: the posture says so (as it should, right after a ceremony).
    assert control_status(session, "root-recent-use", clock()) == "fail"


def test_a_report_made_before_the_ceremony_cannot_show_the_change_and_says_so(ceremony, environment, session,
                                                                            clock):
    from rootkeeper.aws.credential_report import fetch_credential_report

    fetch_credential_report(session, sleep=lambda s: None)  # an earlier report: AWS returns it for hours
    clock.advance(minutes=5)
    ceremony.run_step(inputs={"custodian": "Sam Okafor"})
    ceremony.run_step()
    ceremony.run_step()
    ceremony.run_step()
    stale = ceremony.run_step()
    assert stale.outcome is Outcome.OK and stale.evidence["verified_by_api"] is False
    assert stale.evidence_kind is Evidence.NONE  # a pass on nothing is not journaled as verified
    assert "before this ceremony began, so it cannot show the change" in stale.message


def test_the_password_is_handed_over_once_shown_or_copied():
    from rootkeeper.core.secretbox import SecretBox

    box = SecretBox()
    box.put(rb.NEW_PASSWORD, "Xy7#Xy7#Xy7#Xy7#")
    handover = PasswordHandover()
    sequence = handover.clipboard_sequence(box)
    assert sequence.startswith("\x1b]52;c;") and sequence.endswith("\x07")
    assert base64.b64decode(sequence[7:-1]).decode() == "Xy7#Xy7#Xy7#Xy7#"
    assert "Xy7#" not in repr(handover)
    with pytest.raises(RootkeeperError, match="already copied"):
        handover.reveal(box)
    assert osc52_copy_sequence("a") == "\x1b]52;c;YQ==\x07"



def test_no_password_is_written_anywhere_under_the_data_home(debug_log, environment, session, identity, clock):
    home = Path(os.environ["ROOTKEEPER_HOME"])
    journal = FileJournal(data_dir(rehearsal=True) / "journal.jsonl")
    recorder = JournalRecorder(journal, "operator")
    ceremony = start_ceremony(ROTATE_ROOT_PASSWORD, handlers_for(ROTATE_ROOT_PASSWORD, environment, session, clock),
                              identity, recorder, clock, store=ProgressStore.in_data_dir(rehearsal=True))
    recorder.watch(ceremony.secrets)
    ceremony.run_step(inputs={"custodian": "Sam Okafor"})
    ceremony.run_step()
    password = ceremony.secrets.get(rb.NEW_PASSWORD)
    logging.getLogger("rootkeeper.test").debug("a DEBUG line, to prove the log is written")
    PasswordHandover().reveal(ceremony.secrets)
    change_password_in_rehearsal_console(environment.console, ceremony.facts, ceremony.secrets)
    ceremony.run_step(note=REHEARSAL_CONSOLE_NOTE)
    assert files_containing(home, [password]) == []
    sign_in_in_rehearsal_console(environment.console, ceremony.facts, ceremony.secrets)
    for step in (dict(note=REHEARSAL_CONSOLE_NOTE), {}, dict(witness="Wendy Witness")):
        assert ceremony.run_step(**step).outcome is Outcome.OK
    assert ceremony.status is CeremonyStatus.FINISHED
    assert journal.forbid_calls >= 1 and journal.forbidden == set()  # forbidden while held, allowed once gone
    assert debug_log.stat().st_size > 0 and len(journal.entries()) >= 8
    assert files_containing(home, [password]) == []


def test_an_unreadable_last_use_is_not_called_never(ceremony, monkeypatch):
    """A credential-report cell that does not parse is unknown, never "never used"."""
    import dataclasses

    from rootkeeper.ceremonies import root_password as handlers

    real = handlers.read_root_credential_row

    def garbled(session):
        row = real(session)
        return dataclasses.replace(row, password_last_used=None,
                                   unreadable={"password_last_used": "password_last_used is 'yesterday-ish'"})

    monkeypatch.setattr(handlers, "read_root_credential_row", garbled)
    review = ceremony.run_step(inputs={"custodian": "Sam Okafor"})
    assert review.outcome is Outcome.OK, review.message
    assert "never used" not in review.message
    assert "its last use unknown: password_last_used is 'yesterday-ish'" in review.message
