"""The AWS console, played by the rehearsal world.

AWS has no API to assign MFA to the root user or to change the root password; the
operator does these in the console. The simulator does what the console would do to
the world, so that the runbook's API checks afterwards see the effect.

``RehearsalConsole`` acts on the world in this process; ``HttpConsoleSimulator`` sends the
same actions to a served world (``POST /_rootkeeper/console/<action>``).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

from moto.iam.models import VirtualMfaDevice, iam_backends

from rootkeeper.core.errors import AccessDeniedError, NotFoundError, RootkeeperError, ValidationError
from rootkeeper.rehearsal.state import RootMfaDevice, RootPrincipal, WorldState

MAX_ROOT_MFA_DEVICES = 8
DEVICE_KINDS = ("virtual", "hardware")


def detach_root_mfa(state: WorldState, root: RootPrincipal, serial: str, *, delete_virtual: bool = False) -> None:
    """Take a device off the root (IAM DeactivateMFADevice, or the console's Remove)."""
    device = next((d for d in root.mfa_devices if d.serial == serial), None)
    if device is None:
        from rootkeeper.rehearsal.aws_errors import aws_error

        raise aws_error("iam", "NoSuchEntity", f"MFA Device with serial number {serial} does not exist.", 404)
    root.mfa_devices.remove(device)
    backend = iam_backends[root.account_id]["global"]
    virtual = backend.virtual_mfa_devices.get(serial)
    if virtual is not None:
        virtual.enable_date = None
        virtual.user = None
        if delete_virtual:
            del backend.virtual_mfa_devices[serial]


class RehearsalConsole:
    """Implements rootkeeper.core.environment.ConsoleSimulator on a world in this process."""

    def __init__(self, state: WorldState) -> None:
        self._state = state

    def _root(self, account_id: str) -> RootPrincipal:
        if account_id not in self._state.roots:
            raise NotFoundError(f"No account {account_id} in this rehearsal world.",
                                hint="Check the account id against the scenario's accounts.")
        return self._state.roots[account_id]

    def sign_in_root(self, account_id: str, password: str) -> None:
        with self._state.lock:
            root = self._root(account_id)
            if not root.password or root.password != password:
                raise AccessDeniedError("Root sign-in failed: the password is wrong or no password is set.",
                                        hint="Use 'Forgot password' in the rehearsal to set one.")
            root.password_last_used = self._state.now()

    def assign_root_mfa(self, account_id: str, device_name: str, kind: str = "virtual") -> str:
        if kind not in DEVICE_KINDS:
            raise ValidationError(f"MFA device kind must be one of {', '.join(DEVICE_KINDS)}, not {kind!r}.")
        with self._state.lock:
            root = self._root(account_id)
            if len(root.mfa_devices) >= MAX_ROOT_MFA_DEVICES:
                raise ValidationError(f"The root user already has {MAX_ROOT_MFA_DEVICES} MFA devices, the most "
                                      "AWS allows.", hint="Remove a device before assigning another.")
            now = self._state.now()
            if kind == "virtual":
                serial = f"arn:aws:iam::{account_id}:mfa/{device_name}"
                backend = iam_backends[account_id]["global"]
                if serial in backend.virtual_mfa_devices:
                    raise ValidationError(f"An MFA device named {device_name!r} already exists in this account.")
                device = VirtualMfaDevice(account_id, "us-east-1", "/" + device_name)
                device.enable_date = now
                device.user = {"UserId": account_id, "Arn": root.arn, "CreateDate": root.created_at}
                backend.virtual_mfa_devices[serial] = device
            else:
                serial = f"GAKT{int(account_id) % 10**6:06d}{len(root.mfa_devices):02d}"
            root.mfa_devices.append(RootMfaDevice(serial=serial, kind=kind, name=device_name, enabled_at=now))
            return serial

    def remove_root_mfa(self, account_id: str, serial: str) -> None:
        with self._state.lock:
            try:
                detach_root_mfa(self._state, self._root(account_id), serial, delete_virtual=True)
            except RootkeeperError:
                raise
            except Exception as error:
                raise NotFoundError(f"The root user has no MFA device {serial}.") from error

    def change_root_password(self, account_id: str, new_password: str) -> None:
        if len(new_password) < 8:
            raise ValidationError("The root password must be at least 8 characters long.")
        with self._state.lock:
            root = self._root(account_id)
            root.password = new_password
            root.password_changed_at = self._state.now()

    def delete_root_access_key(self, account_id: str, key_id: str) -> None:
        from rootkeeper.rehearsal.root_iam import remove_root_access_key

        with self._state.lock:
            root = self._root(account_id)
            if key_id not in root.key_ids:
                raise NotFoundError(f"The root user of {account_id} has no access key {key_id}.")
            remove_root_access_key(self._state, root, key_id)


CONSOLE_ACTIONS = ("sign_in_root", "assign_root_mfa", "remove_root_mfa", "change_root_password",
                   "delete_root_access_key")
_ERRORS: dict[str, type[RootkeeperError]] = {
    cls.__name__: cls for cls in (RootkeeperError, AccessDeniedError, NotFoundError, ValidationError)}


def run_console_action(console: RehearsalConsole, action: str, arguments: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """What the served world's console endpoint does with one request."""
    if action not in CONSOLE_ACTIONS:
        return 404, {"error": {"type": "NotFoundError", "message": f"No console action {action!r}."}}
    try:
        result = getattr(console, action)(**arguments)
    except RootkeeperError as error:
        kind = type(error).__name__ if type(error).__name__ in _ERRORS else "RootkeeperError"
        return 400, {"error": {"type": kind, "message": error.message, "hint": error.hint}}
    except TypeError as error:
        return 400, {"error": {"type": "ValidationError", "message": f"Bad arguments for {action}: {error}"}}
    return 200, {"result": result}


class HttpConsoleSimulator:
    """The ConsoleSimulator of a world served by ``rootkeeper world serve``."""

    def __init__(self, endpoint_url: str, timeout: float = 10.0) -> None:
        self._base = endpoint_url.rstrip("/") + "/_rootkeeper/console/"
        self._timeout = timeout

    def __repr__(self) -> str:
        return f"HttpConsoleSimulator({self._base!r})"

    def _call(self, action: str, **arguments: Any) -> Any:
        request = urllib.request.Request(self._base + action, data=json.dumps(arguments).encode(),
                                         headers={"Content-Type": "application/json"}, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self._timeout) as response:
                return json.loads(response.read())["result"]
        except urllib.error.HTTPError as failure:
            error = json.loads(failure.read() or b"{}").get("error", {})
            cls = _ERRORS.get(error.get("type", ""), RootkeeperError)
            raise cls(error.get("message", f"The console action {action} failed."), hint=error.get("hint")) from None
        except urllib.error.URLError as failure:
            from rootkeeper.core.errors import EndpointError

            raise EndpointError(f"The rehearsal world at {self._base} cannot be reached ({failure.reason}).",
                                hint="Start it with `rootkeeper world serve`.") from None

    def sign_in_root(self, account_id: str, password: str) -> None:
        self._call("sign_in_root", account_id=account_id, password=password)

    def assign_root_mfa(self, account_id: str, device_name: str, kind: str = "virtual") -> str:
        return self._call("assign_root_mfa", account_id=account_id, device_name=device_name, kind=kind)

    def remove_root_mfa(self, account_id: str, serial: str) -> None:
        self._call("remove_root_mfa", account_id=account_id, serial=serial)

    def change_root_password(self, account_id: str, new_password: str) -> None:
        self._call("change_root_password", account_id=account_id, new_password=new_password)

    def delete_root_access_key(self, account_id: str, key_id: str) -> None:
        self._call("delete_root_access_key", account_id=account_id, key_id=key_id)
