"""TOTP for virtual MFA devices: the otpauth:// URI a QR code carries, and a local check
of the two consecutive codes that ``iam:EnableMFADevice`` requires.

Checking the codes here first matters: AWS answers a bad pair with a bare
``InvalidAuthenticationCode``, while this module can tell the operator *which* mistake
was made (a typo, the same code twice, a skipped code, a phone whose clock is off).

Nothing here logs, stores or returns a seed or a code: ``CodeCheck`` carries only the
verdict, the kind of problem and a message written for the operator.
"""

from __future__ import annotations

import base64
import binascii
import enum
import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

import pyotp

#: What AWS's own QR codes use as the label prefix and ``issuer`` parameter, so that an
#: authenticator app files the entry as "Amazon Web Services (user@account)".
AWS_ISSUER = "Amazon Web Services"

STEP_SECONDS = 30  # RFC 6238 default, the only period AWS virtual MFA devices use
CODE_DIGITS = 6

# The pair is accepted when the second code belongs to a time step from STEPS_BEHIND steps
# before now to STEPS_AHEAD after it: typing two codes takes about a minute, and a phone's
# clock may run a few seconds fast. AWS asks for the codes to be submitted right after
# they are generated, so the window stays small (the rehearsal world accepts a wider one).
STEPS_BEHIND = 3
STEPS_AHEAD = 1

# How far from now a pair of consecutive codes is still recognised as this device's, to
# explain a wrong clock instead of calling the codes wrong: a day and two hours each way
# covers a wrong time zone or date as well as drift.
SKEW_SEARCH_STEPS = (26 * 3600) // STEP_SECONDS

# A single code within this many steps of now is taken as "from this device, just now".
# A random six-digit code lands in it with odds of about 1 in 40,000.
NEARBY_STEPS = 12

_SIX_DIGITS = re.compile(r"[0-9]{6}")


class CodeProblem(enum.Enum):
    """Why a pair of codes was refused; the UI may choose a hint or an icon from it."""

    NOT_SIX_DIGITS = "not-six-digits"
    SAME_CODE_TWICE = "same-code-twice"
    WRONG_ORDER = "wrong-order"
    NOT_CONSECUTIVE = "not-consecutive"
    CLOCK_OFF = "clock-off"
    ONE_CODE_WRONG = "one-code-wrong"
    WRONG_CODES = "wrong-codes"


@dataclass(frozen=True)
class CodeCheck:
    """The verdict on two codes. Holds no code and no seed, so its repr is safe to show.

    ``ok``: the codes are consecutive codes of the device for a time near ``now``.
    ``problem``: None when ok, else why not. ``message``: one or two sentences for the
    operator, saying what is wrong and what to do. ``clock_offset_minutes``: for
    CLOCK_OFF, how far (signed: positive when the authenticator is ahead of this
    computer) the codes' time is from this computer's clock; else None.
    """

    ok: bool
    problem: CodeProblem | None
    message: str
    clock_offset_minutes: int | None = None


def otpauth_uri(secret_b32: str, *, account_label: str, user: str, issuer: str = AWS_ISSUER) -> str:
    """The ``otpauth://totp/`` URI for a virtual MFA device, in the form AWS's own QR codes use:

    ``otpauth://totp/Amazon%20Web%20Services:breakglass@acme-mgmt?secret=<B32>&issuer=Amazon%20Web%20Services``

    ``user`` is the IAM user name (or "root"), ``account_label`` the account alias or id.
    Each label part is percent-encoded on its own (``@`` kept, a ``:`` inside a part
    encoded) so that the ``issuer:account`` split stays unambiguous. The secret is placed
    as given, after checking that it is valid Base32: a malformed seed would otherwise
    become a QR code that scans but never yields accepted codes.
    """
    _require_base32(secret_b32)
    if not issuer or ":" in issuer:
        raise ValueError("the issuer must be non-empty and contain no ':' (it prefixes the label)")
    label = f"{quote(issuer, safe='')}:{quote(user, safe='@')}@{quote(account_label, safe='@')}"
    return f"otpauth://totp/{label}?secret={secret_b32}&issuer={quote(issuer, safe='')}"


def check_consecutive_codes(secret_b32: str, code1: str, code2: str, *, now: datetime) -> CodeCheck:
    """Check two codes as ``EnableMFADevice`` wants them: ``code1`` from time step t and
    ``code2`` from step t+1, with t+1 within a small window around ``now``
    (``STEPS_BEHIND`` steps before to ``STEPS_AHEAD`` after).

    Spaces in a code are ignored ("123 456" is how some apps show it). ``now`` must be
    timezone-aware: a naive datetime would silently shift the window by the UTC offset.
    On refusal the message says which problem it is; see ``CodeProblem``.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be a timezone-aware datetime")
    _require_base32(secret_b32)
    first, second = _normalise(code1), _normalise(code2)
    bad = [name for name, code in (("first", first), ("second", second)) if not _SIX_DIGITS.fullmatch(code)]
    if bad:
        which = "Both codes are" if len(bad) == 2 else f"The {bad[0]} code is"
        return _refuse(CodeProblem.NOT_SIX_DIGITS,
                       f"{which} not six digits: type each code exactly as the authenticator app shows it.")
    if first == second:
        return _refuse(CodeProblem.SAME_CODE_TWICE,
                       "You typed the same code twice. Type the code the app shows, wait for it to change "
                       "(up to 30 seconds), then type the new code as the second one.")

    now_step = int(now.timestamp()) // STEP_SECONDS
    totp = pyotp.TOTP(secret_b32, digits=CODE_DIGITS, interval=STEP_SECONDS)
    # The common case first: a good pair needs only the few steps of the window.
    for step2 in range(now_step - STEPS_BEHIND, now_step + STEPS_AHEAD + 1):
        if totp.generate_otp(step2 - 1) == first and totp.generate_otp(step2) == second:
            return CodeCheck(True, None, "The two codes are consecutive codes of this device.")

    steps = _steps_by_code(totp, now_step)
    steps1, steps2 = steps.get(first, ()), steps.get(second, ())

    # Offsets (relative to now) of the second code in every consecutive pair, nearest first.
    pair_offsets = sorted((s + 1 - now_step for s in steps1 if s + 1 in steps2), key=abs)
    if pair_offsets:  # none inside the window, or the loop above would have accepted it
        return _clock_off(pair_offsets[0])

    near1 = [s for s in steps1 if abs(s - now_step) <= NEARBY_STEPS]
    near2 = [s for s in steps2 if abs(s - now_step) <= NEARBY_STEPS]
    if near1 and near2:
        if any(s - 1 in steps2 for s in near1):
            return _refuse(CodeProblem.WRONG_ORDER,
                           "The codes are from this device but in the wrong order: the second code is the older "
                           "one. Type the code the app shows, wait for it to change, then type the new code.")
        return _refuse(CodeProblem.NOT_CONSECUTIVE,
                       "Both codes are from this device but are not consecutive: a code was skipped, or the "
                       "first was typed too long before the second. Type the code the app shows, wait for it "
                       "to change, then type the new code straight away.")
    if near1 or near2:
        wrong = "second" if near1 else "first"
        return _refuse(CodeProblem.ONE_CODE_WRONG,
                       f"The {wrong} code does not match this device (a typo?). Type two new consecutive codes.")
    return _refuse(CodeProblem.WRONG_CODES,
                   "The codes do not match this device: check that the authenticator entry you read is the "
                   "one just scanned from this QR code (not an older entry with the same name), then type "
                   "two new consecutive codes.")


def _clock_off(offset_steps: int) -> CodeCheck:
    minutes = round(offset_steps * STEP_SECONDS / 60)
    size = f"about {abs(minutes)} minute{'s' if abs(minutes) != 1 else ''}"
    direction = "ahead of" if offset_steps > 0 else "behind"
    stale = "" if offset_steps > 0 else " (or the codes were typed that long ago)"
    return CodeCheck(
        False, CodeProblem.CLOCK_OFF,
        f"These are consecutive codes of this device, but for a time {size} {direction} this computer's "
        f"clock{stale}: the authenticator's clock or this machine's is off by {size}. Set both to automatic "
        "(network) time, then type two new codes.",
        clock_offset_minutes=minutes,
    )


def _steps_by_code(totp: pyotp.TOTP, now_step: int) -> dict[str, set[int]]:
    """Every time step within the skew search range, indexed by the code it yields."""
    table: dict[str, set[int]] = {}
    for step in range(now_step - SKEW_SEARCH_STEPS, now_step + SKEW_SEARCH_STEPS + 1):
        table.setdefault(totp.generate_otp(step), set()).add(step)
    return table


def _normalise(code: str) -> str:
    return "".join(str(code).split())


def _refuse(problem: CodeProblem, message: str) -> CodeCheck:
    return CodeCheck(False, problem, message)


def _require_base32(secret_b32: str) -> None:
    try:
        padded = secret_b32 + "=" * (-len(secret_b32) % 8)
        if not secret_b32 or not base64.b32decode(padded, casefold=False):
            raise ValueError
    except (binascii.Error, ValueError):
        # Deliberately does not echo the value: it is a seed.
        raise ValueError("the MFA seed is not valid Base32") from None
