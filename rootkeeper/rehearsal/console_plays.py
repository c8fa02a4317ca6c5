"""The rehearsal world's console simulator playing a runbook's console steps for the operator
("Do it in the rehearsal console"), so that the check after them verifies a real change.
Registered by step object (``PLAYS``), offered in rehearsal only, never against AWS.

Most steps are played in one go: a ``ConsolePlayer`` returns what the console did (a
ConsolePlay: what it saw before and after, or that it changed something, and its note). The root MFA assignment is a
dialogue, as in the real console (a QR code to scan, then two codes the operator types):
its panel drives it page by page with ``begin_…``, ``complete_…`` and ``cancel_…`` below.

Only core/ here: the simulator is reached through core.environment.ConsoleSimulator.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Mapping

from rootkeeper.core.environment import ConsoleSimulator, RootMfaEnrolment
from rootkeeper.core.errors import NotFoundError, RootkeeperError
from rootkeeper.core.runbook import Runbook, Step, StepKind
from rootkeeper.core.runbooks import custodians as custodians_rb
from rootkeeper.core.runbooks import root_keys as keys_rb
from rootkeeper.core.runbooks import root_password as password_rb
from rootkeeper.core.secretbox import SecretBox
from rootkeeper.core.step_contract import ConsolePlay
from rootkeeper.rehearsal.recovery_plays import RECOVERY_PLAYS

REHEARSAL_CONSOLE_NOTE = "performed in the rehearsal world's console simulator"

# (console, facts, secrets, step) -> what the console did. Runs in a worker thread.
ConsolePlayer = Callable[[ConsoleSimulator | None, Mapping[str, Any], SecretBox, Step], ConsolePlay]


# -- root MFA: a dialogue ---------------------------------------------------------------

def begin_root_mfa_in_rehearsal_console(console: ConsoleSimulator | None,
                                        facts: Mapping[str, Any]) -> RootMfaEnrolment:
    """The first half of "Do it in the rehearsal console" for ASSIGN_IN_CONSOLE: the
    console's "Assign MFA device" → the name reviewed → "Authenticator app" → the QR code.
    Nothing is assigned yet: the operator scans the code and types two of its codes."""
    if console is None:
        raise RootkeeperError("There is no rehearsal console against real AWS: assign the device in the "
                              "AWS console.")
    account_id, name = facts.get("account_id"), facts.get("device_name")
    if not account_id or not name:
        raise RootkeeperError("Review the root user's devices and name the new device first.")
    return console.begin_root_mfa_assignment(str(account_id), str(name))


def complete_root_mfa_in_rehearsal_console(console: ConsoleSimulator, enrolment: RootMfaEnrolment,
                                           code_1: str, code_2: str) -> str:
    """"Add MFA" with the operator's two codes; the serial of the device now on the root.
    The console's refusal of wrong codes is a ValidationError whose message says why. Run
    the step afterwards with ``note=REHEARSAL_CONSOLE_NOTE``."""
    return console.complete_root_mfa_assignment(enrolment.account_id, enrolment.enrolment_id, code_1, code_2)


def cancel_root_mfa_in_rehearsal_console(console: ConsoleSimulator, enrolment: RootMfaEnrolment) -> None:
    console.cancel_root_mfa_assignment(enrolment.account_id, enrolment.enrolment_id)


# -- root access keys ---------------------------------------------------------------------

def delete_root_keys_in_rehearsal_console(console: ConsoleSimulator | None, facts: Mapping[str, Any],
                                          key_ids: list[str]) -> None:
    """What the UI's "perform this in the rehearsal console" does for DELETE_IN_CONSOLE: the
    simulator deletes the keys the operator reads off the console's Security credentials page
    (the credential report an IAM identity reads gives no key ids). Run the step afterwards
    with ``note=REHEARSAL_CONSOLE_NOTE``."""
    if console is None:
        raise RootkeeperError("There is no rehearsal console against real AWS: delete the keys in the AWS console.")
    for key_id in key_ids:
        console.delete_root_access_key(str(facts["account_id"]), key_id)


def play_key_step_in_rehearsal_console(console: ConsoleSimulator | None, facts: Mapping[str, Any],
                                       step_id: str) -> ConsolePlay:
    """What the UI's "Do it in the rehearsal console" does for the two console steps: the
    simulator, signed in as root as a person would be (no access key involved), deactivates
    or deletes every key its Security credentials page lists. Before and after are what that
    page shows, so that a play that changed nothing is told as such (Ceremony.run_step)."""
    if console is None:
        raise RootkeeperError("There is no rehearsal console against real AWS: do this in the AWS console.")
    account_id = str(facts["account_id"])
    before = console.root_access_keys(account_id)
    for key in before:
        if step_id == keys_rb.DELETE_IN_CONSOLE:
            console.delete_root_access_key(account_id, key["key_id"])
        elif key["status"] == "Active":
            console.deactivate_root_access_key(account_id, key["key_id"])
    after = console.root_access_keys(account_id)
    verb = "deleted" if step_id == keys_rb.DELETE_IN_CONSOLE else "deactivated"
    changed = [key["key_id"] for key in before if key not in after]
    note = (f"the rehearsal console {verb} {', '.join(changed)}" if changed
            else f"the rehearsal console {verb} nothing: its Security credentials page lists "
                 + (", ".join(f"{key['key_id']} ({key['status']})" for key in after) or "no key"))
    return ConsolePlay(note, before, after)


# -- the root password ---------------------------------------------------------------------

def change_password_in_rehearsal_console(console: ConsoleSimulator | None, facts: Mapping[str, Any],
                                         secrets: SecretBox) -> None:
    """CHANGE_IN_CONSOLE in rehearsal: the simulator sets the generated password. Run the
    step afterwards with ``note=REHEARSAL_CONSOLE_NOTE``."""
    _require(console).change_root_password(str(facts["account_id"]), _password(secrets))


def sign_in_in_rehearsal_console(console: ConsoleSimulator | None, facts: Mapping[str, Any],
                                 secrets: SecretBox) -> None:
    """SIGN_IN_WITH_NEW in rehearsal: the simulator signs in as root with the new password."""
    _require(console).sign_in_root(str(facts["account_id"]), _password(secrets))


def _require(console: ConsoleSimulator | None) -> ConsoleSimulator:
    if console is None:
        raise RootkeeperError("There is no rehearsal console against real AWS: use the AWS console.")
    return console


def _password(secrets: SecretBox) -> str:
    if password_rb.NEW_PASSWORD not in secrets:
        raise RootkeeperError("No generated password is held: generate one first.")
    return secrets.get(password_rb.NEW_PASSWORD)


# -- the registry -------------------------------------------------------------------------

def _key_step(console: ConsoleSimulator | None, facts: Mapping[str, Any], secrets: SecretBox,
              step: Step) -> ConsolePlay:
    del secrets
    return play_key_step_in_rehearsal_console(console, facts, step.id)


def _change_password(console: ConsoleSimulator | None, facts: Mapping[str, Any], secrets: SecretBox,
                     step: Step) -> ConsolePlay:
    change_password_in_rehearsal_console(console, facts, secrets)
    return ConsolePlay(REHEARSAL_CONSOLE_NOTE, changed=True)  # the console took the password: it changed


def _sign_in(console: ConsoleSimulator | None, facts: Mapping[str, Any], secrets: SecretBox,
             step: Step) -> ConsolePlay:
    sign_in_in_rehearsal_console(console, facts, secrets)
    return ConsolePlay(REHEARSAL_CONSOLE_NOTE, changed=True)  # a refused sign-in raises instead


def _remove_custodian_devices(console: ConsoleSimulator | None, facts: Mapping[str, Any], secrets: SecretBox,
                              step: Step) -> ConsolePlay:
    """Offboarding: the console's 'Remove' for each root MFA device the roster gives the leaver."""
    del secrets
    if console is None:
        raise RootkeeperError("There is no rehearsal console against real AWS: remove the devices in the AWS console.")
    account_id, theirs = str(facts["account_id"]), [str(serial) for serial in facts.get("their_devices") or []]
    removed, absent = [], []
    for serial in theirs:
        try:
            console.remove_root_mfa(account_id, serial)
            removed.append(serial)
        except NotFoundError:
            absent.append(serial)
    note = (f"the rehearsal console removed {', '.join(removed)}" if removed else "the rehearsal console removed "
            "nothing") + (f"; not on the root user: {', '.join(absent)}" if absent else "")
    return ConsolePlay(note, before=theirs, after=absent, changed=bool(removed))


_KEYS, _PASSWORD = keys_rb.DELETE_ROOT_KEYS, password_rb.ROTATE_ROOT_PASSWORD
PLAYS: Mapping[Step, ConsolePlayer] = {
    _KEYS.step(keys_rb.DEACTIVATE_IN_CONSOLE): _key_step,
    _KEYS.step(keys_rb.DELETE_IN_CONSOLE): _key_step,
    _PASSWORD.step(password_rb.CHANGE_IN_CONSOLE): _change_password,
    _PASSWORD.step(password_rb.SIGN_IN_WITH_NEW): _sign_in,
    custodians_rb.CUSTODIAN_OFFBOARD.step(custodians_rb.REMOVE_DEVICES): _remove_custodian_devices,
    **RECOVERY_PLAYS,
}


def player_for(step: Step) -> ConsolePlayer | None:
    """What "Do it in the rehearsal console" does for ``step``; None when it is not offered."""
    return PLAYS.get(step)


def play_problems(runbooks: Iterable[Runbook]) -> list[str]:
    """Plays registered for a step that is not a manual step of a runbook of the catalogue."""
    steps = {step for runbook in runbooks for step in runbook.steps}
    return [f"a rehearsal console play for {step.id!r}, which is not a manual step of any runbook"
            for step in PLAYS if step not in steps or step.kind is not StepKind.MANUAL]
