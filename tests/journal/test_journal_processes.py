"""Several processes on one journal: a crash mid-append leaves a torn line that verify
names and rootkeeper seals; two writers never fork the chain.

Child processes reach the keyring through the JSON-file test backend
(tests/support/file_keyring.py, selected by tests/conftest.py), which this process uses too."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time

import keyring
import pytest

from rootkeeper.journal import Journal, ProblemKind
from rootkeeper.journal.format import line_hash
from tests.support.file_keyring import JsonFileKeyring

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def shared_keyring(test_keyring):
    keyring.set_keyring(JsonFileKeyring())  # the suite's fixture restores the original afterwards


def child(script: str, path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(script), str(path), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


APPEND_THEN_CRASH = """
    import os, signal, sys
    from pathlib import Path
    from rootkeeper.journal import Journal
    from rootkeeper.journal import store

    journal = Journal.open(rehearsal=False, path=Path(sys.argv[1]))
    for index in range(3):
        journal.append("note", {"note": f"before the crash {index}"})

    def write_half_then_die(path, line):
        # The power goes out halfway through the write.
        fd = os.open(path, os.O_WRONLY | os.O_APPEND)
        os.write(fd, line[: len(line) // 2])
        os.fsync(fd)
        os.kill(os.getpid(), signal.SIGKILL)

    store.write_line = write_half_then_die
    journal.append("note", {"note": "this one is cut short"})
"""


def test_a_crash_mid_append_leaves_a_torn_line_that_verify_names_and_a_seal_closes(journal_path):
    process = child(APPEND_THEN_CRASH, journal_path)
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL
    journal = Journal.open(rehearsal=False, path=journal_path)

    report = journal.verify()
    assert [p.kind for p in report.problems] == [ProblemKind.TORN_TAIL]  # a crash, not tampering
    assert report.problems[0].line == 5 and "crash" in report.problems[0].message
    torn = journal_path.read_bytes().rsplit(b"\n", 1)[1]

    seal = journal.seal_torn_tail()
    assert seal.kind == "seal" and seal.seq == 4
    assert seal.body["torn_length"] == len(torn) and seal.body["torn_sha256"] == line_hash(torn)
    after = journal.append("note", {"note": "after the crash"})
    assert after.seq == 5
    report = journal.verify()
    assert report.ok, report.problems
    assert any("seals a torn line" in note for note in report.notes)


def test_appending_after_a_crash_seals_the_torn_line_first(journal_path):
    child(APPEND_THEN_CRASH, journal_path).wait(timeout=60)
    journal = Journal.open(rehearsal=False, path=journal_path)
    entry = journal.append("note", {"note": "next ceremony"})
    kinds = [e.kind for e in journal.entries()]
    assert kinds[-2:] == ["seal", "note"] and entry.seq == 5
    assert journal.verify().ok


APPEND_FOREVER = """
    import sys
    from pathlib import Path
    from rootkeeper.journal import Journal

    journal = Journal.open(rehearsal=False, path=Path(sys.argv[1]))
    index = 0
    while True:
        journal.append("note", {"note": "x" * 4000, "index": index})
        index += 1
"""


def test_a_writer_killed_at_any_moment_leaves_only_a_torn_line_at_worst(journal_path):
    Journal.open(rehearsal=False, path=journal_path)
    process = child(APPEND_FOREVER, journal_path)
    deadline = time.monotonic() + 30
    while journal_path.read_bytes().count(b"\n") < 20 and time.monotonic() < deadline:
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    report = Journal.open(rehearsal=False, path=journal_path).verify()
    assert {p.kind for p in report.problems} <= {ProblemKind.TORN_TAIL}
    assert report.entries >= 20


APPEND_MANY = """
    import sys
    from pathlib import Path
    from rootkeeper.journal import Journal

    journal = Journal.open(rehearsal=False, path=Path(sys.argv[1]))
    for index in range(int(sys.argv[3])):
        journal.append("note", {"writer": sys.argv[2], "index": index})
"""


def test_two_processes_appending_500_entries_each_make_one_unbroken_chain(journal_path):
    Journal.open(rehearsal=False, path=journal_path)
    writers = [child(APPEND_MANY, journal_path, name, "500") for name in ("a", "b")]
    for writer in writers:
        _, err = writer.communicate(timeout=240)
        assert writer.returncode == 0, err
    journal = Journal.open(rehearsal=False, path=journal_path)
    report = journal.verify()
    assert report.ok, report.problems[:5]
    entries = journal.entries()
    assert len(entries) == 1001 and [e.seq for e in entries] == list(range(1001))
    for name in ("a", "b"):
        assert [e.body["index"] for e in entries if e.body.get("writer") == name] == list(range(500))
    assert journal.head().seq == 1000
