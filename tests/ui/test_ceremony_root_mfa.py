"""The root user's MFA ceremony through the UI: from the failing posture control to the
console steps, done in the rehearsal console's own pages (its QR code, read here with a
real decoder, and two codes from it), the API check, the attestation, and a posture that
passes afterwards; no seed or code left behind."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from textual.widgets import Button

from rootkeeper.core.ceremony import CeremonyStatus
from rootkeeper.core.runbooks import mfa
from rootkeeper.ui.ceremony_screen import CeremonyScreen
from rootkeeper.ui.confirm_screen import ConfirmScreen
from rootkeeper.ui.posture_screen import PostureScreen
from rootkeeper.ui.runbooks_screen import RunbooksScreen
from rootkeeper.ui.widgets.qr import QRCode
from tests.support.authenticator import consecutive_codes, decode_terminal_qr, seed_of
from tests.support.ceremony_app import (app_on, files_containing, fill_in, iam_client, press_and_settle, settle,
                                        type_into)
from tests.support.pilot import status_cells, text_of
from tests.support.ui_fakes import FakeJournal

# The console page shows a 64-character seed's QR code (61x31 cells) beside its inputs.
CONSOLE_SIZE = (130, 48)


def drawn_qr(app) -> list[str]:
    code = app.screen.query_one("#qr-code", QRCode)
    assert code.fits, code.too_small_message()
    columns, rows = code.required_cells
    return [code.render_line(y).text[:columns] for y in range(rows)]


def root_mfa_api_state(world) -> tuple[int, list[str]]:
    iam = iam_client(world)
    return (iam.get_account_summary()["SummaryMap"]["AccountMFAEnabled"],
            [d.get("User", {}).get("Arn", "unassigned") for d in iam.list_virtual_mfa_devices()["VirtualMFADevices"]])


async def open_the_console_page(pilot, app) -> CeremonyScreen:
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
    assert not screen.query_one("#console-page").display
    await pilot.click("#rehearsal-console")
    await settle(pilot)
    assert screen.query_one("#console-page").display
    assert screen.ceremony.current_step.id == mfa.ASSIGN_IN_CONSOLE  # nothing assigned by opening the page
    return screen


async def test_root_mfa_is_assigned_with_the_console_qr_code_and_two_codes(world, clock):
    journal = FakeJournal()
    app = app_on(world, clock, journal)
    async with app.run_test(size=CONSOLE_SIZE) as pilot:
        screen = await open_the_console_page(pilot, app)
        assert root_mfa_api_state(world) == (0, [])  # no device yet, not even an unassigned one
        uri = decode_terminal_qr(drawn_qr(app))  # what the custodian's phone camera reads
        assert uri.startswith("otpauth://totp/") and app.identity.account_id in uri
        seed = seed_of(uri)
        assert seed[:8] not in text_of(app, "#seed-text")  # the secret key is hidden until asked for
        toggle = screen.query_one("#toggle-secret", Button)
        toggle.press()  # press(), not two clicks: a Button ignores a click during its 0.2 s press effect
        await pilot.pause()
        assert text_of(app, "#seed-text").replace(" ", "") == f"Secretkey:{seed}"
        toggle.press()
        await pilot.pause()
        assert text_of(app, "#seed-text") == ""

        good = consecutive_codes(uri, clock.now)
        for typed, reason in (((good[1], good[0]), "not consecutive"), ((good[1], good[1]), "the same code"),
                              ((f"{(int(good[0]) + 1) % 10**6:06d}", good[1]), "not valid")):
            await type_into(pilot, "#input-code_1", typed[0])
            await type_into(pilot, "#input-code_2", typed[1])
            await press_and_settle(pilot, "enter")
            assert reason in text_of(app, "#console-refusal")
            assert screen.query_one("#input-code_1").value == "" and screen.query_one("#input-code_2").value == ""
            assert screen.ceremony.current_step.id == mfa.ASSIGN_IN_CONSOLE
            assert root_mfa_api_state(world) == (0, [])

        await type_into(pilot, "#input-code_1", good[0])
        await type_into(pilot, "#input-code_2", good[1])
        await press_and_settle(pilot, "enter")
        assert screen.ceremony.current_step.id == mfa.VERIFY_ROOT_MFA, text_of(app, "#notice")
        assert not any(code.has_code for code in screen.query(QRCode))  # the seed left the screen
        assert root_mfa_api_state(world) == (1, [f"arn:aws:iam::{app.identity.account_id}:root"])

        await press_and_settle(pilot, "enter")  # Check now
        assert "AccountMFAEnabled = 1" in text_of(app, "#notice")
        await fill_in(pilot, "#input-attested_by", "Alice Custodian")
        await fill_in(pilot, "#input-witness", "Dave Witness")
        await press_and_settle(pilot, "enter")
        assert screen.ceremony.status is CeremonyStatus.FINISHED
        assert "finished" in text_of(app, "#ceremony-ending")
        steps = [body for kind, body in journal.written if kind == "step"]
        assert [body["step"] for body in steps] == [step.id for step in screen.runbook.steps]
        assert "rehearsal world's console simulator" in steps[1]["note"]

        await press_and_settle(pilot, "escape")
        assert isinstance(app.screen, PostureScreen)
        assert status_cells(app)["root-mfa"] == "✔ PASS"
    home = Path(os.environ["ROOTKEEPER_HOME"])
    assert files_containing(home, seed) == []
    for secret in (seed, *good):
        assert secret not in repr(journal.written)


async def test_cancelling_the_console_page_assigns_nothing_and_the_steps_stay(world, clock):
    app = app_on(world, clock)
    async with app.run_test(size=CONSOLE_SIZE) as pilot:
        screen = await open_the_console_page(pilot, app)
        await pilot.click("#cancel-console")
        await settle(pilot)
        assert not screen.query_one("#console-page").display
        assert not any(code.has_code for code in screen.query(QRCode))
        assert text_of(app, "#instruction-counter") == "Instruction 2 of 8"
        assert screen.ceremony.current_step.id == mfa.ASSIGN_IN_CONSOLE
        assert root_mfa_api_state(world) == (0, [])
        assert world.console._mfa.pending_count() == 0  # noqa: SLF001 - the seed is gone from the world too


async def test_aborting_with_the_console_page_open_leaves_nothing_in_the_world(world, clock):
    app = app_on(world, clock)
    async with app.run_test(size=CONSOLE_SIZE) as pilot:
        screen = await open_the_console_page(pilot, app)
        assert world.console._mfa.pending_count() == 1  # noqa: SLF001
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Nothing in AWS needs undoing" in text_of(app, "#confirm-message")
        await pilot.click("#confirm-yes")
        await settle(pilot)
        assert screen.ceremony.status is CeremonyStatus.ABORTED
        assert not any(code.has_code for code in screen.query(QRCode))
        for thread in threading.enumerate():  # the page's cancel runs off the UI thread
            if thread.name == "rehearsal console cancel":
                thread.join()
        assert world.console._mfa.pending_count() == 0  # noqa: SLF001
        assert root_mfa_api_state(world) == (0, [])
