"""Progress on disk: written after every step, never holding a secret, resumed after a
crash or cleaned up, and offered at start-up."""

from __future__ import annotations

import json
import os
import stat

import pytest

from rootkeeper.core.ceremony import Ceremony, CeremonyStatus
from rootkeeper.core.errors import RootkeeperError
from rootkeeper.core.progress import ProgressStatus, ProgressStore, SavedCeremony
from rootkeeper.core.runbooks import IAM_USER_VIRTUAL_MFA, RUNBOOKS
from rootkeeper.core.secretbox import SecretBox, SecretLeakError
from rootkeeper.core.step_contract import Outcome
from tests.support.ceremony_fakes import ACCOUNT_ID, ADMIN, SEED, FakeIam, ListRecorder, codes_at
from tests.support.clock import START

USER = {"user_name": "breakglass", "custodian": "Alice"}


@pytest.fixture
def store(tmp_path):
    return ProgressStore(tmp_path / "ceremonies")


@pytest.fixture
def fake_iam():
    return FakeIam()


def start(iam, store, clock, recorder=None):
    return Ceremony.start(IAM_USER_VIRTUAL_MFA, identity=ADMIN, handlers=iam.handlers(),
                          undo_handlers=iam.undo_handlers(), recorder=recorder or ListRecorder(),
                          store=store, clock=clock)


def resume(saved, iam, store, clock, recorder):
    return Ceremony.resume(saved, runbooks=RUNBOOKS, handlers=iam.handlers(), undo_handlers=iam.undo_handlers(),
                           recorder=recorder, store=store, clock=clock)


def progress_text(store, ceremony):
    return store.path_of(ceremony.id).read_text(encoding="utf-8")


def test_progress_is_saved_after_every_step_and_never_holds_a_secret(fake_iam, store, clock):
    ceremony = start(fake_iam, store, clock)
    assert json.loads(progress_text(store, ceremony))["current_index"] == 0
    ceremony.run_step(inputs=USER)
    ceremony.run_step()
    assert "seed" in ceremony.secrets  # live while the file is written
    ceremony.run_step()
    code_1, code_2 = codes_at(clock.now)
    ceremony.run_step(secret_inputs={"code_1": "000000", "code_2": "999999"})
    text = progress_text(store, ceremony)
    saved = json.loads(text)
    assert saved["current_index"] == 3 and saved["facts"]["custodian"] == "Alice"
    assert [r["outcome"] for r in saved["results"]] == ["ok", "ok", "ok", "failed"]
    for secret in (SEED, SEED.lower(), "000000", "999999"):
        assert secret not in text
    assert stat.S_IMODE(os.stat(store.path_of(ceremony.id)).st_mode) == 0o600
    ceremony.run_step(secret_inputs={"code_1": code_1, "code_2": code_2})
    assert SEED not in progress_text(store, ceremony) and code_1 not in progress_text(store, ceremony)
    assert [p.name for p in store.directory.iterdir()] == [f"{ceremony.id}.json"]  # no temp file left
    ceremony.run_step()
    ceremony.run_step()
    assert ceremony.status is CeremonyStatus.FINISHED and store.unfinished() == []


def test_the_store_refuses_to_write_a_live_secret(store):
    box = SecretBox()
    box.put("seed", SEED)
    saved = SavedCeremony("0badc0de-0000-4000-8000-000000000000", "iam-user-virtual-mfa", 2, START, START,
                          facts={"note": f"seed was {SEED}"})
    with pytest.raises(SecretLeakError, match="seed"):
        store.save(saved, secrets=box)
    assert not store.directory.exists() or list(store.directory.iterdir()) == []


def test_a_crashed_ceremony_resumes_at_the_right_step_with_the_same_facts(fake_iam, store, clock):
    first = start(fake_iam, store, clock)
    first.run_step(inputs=USER)
    del first  # the terminal was closed

    [saved] = store.unfinished()
    assert saved.runbook_id == "iam-user-virtual-mfa" and saved.current_index == 1
    recorder = ListRecorder()
    again = resume(saved, fake_iam, store, clock, recorder)
    assert again.current_step.id == "create-device" and again.notice is None
    assert again.facts["user_name"] == "breakglass" and again.facts["account_id"] == ACCOUNT_ID
    assert recorder.ceremony_events() == ["resumed"]
    again.run_step()
    again.run_step()
    again.run_step(secret_inputs=dict(zip(("code_1", "code_2"), codes_at(clock.now))))
    again.run_step()
    again.run_step()
    assert again.status is CeremonyStatus.FINISHED and store.unfinished() == []
    assert [r.step_id for r in again.results if r.outcome is Outcome.OK] == [s.id for s in IAM_USER_VIRTUAL_MFA.steps]


def test_a_resumed_ceremony_whose_seed_was_lost_replaces_the_unassigned_device(fake_iam, store, clock):
    first = start(fake_iam, store, clock)
    first.run_step(inputs=USER)
    first.run_step()
    first.run_step()  # scanned; the crash comes before the codes are typed
    old_serial = first.facts["serial"]
    del first

    recorder = ListRecorder()
    again = resume(store.unfinished()[0], fake_iam, store, clock, recorder)
    assert old_serial not in fake_iam.devices  # the orphan is gone
    assert again.current_step.id == "create-device"
    assert "continues at 'Create the virtual MFA device'" in again.notice
    assert recorder.outcomes() == [("create-device", "undone")]
    assert store.load(again.id).current_index == 1
    again.run_step()
    assert again.facts["serial"] != old_serial and "seed" in again.secrets


def test_a_resume_that_cannot_undo_is_left_for_clean_up_and_offered_again(fake_iam, store, clock):
    first = start(fake_iam, store, clock)
    first.run_step(inputs=USER)
    first.run_step()
    del first
    fake_iam.fail_next["undo:create-device"] = RootkeeperError("IAM is unreachable.", hint="Try again later.")

    recorder = ListRecorder()
    # The operator resumes; the seed is lost, and deleting the orphan device fails...
    saved = store.unfinished()[0]
    again = Ceremony.resume(saved, runbooks=RUNBOOKS, handlers=fake_iam.handlers(),
                            undo_handlers=fake_iam.undo_handlers(), recorder=recorder, store=store, clock=clock)
    assert again.status is CeremonyStatus.CLEANUP_PENDING and "clean it up instead" in again.notice
    [pending] = store.unfinished()
    assert pending.status is ProgressStatus.CLEANUP_PENDING
    assert len(fake_iam.devices) == 1

    # ...so it is offered again next time, for clean-up only; now it succeeds and the file goes.
    later = resume(pending, fake_iam, store, clock, recorder)
    assert later.current_step is None
    with pytest.raises(RootkeeperError):
        later.run_step()
    report = later.clean_up()
    assert report.clean and report.undone == ("create-device",) and fake_iam.devices == {}
    assert recorder.ceremony_events() == ["resumed", "resumed", "cleaned-up"]
    assert recorder.outcomes() == [("create-device", "failed"), ("create-device", "undone")]
    assert store.unfinished() == []


def test_clean_up_of_an_interrupted_ceremony_deletes_what_it_created(fake_iam, store, clock):
    first = start(fake_iam, store, clock)
    first.run_step(inputs=USER)
    first.run_step()
    first.run_step()
    first.run_step(secret_inputs={"code_1": "1", "code_2": "2"})  # wrong codes, then the crash
    del first

    recorder = ListRecorder()
    saved = store.unfinished()[0]
    # At start-up the operator chooses clean-up rather than resumption.
    ceremony = Ceremony.reopen(saved, runbooks=RUNBOOKS, handlers=fake_iam.handlers(),
                               undo_handlers=fake_iam.undo_handlers(), recorder=recorder, store=store, clock=clock)
    assert recorder.events == []
    report = ceremony.clean_up()
    assert report.undone == ("create-device",) and fake_iam.devices == {}
    assert recorder.outcomes() == [("enable-device", "aborted"), ("create-device", "undone")]
    assert recorder.ceremony_events() == ["cleaned-up"] and store.unfinished() == []


def test_unfinished_lists_newest_first_and_sets_damaged_files_aside(fake_iam, store, clock):
    older = start(fake_iam, store, clock)
    newer = start(fake_iam, store, clock)
    older.run_step(inputs=USER)  # touched last, so offered first
    (store.directory / "not-json.json").write_text("{torn", encoding="utf-8")
    assert [s.ceremony_id for s in store.unfinished()] == [older.id, newer.id]
    assert [p.name for p in store.damaged()] == ["not-json.json"]
    store.discard(newer.id)
    assert [s.ceremony_id for s in store.unfinished()] == [older.id]
    with pytest.raises(ValueError):
        store.path_of("../../etc/passwd")


def test_progress_from_an_unknown_runbook_is_refused_with_advice(fake_iam, store, clock):
    saved = SavedCeremony("0badc0de-0000-4000-8000-000000000001", "retired-runbook", 0, START, START)
    with pytest.raises(RootkeeperError, match="does not know") as caught:
        resume(saved, fake_iam, store, clock, ListRecorder())
    assert "Discard it" in str(caught.value)
    mismatched = SavedCeremony("0badc0de-0000-4000-8000-000000000002", "iam-user-virtual-mfa", 9, START, START)
    with pytest.raises(RootkeeperError, match="does not match"):
        resume(mismatched, fake_iam, store, clock, ListRecorder())
