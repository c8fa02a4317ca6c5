"""Root user passwords: generate one that AWS accepts, and check one against AWS's rules.

AWS's rules for the root user's password (Account Management reference, "Changing the
password for the root user"; an IAM password policy does not apply to root):

* 8 to 128 characters;
* at least three of: uppercase letters, lowercase letters, numbers, and the symbols
  ``! @ # $ % ^ & * ( ) < > [ ] { } | _ + - =``;
* not identical to the account name or the root email address.

The console's newer sign-in flow asks for all four kinds; ``generate_root_password``
always includes all four, so its passwords pass either version of the rule. Letters
and numbers are counted in ASCII only, as the rule's symbol list suggests: an "é" does
not count as a lowercase letter here (it may be accepted, but it is not counted).

No function here logs, stores or echoes a password; ``check_root_password``'s messages
name the rule, never the value.
"""

from __future__ import annotations

import secrets
import string

MIN_LENGTH = 8
MAX_LENGTH = 128
DEFAULT_LENGTH = 32  # about 195 bits from the unambiguous alphabet below

UPPERCASE = string.ascii_uppercase
LOWERCASE = string.ascii_lowercase
DIGITS = string.digits
SYMBOLS = "!@#$%^&*()<>[]{}|_+-="

# Characters that read alike on paper or in some fonts, left out of generated passwords
# because a custodian or witness may have to read one aloud or type it from a sealed copy.
AMBIGUOUS = "Il1O0|"

_KINDS = (
    ("uppercase letters", UPPERCASE),
    ("lowercase letters", LOWERCASE),
    ("numbers", DIGITS),
    ("symbols (" + " ".join(SYMBOLS) + ")", SYMBOLS),
)


def generate_root_password(length: int = DEFAULT_LENGTH, *, avoid_ambiguous: bool = True) -> str:
    """A random password from ``secrets`` that satisfies AWS's root password rules, with
    at least one character of each of the four kinds. ``length`` must be 8 to 128.

    Every character is drawn uniformly from the whole alphabet and a draw that misses a
    kind is thrown away and redrawn, so no position is predictable (forcing one character
    of each kind into fixed places would be).
    """
    if not MIN_LENGTH <= length <= MAX_LENGTH:
        raise ValueError(f"a root password must be {MIN_LENGTH} to {MAX_LENGTH} characters, not {length}")
    kinds = [_usable(chars, avoid_ambiguous) for _, chars in _KINDS]
    alphabet = "".join(kinds)
    while True:
        candidate = "".join(secrets.choice(alphabet) for _ in range(length))
        if all(any(ch in kind for ch in candidate) for kind in kinds):
            return candidate


def check_root_password(password: str, *, email: str | None = None, account_name: str | None = None) -> list[str]:
    """What is wrong with ``password`` by AWS's root password rules: one message per
    broken rule, an empty list when it is acceptable.

    The comparison with the email and account name ignores case and surrounding spaces
    (stricter than "identical", on purpose: a password that differs from the email only
    by case is no safer).
    """
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(f"The password must be at least {MIN_LENGTH} characters long; it has {len(password)}.")
    elif len(password) > MAX_LENGTH:
        problems.append(f"The password must be at most {MAX_LENGTH} characters long; it has {len(password)}.")
    present = [name for name, chars in _KINDS if any(ch in chars for ch in password)]
    if len(present) < 3:
        missing = [name for name, _ in _KINDS if name not in present]
        problems.append("The password must include at least three of: uppercase letters, lowercase letters, "
                        f"numbers, and symbols; it lacks {_join(missing)}.")
    for label, value in (("the root email address", email), ("the account name", account_name)):
        if value and _same(password, value):
            problems.append(f"The password must not be the same as {label}.")
    return problems


def _usable(chars: str, avoid_ambiguous: bool) -> str:
    return "".join(ch for ch in chars if ch not in AMBIGUOUS) if avoid_ambiguous else chars


def _same(password: str, other: str) -> bool:
    return password.strip().casefold() == other.strip().casefold()


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
