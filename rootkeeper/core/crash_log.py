"""An unexpected exception, kept for the bug report instead of shown to the operator.

The operator reads one line that names the log file; the file (under the data directory,
ROOTKEEPER_HOME included) holds the traceback. Values that look like secrets are
redacted first: a traceback's exception messages may quote a request or a response.
"""

from __future__ import annotations

import os
import re
import tempfile
import traceback
from datetime import datetime, timezone
from pathlib import Path

from rootkeeper.core.datadir import data_home

_SECRET_NAMES = r"(?:secret[\w-]*|password|passcode|session[_-]?token|token|seed|base32stringseed|" \
                r"authenticationcode\d?|authentication_code_\d|code\d?|totp|otp)"
_SECRET_VALUE = re.compile(
    rf"(?i)((?<!</)\b{_SECRET_NAMES}\b\W{{0,3}}(?:=|:|>)\s*[\"']?)([^\s\"'<&,;)}}\]]+)")
_OTPAUTH = re.compile(r"(?i)otpauth://\S+")
REDACTED = "‹redacted›"


def logs_dir() -> Path:
    return data_home() / "logs"


def redact(text: str) -> str:
    text = _OTPAUTH.sub(f"otpauth://{REDACTED}", text)
    return _SECRET_VALUE.sub(lambda m: m.group(1) + REDACTED, text)


def write_crash_log(error: BaseException, *, doing: str, now: datetime | None = None) -> Path | None:
    """Write ``error``'s traceback to a new file under the data directory (or, if that cannot
    be written, the temporary directory). Returns its path, or None if nothing could be written."""
    now = now or datetime.now(timezone.utc)
    text = redact(f"rootkeeper: unexpected {type(error).__name__} while {doing}, {now.isoformat()}\n\n"
                  + "".join(traceback.format_exception(error)))
    name = f"crash-{now:%Y%m%d-%H%M%S}-{os.getpid()}"
    try:
        directory = logs_dir()
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        descriptor, path = _new_file(directory, name)
    except OSError:
        try:
            descriptor, temporary = tempfile.mkstemp(prefix=f"rootkeeper-{name}-", suffix=".log")
            path = Path(temporary)
        except OSError:
            return None
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(text)
    return path


def _new_file(directory: Path, name: str) -> tuple[int, Path]:
    """A file of its own: two crashes in the same second must not overwrite each other."""
    for attempt in range(1000):
        path = directory / (f"{name}.log" if attempt == 0 else f"{name}-{attempt}.log")
        try:
            return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), path
        except FileExistsError:
            continue
    raise FileExistsError(f"{directory / name}*.log")


def unexpected_error_line(error: BaseException, log_path: Path | None, *, doing: str) -> str:
    """The one line an operator reads about a bug."""
    what = f"Unexpected error ({type(error).__name__}) while {doing}: this is a rootkeeper bug."
    if log_path is None:
        return f"{what} Its traceback could not be written to disk; please report what you were doing."
    return f"{what} The details are in {log_path}; please report it with that file."


def report_unexpected(error: BaseException, *, doing: str) -> str:
    """Log ``error``'s traceback and return the one line that names the log."""
    return unexpected_error_line(error, write_crash_log(error, doing=doing), doing=doing)
