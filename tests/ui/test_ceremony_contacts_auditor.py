"""The rehearsal world enforces IAM policies: run as the read-only 'auditor', the
alternate-contacts ceremony reads the posture and the current contact, then, at the write,
shows AWS's AccessDenied as a message naming the permission the identity lacks."""

from __future__ import annotations

from rootkeeper.core.runbooks import contacts as rb
from rootkeeper.ui.ceremony_screen import CeremonyScreen
from rootkeeper.ui.confirm_screen import ConfirmScreen
from tests.support.ceremony_app import app_on, fill_in, settle, type_into
from tests.support.pilot import SIZE, status_cells, text_of

SECURITY_ROW = 6  # the security-contact control's row in the posture table


async def test_the_auditor_is_told_it_lacks_account_put_alternate_contact(world, clock):
    app = app_on(world, clock, identity="auditor")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert status_cells(app)["security-contact"] == "✘ FAIL"  # the auditor reads the posture
        await pilot.press(*["down"] * SECURITY_ROW)
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CeremonyScreen)
        await pilot.click("#run-step")
        await settle(pilot)
        assert app.screen.ceremony.current_step.id == rb.PUT_CONTACT, text_of(app, "#notice")

        await type_into(pilot, "#input-name", "Security Team")
        await fill_in(pilot, "#input-title", "CISO office")
        await fill_in(pilot, "#input-email", "security@acme.example")
        await fill_in(pilot, "#input-phone", "+1 (206) 555-0199")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.click("#confirm-yes")
        await settle(pilot)
        notice = text_of(app, "#notice")
        assert notice == ("Access denied: this identity may not write the SECURITY alternate contact. "
                          "Grant this identity account:PutAlternateContact.")
        assert app.screen.ceremony.current_step.id == rb.PUT_CONTACT  # offered again, nothing claimed
        assert "✔ 2." not in text_of(app, "#step-list")
