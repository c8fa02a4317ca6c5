"""The behaviour of the two break-glass walkthroughs (core/runbooks/recovery.py). Their console
steps and library checks need none; what is here: naming the lost device (read from AWS and
the roster), taking it off the roster, and the handlers of the steps they reuse (root-mfa's,
onboarding's device attribution, rotate-root-password's review and generation)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from rootkeeper.aws import virtual_mfa
from rootkeeper.aws.session import AwsSession
from rootkeeper.ceremonies.behaviour import RunbookBehaviour, handles, looks
from rootkeeper.ceremonies.custodians import OnboardCustodian, RootMfaWithRoster, RosterKeeping
from rootkeeper.ceremonies.root_password import RotateRootPassword
from rootkeeper.core.environment import Environment
from rootkeeper.core.runbooks import recovery as rb
from rootkeeper.core.step_contract import Lookup, StepContext, StepOutcome

Clock = Callable[[], datetime]


class RecoverLostRootMfa(RootMfaWithRoster):
    runbook = rb.RECOVER_LOST_ROOT_MFA

    # Onboarding's attribution of the new device, and its undo: the same steps, the same code.
    attribute = OnboardCustodian.attribute
    release = OnboardCustodian.release

    def _known_devices(self, account_id: str) -> list[dict[str, Any]]:
        """This account's root devices as the API (virtual) and the roster (any kind) know them
        (the roster also lists devices on member accounts' roots: those are left out)."""
        devices: dict[str, dict[str, Any]] = {}
        for device in virtual_mfa.read_root_mfa_state(self.session).virtual_devices:
            devices[device.serial] = {"serial": device.serial, "kind": "virtual", "on_root": True, "holder": None}
        if self.journal is not None:
            for custodian in self.current_roster().current:
                for serial, kind in custodian.devices:
                    if serial.startswith("arn:") and serial.split(":")[4] != account_id:
                        continue
                    item = devices.setdefault(serial, {"serial": serial, "kind": kind, "on_root": None, "holder": None})
                    item["holder"] = custodian.name
        return list(devices.values())

    @looks(rb.CHOOSE_LOST)
    def lost_device_candidates(self, ctx: StepContext) -> Lookup:
        devices = self._known_devices(str(ctx.fact("account_id")))
        return Lookup(f"{len(devices)} root MFA device(s) known to the API or the roster", devices)

    @handles(rb.CHOOSE_LOST)
    def choose_lost(self, ctx: StepContext) -> StepOutcome:
        named = ctx.fact("lost_device").strip()
        devices = self._known_devices(str(ctx.fact("account_id")))
        match = [item for item in devices if item["serial"] == named or item["serial"].rsplit("/", 1)[-1] == named]
        known = ", ".join(f"{item['serial']} ({item['kind']}, {item['holder'] or 'held by no one on the roster'})"
                          for item in devices) or "none"
        if not match:
            return StepOutcome.failure(f"No root MFA device {named!r} is known to the API or the roster. Known: "
                                       f"{known}. Type its serial or name as listed.",
                                       evidence={"named": named, "known": len(devices)})
        lost = match[0]
        seen = ("ListVirtualMFADevices shows it on the root user" if lost["on_root"]
                else "the roster lists it (a hardware key or passkey is not visible to this identity)")
        holder = lost["holder"] or "no one on the roster"
        facts = {"lost_serial": lost["serial"], "lost_kind": lost["kind"], "lost_holder": lost["holder"],
                 "since": ctx.now.isoformat()}
        return StepOutcome.success(f"The lost device is {lost['serial']} ({lost['kind']}), held by {holder}: {seen}.",
                                   evidence={"lost_serial": lost["serial"], "lost_kind": lost["kind"],
                                             "lost_holder": lost["holder"], "visible_to_api": bool(lost["on_root"])},
                                   facts=facts)

    @handles(rb.RELEASE_LOST)
    def release_lost(self, ctx: StepContext) -> StepOutcome:
        serial = ctx.fact("lost_serial")
        holder = self.current_roster().holder_of(serial)
        if holder is None:
            return StepOutcome.success(f"The roster attributes {serial} to no one: nothing to change.",
                                       evidence={"serial": serial, "released_from": None})
        self.change_roster(ctx, {"action": "release-device", "custodian": holder.name, "serial": serial,
                                 "note": "lost; removed from the root user in a recovery"})
        return StepOutcome.success(f"The roster no longer attributes {serial} to {holder.name}.",
                                   evidence={"serial": serial, "released_from": holder.name})


class RecoverForgottenRootPassword(RosterKeeping, RunbookBehaviour):
    runbook = rb.RECOVER_FORGOTTEN_ROOT_PASSWORD

    # rotate-root-password's review (sets the moment the checks compare with) and generation.
    review = RotateRootPassword.review
    generate = RotateRootPassword.generate

    def __init__(self, session: AwsSession, *, journal: Any) -> None:
        self.session, self.journal = session, journal
        self.length = RotateRootPassword(session).length

    @classmethod
    def build(cls, environment: Environment, session: AwsSession, clock: Clock,
              journal: Any = None) -> RecoverForgottenRootPassword:
        return cls(session, journal=journal)
