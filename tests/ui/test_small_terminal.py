"""At 80x24, the terminal an operator may really have, nothing the operator needs is
clipped or zero-width: the posture's evidence, the contact form's inputs, the QR step's
buttons. (The snapshot tests show the whole of each screen at 80x24 and 120x40.)"""

from __future__ import annotations

from textual.widgets import Button, DataTable, Input

from rootkeeper.core.runbooks import contacts as contacts_rb
from rootkeeper.core.runbooks import mfa
from rootkeeper.core.runbooks import root_keys as keys_rb
from tests.support.ceremony_app import settle
from tests.support.screen_scenarios import ROOT, at_step, build

SMALL = (80, 24)


def fully_visible(widget) -> bool:
    """The widget's whole region lies inside the screen and inside every scrolling parent's
    window onto it (scrolled there if need be): nothing of it is cut off."""
    region = widget.region
    screen = widget.screen.region
    return region.width > 0 and region.height > 0 and screen.contains_region(region)


async def test_the_posture_evidence_keeps_a_readable_width():
    app = build()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#findings", DataTable)
        evidence = next(column for key, column in table.columns.items() if key.value == "Evidence")
        assert evidence.width >= 28
        assert sum(column.get_render_width(table) for column in table.columns.values()) <= table.size.width


async def test_the_contact_form_inputs_show_their_values():
    app = build()
    async with app.run_test(size=SMALL) as pilot:
        await at_step(contacts_rb.ALTERNATE_CONTACTS.id, contacts_rb.PUT_CONTACT)(pilot)
        for name in contacts_rb.CONTACT_FIELDS:
            field = app.screen.query_one(f"#input-{name}", Input)
            assert field.content_region.width >= 20, name
        assert app.screen.query_one("#input-email", Input).value == "billing@acme.example"


async def test_the_qr_step_offers_the_secret_key_button_whole_when_the_code_cannot_fit():
    app = build()
    async with app.run_test(size=SMALL) as pilot:
        await at_step(mfa.IAM_USER_VIRTUAL_MFA.id, mfa.SCAN_QR)(pilot)
        await pilot.pause()
        button = app.screen.query_one("#toggle-secret", Button)
        button.scroll_visible(animate=False)
        await pilot.pause()
        assert fully_visible(button)
        assert button.region.width >= len(str(button.label))
        assert "rows tall" in str(app.screen.query_one("#qr-too-short").content)


async def test_the_root_key_buttons_are_whole():
    app = build()
    async with app.run_test(size=SMALL) as pilot:
        await at_step(keys_rb.DELETE_ROOT_KEYS.id, keys_rb.DEACTIVATE_KEYS, ROOT)(pilot)
        for button in app.screen.query(".panel-buttons Button").results(Button):
            button.scroll_visible(animate=False)
            await pilot.pause()
            assert fully_visible(button), button.label
