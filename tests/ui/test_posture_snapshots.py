"""Snapshot tests of the screens a person looks at, on deterministic fake data (fixed clock,
fixed posture, in-memory journal). Regenerate with `pytest tests/ui --snapshot-update`."""

from __future__ import annotations

import pytest

from rootkeeper.core.errors import AccessDeniedError
from rootkeeper.ui.app import make_app
from tests.support.pilot import settle
from tests.support.ui_fakes import ROOT, FakeJournal, FakeReader, fixed_clock, journal_opener, rehearsal_environment

# A screen is shot when Textual's layout has settled; on a loaded 2-core machine that moment
# can slip by a frame. A snapshot that differs is shot again (twice at most): a real change to
# the screen differs every time and still fails.
pytestmark = pytest.mark.flaky(reruns=2)

def build(reader: FakeReader):
    return make_app(rehearsal_environment, clock=fixed_clock, posture_reader=reader,
                    journal_opener=journal_opener(FakeJournal()), expected_scenario="acme")


SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.mark.parametrize("size", SIZES)
class TestPostureScreen:
    def test_posture_as_an_iam_user(self, snap_compare, size):
        assert snap_compare(build(FakeReader()), terminal_size=size, run_before=settle)

    def test_posture_details_of_root_access_keys_as_root(self, snap_compare, size):
        async def highlight_keys(pilot) -> None:
            await settle(pilot)
            await pilot.press("down", "down")
            await pilot.pause()

        assert snap_compare(build(FakeReader(identity=ROOT)), terminal_size=size, run_before=highlight_keys)

    def test_error_modal(self, snap_compare, size):
        error = AccessDeniedError("This identity may not read the account summary.",
                                  hint="Grant iam:GetAccountSummary.")
        assert snap_compare(build(FakeReader(error=error)), terminal_size=size, run_before=settle)
