"""JournalRecorder: the engine's outcomes as journal entries, and the ceremony's live
secrets forbidden in the journal while they exist."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from rootkeeper.ceremonies.mfa import IamUserVirtualMfa
from rootkeeper.ceremonies.recording import JournalRecorder, actor_body
from rootkeeper.core.ceremony import Ceremony
from rootkeeper.core.runbooks import IAM_USER_VIRTUAL_MFA, mfa
from rootkeeper.core.secretbox import SecretBox
from tests.support.mfa_ceremony import USER, FileJournal, ForbiddenSecretWritten, app_codes


@dataclass(frozen=True)
class FakeActor:
    operator: str
    os_user: str


ACTOR = FakeActor("Olivia Operator", "olivia")


def test_each_step_is_one_entry_and_each_event_a_ceremony_entry(tmp_path, session, identity, clock):
    journal = FileJournal(tmp_path / "journal.jsonl")
    recorder = JournalRecorder(journal, ACTOR)
    handlers, undo = IamUserVirtualMfa(session, clock=clock).bound()
    ceremony = Ceremony.start(IAM_USER_VIRTUAL_MFA, identity=identity, handlers=handlers, undo_handlers=undo,
                              recorder=recorder, clock=clock)
    recorder.watch(ceremony.secrets)
    ceremony.run_step(inputs=USER)
    ceremony.run_step()
    seed = ceremony.secrets.get(mfa.SEED)
    assert journal.forbidden == {seed}  # forbidden while the ceremony holds it
    ceremony.run_step()
    ceremony.run_step(secret_inputs=app_codes(seed, clock.now))
    ceremony.run_step()
    assert journal.forbidden == set()  # no remaining step needs the seed: it was dropped, and allowed
    ceremony.run_step(witness="Bob")

    entries = journal.entries()
    steps = [entry["body"] for entry in entries if entry["kind"] == "step"]
    events = [entry["body"] for entry in entries if entry["kind"] == "ceremony"]
    assert [(s["step"], s["step_kind"], s["outcome"]) for s in steps] == [
        (step.id, step.kind.value, "ok") for step in IAM_USER_VIRTUAL_MFA.steps]
    assert {s["ceremony_id"] for s in steps} == {ceremony.id}
    assert [e["event"] for e in events] == ["started", "finished"]
    assert events[-1]["actor"] == {"operator": "Olivia Operator", "os_user": "olivia"}
    assert events[-1]["facts"]["serial"] == ceremony.facts["serial"]
    assert seed not in (tmp_path / "journal.jsonl").read_text()


def test_a_live_secret_in_a_note_is_refused_by_the_journal_too(tmp_path):
    """The second lock: even if a secret slipped past the engine, the journal refuses it."""
    journal = FileJournal(tmp_path / "journal.jsonl")
    recorder = JournalRecorder(journal, ACTOR)
    box = SecretBox()
    recorder.watch(box)
    box.put("seed", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    with pytest.raises(ForbiddenSecretWritten):
        recorder.record_step(runbook="r", step="s", step_kind="action", outcome="ok", evidence={},
                             note="seed JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", witness=None, ceremony_id="c")
    box.clear()
    recorder.record_step(runbook="r", step="s", step_kind="action", outcome="ok", evidence={}, note="fine",
                         witness=None, ceremony_id="c")
    assert journal.forbidden == set() and journal.allow_calls == 1
    assert "JBSWY3DP" not in repr(recorder)


def test_the_actor_is_written_as_json():
    class WithJson:
        def to_json(self):
            return {"operator": "x"}

    assert actor_body(WithJson()) == {"operator": "x"}
    assert actor_body(ACTOR) == {"operator": "Olivia Operator", "os_user": "olivia"}
    assert actor_body("plain") == "plain"
