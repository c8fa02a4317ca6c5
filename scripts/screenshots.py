"""Make the README's screenshots: the real app (make_app) against the real rehearsal world,
at a fixed moment, driven headless by a Pilot, saved as SVG to screenshots/.

    .venv/bin/python scripts/screenshots.py [--out screenshots]

The journal is the real rehearsal journal, in a temporary data directory; this machine's
keyring is never touched (the practice key is kept in that directory's key file).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Awaitable, Callable

import keyring
import keyring.backends.fail

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rootkeeper.core.environment import AwsTarget, Environment  # noqa: E402
from rootkeeper.ui.app import RootkeeperApp, make_app  # noqa: E402

MOMENT = datetime(2025, 6, 11, 9, 30, tzinfo=timezone.utc)
SIZE = (120, 40)


def fixed_clock() -> datetime:
    return MOMENT


def rehearsal_app(identity: str = "operator") -> RootkeeperApp:
    def start() -> Environment:
        from rootkeeper.rehearsal.world import start_world

        world = start_world("acme", clock=fixed_clock)
        return world.environment(identity)

    return make_app(start, clock=fixed_clock, expected_scenario="acme")


def live_app_without_credentials() -> RootkeeperApp:
    return make_app(lambda: Environment(target=AwsTarget(region="us-east-1")), clock=fixed_clock)


async def settle(pilot) -> None:
    try:
        await pilot.app.workers.wait_for_complete()
    except Exception:  # noqa: BLE001 - a failed worker is what the error screenshot shows
        pass
    await pilot.pause(0.2)


async def shoot(app: RootkeeperApp, name: str, out: Path, steps: Callable[[object], Awaitable[None]]) -> None:
    # A data directory per shot: a ceremony left open by one shot must not be offered to the next.
    os.environ["ROOTKEEPER_HOME"] = str(Path(os.environ["ROOTKEEPER_HOME"]).with_name(name))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await steps(pilot)
        app.save_screenshot(filename=f"{name}.svg", path=str(out))
    print(f"wrote {out / (name + '.svg')}")


async def nothing(pilot) -> None:
    pass


async def highlight_root_keys(pilot) -> None:
    await pilot.press("down", "down")
    await pilot.pause()


async def open_palette(pilot) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause(0.3)
    await pilot.press(*"fix")
    await pilot.pause(0.5)


async def open_runbooks(pilot) -> None:
    await pilot.press("u")
    await pilot.pause(0.3)


async def root_mfa_console_steps(pilot) -> None:
    """From the failing root MFA control to the console steps, one at a time. (No QR code is
    ever shot: it would put a seed in a screenshot.)"""
    await pilot.press("f")
    await pilot.pause(0.3)
    await pilot.press("enter")
    await settle(pilot)
    screen = pilot.app.screen
    screen.query_one("#input-custodian").value = "Carol Custodian"
    screen.query_one("#input-device_name").value = "root-carol-phone"
    screen.query_one("#input-device_name").focus()
    await pilot.pause()
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("n", "n")
    await pilot.pause(0.3)


async def root_keys_listed(pilot) -> None:
    """The root access keys control, fixed as the operator: the keys listed with what their
    last use means, the safe path first (no key material is ever shown: only ids and slots)."""
    await pilot.press("down", "down", "f")
    await pilot.pause(0.3)
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("enter")  # List the keys
    await settle(pilot)


async def contact_form_with_an_error(pilot) -> None:
    """The BILLING contact's form: current values beside the new, an email refused as typed."""
    await pilot.press("u")
    await pilot.pause(0.3)
    runbooks = pilot.app.screen.query_one("#runbook-list")
    runbooks.highlighted = runbooks.get_option_index("alternate-contacts")
    await pilot.press("enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert screen.runbook.id == "alternate-contacts", screen.runbook.id
    screen.query_one("#contact-type").value = "BILLING"
    await pilot.click("#run-step")
    await settle(pilot)
    email = screen.query_one("#input-email")
    email.focus()
    await pilot.pause()
    await pilot.press("ctrl+u", *"finance@acme")
    await pilot.pause(0.3)


async def organizations_scanned(pilot) -> None:
    await pilot.press("o", "s")
    await settle(pilot)
    await pilot.press("space", "down", "down", "down", "space")  # acme-prod and acme-legacy
    await pilot.pause(0.3)


async def main_async(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    await shoot(rehearsal_app(), "posture", out, nothing)
    await shoot(rehearsal_app(), "posture-detail", out, highlight_root_keys)
    await shoot(rehearsal_app("root"), "posture-as-root", out, nothing)
    await shoot(rehearsal_app(), "command-palette", out, open_palette)
    await shoot(live_app_without_credentials(), "no-credentials", out, nothing)
    await shoot(rehearsal_app(), "runbooks", out, open_runbooks)
    await shoot(rehearsal_app(), "ceremony-root-mfa", out, root_mfa_console_steps)
    await shoot(rehearsal_app(), "ceremony-root-keys", out, root_keys_listed)
    await shoot(rehearsal_app(), "ceremony-contacts", out, contact_form_with_an_error)
    await shoot(rehearsal_app(), "organizations", out, organizations_scanned)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        # Nothing from this machine's AWS configuration may show up in a screenshot.
        os.environ.update(ROOTKEEPER_HOME=str(Path(tmp) / "home"), AWS_CONFIG_FILE=str(Path(tmp) / "none"),
                          AWS_SHARED_CREDENTIALS_FILE=str(Path(tmp) / "none"), AWS_EC2_METADATA_DISABLED="true")
        for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                     "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"):
            os.environ.pop(name, None)
        keyring.set_keyring(keyring.backends.fail.Keyring())  # this machine's keyring stays out of it
        asyncio.run(main_async(args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
