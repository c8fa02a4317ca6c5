"""The IAM break-glass user's virtual MFA ceremony, driven through the UI against the
in-process rehearsal world: the QR code, wrong codes then right ones, verification,
attestation; and an abort that deletes the unassigned device."""

from __future__ import annotations

import os
from pathlib import Path

from textual.widgets import OptionList

from rootkeeper.core.ceremony import CeremonyStatus
from rootkeeper.core.runbooks import mfa
from rootkeeper.ui.ceremony_screen import CeremonyScreen
from rootkeeper.ui.confirm_screen import ConfirmScreen
from rootkeeper.ui.runbooks_screen import RunbooksScreen
from rootkeeper.ui.step_panels.virtual_mfa import QrEnrolPanel
from rootkeeper.ui.widgets.qr import QRCode
from tests.support.ceremony_app import (app_codes, app_on, files_containing, fill_in, iam_client, press_and_settle,
                                        settle, type_into)
from tests.support.pilot import SIZE, text_of
from tests.support.ui_fakes import FakeJournal



def current_step_id(app) -> str:
    return app.screen.ceremony.current_step.id


async def open_ceremony_and_create_device(pilot) -> CeremonyScreen:
    """From the posture: u, Enter on the first runbook, choose breakglass, name the custodian, create."""
    app = pilot.app
    await press_and_settle(pilot, "u")
    assert isinstance(app.screen, RunbooksScreen)
    await press_and_settle(pilot, "enter")
    screen = app.screen
    assert isinstance(screen, CeremonyScreen) and current_step_id(app) == mfa.CHOOSE_USER
    users = screen.query_one("#user-list", OptionList)
    labels = [str(users.get_option_at_index(i).prompt) for i in range(users.option_count)]
    assert any(label.startswith("breakglass") and "no MFA" in label for label in labels)
    users.highlighted = next(i for i, label in enumerate(labels) if label.startswith("breakglass"))
    await fill_in(pilot, "#input-custodian", "Alice Example")
    await press_and_settle(pilot, "enter")
    assert current_step_id(app) == mfa.CREATE_DEVICE, text_of(app, "#notice")
    await press_and_settle(pilot, "enter")  # "Run this step" has the focus
    assert current_step_id(app) == mfa.SCAN_QR
    return screen


async def test_the_breakglass_user_gets_a_device_through_the_ui(world, clock):
    journal = FakeJournal()
    app = app_on(world, clock, journal)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_ceremony_and_create_device(pilot)
        seed = screen.ceremony.secrets.get(mfa.SEED)
        assert screen.query_one("#qr-code", QRCode).has_code
        assert seed[:4] not in text_of(app, "#seed-text")  # hidden by default
        await pilot.press("s")
        assert seed[:4] in text_of(app, "#seed-text")
        await pilot.press("s")
        await press_and_settle(pilot, "enter")  # Scanned
        assert current_step_id(app) == mfa.ENABLE_DEVICE

        good = app_codes(seed, clock.now)
        wrong = [f"{(int(code) + 1) % 10**6:06d}" for code in good]
        await type_into(pilot, "#input-code_1", wrong[0])
        await type_into(pilot, "#input-code_2", wrong[1])
        await press_and_settle(pilot, "enter")
        assert "do not match this device" in text_of(app, "#notice")
        assert current_step_id(app) == mfa.ENABLE_DEVICE

        await type_into(pilot, "#input-code_1", good[0])
        await type_into(pilot, "#input-code_2", good[1])
        await press_and_settle(pilot, "enter")
        assert current_step_id(app) == mfa.VERIFY_ASSIGNED, text_of(app, "#notice")
        assert not any(code.has_code for code in app.screen.query(QRCode))  # the seed left the screen
        await press_and_settle(pilot, "enter")  # Check now
        assert current_step_id(app) == mfa.CUSTODIAN_ATTESTS
        # Nobody is named for them: not the OS login (`root` on a server), which reads like the AWS root user.
        assert app.screen.query_one("#input-attested_by").value == ""
        await fill_in(pilot, "#input-witness", "Bob Witness")
        await press_and_settle(pilot, "enter")
        assert current_step_id(app) == mfa.CUSTODIAN_ATTESTS  # refused: who attests is required
        assert "Enter your name" in text_of(app, ".panel-hint")
        await fill_in(pilot, "#input-attested_by", "Alice Example")
        await press_and_settle(pilot, "enter")

        ceremony = screen.ceremony
        assert ceremony.status is CeremonyStatus.FINISHED
        devices = iam_client(world).list_mfa_devices(UserName="breakglass")["MFADevices"]
        assert [device["SerialNumber"] for device in devices] == [ceremony.facts["serial"]]
        steps = [body for kind, body in journal.written if kind == "step"]
        assert [body["step"] for body in steps][-1] == mfa.CUSTODIAN_ATTESTS
        assert steps[-1]["witness"] == "Bob Witness"
        assert (steps[-1]["attested_by"], steps[-1]["witnessed_by"]) == ("Alice Example", "Bob Witness")
        assert "attested by" not in (steps[-1].get("note") or "")  # a field, not prose
        assert steps[-1]["actor"]["operator"] is None  # never the OS login
        assert f"ListMFADevices shows {ceremony.facts['serial']} assigned to breakglass" in text_of(app, "#step-list")
    home = Path(os.environ["ROOTKEEPER_HOME"])
    assert files_containing(home, seed) == []
    assert seed not in repr(journal.written)


async def test_abort_after_creating_the_device_deletes_it(world, clock):
    app = app_on(world, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_ceremony_and_create_device(pilot)
        serial = screen.ceremony.facts["serial"]
        iam = iam_client(world)
        assert [d["SerialNumber"] for d in iam.list_virtual_mfa_devices()["VirtualMFADevices"]] == [serial]

        await press_and_settle(pilot, "escape")  # reads AWS first, then asks
        assert isinstance(app.screen, ConfirmScreen)
        message = text_of(app, "#confirm-message")
        assert "Create the virtual MFA device" in message
        assert f"will delete the unassigned virtual MFA device {serial} (found in AWS)" in message
        await pilot.press("enter")  # No has the focus: nothing happens
        await settle(pilot)
        assert app.screen is screen and screen.ceremony.status is CeremonyStatus.IN_PROGRESS

        await press_and_settle(pilot, "escape")
        await pilot.click("#confirm-yes")
        await settle(pilot)
        assert screen.ceremony.status is CeremonyStatus.ABORTED
        assert "deleted" in text_of(app, "#notice")
        assert iam.list_virtual_mfa_devices()["VirtualMFADevices"] == []
        assert not any(code.has_code for code in screen.query(QRCode))


async def test_failed_creations_and_retries_leave_no_device_behind(world, clock, monkeypatch):
    """AWS creates the device but the answer is lost: first a timeout (the screen's Retry),
    then a 500 (the step fails, and is run again). The abort dialog finds the one device
    left, and the abort deletes it."""
    from rootkeeper.aws import virtual_mfa
    from rootkeeper.core.errors import RootkeeperError

    real, failures = virtual_mfa.create_virtual_mfa_device, [TimeoutError("read timeout"),
                                                            RootkeeperError("AWS answered 500 (InternalFailure).")]

    def create_then_fail(session, name):
        real(session, name)
        raise failures.pop(0)

    monkeypatch.setattr(virtual_mfa, "create_virtual_mfa_device", create_then_fail)
    app = app_on(world, clock)
    iam = iam_client(world)
    unassigned = lambda: [d["SerialNumber"] for d in  # noqa: E731
                          iam.list_virtual_mfa_devices(AssignmentStatus="Unassigned")["VirtualMFADevices"]]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press_and_settle(pilot, "u")
        await press_and_settle(pilot, "enter")
        users = app.screen.query_one("#user-list", OptionList)
        labels = [str(users.get_option_at_index(i).prompt) for i in range(users.option_count)]
        users.highlighted = next(i for i, label in enumerate(labels) if label.startswith("breakglass"))
        await fill_in(pilot, "#input-custodian", "Alice Example")
        await press_and_settle(pilot, "enter")
        assert current_step_id(app) == mfa.CREATE_DEVICE

        await press_and_settle(pilot, "enter")  # the answer never comes: Retry is offered
        assert app.screen.query_one("#problem").display and len(unassigned()) == 1
        await pilot.click("#retry")
        await settle(pilot)
        assert "500" in text_of(app, "#notice") and len(unassigned()) == 1  # the first one was deleted first
        [orphan] = unassigned()

        await press_and_settle(pilot, "escape")
        assert isinstance(app.screen, ConfirmScreen)
        assert f"will delete the unassigned virtual MFA device {orphan} (found in AWS)" in \
            text_of(app, "#confirm-message")
        await pilot.click("#confirm-yes")
        await settle(pilot)
        assert unassigned() == [] and iam.list_virtual_mfa_devices()["VirtualMFADevices"] == []
        assert "read back as gone" in text_of(app, "#notice")


async def test_a_qr_panel_whose_children_are_gone_does_not_look_for_its_code(world, clock):
    """Once the device is enabled the step list comes back and the retiring QR panel is
    resized while its children are being removed: the fit it scheduled after the refresh
    then found no QR code and crashed the TUI with NoMatches (seen at 120x40 against
    `world serve`, after AWS had enabled the device)."""
    app = app_on(world, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_ceremony_and_create_device(pilot)
        panel = screen.panel
        assert isinstance(panel, QrEnrolPanel)
        await panel.remove_children()
        panel.fit_qr_code()  # as the callback scheduled by on_resize runs: no NoMatches
        panel.on_resize()
        await settle(pilot)
