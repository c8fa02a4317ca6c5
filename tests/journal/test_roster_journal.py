"""The roster in a real journal: appended as signed "roster" entries, refused before appending."""

from __future__ import annotations

import pytest

from rootkeeper.core.errors import ValidationError
from rootkeeper.journal import Journal
from rootkeeper.journal.describe import what
from rootkeeper.journal.roster import append_roster, journal_roster, read_roster, roster_at
from tests.core.test_custodians import ANA_DEVICE, acme_roster_bodies, attribute_body


def test_roster_changes_are_signed_chained_entries_that_read_back(journal):
    for body in acme_roster_bodies():
        append_roster(journal, body)
    assert journal.verify().ok
    entries = [e for e in journal.entries() if e.kind == "roster"]
    assert len(entries) == len(acme_roster_bodies())
    assert what(entries[3]) == f"roster: attribute-device Ana Lima {ANA_DEVICE}"
    roster = read_roster(journal)
    assert [c.name for c in roster.current] == ["Ana Lima", "Ben Okafor", "Chloe Martin"]
    assert roster_at(journal.path) == roster


def test_a_refused_change_never_reaches_the_journal(journal):
    for body in acme_roster_bodies():
        append_roster(journal, body)
    before = len(journal.entries())
    with pytest.raises(ValidationError, match="already attributed to Ana Lima"):
        append_roster(journal, attribute_body("Ben Okafor", ANA_DEVICE, "virtual"))
    assert len(journal.entries()) == before


def test_the_roster_survives_reopening_the_journal(journal, journal_path, clock):
    for body in acme_roster_bodies():
        append_roster(journal, body)
    reopened = Journal.open(rehearsal=False, path=journal_path, clock=clock)
    assert read_roster(reopened).holder_of(ANA_DEVICE).name == "Ana Lima"


def test_no_journal_file_is_an_empty_roster(tmp_path):
    assert journal_roster(rehearsal=True, path=tmp_path / "none.jsonl").current == ()
