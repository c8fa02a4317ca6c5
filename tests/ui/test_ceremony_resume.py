"""Ceremonies left unfinished are offered at start-up: one is cleaned up (its unassigned
MFA device deleted in the world), the other resumed where it stopped."""

from __future__ import annotations

from textual.widgets import OptionList

from rootkeeper.core.progress import ProgressStore
from rootkeeper.core.runbooks import mfa
from rootkeeper.ui.ceremony_runner import CeremonyRunner
from rootkeeper.ui.ceremony_screen import CeremonyScreen
from rootkeeper.ui.resume_screen import ResumeScreen
from tests.support.ceremony_app import app_on, iam_client, press_and_settle, settle
from tests.support.pilot import SIZE, text_of
from tests.support.ui_fakes import FakeJournal



def leave_two_ceremonies_unfinished(world, clock) -> tuple[str, str]:
    """An IAM-user ceremony stopped after creating its device, then a root one after its review."""
    from rootkeeper.aws.identity import who_am_i
    from rootkeeper.aws.session import AwsSession

    environment = world.environment("operator")
    runner = CeremonyRunner(environment, who_am_i(AwsSession(environment.target)), FakeJournal(), clock)
    iam_user = runner.start(mfa.IAM_USER_VIRTUAL_MFA.id)
    iam_user.run_step(inputs={"user_name": "breakglass", "custodian": "Alice Example"})
    iam_user.run_step()
    root = runner.start(mfa.ROOT_MFA.id)
    root.run_step(inputs={"custodian": "Carol Custodian", "device_name": "root-carol-phone"})
    return iam_user.id, root.id


async def test_unfinished_ceremonies_are_cleaned_up_or_resumed_at_start_up(world, clock):
    iam_user_id, root_id = leave_two_ceremonies_unfinished(world, clock)
    iam = iam_client(world)
    assert len(iam.list_virtual_mfa_devices(AssignmentStatus="Unassigned")["VirtualMFADevices"]) == 1

    app = app_on(world, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ResumeScreen)
        offered = app.screen.query_one("#unfinished-list", OptionList)
        ids = [offered.get_option_at_index(index).id for index in range(offered.option_count)]
        assert ids == [root_id, iam_user_id]  # the most recently touched first

        offered.highlighted = 1
        await press_and_settle(pilot, "c")
        assert "deleted" in text_of(app, "#resume-result")
        assert iam.list_virtual_mfa_devices()["VirtualMFADevices"] == []
        assert [saved.ceremony_id for saved in ProgressStore.in_data_dir(rehearsal=True).unfinished()] == [root_id]

        await press_and_settle(pilot, "r")
        screen = app.screen
        assert isinstance(screen, CeremonyScreen) and screen.ceremony.id == root_id
        assert screen.ceremony.current_step.id == mfa.ASSIGN_IN_CONSOLE
        assert "✔" in text_of(app, "#step-list")  # the review done before the interruption shows as done


async def test_clean_up_at_start_up_finds_the_device_of_a_creation_that_failed(world, clock, monkeypatch):
    from rootkeeper.aws import virtual_mfa
    from rootkeeper.aws.identity import who_am_i
    from rootkeeper.aws.session import AwsSession
    from rootkeeper.core.errors import RootkeeperError

    real = virtual_mfa.create_virtual_mfa_device

    def create_then_fail(session, name):
        real(session, name)
        raise RootkeeperError("AWS answered 500 (InternalFailure).")

    monkeypatch.setattr(virtual_mfa, "create_virtual_mfa_device", create_then_fail)
    environment = world.environment("operator")
    runner = CeremonyRunner(environment, who_am_i(AwsSession(environment.target)), FakeJournal(), clock)
    ceremony = runner.start(mfa.IAM_USER_VIRTUAL_MFA.id)
    ceremony.run_step(inputs={"user_name": "breakglass", "custodian": "Alice Example"})
    ceremony.run_step()  # failed; then the terminal is closed
    monkeypatch.setattr(virtual_mfa, "create_virtual_mfa_device", real)  # AWS answers again
    iam = iam_client(world)
    [orphan] = [d["SerialNumber"] for d in iam.list_virtual_mfa_devices(AssignmentStatus="Unassigned")["VirtualMFADevices"]]

    app = app_on(world, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ResumeScreen)
        offered = app.screen.query_one("#unfinished-list", OptionList)
        assert f"may have created in AWS: virtual MFA device '{orphan.rsplit('/', 1)[-1]}'" in \
            str(offered.get_option_at_index(0).prompt)
        await press_and_settle(pilot, "c")
        assert f"{orphan} was deleted, and read back as gone" in text_of(app, "#resume-result")
        assert iam.list_virtual_mfa_devices()["VirtualMFADevices"] == []
