"""Handlers for ``rotate-root-password`` (console-only in AWS).

The generated password goes into the ceremony's SecretBox and nowhere else: not a fact,
not evidence, not a log line. It leaves rootkeeper once, shown on screen or copied to
the terminal's clipboard with OSC 52 (``PasswordHandover``). In rehearsal, the console
simulator receives it to perform the change and the sign-in.

What the API can show is checked: the credential report's <root_account> row, its
password_last_used (and password_last_changed, where AWS reports it) after the ceremony
began. A report AWS made before the ceremony cannot show the change (AWS makes a new one
at most every four hours): the check then says so, and the attestation carries the rest.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Callable

from rootkeeper.aws.credential_report import read_root_credential_row
from rootkeeper.aws.mfa import read_account_summary
from rootkeeper.aws.session import AwsSession
from rootkeeper.ceremonies.behaviour import RunbookBehaviour, handles
from rootkeeper.core.environment import Environment
from rootkeeper.core.errors import RootkeeperError
from rootkeeper.core.password import DEFAULT_LENGTH, check_root_password, generate_root_password
from rootkeeper.core.runbooks import root_password as rb
from rootkeeper.core.secretbox import SecretBox
from rootkeeper.core.step_contract import Evidence, StepContext, StepOutcome, console_step_message

Clock = Callable[[], datetime]

_REHEARSAL_CONSOLE_DID = {
    rb.CHANGE_IN_CONSOLE: "The rehearsal console changed the root password to the generated one.",
    rb.SIGN_IN_WITH_NEW: "The rehearsal console signed in as the root user with the new password.",
}


class RotateRootPassword(RunbookBehaviour):
    """The behaviour of ``rotate-root-password``. Nothing here changes AWS by API (the console
    does), so nothing is undone; whether the rehearsal console did a step is the step
    context's ``played``, and every moment compared comes from the step context and the report."""

    runbook = rb.ROTATE_ROOT_PASSWORD

    def __init__(self, session: AwsSession, *, length: int = DEFAULT_LENGTH) -> None:
        self.session, self.length = session, length

    @classmethod
    def build(cls, environment: Environment, session: AwsSession, clock: Clock,
              journal: Any = None) -> RotateRootPassword:
        del environment, clock
        return cls(session)

    @handles(rb.REVIEW_PASSWORD)
    def review(self, ctx: StepContext) -> StepOutcome:
        row = read_root_credential_row(self.session)
        present = read_account_summary(self.session).password_present
        evidence = {"password_present": present, "password_last_used": _iso(row.password_last_used),
                    "password_last_changed": _iso(row.password_last_changed),
                    "report_generated": _iso(row.report_generated)}
        if present is False:
            message = ("The root user has no password. Set one with 'Forgot password' on the root sign-in "
                       "page, then follow the next steps.")
        else:
            if row.password_last_used:
                used = f"last used {row.password_last_used:%Y-%m-%d}"
            elif "password_last_used" in row.unreadable:  # not "never": the report did not say
                used = f"its last use unknown: {row.unreadable['password_last_used']}"
            else:
                used = "never used"
            message = f"The root user has a password ({used}); {ctx.fact('custodian')} will hold the new one."
        return StepOutcome.success(message, evidence=evidence, facts={"since": ctx.now.isoformat()})

    @handles(rb.GENERATE_PASSWORD)
    def generate(self, ctx: StepContext) -> StepOutcome:
        password = generate_root_password(self.length)
        problems = check_root_password(password)
        if problems:  # the generator guarantees otherwise; a bug here must not reach the console
            raise RootkeeperError("The generated password broke AWS's rules: " + " ".join(problems))
        ctx.secrets.put(rb.NEW_PASSWORD, password)
        del password
        return StepOutcome.success(
            f"Generated a {self.length}-character password with uppercase letters, lowercase letters, numbers and "
            "symbols. It is held in memory only: show it once, or copy it to the clipboard.",
            evidence={"length": self.length, "character_classes": 4, "source": "python secrets module"},
            # Made here, on this machine: AWS was not asked, so nothing about AWS is claimed.
            evidence_kind=Evidence.NONE)

    @handles(rb.CHANGE_IN_CONSOLE, rb.SIGN_IN_WITH_NEW)
    def in_console(self, ctx: StepContext) -> StepOutcome:
        # Who did the console steps is what the step says: the rehearsal console when it played
        # them, else the operator's report (in rehearsal too, when they chose "Done").
        where = "rehearsal-console" if ctx.played is not None else "aws-console"
        message = _REHEARSAL_CONSOLE_DID[ctx.step.id] if ctx.played is not None else console_step_message(ctx)
        return StepOutcome.success(message,
                                   evidence={"console": where, "instructions_shown": len(ctx.step.instructions),
                                             "generated_password": rb.NEW_PASSWORD in ctx.secrets})



def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None




def _password(secrets: SecretBox) -> str:
    if rb.NEW_PASSWORD not in secrets:
        raise RootkeeperError("No generated password is held: generate one first.")
    return secrets.get(rb.NEW_PASSWORD)
