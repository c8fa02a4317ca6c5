"""What the operator reads about a failure: one message, never a traceback. Every screen's
failure path (rootkeeper.ui.work) words its errors here."""

from __future__ import annotations

from rootkeeper.core.crash_log import report_unexpected
from rootkeeper.core.errors import NoCredentialsError, RootkeeperError

NO_CREDENTIALS_SENTENCE = ("No AWS credentials were found: configure a profile (or pass --profile), "
                           "or run `rootkeeper rehearse` to practise against the rehearsal world.")


def operator_message(error: BaseException, *, doing: str = "working in rootkeeper") -> str:
    """The RootkeeperError message, never a traceback. An unexpected error's traceback is
    written to a log file, which the message names."""
    if isinstance(error, NoCredentialsError):
        return NO_CREDENTIALS_SENTENCE
    if isinstance(error, RootkeeperError):
        return " ".join(str(error).split())
    return report_unexpected(error, doing=doing)
