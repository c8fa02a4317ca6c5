"""Property tests: every single modification, deletion, insertion, swap, truncation or
re-signing of a journal is detected, and an untouched journal always verifies."""

from __future__ import annotations

import keyring
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rootkeeper.journal import Journal, ProblemKind
from rootkeeper.journal.verify import verify_bytes
from tests.support.journal_forgery import join, lines_of, resign, resign_all

SETTINGS = settings(max_examples=60, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])
N_ENTRIES = 10


class _Keyring(keyring.backend.KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self):
        super().__init__()
        self.values = {}

    def get_password(self, service, username):
        return self.values.get((service, username))

    def set_password(self, service, username, password):
        self.values[(service, username)] = password

    def delete_password(self, service, username):
        self.values.pop((service, username))


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """One journal of N_ENTRIES entries, its key and its head, written by the real Journal."""
    previous = keyring.get_keyring()
    keyring.set_keyring(_Keyring())
    try:
        journal = Journal.open(rehearsal=False, path=tmp_path_factory.mktemp("base") / "journal.jsonl")
        for index in range(N_ENTRIES - 1):
            journal.append("note" if index % 2 else "check", {"note": f"entry {index}", "n": index,
                                                               "nested": {"sig": "x", "seq": index}})
        return journal.path.read_bytes(), journal.public_key, journal.head()
    finally:
        keyring.set_keyring(previous)


def check(data: bytes, base) -> object:
    _, public_key, head = base
    return verify_bytes(data, path=None, public_key=public_key, expected_head=head, anchor="test key")


def test_the_untouched_journal_verifies(base):
    report = check(base[0], base)
    assert report.ok, report.problems
    assert report.entries == N_ENTRIES


@given(bodies=st.lists(st.dictionaries(st.text(st.characters(codec="utf-8"), max_size=8),
                                        st.one_of(st.integers(), st.text(max_size=20), st.booleans(), st.none()),
                                        max_size=4), max_size=4))
@settings(max_examples=15, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_untouched_journal_verifies(bodies, tmp_path_factory):
    journal = Journal.open(rehearsal=False, path=tmp_path_factory.mktemp("any") / "journal.jsonl")
    written = 0
    for body in bodies:
        try:
            journal.append("note", body)
            written += 1
        except Exception as error:  # the secret guard may refuse random text; that is its job
            assert type(error).__name__ == "SecretInJournalError"
    report = journal.verify()
    assert report.ok, report.problems
    assert report.entries == written + 1


@given(data=st.data())
@SETTINGS
def test_any_single_byte_change_is_detected(base, data):
    lines = lines_of(base[0])
    index = data.draw(st.integers(0, len(lines) - 1))
    line = bytearray(lines[index])
    position = data.draw(st.integers(0, len(line) - 1))
    replacement = data.draw(st.integers(0, 255).filter(lambda b: b != line[position] and b != 10))
    line[position] = replacement
    lines[index] = bytes(line)
    report = check(join(lines), base)
    assert not report.ok
    assert report.first_problem.line == index + 1 or report.first_problem.kind is ProblemKind.HEAD_MISMATCH


@given(index=st.integers(0, N_ENTRIES - 1))
@SETTINGS
def test_any_deletion_is_detected(base, index):
    lines = lines_of(base[0])
    del lines[index]
    report = check(join(lines), base)
    kinds = {p.kind for p in report.problems}
    expected = {ProblemKind.TRUNCATED} if index == N_ENTRIES - 1 else {ProblemKind.DELETED}
    assert expected <= kinds


@given(data=st.data())
@SETTINGS
def test_any_insertion_is_detected(base, data):
    lines = lines_of(base[0])
    where = data.draw(st.integers(0, len(lines)))
    inserted = data.draw(st.one_of(st.sampled_from(lines),  # a replayed, validly signed entry
                                   st.binary(max_size=80).filter(lambda b: b"\n" not in b)))
    lines.insert(where, inserted)
    assert not check(join(lines), base).ok


@given(data=st.data())
@SETTINGS
def test_any_swap_of_two_entries_is_detected(base, data):
    lines = lines_of(base[0])
    first = data.draw(st.integers(0, len(lines) - 2))
    second = data.draw(st.integers(first + 1, len(lines) - 1))
    lines[first], lines[second] = lines[second], lines[first]
    report = check(join(lines), base)
    assert ProblemKind.REORDERED in {p.kind for p in report.problems}


@given(cut=st.integers(1, 10_000))
@SETTINGS
def test_any_truncation_is_detected(base, cut):
    data = base[0]
    cut = min(cut, len(data))
    report = check(data[:-cut], base)
    kinds = {p.kind for p in report.problems}
    # Cutting into signed entries is told apart from a crash's torn line: the head says so.
    assert ProblemKind.TRUNCATED in kinds or (cut == len(data) and ProblemKind.BAD_GENESIS in kinds)


@given(index=st.integers(0, N_ENTRIES - 1), claim_key=st.booleans())
@SETTINGS
def test_re_signing_any_entry_with_another_key_is_detected(base, index, claim_key):
    lines = lines_of(base[0])
    lines[index] = resign(lines[index], Ed25519PrivateKey.generate(), claim_key=claim_key)
    report = check(join(lines), base)
    kinds = {p.kind for p in report.problems}
    assert (ProblemKind.DIFFERENT_KEY if claim_key else ProblemKind.MODIFIED) in kinds


def test_a_whole_journal_forged_with_another_key_is_detected(base):
    forged = resign_all(lines_of(base[0]), Ed25519PrivateKey.generate())
    report = check(join(forged), base)
    assert {p.kind for p in report.problems} >= {ProblemKind.DIFFERENT_KEY}
    assert len([p for p in report.problems if p.kind is ProblemKind.DIFFERENT_KEY]) == N_ENTRIES
