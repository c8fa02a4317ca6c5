"""No seed and no code reaches a file: every file written under ROOTKEEPER_HOME during a
ceremony (progress, journal, a DEBUG log of everything) is searched after every step."""

from __future__ import annotations

import logging

from rootkeeper.ceremonies.mfa import IamUserVirtualMfa
from rootkeeper.ceremonies.recording import JournalRecorder
from rootkeeper.core.ceremony import Ceremony, CeremonyStatus
from rootkeeper.core.datadir import data_dir
from rootkeeper.core.progress import ProgressStore
from rootkeeper.core.runbooks import IAM_USER_VIRTUAL_MFA, mfa
from tests.support.mfa_ceremony import USER, FileJournal, app_codes, files_containing


def test_no_seed_or_code_is_written_anywhere_under_the_data_home(isolated_home, debug_log, session, identity, clock):
    journal = FileJournal(data_dir(rehearsal=True) / "journal.jsonl")
    recorder = JournalRecorder(journal, "operator")
    store = ProgressStore.in_data_dir(rehearsal=True)
    handlers, undo = IamUserVirtualMfa(session, clock=clock).bound()
    ceremony = Ceremony.start(IAM_USER_VIRTUAL_MFA, identity=identity, handlers=handlers, undo_handlers=undo,
                              recorder=recorder, clock=clock, store=store)
    recorder.watch(ceremony.secrets)
    secrets: list[str] = []

    def step(**kwargs):
        result = ceremony.run_step(**kwargs)
        if mfa.SEED in ceremony.secrets and ceremony.secrets.get(mfa.SEED) not in secrets:
            secrets.append(ceremony.secrets.get(mfa.SEED))
        secrets.extend(kwargs.get("secret_inputs", {}).values())
        for handler in logging.getLogger().handlers:
            handler.flush()
        assert files_containing(isolated_home, secrets) == [], f"a secret was written during {result.step_id}"
        return result

    step(inputs=USER)
    step()
    step()
    seed = ceremony.secrets.get(mfa.SEED)
    good = app_codes(seed, clock.now)
    wrong = {name: f"{(int(code) + 7) % 10**6:06d}" for name, code in good.items()}
    assert step(secret_inputs=wrong).outcome.value == "failed"
    assert any(path.suffix == ".json" for path in store.directory.iterdir())  # progress was written, and searched
    assert step(secret_inputs=good).outcome.value == "ok"
    step()
    step(witness="Bob")

    assert ceremony.status is CeremonyStatus.FINISHED
    assert len(secrets) == 5  # the seed, two wrong codes, two good ones
    assert debug_log.stat().st_size > 0 and "botocore" in debug_log.read_text()
    assert len(journal.entries()) == 1 + len(IAM_USER_VIRTUAL_MFA.steps) + 1 + 1  # started, steps, one retry, finished
    assert files_containing(isolated_home, secrets) == []
