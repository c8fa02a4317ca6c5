"""Every screen and modal of rootkeeper, on deterministic fake data: for the snapshot tests
(tests/ui/test_screen_snapshots.py) and for looking at a screen at any size by hand.

A scenario is a ``run_before`` for ``snap_compare``: it takes the pilot of an app made by
``build()`` and brings up one screen. Ceremonies run on fake handlers (no AWS, no world);
their facts are what the real handlers produce. Nothing here is a real secret: the QR code
is drawn from ``TEST_SEED``, a fixed Base32 test seed that spells TESTSEED.
"""

from __future__ import annotations

from typing import Any, Awaitable, Callable, Mapping

from textual.widgets import Input

from rootkeeper.core.ceremony import Ceremony
from rootkeeper.core.identity import Identity
from rootkeeper.core.runbook import Requirement
from rootkeeper.core.runbooks import RUNBOOKS, mfa
from rootkeeper.core.runbooks import contacts as contacts_rb
from rootkeeper.core.runbooks import custodians as custodians_rb
from rootkeeper.core.runbooks import resource_unlock as unlock_rb
from rootkeeper.core.runbooks import recovery as recovery_rb
from rootkeeper.core.runbooks import member_root as member_rb
from rootkeeper.core.runbooks import root_keys as keys_rb
from rootkeeper.core.runbooks import root_password as password_rb
from rootkeeper.core.step_contract import StepOutcome
from rootkeeper.ui.app import make_app
from rootkeeper.ui.ceremony_screen import CeremonyScreen
from tests.support.ceremony_app import FakeRunner, ListRecorder, settle
from tests.support.ui_fakes import ROOT  # noqa: F401 - re-exported to the snapshot tests
from tests.support.ui_fakes import (ACCOUNT, NOW, OPERATOR, FakeJournal, FakeReader, fixed_clock, journal_opener,
                                    rehearsal_environment)

TEST_SEED = "TESTSEEDTESTSEEDTESTSEEDTESTSEED"  # a fixed TEST seed, never a real device's
TEST_PASSWORD = "TEST-password-not-a-secret-42"  # a fixed TEST password, shown masked
Scenario = Callable[[Any], Awaitable[None]]

BILLING = {"name": "Priya Natarajan", "title": "Finance", "email": "billing@acme.example", "phone": "+1 555 0100"}
ROOT_KEY = {"key_id": "AKIAEXAMPLEROOTKEY01", "slot": 1, "active": True, "age_days": 1100,
            "last_used": "2024-06-11T09:30:00+00:00", "last_used_region": "us-east-1", "last_used_service": "s3",
            "meaning": "used a year ago by s3: something may still hold this key; deactivate it first and watch."}

MEMBER = "314159265404"
MEMBER_ROOT = {"member_account_id": MEMBER, "password": True, "access_keys": [], "mfa_devices": ["GAKT00000404"],
               "signing_certificates": ["ACMELEGACYSIGNINGCERT001"]}

# The facts each step's real handler adds to the ceremony (the engine adds the step's inputs).
HANDLER_FACTS: Mapping[str, Mapping[str, Any]] = {
    mfa.CREATE_DEVICE: {"serial": f"arn:aws:iam::{ACCOUNT}:mfa/breakglass-20250611", "device_name": "breakglass"},
    mfa.REVIEW_ROOT_DEVICES: {"root_mfa_enabled_before": False, "root_virtual_serials_before": []},
    contacts_rb.CHOOSE_CONTACT: {"contact_type": "BILLING", "target_account_id": ACCOUNT, "member_account": False,
                                 "before": BILLING},
    keys_rb.LIST_KEYS: {"mode": keys_rb.MODE_API, "keys": [ROOT_KEY], "key_in_use": None},
    password_rb.REVIEW_PASSWORD: {"since": NOW.isoformat()},
    custodians_rb.CHOOSE_LEAVER: {"their_devices": [f"arn:aws:iam::{ACCOUNT}:mfa/chloe-root-mfa"],
                                  "their_devices_text": f"arn:aws:iam::{ACCOUNT}:mfa/chloe-root-mfa",
                                  "phone_is_theirs": True, "contacts_naming": ["SECURITY"],
                                  "contacts_naming_text": "SECURITY"},
    recovery_rb.CHECK_PHONE: {"recovery_phone": "+1 206 555 0100"},
    recovery_rb.CHECK_MAILBOX: {"mailbox_holders": ["Ana Lima", "Ben Okafor"],
                                "mailbox_holders_text": "Ana Lima, Ben Okafor"},
    recovery_rb.CHOOSE_LOST: {"lost_serial": f"arn:aws:iam::{ACCOUNT}:mfa/ana-root-mfa", "lost_kind": "virtual",
                              "lost_holder": "Ana Lima", "since": NOW.isoformat()},
    member_rb.CHOOSE_MEMBER: {"member_name": "acme-legacy", "member_email": "legacy@acme.example"},
    member_rb.AUDIT_MEMBER: {"member_root": MEMBER_ROOT, "member_credentials": ["password", "mfa", "certs"]},
}

LOCKING_POLICY = ('{"Version":"2012-10-17","Statement":[{"Sid":"DenyEverything","Effect":"Deny","Principal":"*",'
                  '"Action":"s3:*","Resource":["arn:aws:s3:::acme-data-locked","arn:aws:s3:::acme-data-locked/*"]}]}')
HANDLER_FACTS = {**HANDLER_FACTS, unlock_rb.FIND_POLICY: {"resource_kind": "bucket", "policy_found": LOCKING_POLICY}}

# What the operator types at each step that takes inputs.
INPUTS: Mapping[str, Mapping[str, str]] = {
    mfa.CHOOSE_USER: {"user_name": "breakglass", "custodian": "Alice Custodian"},
    mfa.REVIEW_ROOT_DEVICES: {"custodian": "Carol Custodian", "device_name": "root-carol-phone"},
    contacts_rb.CHOOSE_CONTACT: {"contact_type": "BILLING", "target_account_id": ACCOUNT},
    password_rb.REVIEW_PASSWORD: {"custodian": "Carol Custodian"},
    custodians_rb.CHOOSE_LEAVER: {"leaver": "Chloe Martin"},
    unlock_rb.FIND_POLICY: {"member_account_id": "314159265402", "resource_kind": "bucket",
                            "resource_name": "acme-data-locked"},
    recovery_rb.CHOOSE_LOST: {"lost_device": "ana-root-mfa"},
    member_rb.CHOOSE_MEMBER: {member_rb.MEMBER: MEMBER},
    member_rb.TASK_DONE: {"task_done": "closed the legacy support plan"},
}

# What the rehearsal console's recovery pages show, fixed (the world draws its codes at random).
RECOVERY_CALL = {"phone": "+1 206 555 0100", "code": "424242",
                 "said": ("Incoming call to +1 206 555 0100 from Amazon Web Services: \"Hello. To verify your phone "
                          "number for sign-in, enter the 6-digit number shown on the AWS website, using your phone's "
                          "keypad.\"")}
VERIFICATION_EMAIL = {"to": "aws-root@acme.example", "sender": "recover-mfa-no-reply@verify.signin.aws",
                      "subject": "Verify your email address", "code": "135790", "purpose": "verify-email",
                      "body": ("Hello,\n\nSomeone is signing in to the AWS account 314159265358 as the root user "
                               "with alternative factors of authentication. To verify this email address, choose "
                               "the link below, or enter this code in the console: 135790"),
                      "link": "https://signin.aws.amazon.com/recovery/verify?code=135790"}


def showing_console_page(page: Mapping[str, Any]) -> Scenario:
    """The recovery panel's rehearsal console page, showing ``page`` (fixed, as the world would)."""
    async def show(pilot) -> None:
        pilot.app.screen.panel.show_page(dict(page))
    return show



def build():
    """The app on fakes: the acme-like posture, read as the operator, an in-memory journal."""
    return make_app(rehearsal_environment, clock=fixed_clock, posture_reader=FakeReader(),
                    journal_opener=journal_opener(FakeJournal()), expected_scenario="acme")


def _handler(step_id: str):
    def handle(ctx) -> StepOutcome:
        if step_id == mfa.CREATE_DEVICE:
            ctx.secrets.put(mfa.SEED, TEST_SEED)
        if step_id == password_rb.GENERATE_PASSWORD:
            ctx.secrets.put(password_rb.NEW_PASSWORD, TEST_PASSWORD)
        return StepOutcome.success("Done (fake handler).", facts=dict(HANDLER_FACTS.get(step_id, {})))
    return handle


def ceremony_at(runbook_id: str, step_id: str, identity: Identity = OPERATOR) -> Ceremony:
    """``runbook_id`` started on fake handlers and walked up to ``step_id``, as the operator would."""
    runbook = RUNBOOKS[runbook_id]
    handlers = {step.id: _handler(step.id) for step in runbook.steps}
    undo = {step.undo: _handler(step.undo) for step in runbook.steps if step.undo}
    management = identity.account_id if runbook.requirement is Requirement.MANAGEMENT_ACCOUNT else None
    ceremony = Ceremony.start(runbook, identity=identity, handlers=handlers, undo_handlers=undo,
                              recorder=ListRecorder(), clock=fixed_clock, management_account_id=management)
    while ceremony.current_step is not None and ceremony.current_step.id != step_id:
        step = ceremony.current_step
        ceremony.run_step(inputs=INPUTS.get(step.id, {}), confirmed=True,
                          typed_account_id=step.typed_value(ceremony.facts) or ACCOUNT,
                          witness="Walter Witness" if step.needs_witness else None)
    assert ceremony.current_step is not None, f"{runbook_id} has no step {step_id}"
    return ceremony


def at_step(runbook_id: str, step_id: str, identity: Identity = OPERATOR, then: Scenario | None = None) -> Scenario:
    """The ceremony screen at ``step_id``, then ``then`` (a key pressed, a button clicked)."""
    async def scenario(pilot) -> None:
        await settle(pilot)
        ceremony = ceremony_at(runbook_id, step_id, identity)
        pilot.app.push_screen(CeremonyScreen(runbook_id, opening=lambda runner: ceremony,
                                             runner_factory=lambda app: FakeRunner(rehearsal_environment())))
        await settle(pilot)
        await laid_out(pilot)
        if then is not None:
            await then(pilot)
            await settle(pilot)
            await laid_out(pilot)
        steady_cursors(pilot)
    return scenario


def steady_cursors(pilot) -> None:
    """No cursor blink: a focused input shows its cursor in every snapshot, not every other one."""
    for screen in pilot.app.screen_stack:
        for field in screen.query(Input):
            field.cursor_blink = False


async def laid_out(pilot) -> None:
    """Let the panel just mounted be laid out (a resize class, a panel's own fitting) before
    anything is measured or shot: a few refreshes, each waited for, not a time."""
    for _ in range(5):
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()


async def press(pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause()


def pressing(*keys: str) -> Scenario:
    async def scenario(pilot) -> None:
        await press(pilot, *keys)
    return scenario


def typing_then_clicking(input_selector: str, text: str, button_selector: str) -> Scenario:
    async def scenario(pilot) -> None:
        field = pilot.app.screen.query_one(input_selector)
        field.focus()
        field.value = text
        await pilot.pause()
        await pilot.click(button_selector)
        await pilot.pause()
    return scenario


def loaded(data: Any) -> Scenario:
    """What the step's look read (the fake runner reads nothing), handed to the panel."""
    async def scenario(pilot) -> None:
        pilot.app.screen.panel.show_loaded(data)
        await pilot.pause()
    return scenario


def clicking(selector: str) -> Scenario:
    async def scenario(pilot) -> None:
        await pilot.click(selector)
        await pilot.pause()
    return scenario


def showing_policy(then: Scenario | None = None) -> Scenario:
    """The delete step's panel given what its look reads (the real one asks the world), then ``then``."""
    async def scenario(pilot) -> None:
        panel = pilot.app.screen.panel
        panel.show_loaded({"policy": unlock_rb.pretty_policy(LOCKING_POLICY),
                           "summary": unlock_rb.lockout_summary(LOCKING_POLICY), "label": "S3 bucket"})
        await settle(pilot)
        if then is not None:
            await then(pilot)
    return scenario


async def pressing_delete(pilot) -> None:
    """The delete button pressed (at 80x24 the policy pushes it below the fold: no click reaches it)."""
    pilot.app.screen.panel.query_one("#run-step").press()
    await settle(pilot)
