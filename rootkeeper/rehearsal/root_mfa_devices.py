"""Root MFA devices of every kind AWS allows, seeded into a world.

A root user holds up to 8 MFA devices, any one of which signs in: virtual TOTP apps,
hardware TOTP tokens and FIDO passkeys / security keys. IAM names them differently, and
rootkeeper tells their kinds apart by those names, so the world writes them as AWS does:
a virtual device is an ARN ``arn:aws:iam::<account>:mfa/<name>`` (and is also listed by
ListVirtualMFADevices, assigned to the root ARN); a passkey or security key is an ARN
``arn:aws:iam::<account>:u2f/root/<name>-<id>``; a hardware TOTP token is its bare serial.

Scenarios and tests seed devices through ``add_root_mfa_device``; the console simulator
(rehearsal/console.py) is the operator's way in. ``detach_root_mfa`` takes one off, for IAM's
DeactivateMFADevice (root_iam) and the console's Remove alike. DeleteVirtualMFADevice refuses
a device still assigned, root's or a user's, as AWS does (moto deletes it, leaving the root
listing a device IAM no longer has).
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from moto.iam.models import IAMBackend, VirtualMfaDevice, iam_backends

from rootkeeper.core.errors import ValidationError
from rootkeeper.rehearsal.aws_errors import aws_error
from rootkeeper.rehearsal.patches import Patch, original
from rootkeeper.rehearsal.state import RootMfaDevice, RootPrincipal, WorldState

MAX_ROOT_MFA_DEVICES = 8
ROOT_MFA_KINDS = ("virtual", "hardware", "security-key")


def add_root_mfa_device(state: WorldState, account_id: str, kind: str, name: str,
                        enabled_at: datetime | None = None) -> str:
    """Assign a device of ``kind`` to the account's root; returns its serial as IAM lists it."""
    if kind not in ROOT_MFA_KINDS:
        raise ValidationError(f"A root MFA device is one of {', '.join(ROOT_MFA_KINDS)}, not {kind!r}.")
    with state.lock:
        root = state.root(account_id)
        if len(root.mfa_devices) >= MAX_ROOT_MFA_DEVICES:
            raise ValidationError(f"The root user already has {MAX_ROOT_MFA_DEVICES} MFA devices, the most AWS "
                                  "allows.", hint="Remove a device before assigning another.")
        when = enabled_at or state.now()
        digest = hashlib.sha256(f"{account_id}:{kind}:{name}".encode()).hexdigest().upper()
        if kind == "virtual":
            serial = f"arn:aws:iam::{account_id}:mfa/{name}"
            backend = iam_backends[account_id]["global"]
            if serial in backend.virtual_mfa_devices:
                raise ValidationError(f"An MFA device named {name!r} already exists in this account.")
            device = VirtualMfaDevice(account_id, "us-east-1", "/" + name)
            device.enable_date = when
            device.user = {"UserId": account_id, "Arn": root.arn, "CreateDate": root.created_at}
            backend.virtual_mfa_devices[serial] = device
        elif kind == "security-key":
            serial = f"arn:aws:iam::{account_id}:u2f/root/{name}-{digest[:26]}"
        else:
            serial = f"GAHT{int(digest[:12], 16) % 10**8:08d}"
        if any(d.serial == serial for d in root.mfa_devices):
            raise ValidationError(f"The root user already has the MFA device {serial}.")
        root.mfa_devices.append(RootMfaDevice(serial=serial, kind=kind, name=name, enabled_at=when))
        return serial


def detach_root_mfa(state: WorldState, root: RootPrincipal, serial: str, *, delete_virtual: bool = False) -> None:
    """Take a device off the root (IAM DeactivateMFADevice, or the console's Remove)."""
    device = next((d for d in root.mfa_devices if d.serial == serial), None)
    if device is None:
        raise aws_error("iam", "NoSuchEntity", f"MFA Device with serial number {serial} does not exist.", 404)
    root.mfa_devices.remove(device)
    backend = iam_backends[root.account_id]["global"]
    virtual = backend.virtual_mfa_devices.get(serial)
    if virtual is not None:
        virtual.enable_date = None
        virtual.user = None
        if delete_virtual:
            del backend.virtual_mfa_devices[serial]


def delete_virtual_mfa_device(self: IAMBackend, serial_number: str) -> None:
    device = self.virtual_mfa_devices.get(serial_number)
    if device is None:
        raise aws_error("iam", "NoSuchEntity", f"VirtualMFADevice with serial number {serial_number} doesn't "
                        "exist.", 404)
    if device.user is not None or device.enable_date is not None:
        raise aws_error("iam", "DeleteConflict", "MFA device is still in use: deactivate it "
                        "(DeactivateMFADevice) before deleting it.", 409)
    original(IAMBackend, "delete_virtual_mfa_device")(self, serial_number)


PATCHES = [Patch(IAMBackend, "delete_virtual_mfa_device", delete_virtual_mfa_device)]
