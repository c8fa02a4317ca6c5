"""Fakes for the ceremony engine tests: a recorder that keeps a list, a fixed clock, and
step handlers for the IAM-user virtual-MFA runbook over a dict standing in for IAM."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import pyotp

from rootkeeper.core.errors import RootkeeperError
from rootkeeper.core.identity import Identity, PrincipalKind
from rootkeeper.core.runbooks import mfa
from rootkeeper.core.step_contract import StepContext, StepOutcome

ACCOUNT_ID = "123456789012"
ADMIN = Identity(ACCOUNT_ID, f"arn:aws:iam::{ACCOUNT_ID}:user/alice", PrincipalKind.IAM_USER)
ROOT = Identity(ACCOUNT_ID, f"arn:aws:iam::{ACCOUNT_ID}:root", PrincipalKind.ROOT)
SEED = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # fixed test seed: 32 Base32 characters


def codes_at(now: datetime, seed: str = SEED) -> tuple[str, str]:
    """Two consecutive codes as the app would show them: the previous window, then the current one."""
    totp = pyotp.TOTP(seed)
    return totp.at(now - timedelta(seconds=30)), totp.at(now)


@dataclass
class ListRecorder:
    steps: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)

    def record_step(self, **entry: Any) -> None:
        self.steps.append(entry)
        self.events.append({"event": "step", **entry})

    def record_ceremony(self, **entry: Any) -> None:
        self.events.append(entry)

    def ceremony_events(self) -> list[str]:
        return [entry["event"] for entry in self.events if entry["event"] != "step"]

    def outcomes(self) -> list[tuple[str, str]]:
        return [(entry["step"], entry["outcome"]) for entry in self.steps]


@dataclass
class FakeIam:
    """Just enough IAM for the virtual-MFA handlers: users, and devices by serial."""

    users: set[str] = field(default_factory=lambda: {"breakglass"})
    devices: dict[str, str | None] = field(default_factory=dict)  # serial -> assigned user
    calls: list[str] = field(default_factory=list)
    created: int = 0  # devices ever created, so that each serial is new
    fail_next: dict[str, RootkeeperError] = field(default_factory=dict)  # step id -> error to raise once

    def _maybe_fail(self, step_id: str) -> None:
        self.calls.append(step_id)
        error = self.fail_next.pop(step_id, None)
        if error is not None:
            raise error

    def choose_user(self, ctx: StepContext) -> StepOutcome:
        self._maybe_fail(ctx.step.id)
        user = ctx.fact("user_name")
        if user not in self.users:
            return StepOutcome.failure(f"There is no IAM user named {user}.")
        return StepOutcome.success(f"{user} has no MFA device.", evidence={"user": user},
                                   facts={"user_arn": f"arn:aws:iam::{ACCOUNT_ID}:user/{user}"})

    def create_device(self, ctx: StepContext) -> StepOutcome:
        self._maybe_fail(ctx.step.id)
        self.created += 1
        serial = f"arn:aws:iam::{ACCOUNT_ID}:mfa/{ctx.fact('user_name')}-{self.created}"
        self.devices[serial] = None
        ctx.secrets.put(mfa.SEED, SEED)
        return StepOutcome.success("Device created.", evidence={"serial": serial}, facts={"serial": serial})

    def enable_device(self, ctx: StepContext) -> StepOutcome:
        self._maybe_fail(ctx.step.id)
        expected = codes_at(ctx.now, ctx.secrets.get(mfa.SEED))
        typed = (ctx.secrets.get(mfa.CODE_1), ctx.secrets.get(mfa.CODE_2))
        if typed != expected:
            return StepOutcome.failure("The codes do not match the device: type two new consecutive codes.")
        self.devices[ctx.fact("serial")] = ctx.fact("user_name")
        return StepOutcome.success("Device enabled.", evidence={"serial": ctx.fact("serial")})

    def verify_assigned(self, ctx: StepContext) -> StepOutcome:
        self._maybe_fail(ctx.step.id)
        assigned = self.devices.get(ctx.fact("serial")) == ctx.fact("user_name")
        return StepOutcome(assigned, "Assigned." if assigned else "Not assigned.",
                           {"assigned": assigned}, {})

    def delete_unassigned(self, ctx: StepContext) -> StepOutcome:
        self._maybe_fail("undo:" + ctx.step.id)
        serial = ctx.fact("serial")
        if self.devices.get(serial) is not None:
            return StepOutcome.failure(f"{serial} is assigned; it was kept.")
        self.devices.pop(serial, None)
        return StepOutcome.success(f"Deleted {serial}.", evidence={"serial": serial})

    def handlers(self) -> dict[str, Any]:
        return {mfa.CHOOSE_USER: self.choose_user, mfa.CREATE_DEVICE: self.create_device,
                mfa.ENABLE_DEVICE: self.enable_device, mfa.VERIFY_ASSIGNED: self.verify_assigned}

    def undo_handlers(self) -> dict[str, Any]:
        return {mfa.DELETE_UNASSIGNED_VIRTUAL_MFA: self.delete_unassigned}
