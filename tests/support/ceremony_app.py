"""Helpers of the ceremony Pilot tests: the acme rehearsal world in process on a clock the
app shares, the app built on it, and codes as an authenticator app would show them."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

import pyotp

from rootkeeper.ui.app import make_app
from tests.support.mfa_ceremony import ListRecorder  # noqa: F401 - the recorder of the app tests too
from tests.support.pilot import settle as settle_workers
from tests.support.ui_fakes import FakeJournal, journal_opener


def app_on(world, clock, journal: FakeJournal | None = None, identity: str = "operator"):
    return make_app(lambda: world.environment(identity), clock=clock,
                    journal_opener=journal_opener(journal or FakeJournal()), expected_scenario="acme")


def app_codes(seed: str, now: datetime) -> tuple[str, str]:
    totp = pyotp.TOTP(seed)
    return totp.at(now - timedelta(seconds=30)), totp.at(now)


def iam_client(world):
    import boto3

    target = world.identities["operator"].target
    return boto3.client("iam", region_name="us-east-1", aws_access_key_id=target.access_key_id,
                        aws_secret_access_key=target.secret_access_key)


async def type_into(pilot, selector: str, text: str) -> None:
    """Focus an Input and type ``text`` key by key, as the operator would (through the
    Input's restrict and validators)."""
    widget = pilot.app.screen.query_one(selector)
    widget.focus()
    await pilot.pause()
    await pilot.press(*["space" if char == " " else char for char in text])


async def fill_in(pilot, selector: str, text: str) -> None:
    """Focus an Input and set its text at once: for names, where typing proves nothing more."""
    widget = pilot.app.screen.query_one(selector)
    widget.focus()
    widget.value = text
    await pilot.pause()


async def settle(pilot) -> None:
    """Wait for the workers, then for the screen to have taken in their results: a
    ceremony screen is busy until its worker's result message has been handled. A key
    starts its worker only after a message or two (panel -> screen): let those through first,
    or a slow machine finds no worker yet and reads the screen too early."""
    for _ in range(3):
        await pilot.pause()
    await settle_workers(pilot)
    for _ in range(100):
        if not getattr(pilot.app.screen, "busy", False):
            return
        await pilot.pause(0.01)
    raise AssertionError("the screen stayed busy")


async def press_and_settle(pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)


def files_containing(root: Path, secret: str) -> list[str]:
    pattern = re.escape(secret) if len(secret) > 8 else r"(?<![0-9A-Za-z])" + re.escape(secret) + r"(?![0-9A-Za-z])"
    return [str(path.relative_to(root)) for path in sorted(root.rglob("*")) if path.is_file()
            and re.search(pattern, path.read_bytes().decode("utf-8", errors="replace"))]


# -- a ceremony on fake handlers: no AWS, for the snapshot and the error tests ----------------

class FakeRunner:
    """Stands in for CeremonyRunner: a rehearsal environment, no session (no step reads AWS)."""

    def __init__(self, environment) -> None:
        self.environment = environment

    def lookup_for(self, step):
        return None


def fake_root_mfa_ceremony(identity, clock, recorder=None):
    """root-mfa with fake handlers, its review step done: the console steps come next."""
    from rootkeeper.core.ceremony import Ceremony
    from rootkeeper.core.runbooks import ROOT_MFA, mfa
    from rootkeeper.core.step_contract import StepOutcome

    handlers = {
        mfa.REVIEW_ROOT_DEVICES: lambda ctx: StepOutcome.success(
            "The root user has 0 MFA device(s) visible to the API: none. Up to 8 of its 8 slots remain.",
            evidence={"free_slots": 8}),
        mfa.ASSIGN_IN_CONSOLE: lambda ctx: StepOutcome.success("The operator reported the console steps done."),
        mfa.VERIFY_ROOT_MFA: lambda ctx: StepOutcome.success("AccountMFAEnabled = 1."),
    }
    ceremony = Ceremony.start(ROOT_MFA, identity=identity, handlers=handlers, recorder=recorder or ListRecorder(),
                              clock=clock)
    ceremony.run_step(inputs={"custodian": "Carol Custodian", "device_name": "root-carol-phone"})
    return ceremony
