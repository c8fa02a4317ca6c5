"""The console's recovery pages for the root user, played by the rehearsal world
(core/console_recovery.py says what each does for the operator).

Lost MFA device — "Sign in using alternative factors", as AWS documents it: the password
first; then "Send verification email" puts an email in the root mailbox whose link verifies
the address; then "Call me now" calls the primary contact phone, the console shows a 6-digit
number and the operator types it on the phone's keypad. A wrong number is refused (three
tries, then a new call); the right one signs the root user in (password_last_used, and a
ConsoleLogin in CloudTrail).

Forgotten password — "Forgot password?" → "Send email" (CloudTrail: PasswordRecoveryRequested),
the reset email's link, the new password (PasswordRecoveryCompleted).

The root mailbox and the calls are the world's, kept per account; codes live here only, never in
CloudTrail. ``RecoveryPages`` is mixed into RehearsalConsole (it needs ``self._state``);
``HttpRecoveryPages`` into HttpConsoleSimulator (it needs ``self._call``).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from rootkeeper.core.errors import NotFoundError, ValidationError
from rootkeeper.rehearsal.cloudtrail import CONSOLE_SIGN_IN, record_console_event
from rootkeeper.rehearsal.state import RootPrincipal, WorldState

RECOVERY_ACTIONS = ("root_mailbox", "begin_mfa_recovery", "send_verification_email", "verify_email",
                    "call_recovery_phone", "answer_recovery_call", "request_password_reset", "reset_password")
SENDER_VERIFY = "recover-mfa-no-reply@verify.signin.aws"
SENDER_RESET = "no-reply@signin.aws"
LINK_LIFETIME = timedelta(hours=1)
KEYPAD_TRIES = 3


@dataclass
class _Mail:
    to: str
    sender: str
    subject: str
    body: str
    code: str
    sent_at: datetime
    purpose: str  # "verify-email" | "password-reset"
    used: bool = False

    def shown(self) -> dict[str, Any]:
        link = ("https://signin.aws.amazon.com/recovery/verify?code=" if self.purpose == "verify-email"
                else "https://signin.aws.amazon.com/resetpassword?token=") + self.code
        return {"to": self.to, "sender": self.sender, "subject": self.subject, "body": self.body, "link": link,
                "code": self.code, "sent_at": self.sent_at.isoformat(), "purpose": self.purpose, "used": self.used}


@dataclass
class _Recovery:
    """One alternative-factor sign-in in progress."""

    email_verified: bool = False
    phone_code: str | None = None
    wrong_tries: int = 0


@dataclass
class RecoveryBook:
    mailboxes: dict[str, list[_Mail]] = field(default_factory=dict)
    recoveries: dict[str, _Recovery] = field(default_factory=dict)


def _code(digits: int) -> str:
    return f"{secrets.randbelow(10 ** digits):0{digits}d}"


class RecoveryPages:
    """The recovery pages of RehearsalConsole (a mixin: it uses the console's ``_state``)."""

    _state: WorldState

    @property
    def _book(self) -> RecoveryBook:
        book = self.__dict__.get("_recovery_book")
        if book is None:
            book = self.__dict__["_recovery_book"] = RecoveryBook()
        return book

    def _recovery_root(self, account_id: str) -> RootPrincipal:
        if account_id not in self._state.roots:
            raise NotFoundError(f"No account {account_id} in this rehearsal world.",
                                hint="Check the account id against the scenario's accounts.")
        return self._state.roots[account_id]

    def _send(self, root: RootPrincipal, purpose: str, sender: str, subject: str, body: str) -> _Mail:
        code = _code(6) if purpose == "verify-email" else secrets.token_urlsafe(12)
        mail = _Mail(root.email, sender, subject, body.format(code=code), code, self._state.now(), purpose)
        self._book.mailboxes.setdefault(root.account_id, []).insert(0, mail)
        return mail

    def root_mailbox(self, account_id: str) -> list[dict[str, Any]]:
        with self._state.lock:
            self._recovery_root(account_id)
            return [mail.shown() for mail in self._book.mailboxes.get(account_id, [])]

    def begin_mfa_recovery(self, account_id: str) -> dict[str, Any]:
        with self._state.lock:
            root = self._recovery_root(account_id)
            if not root.mfa_devices:
                raise ValidationError("The root user has no MFA device: the console signs it in with the password "
                                      "alone, and offers no 'Troubleshoot MFA'.")
            self._book.recoveries[account_id] = _Recovery()
            return {"page": "Sign in using alternative factors", "email": root.email}

    def _in_recovery(self, account_id: str) -> _Recovery:
        recovery = self._book.recoveries.get(account_id)
        if recovery is None:
            raise ValidationError("No sign-in with alternative factors is in progress.",
                                  hint="Sign in with the password, then choose 'Troubleshoot MFA' and 'Sign in "
                                       "using alternative factors'.")
        return recovery

    def send_verification_email(self, account_id: str) -> dict[str, Any]:
        with self._state.lock:
            root = self._recovery_root(account_id)
            recovery = self._in_recovery(account_id)
            recovery.email_verified = False
            mail = self._send(root, "verify-email", SENDER_VERIFY, "Verify your email address",
                              "Hello,\n\nSomeone is signing in to the AWS account " + account_id + " as the root "
                              "user with alternative factors of authentication. To verify this email address, "
                              "choose the link below, or enter this code in the console: {code}\n\nIf you did not "
                              "ask for this, someone may be trying to access your account: sign in and review it.")
            return mail.shown()

    def verify_email(self, account_id: str, code: str) -> dict[str, Any]:
        with self._state.lock:
            recovery = self._in_recovery(account_id)
            latest = next((mail for mail in self._book.mailboxes.get(account_id, [])
                           if mail.purpose == "verify-email"), None)
            if latest is None or latest.used or str(code).strip() != latest.code:
                raise ValidationError("That verification link or code is not valid (only the latest email's works, "
                                      "once).", hint="Choose 'Resend email' and use the link of the new email.")
            if self._state.now() - latest.sent_at > LINK_LIFETIME:
                raise ValidationError("That verification link has expired.", hint="Choose 'Resend email'.")
            latest.used = True
            recovery.email_verified = True
            return {"email_verified": True, "email": latest.to}

    def call_recovery_phone(self, account_id: str) -> dict[str, Any]:
        with self._state.lock:
            root = self._recovery_root(account_id)
            recovery = self._in_recovery(account_id)
            if not recovery.email_verified:
                raise ValidationError("Verify the email address first (Step 1), then the phone (Step 2).")
            phone = (root.contact_information or {}).get("PhoneNumber", "").strip()
            if not phone:
                raise ValidationError("The account has no primary contact phone: AWS has no number to call.",
                                      hint="Contact AWS Support: without a phone the recovery cannot finish here.")
            recovery.phone_code, recovery.wrong_tries = _code(6), 0
            return {"phone": phone, "code": recovery.phone_code,
                    "said": (f"Incoming call to {phone} from Amazon Web Services: \"Hello. To verify your phone "
                             "number for sign-in, enter the 6-digit number shown on the AWS website, using your "
                             "phone's keypad.\"")}

    def answer_recovery_call(self, account_id: str, keyed: str) -> dict[str, Any]:
        with self._state.lock:
            root = self._recovery_root(account_id)
            recovery = self._in_recovery(account_id)
            if recovery.phone_code is None:
                raise ValidationError("No call is in progress.", hint="Choose 'Call me now'.")
            if str(keyed).strip() != recovery.phone_code:
                recovery.wrong_tries += 1
                if recovery.wrong_tries >= KEYPAD_TRIES:
                    recovery.phone_code = None
                    raise ValidationError(f"The number typed on the phone was wrong {KEYPAD_TRIES} times: the call "
                                          "ended.", hint="Choose 'Call me now' again: the console shows a new number.")
                raise ValidationError("The number typed on the phone's keypad is not the one the console shows: "
                                      "\"That number is not correct. Please try again.\"",
                                      hint=f"Type it again ({KEYPAD_TRIES - recovery.wrong_tries} tries left).")
            del self._book.recoveries[account_id]
            root.password_last_used = self._state.now()
            record_console_event(self._state, account_id, ("ConsoleLogin", *CONSOLE_SIGN_IN))
            return {"signed_in": True, "phone_verified": True}

    def request_password_reset(self, account_id: str) -> dict[str, Any]:
        with self._state.lock:
            root = self._recovery_root(account_id)
            record_console_event(self._state, account_id, ("PasswordRecoveryRequested", *CONSOLE_SIGN_IN))
            mail = self._send(root, "password-reset", SENDER_RESET, "Amazon Web Services Password Assistance",
                              "Greetings from Amazon Web Services,\n\nWe received a request to reset the password "
                              "of the root user of account " + account_id + ". To reset it, open the link below "
                              "within the hour.\n\nIf you did not ask for this, ignore this email: your password "
                              "stays as it is.")
            return mail.shown()

    def reset_password(self, account_id: str, code: str, new_password: str) -> None:
        with self._state.lock:
            root = self._recovery_root(account_id)
            latest = next((mail for mail in self._book.mailboxes.get(account_id, [])
                           if mail.purpose == "password-reset"), None)
            if latest is None or latest.used or str(code).strip() != latest.code:
                raise ValidationError("That password reset link is not valid (only the latest email's works, once).",
                                      hint="Choose 'Forgot password?' again for a new email.")
            if self._state.now() - latest.sent_at > LINK_LIFETIME:
                raise ValidationError("That password reset link has expired.",
                                      hint="Choose 'Forgot password?' again for a new email.")
            if len(new_password or "") < 8:
                raise ValidationError("The root password must be at least 8 characters long.")
            latest.used = True
            root.password, root.password_changed_at = new_password, self._state.now()
            record_console_event(self._state, account_id, ("PasswordRecoveryCompleted", *CONSOLE_SIGN_IN))


class HttpRecoveryPages:
    """The same pages of a served world (a mixin of HttpConsoleSimulator: it uses ``_call``)."""

    def _call(self, action: str, **arguments: Any) -> Any:  # pragma: no cover - HttpConsoleSimulator's
        raise NotImplementedError

    def root_mailbox(self, account_id: str) -> list[dict[str, Any]]:
        return self._call("root_mailbox", account_id=account_id)

    def begin_mfa_recovery(self, account_id: str) -> dict[str, Any]:
        return self._call("begin_mfa_recovery", account_id=account_id)

    def send_verification_email(self, account_id: str) -> dict[str, Any]:
        return self._call("send_verification_email", account_id=account_id)

    def verify_email(self, account_id: str, code: str) -> dict[str, Any]:
        return self._call("verify_email", account_id=account_id, code=code)

    def call_recovery_phone(self, account_id: str) -> dict[str, Any]:
        return self._call("call_recovery_phone", account_id=account_id)

    def answer_recovery_call(self, account_id: str, keyed: str) -> dict[str, Any]:
        return self._call("answer_recovery_call", account_id=account_id, keyed=keyed)

    def request_password_reset(self, account_id: str) -> dict[str, Any]:
        return self._call("request_password_reset", account_id=account_id)

    def reset_password(self, account_id: str, code: str, new_password: str) -> None:
        self._call("reset_password", account_id=account_id, code=code, new_password=new_password)
