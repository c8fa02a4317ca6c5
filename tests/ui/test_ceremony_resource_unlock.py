"""Unlocking acme-data's locked bucket through the UI, against the in-process rehearsal world,
as the management account's operator: the resource named, the policy shown pretty-printed, the
wrong name typed deleting nothing, the right one deleting it, and the read-back."""

from __future__ import annotations

from textual.widgets import Button, OptionList

from rootkeeper.core.ceremony import CeremonyStatus
from rootkeeper.core.runbooks import resource_unlock as rb
from rootkeeper.rehearsal.scenario_locks import LOCKED_BUCKET
from rootkeeper.ui.ceremony_screen import CeremonyScreen
from rootkeeper.ui.confirm_screen import TypeNameScreen
from tests.support.ceremony_app import (
    app_on,
    fill_in,
    press_and_settle,
    settle,
    type_into,
)
from tests.support.pilot import SIZE, text_of

DATA = "314159265402"


def step_id(app) -> str:
    return app.screen.ceremony.current_step.id


def bucket_policy(world):
    from rootkeeper.aws.session import AwsSession

    s3 = AwsSession(world.environment("operator").target).assume_root(DATA, "S3UnlockBucketPolicy").client("s3")
    try:
        return s3.get_bucket_policy(Bucket=LOCKED_BUCKET)["Policy"]
    except s3.exceptions.ClientError:
        return None


async def test_the_operator_unlocks_the_bucket_typing_its_name(world, clock):
    from rootkeeper.journal import Journal

    journal = Journal.open(rehearsal=True)  # the real one: the unlock is an incident, opened in it
    app = app_on(world, clock, journal=journal)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press_and_settle(pilot, "u")
        options = app.screen.query_one("#runbook-list", OptionList)
        options.highlighted = [options.get_option_at_index(i).id for i in range(options.option_count)].index(
            rb.UNLOCK_RESOURCE_POLICY.id)
        await press_and_settle(pilot, "enter")
        screen = app.screen
        assert isinstance(screen, CeremonyScreen) and step_id(app) == rb.FIND_POLICY

        await fill_in(pilot, "#input-member_account_id", DATA)
        await fill_in(pilot, "#input-resource_name", LOCKED_BUCKET)
        await pilot.click("#run-step")
        await settle(pilot)
        assert step_id(app) == rb.DELETE_POLICY, text_of(app, "#notice")
        assert "deny s3:* to every principal" in text_of(app, "#lockout-summary")
        shown = text_of(app, "#locking-policy")
        assert '"Effect": "Deny"' in shown and '"Sid": "DenyEverything"' in shown

        await pilot.click("#run-step")
        await pilot.pause()
        assert isinstance(app.screen, TypeNameScreen)
        assert f"Type the bucket name {LOCKED_BUCKET} to confirm." in text_of(app, "#typed-prompt")
        await type_into(pilot, "#typed-confirmation", "acme-data")
        await press_and_settle(pilot, "enter")
        assert isinstance(app.screen, TypeNameScreen) and app.screen.query_one("#confirm-yes", Button).disabled
        await press_and_settle(pilot, "escape")
        assert app.screen is screen and "Not confirmed" in text_of(app, "#notice")
        assert bucket_policy(world) is not None

        await pilot.click("#run-step")
        await pilot.pause()
        await type_into(pilot, "#typed-confirmation", LOCKED_BUCKET)
        await press_and_settle(pilot, "enter")
        assert step_id(app) == rb.VERIFY_UNLOCKED, text_of(app, "#notice")
        assert bucket_policy(world) is None
        await press_and_settle(pilot, "enter")  # Check now
        assert "NoSuchBucketPolicy" in text_of(app, "#notice")
        assert screen.ceremony.status is CeremonyStatus.FINISHED
        assert "verified" in text_of(app, "#step-list")
    [opened] = [e for e in journal.entries() if e.kind == "incident"]
    assert opened.body["event"] == "opened" and opened.body["runbook"] == rb.UNLOCK_RESOURCE_POLICY.id
    deleted = [e for e in journal.entries() if e.kind == "step" and e.body.get("step") == rb.DELETE_POLICY]
    assert deleted[-1].body["evidence"]["deleted_policy"].startswith('{"Version"')
    assert deleted[-1].body.get("incident_id") == opened.body["incident_id"]
