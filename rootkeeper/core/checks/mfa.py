"""Checks of MFA devices: the root user's, and an IAM user's."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rootkeeper.core.account_reading import AccountReader
from rootkeeper.core.checks.base import Check, fact, passed
from rootkeeper.core.errors import NotFoundError
from rootkeeper.core.step_contract import StepOutcome


@dataclass(frozen=True)
class RootMfaOn(Check):
    """GetAccountSummary AccountMFAEnabled == 1; with ``virtual`` True the root's device must be
    virtual (named ``device_fact`` when given), with False it must not be (hardware key or
    passkey); with None either will do, and the evidence says which ListVirtualMFADevices shows.
    ``enabled_before_fact`` (with None and a device name) fails a root that already had MFA
    and does not show the named device: the device the ceremony meant was not assigned."""

    virtual: bool | None = None
    device_fact: str | None = None
    enabled_before_fact: str | None = None

    def verifies(self) -> str:
        named = f"the virtual device {{{self.device_fact}}}" if self.device_fact else "a virtual device"
        if self.virtual is True:
            return (f"GetAccountSummary reports AccountMFAEnabled = 1, and ListVirtualMFADevices shows {named} "
                    "assigned to the root user.")
        if self.virtual is False:
            return ("GetAccountSummary reports AccountMFAEnabled = 1, and ListVirtualMFADevices shows no virtual "
                    "device assigned to the root user: its MFA is a hardware key or a passkey.")
        return ("GetAccountSummary reports AccountMFAEnabled = 1, and ListVirtualMFADevices shows whether the "
                "device is virtual (a User.Arn ending in ':root').")

    def judge(self, reader: AccountReader, facts: Mapping[str, Any]) -> StepOutcome:
        name = fact(facts, self.device_fact) if self.device_fact else None
        read = reader.root_mfa()
        if not read.mfa_enabled:
            return StepOutcome.failure("AWS does not show MFA on the root user yet (GetAccountSummary "
                                       "AccountMFAEnabled = 0): finish the console steps, then check again.",
                                       evidence={"account_mfa_enabled": 0})
        named = [device.serial for device in read.virtual_devices
                 if name is None or device.serial.rsplit("/", 1)[-1] == name]
        evidence: dict[str, Any] = {"account_mfa_enabled": 1, "device_is_virtual": bool(named),
                                    "root_virtual_devices": len(read.virtual_devices)}
        if named:
            evidence["serial"] = named[0]
            if self.virtual is False:
                return StepOutcome.failure(
                    f"AccountMFAEnabled = 1, but the root user's MFA device {named[0]} is a virtual MFA device: "
                    "assign a hardware key or a passkey in the console and remove the virtual device, then check "
                    "again.", evidence=evidence)
            return passed(f"AccountMFAEnabled = 1, and the virtual MFA device {named[0]} is assigned to the root "
                          "user.", evidence=evidence, facts={"serial": named[0]} if self.device_fact else None)
        which = f"no virtual device named {name!r}" if name is not None else "no virtual MFA device"
        if self.virtual is True:
            return StepOutcome.failure(f"AccountMFAEnabled = 1, but {which} is assigned to the root user: assign "
                                       "the virtual device in the console (check its name), then check again.",
                                       evidence=evidence)
        if self.virtual is None and self.enabled_before_fact and facts.get(self.enabled_before_fact):
            return StepOutcome.failure(f"The root user already had MFA, and {which} is assigned to it: check the "
                                       "name given in the console, then check again.", evidence=evidence)
        if self.virtual is None and name is not None:
            return passed(f"AccountMFAEnabled = 1, but {which} is assigned to the root user: the device assigned "
                          "is a hardware key or a passkey, or was given another name.", evidence=evidence)
        return passed(f"AccountMFAEnabled = 1, and {which} is assigned to the root user: its MFA is a hardware key "
                      "or a passkey.", evidence=evidence)


@dataclass(frozen=True)
class MfaDevicePresent(Check):
    """ListMFADevices shows the device ``serial_fact`` assigned to the IAM user ``user_fact``."""

    user_fact: str = "user_name"
    serial_fact: str = "serial"

    def verifies(self) -> str:
        return f"ListMFADevices shows the device {{{self.serial_fact}}} assigned to {{{self.user_fact}}}."

    def judge(self, reader: AccountReader, facts: Mapping[str, Any]) -> StepOutcome:
        user, serial = fact(facts, self.user_fact), fact(facts, self.serial_fact)
        serials = reader.user_mfa_serials(user)
        if serial not in serials:
            return StepOutcome.failure(f"ListMFADevices does not show {serial} assigned to {user}: "
                                       "check again in a few seconds.", evidence={"assigned": False})
        return passed(f"ListMFADevices shows {serial} assigned to {user}.",
                      evidence={"serial": serial, "user": user, "assigned": True, "user_mfa_devices": len(serials)})


@dataclass(frozen=True)
class MfaDeviceGone(Check):
    """ListMFADevices no longer shows the device ``serial_fact`` assigned to the IAM user
    ``user_fact`` (a user that no longer exists holds no device)."""

    user_fact: str = "user_name"
    serial_fact: str = "serial"

    def verifies(self) -> str:
        return f"ListMFADevices no longer shows the device {{{self.serial_fact}}} assigned to {{{self.user_fact}}}."

    def judge(self, reader: AccountReader, facts: Mapping[str, Any]) -> StepOutcome:
        user, serial = fact(facts, self.user_fact), fact(facts, self.serial_fact)
        try:
            serials = reader.user_mfa_serials(user)
        except NotFoundError:
            return passed(f"There is no IAM user named {user!r} any more, so {serial} is not assigned to it.",
                          evidence={"serial": serial, "user": user, "assigned": False, "user_exists": False})
        evidence = {"serial": serial, "user": user, "assigned": serial in serials, "user_mfa_devices": len(serials)}
        if serial in serials:
            return StepOutcome.failure(f"ListMFADevices still shows {serial} assigned to {user}: deactivate it, "
                                       "then check again.", evidence=evidence)
        return passed(f"ListMFADevices no longer shows {serial} assigned to {user}.", evidence=evidence)
