"""The AWS console, played by the rehearsal world.

AWS has no API to assign MFA to the root user or to change the root password; the
operator does these in the console. The simulator does what the console would do to
the world, so that the runbook's API checks afterwards see the effect. A virtual root
MFA device takes the console's two stages (rehearsal/console_mfa.py): the QR code, then
two consecutive codes from the app that scanned it.

``RehearsalConsole`` acts on the world in this process; ``HttpConsoleSimulator`` sends the
same actions to a served world (``POST /_rootkeeper/console/<action>``).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import asdict, is_dataclass
from typing import Any

from moto.iam.models import iam_backends

from rootkeeper.core.environment import RootMfaEnrolment
from rootkeeper.core.errors import AccessDeniedError, NotFoundError, RootkeeperError, ValidationError
from rootkeeper.rehearsal.cloudtrail import CONSOLE_IAM, CONSOLE_SIGN_IN, console_event, record_console_event
from rootkeeper.rehearsal.console_mfa import RootMfaAssignments, check_free_slot
from rootkeeper.rehearsal.console_recovery import RECOVERY_ACTIONS, HttpRecoveryPages, RecoveryPages
from rootkeeper.rehearsal.root_iam import remove_root_access_key
from rootkeeper.rehearsal.root_mfa_devices import detach_root_mfa
from rootkeeper.rehearsal.state import RootMfaDevice, RootPrincipal, WorldState

DEVICE_KINDS = ("virtual", "hardware")


class RehearsalConsole(RecoveryPages):
    """Implements rootkeeper.core.environment.ConsoleSimulator on a world in this process."""

    def __init__(self, state: WorldState) -> None:
        self._state = state
        self._mfa = RootMfaAssignments(state)

    def _root(self, account_id: str) -> RootPrincipal:
        if account_id not in self._state.roots:
            raise NotFoundError(f"No account {account_id} in this rehearsal world.",
                                hint="Check the account id against the scenario's accounts.")
        return self._state.roots[account_id]

    @console_event("ConsoleLogin", CONSOLE_SIGN_IN)
    def sign_in_root(self, account_id: str, password: str) -> None:
        with self._state.lock:
            root = self._root(account_id)
            if not root.password or root.password != password:
                raise AccessDeniedError("Root sign-in failed: the password is wrong or no password is set.",
                                        hint="Use 'Forgot password' in the rehearsal to set one.")
            root.password_last_used = self._state.now()

    @console_event("EnableMFADevice", CONSOLE_IAM)
    def assign_root_mfa(self, account_id: str, device_name: str, kind: str = "virtual") -> str:
        """A hardware key, registered at once. A virtual device is refused: the console assigns
        one only after its QR code is scanned and two of its codes are typed."""
        if kind not in DEVICE_KINDS:
            raise ValidationError(f"MFA device kind must be one of {', '.join(DEVICE_KINDS)}, not {kind!r}.")
        if kind == "virtual":
            raise ValidationError("The console assigns a virtual MFA device only with two consecutive codes "
                                  "from the authenticator app that scanned its QR code.",
                                  hint="Begin the assignment (it shows the QR code), then complete it with "
                                       "two codes.")
        with self._state.lock:
            root = self._root(account_id)
            check_free_slot(root)
            serial = f"GAKT{int(account_id) % 10**6:06d}{len(root.mfa_devices):02d}"
            root.mfa_devices.append(RootMfaDevice(serial=serial, kind=kind, name=device_name,
                                                  enabled_at=self._state.now()))
            return serial

    def begin_root_mfa_assignment(self, account_id: str, device_name: str) -> RootMfaEnrolment:
        with self._state.lock:
            return self._mfa.begin(self._root(account_id), device_name)

    def complete_root_mfa_assignment(self, account_id: str, enrolment_id: str, code_1: str, code_2: str) -> str:
        with self._state.lock:
            return self._mfa.complete(self._root(account_id), enrolment_id, code_1, code_2)

    def cancel_root_mfa_assignment(self, account_id: str, enrolment_id: str) -> None:
        with self._state.lock:
            self._mfa.cancel(account_id, enrolment_id)

    def remove_root_mfa(self, account_id: str, serial: str) -> None:
        """'Remove': the console deactivates the device, then deletes a virtual one (two events)."""
        deactivate, delete = ("DeactivateMFADevice", *CONSOLE_IAM), ("DeleteVirtualMFADevice", *CONSOLE_IAM)
        with self._state.lock:
            root = self._root(account_id)
            virtual = any(d.serial == serial and d.kind == "virtual" for d in root.mfa_devices)
            try:
                detach_root_mfa(self._state, root, serial, delete_virtual=True)
            except Exception as error:
                record_console_event(self._state, account_id, deactivate, failed=True)
                if isinstance(error, RootkeeperError):
                    raise
                raise NotFoundError(f"The root user has no MFA device {serial}.") from error
            record_console_event(self._state, account_id, deactivate)
            if virtual:
                record_console_event(self._state, account_id, delete)

    @console_event("PasswordUpdated", CONSOLE_SIGN_IN)
    def change_root_password(self, account_id: str, new_password: str) -> None:
        if len(new_password) < 8:
            raise ValidationError("The root password must be at least 8 characters long.")
        with self._state.lock:
            root = self._root(account_id)
            root.password = new_password
            root.password_changed_at = self._state.now()

    @console_event("DeleteAccessKey", CONSOLE_IAM)
    def delete_root_access_key(self, account_id: str, key_id: str) -> None:
        with self._state.lock:
            root = self._root(account_id)
            if key_id not in root.key_ids:
                raise NotFoundError(f"The root user of {account_id} has no access key {key_id}.")
            remove_root_access_key(self._state, root, key_id)

    # The console signs the root in with the password (and MFA), never with an access key:
    # what it shows and changes does not depend on whether a root key is still active.
    def root_access_keys(self, account_id: str) -> list[dict[str, str]]:
        with self._state.lock:
            root = self._root(account_id)
            keys = iam_backends[account_id]["global"].access_keys
            return [{"key_id": key_id, "status": keys[key_id].status} for key_id in root.key_ids if key_id in keys]

    def deactivate_root_access_key(self, account_id: str, key_id: str) -> None:
        with self._state.lock:
            root = self._root(account_id)
            keys = iam_backends[account_id]["global"].access_keys
            if key_id not in root.key_ids or key_id not in keys:
                raise NotFoundError(f"The root user of {account_id} has no access key {key_id}.")
            keys[key_id].status = "Inactive"


CONSOLE_ACTIONS = ("sign_in_root", "assign_root_mfa", "begin_root_mfa_assignment", "complete_root_mfa_assignment",
                   "cancel_root_mfa_assignment", "remove_root_mfa", "change_root_password", "delete_root_access_key",
                   "root_access_keys", "deactivate_root_access_key", *RECOVERY_ACTIONS)
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
    return 200, {"result": asdict(result) if is_dataclass(result) else result}


class HttpConsoleSimulator(HttpRecoveryPages):
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

    def begin_root_mfa_assignment(self, account_id: str, device_name: str) -> RootMfaEnrolment:
        return RootMfaEnrolment(**self._call("begin_root_mfa_assignment", account_id=account_id,
                                             device_name=device_name))

    def complete_root_mfa_assignment(self, account_id: str, enrolment_id: str, code_1: str, code_2: str) -> str:
        return self._call("complete_root_mfa_assignment", account_id=account_id, enrolment_id=enrolment_id,
                          code_1=code_1, code_2=code_2)

    def cancel_root_mfa_assignment(self, account_id: str, enrolment_id: str) -> None:
        self._call("cancel_root_mfa_assignment", account_id=account_id, enrolment_id=enrolment_id)

    def remove_root_mfa(self, account_id: str, serial: str) -> None:
        self._call("remove_root_mfa", account_id=account_id, serial=serial)

    def change_root_password(self, account_id: str, new_password: str) -> None:
        self._call("change_root_password", account_id=account_id, new_password=new_password)

    def delete_root_access_key(self, account_id: str, key_id: str) -> None:
        self._call("delete_root_access_key", account_id=account_id, key_id=key_id)

    def root_access_keys(self, account_id: str) -> list[dict[str, str]]:
        return self._call("root_access_keys", account_id=account_id)

    def deactivate_root_access_key(self, account_id: str, key_id: str) -> None:
        self._call("deactivate_root_access_key", account_id=account_id, key_id=key_id)
