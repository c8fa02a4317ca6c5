"""Handlers for the two virtual-MFA runbooks: ``iam-user-virtual-mfa`` (by API) and
``root-mfa`` (console-guided, then verified by API).

The seed lives only in the ceremony's SecretBox; facts and evidence name the device by
its serial. Codes are checked locally first, so that a typo, a repeated code or a
skewed clock is explained here instead of as AWS's bare InvalidAuthenticationCode.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Callable

from rootkeeper.aws import virtual_mfa
from rootkeeper.aws.session import AwsSession
from rootkeeper.ceremonies.behaviour import RunbookBehaviour, handles, looks, undoes
from rootkeeper.core.environment import ConsoleSimulator, Environment
from rootkeeper.core.errors import NotFoundError
from rootkeeper.core.runbooks import mfa
from rootkeeper.core.step_contract import Lookup, StepContext, StepOutcome, console_step_message, previews
from rootkeeper.core.totp import check_consecutive_codes

Clock = Callable[[], datetime]

VIRTUAL_MFA_DEVICE = "virtual MFA device"  # the kind of what CREATE_DEVICE declares before creating it


# -- the IAM user's device, by API --------------------------------------------------------

class IamUserVirtualMfa(RunbookBehaviour):
    """The behaviour of ``iam-user-virtual-mfa``. ``clock`` is the moment the two codes are
    checked against (the engine's clock; the world's in rehearsal)."""

    runbook = mfa.IAM_USER_VIRTUAL_MFA

    def __init__(self, session: AwsSession, *, clock: Clock) -> None:
        self.session, self.clock = session, clock

    @classmethod
    def build(cls, environment: Environment, session: AwsSession, clock: Clock,
              journal: Any = None) -> IamUserVirtualMfa:
        del environment
        return cls(session, clock=clock)

    @looks(mfa.CHOOSE_USER)
    def iam_users(self, ctx: StepContext) -> Lookup:
        users = virtual_mfa.list_iam_users(self.session)
        with_mfa = sum(1 for user in users if user.mfa_serials)
        return Lookup(f"listed {len(users)} IAM user(s) of account {ctx.fact('account_id')}, "
                      f"{with_mfa} with MFA", users)

    @handles(mfa.CHOOSE_USER)
    def choose_user(self, ctx: StepContext) -> StepOutcome:
        user = ctx.fact("user_name")
        try:
            devices = virtual_mfa.list_user_mfa_devices(self.session, user)
        except NotFoundError:
            return StepOutcome.failure(f"There is no IAM user named {user!r} in account {ctx.fact('account_id')}: "
                                       "check the name (it is case-sensitive) and try again.")
        if devices:
            serials = ", ".join(device.serial for device in devices)
            return StepOutcome.failure(
                f"{user} already has {len(devices)} MFA device(s): {serials}. This runbook gives a user "
                "its first device: choose another user, or remove the existing device first.",
                evidence={"user": user, "mfa_devices": len(devices)})
        return StepOutcome.success(f"{user} exists and has no MFA device; {ctx.fact('custodian')} will hold it.",
                                   evidence={"user": user, "mfa_devices": 0})

    @handles(mfa.CREATE_DEVICE)
    def create_device(self, ctx: StepContext) -> StepOutcome:
        user = ctx.fact("user_name")
        name = virtual_mfa.check_device_name(device_name_for(user, ctx.now))
        # Recorded before the call: if AWS creates the device but the answer is lost (a 500,
        # a timeout, a crash), undo, abort and clean-up still look for it by this name.
        ctx.about_to_create(VIRTUAL_MFA_DEVICE, name)
        serial, seed = virtual_mfa.create_virtual_mfa_device(self.session, name)
        ctx.secrets.put(mfa.SEED, seed)
        return StepOutcome.success(
            f"Created the virtual MFA device {serial}. It stays unassigned until two codes enable it, "
            "and is deleted if the ceremony is aborted.",
            evidence={"serial": serial, "device_name": name}, facts={"serial": serial, "device_name": name})

    @handles(mfa.ENABLE_DEVICE)
    def enable_device(self, ctx: StepContext) -> StepOutcome:
        user, serial = ctx.fact("user_name"), ctx.fact("serial")
        code_1, code_2 = ctx.secrets.get(mfa.CODE_1).strip(), ctx.secrets.get(mfa.CODE_2).strip()
        check = check_consecutive_codes(ctx.secrets.get(mfa.SEED), code_1, code_2, now=self.clock())
        if not check.ok:
            # Not sent to AWS: a failed EnableMFADevice says less, and counts against the user.
            return StepOutcome.failure(check.message, evidence={"serial": serial, "checked": "locally"})
        virtual_mfa.enable_mfa_device(self.session, user, serial, code_1, code_2)
        return StepOutcome.success(f"AWS enabled {serial} for {user}.",
                                   evidence={"serial": serial, "user": user, "checked": "locally-then-aws"})

    @undoes(mfa.DELETE_UNASSIGNED_VIRTUAL_MFA)
    @previews
    def delete_unassigned(self, ctx: StepContext) -> StepOutcome:
        return delete_unassigned_devices(self.session, ctx)


def _declared_device_names(ctx: StepContext) -> list[str]:
    """Every device name CREATE_DEVICE declared (each attempt's), and the one it reported."""
    names = [item.name for item in ctx.declared if item.kind == VIRTUAL_MFA_DEVICE]
    reported = ctx.facts.get("device_name") or str(ctx.facts.get("serial") or "").rsplit("/", 1)[-1]
    if reported and ctx.facts.get("serial"):
        names.append(str(reported))
    return list(dict.fromkeys(names))  # unique, in order


def delete_unassigned_devices(session: AwsSession, ctx: StepContext) -> StepOutcome:
    """The undo of CREATE_DEVICE: read AWS for every device the step declared, delete those
    that exist and are unassigned, and read them back as gone. An assigned (enabled) device
    is never deleted: the outcome says where it is. With ``ctx.previewing``, only say what
    would be done."""
    names = _declared_device_names(ctx)
    if not names:
        return StepOutcome.success("No virtual MFA device was recorded as created: nothing to delete.",
                                   evidence={"looked_for": []})
    by_name = {device.serial.rsplit("/", 1)[-1]: device for device in virtual_mfa.list_virtual_mfa_devices(session)}
    unassigned = [by_name[name].serial for name in names if name in by_name and not by_name[name].assigned]
    assigned = [by_name[name] for name in names if name in by_name and by_name[name].assigned]
    absent = [name for name in names if name not in by_name]
    evidence: dict[str, Any] = {"looked_for": names, "not_found": absent,
                                "left_assigned": [device.serial for device in assigned]}
    kept = [f"the virtual MFA device {device.serial} is assigned to {device.user_arn}: an undo never deletes an "
            "enabled device, so it stays (deactivate and delete it in IAM if it should not be there)"
            for device in assigned]
    missing = [f"nothing found in AWS for the virtual MFA device {name!r} (never created, or already gone)"
               for name in absent]
    if ctx.previewing:
        found = [f"will delete the unassigned virtual MFA device {serial} (found in AWS)" for serial in unassigned]
        return StepOutcome.success("; ".join(found + kept + missing) + ".", evidence=evidence)
    for serial in unassigned:
        virtual_mfa.delete_virtual_mfa_device(session, serial)
    remaining = {device.serial for device in virtual_mfa.list_virtual_mfa_devices(session)}
    still_there = [serial for serial in unassigned if serial in remaining]
    evidence.update({"deleted": [serial for serial in unassigned if serial not in remaining],
                     "read_back_gone": not still_there})
    if still_there:
        return StepOutcome.failure(f"AWS still lists {', '.join(still_there)} after deleting it: check again "
                                   "in a few seconds, then clean up again.", evidence=evidence)
    deleted = [f"The unassigned virtual MFA device {serial} was deleted, and read back as gone from "
               "ListVirtualMFADevices" for serial in unassigned]
    said = deleted + [text[0].upper() + text[1:] for text in kept + missing]
    return StepOutcome.success(". ".join(said) + ".", evidence=evidence)


def device_name_for(user: str, now: datetime) -> str:
    """A device name unique per user and second, so that a retried ceremony never collides."""
    return f"{user}-{now:%Y%m%dT%H%M%SZ}"[:226]



# -- the root user's device, guided in the console ---------------------------------------

class RootMfa(RunbookBehaviour):
    """The behaviour of ``root-mfa``. ``console`` is the rehearsal world's simulator (None
    against real AWS); the journal says which one the operator used. Nothing in this
    runbook changes AWS by API, so nothing is undone."""

    runbook = mfa.ROOT_MFA

    def __init__(self, session: AwsSession, *, console: ConsoleSimulator | None) -> None:
        self.session, self.console = session, console

    @classmethod
    def build(cls, environment: Environment, session: AwsSession, clock: Clock,
              journal: Any = None) -> RootMfa:
        del clock  # no code is checked here: the console checks them, AWS verifies the result
        # Only the rehearsal world has a console simulator; against AWS the operator uses the console.
        return cls(session, console=environment.console if environment.rehearsal else None)

    @looks(mfa.REVIEW_ROOT_DEVICES)
    def root_devices(self, ctx: StepContext) -> Lookup:
        state = virtual_mfa.read_root_mfa_state(self.session)
        return Lookup(f"the root user of account {ctx.fact('account_id')} has {len(state.devices)} MFA device(s) "
                      f"visible to the API, {state.free_slots} free slot(s)", state)

    @handles(mfa.REVIEW_ROOT_DEVICES)
    def review_devices(self, ctx: StepContext) -> StepOutcome:
        name = virtual_mfa.check_device_name(ctx.fact("device_name"))
        state = virtual_mfa.read_root_mfa_state(self.session)
        listed = "; ".join(f"{device.serial} ({device.kind.value})" for device in state.devices) or "none"
        evidence = {"account_mfa_enabled": int(state.mfa_enabled), "devices_visible": len(state.devices),
                    "free_slots": state.free_slots}
        if state.free_slots == 0:
            return StepOutcome.failure(f"The root user already has {virtual_mfa.MAX_MFA_DEVICES} MFA devices, "
                                       "the most AWS allows: remove one in the console first.", evidence=evidence)
        taken = [device.serial for device in virtual_mfa.list_virtual_mfa_devices(self.session)
                 if device.serial.rsplit("/", 1)[-1] == name]
        if taken:
            return StepOutcome.failure(f"A virtual MFA device named {name!r} already exists ({taken[0]}): "
                                       "choose another name.", evidence=evidence)
        message = (f"The root user has {len(state.devices)} MFA device(s) visible to the API: {listed}. "
                   f"Up to {state.free_slots} of its {virtual_mfa.MAX_MFA_DEVICES} slots remain (hardware keys "
                   "and passkeys beyond the first are not visible by API; the console lists them all).")
        return StepOutcome.success(message, evidence=evidence, facts={
            "device_name": name, "root_mfa_enabled_before": state.mfa_enabled,
            "root_virtual_serials_before": [device.serial for device in state.virtual_devices]})

    @handles(mfa.ASSIGN_IN_CONSOLE)
    def assign_in_console(self, ctx: StepContext) -> StepOutcome:
        where = "rehearsal-console" if self.console is not None else "aws-console"
        return StepOutcome.success(console_step_message(ctx),
                                   evidence={"console": where, "instructions_shown": len(ctx.step.instructions)})
