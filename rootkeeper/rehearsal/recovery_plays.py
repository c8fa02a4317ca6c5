"""The rehearsal console playing the recovery walkthroughs' console steps (registered in
console_plays.PLAYS by step object). Each play here does its step in one go, as "Do it in the
rehearsal console" does; the email and phone steps are also dialogues on their own panel
(ui/step_panels/recovery.py), through the functions below, so that the operator reads the
email and the call and types the number on the phone's keypad themselves.

What a play returns is journaled: before/after say what the console showed (verified or not,
signed in or not), never a code, a link or a password. Only core/ here."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rootkeeper.core.console_recovery import RecoveryConsole
from rootkeeper.core.errors import RootkeeperError
from rootkeeper.core.runbook import Step
from rootkeeper.core.runbooks import recovery as rb
from rootkeeper.core.runbooks import root_password as password_rb
from rootkeeper.core.secretbox import SecretBox
from rootkeeper.core.step_contract import ConsolePlay

NOTE = "performed in the rehearsal world's console simulator"


def recovery_console(console: Any) -> RecoveryConsole:
    if console is None:
        raise RootkeeperError("There is no rehearsal console against real AWS: use the AWS console.")
    return console


def _account(facts: Mapping[str, Any]) -> str:
    return str(facts["account_id"])


# -- the dialogues' pages (a panel calls these in the ceremony screen's worker) -------------

def send_verification_email(console: Any, facts: Mapping[str, Any]) -> dict[str, Any]:
    return recovery_console(console).send_verification_email(_account(facts))


def follow_verification_link(console: Any, facts: Mapping[str, Any], code: str) -> ConsolePlay:
    recovery_console(console).verify_email(_account(facts), code)
    return ConsolePlay(f"the rehearsal console verified the root email address from the root mailbox ({NOTE})",
                       before={"email_verified": False}, after={"email_verified": True})


def call_me_now(console: Any, facts: Mapping[str, Any]) -> dict[str, Any]:
    return recovery_console(console).call_recovery_phone(_account(facts))


def key_in_number(console: Any, facts: Mapping[str, Any], keyed: str) -> ConsolePlay:
    """The number typed on the phone's keypad: a wrong one raises the console's ValidationError."""
    recovery_console(console).answer_recovery_call(_account(facts), keyed)
    return ConsolePlay(f"the rehearsal console verified the phone {facts.get('recovery_phone', '')} and signed the "
                       f"root user in ({NOTE})", before={"signed_in": False}, after={"signed_in": True})


def reset_email(console: Any, facts: Mapping[str, Any]) -> dict[str, Any] | None:
    """The newest password reset email in the root mailbox, unused; None if there is none."""
    mails = recovery_console(console).root_mailbox(_account(facts))
    return next((mail for mail in mails if mail["purpose"] == "password-reset" and not mail["used"]), None)


def reset_with_link(console: Any, facts: Mapping[str, Any], secrets: SecretBox, code: str) -> ConsolePlay:
    if password_rb.NEW_PASSWORD not in secrets:
        raise RootkeeperError("No generated password is held: generate one first, or reset it in the console "
                              "and choose Done.")
    recovery_console(console).reset_password(_account(facts), code, secrets.get(password_rb.NEW_PASSWORD))
    return ConsolePlay(f"the rehearsal console reset the root password from the reset email's link ({NOTE})",
                       changed=True)


# -- the one-go plays --------------------------------------------------------------------

def _troubleshoot(console: Any, facts: Mapping[str, Any], secrets: SecretBox, step: Step) -> ConsolePlay:
    page = recovery_console(console).begin_mfa_recovery(_account(facts))
    return ConsolePlay(f"the rehearsal console signed in with the password and opened '{page['page']}' ({NOTE})",
                       before={"page": "MFA code"}, after={"page": page["page"]})


def _verify_email(console: Any, facts: Mapping[str, Any], secrets: SecretBox, step: Step) -> ConsolePlay:
    mail = send_verification_email(console, facts)
    return follow_verification_link(console, facts, mail["code"])


def _verify_phone(console: Any, facts: Mapping[str, Any], secrets: SecretBox, step: Step) -> ConsolePlay:
    call = call_me_now(console, facts)
    return key_in_number(console, facts, call["code"])


def _remove_lost(console: Any, facts: Mapping[str, Any], secrets: SecretBox, step: Step) -> ConsolePlay:
    serial = str(facts["lost_serial"])
    recovery_console(console)
    console.remove_root_mfa(_account(facts), serial)
    return ConsolePlay(f"the rehearsal console removed {serial} from the root user ({NOTE})",
                       before={"on_root": [serial]}, after={"on_root": []})


def _request_reset(console: Any, facts: Mapping[str, Any], secrets: SecretBox, step: Step) -> ConsolePlay:
    mail = recovery_console(console).request_password_reset(_account(facts))
    return ConsolePlay(f"the rehearsal console asked for a password reset: '{mail['subject']}' is in the root "
                       f"mailbox ({NOTE})", changed=True)


def _reset_from_email(console: Any, facts: Mapping[str, Any], secrets: SecretBox, step: Step) -> ConsolePlay:
    mail = reset_email(console, facts)
    if mail is None:
        raise RootkeeperError("There is no unused password reset email in the root mailbox.",
                              hint="Do the previous step ('Forgot password?') again.")
    return reset_with_link(console, facts, secrets, mail["code"])


_MFA, _PASSWORD = rb.RECOVER_LOST_ROOT_MFA, rb.RECOVER_FORGOTTEN_ROOT_PASSWORD
RECOVERY_PLAYS = {
    _MFA.step(rb.TROUBLESHOOT): _troubleshoot,
    _MFA.step(rb.VERIFY_EMAIL): _verify_email,
    _MFA.step(rb.VERIFY_PHONE): _verify_phone,
    _MFA.step(rb.REMOVE_LOST): _remove_lost,
    _PASSWORD.step(rb.REQUEST_RESET): _request_reset,
    _PASSWORD.step(rb.RESET_FROM_EMAIL): _reset_from_email,
}
