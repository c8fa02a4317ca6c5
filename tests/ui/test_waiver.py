"""An item of offboarding may be left undone only with a reason the operator types: the skip
is journaled with it. Leaving an item undone is never where the focus starts."""

from __future__ import annotations

from textual.widgets import Input

from rootkeeper.core.runbooks import custodians as rb
from rootkeeper.core.step_contract import Outcome
from tests.support.ceremony_app import press_and_settle, settle
from tests.support.screen_scenarios import at_step, build

SIZE = (120, 40)


async def test_an_item_is_left_undone_only_with_a_reason_and_that_reason_is_journaled():
    app = build()
    async with app.run_test(size=SIZE) as pilot:
        await at_step(rb.CUSTODIAN_OFFBOARD.id, rb.CHANGE_PHONE)(pilot)
        screen = app.screen
        assert app.focused is screen.query_one("#input-new_phone", Input)  # the item itself, not the waiver

        screen.query_one("#waiver-reason", Input).focus()
        await press_and_settle(pilot, "enter")  # no reason given: nothing is skipped
        assert screen.ceremony.current_step.id == rb.CHANGE_PHONE

        screen.query_one("#waiver-reason", Input).value = "The phone is the office switchboard, not hers"
        screen.query_one("#waiver-reason", Input).focus()
        await press_and_settle(pilot, "enter")
        await settle(pilot)
        waived = [result for result in screen.ceremony.results if result.step_id == rb.CHANGE_PHONE]
        assert [result.outcome for result in waived] == [Outcome.SKIPPED]
        assert waived[0].message == "Waived by the operator: The phone is the office switchboard, not hers"
        assert screen.ceremony.current_step.id == rb.REPLACE_CONTACTS


async def test_a_runbook_that_allows_no_waiver_shows_none():
    app = build()
    async with app.run_test(size=SIZE) as pilot:
        from rootkeeper.core.runbooks import root_keys as keys_rb

        await at_step(keys_rb.DELETE_ROOT_KEYS.id, keys_rb.DEACTIVATE_KEYS)(pilot)
        assert not app.screen.query("#waiver-reason")
