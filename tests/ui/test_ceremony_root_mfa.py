"""The root user's MFA ceremony through the UI: from the failing posture control to the
console steps (played by the rehearsal console), the API check, the attestation, and a
posture that passes afterwards."""

from __future__ import annotations

from ceremony_support import app_on, fill_in, press_and_settle, settle
from pilot_helpers import SIZE, status_cells, text_of

from rootkeeper.core.ceremony import CeremonyStatus
from rootkeeper.core.runbooks import mfa
from rootkeeper.ui.ceremony_screen import CeremonyScreen
from rootkeeper.ui.posture_screen import PostureScreen
from rootkeeper.ui.runbooks_screen import RunbooksScreen



async def test_root_mfa_from_a_failing_control_to_a_passing_posture(world, clock):
    app = app_on(world, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert status_cells(app)["root-mfa"] == "✘ FAIL"
        await press_and_settle(pilot, "f")  # the root MFA control is the highlighted one
        assert isinstance(app.screen, RunbooksScreen)
        assert app.screen.highlighted_runbook().id == "root-mfa"
        await press_and_settle(pilot, "enter")
        screen = app.screen
        assert isinstance(screen, CeremonyScreen)
        assert "no MFA device" in text_of(app, "#root-devices") and "up to 8 of 8" in text_of(app, "#root-devices")

        await fill_in(pilot, "#input-custodian", "Carol Custodian")
        await fill_in(pilot, "#input-device_name", "root-carol-phone")
        await press_and_settle(pilot, "enter")
        assert screen.ceremony.current_step.id == mfa.ASSIGN_IN_CONSOLE
        assert text_of(app, "#instruction-counter") == "Instruction 1 of 8"
        assert f"root user of account {app.identity.account_id}" in text_of(app, "#instruction-text")
        await pilot.press("enter")  # Next
        assert text_of(app, "#instruction-counter") == "Instruction 2 of 8"
        await pilot.click("#rehearsal-console")
        await settle(pilot)
        assert screen.ceremony.current_step.id == mfa.VERIFY_ROOT_MFA
        await press_and_settle(pilot, "enter")  # Check now
        assert "AccountMFAEnabled = 1" in text_of(app, "#notice")
        await fill_in(pilot, "#input-attested_by", "Alice Custodian")
        await fill_in(pilot, "#input-witness", "Dave Witness")
        await press_and_settle(pilot, "enter")
        assert screen.ceremony.status is CeremonyStatus.FINISHED
        assert "finished" in text_of(app, "#ceremony-ending")

        await press_and_settle(pilot, "escape")
        assert isinstance(app.screen, PostureScreen)
        assert status_cells(app)["root-mfa"] == "✔ PASS"
