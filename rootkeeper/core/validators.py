"""Alternate contacts and account ids, validated exactly as AWS validates them, so that
the operator hears about a bad value as they type it and not from PutAlternateContact.

The rules are the Account API's service model (botocore ``account`` service-2 shapes):

=============  ======  ==============================================
shape          length  pattern (must match the whole value)
=============  ======  ==============================================
Name           1-64    -
Title          1-50    -
EmailAddress   1-254   ``[\\s]*[\\w+=.#|!&-]+@[\\w.-]+\\.[\\w]+[\\s]*``
PhoneNumber    1-25    ``[\\s0-9()+-]+``
AccountId      -       ``\\d{12}``
=============  ======  ==============================================

and AlternateContactType is one of BILLING, OPERATIONS, SECURITY.

How the patterns are read, and why:

* **Whole-value match** (``re.fullmatch``): AWS validates with Java, whose
  ``String.matches`` anchors the pattern at both ends.
* **ASCII classes** (``re.ASCII``): in Java, without UNICODE_CHARACTER_CLASS, ``\\w`` is
  ``[A-Za-z0-9_]``, ``\\d`` is ``[0-9]`` and ``\\s`` is ``[ \\t\\n\\x0B\\f\\r]`` -- exactly
  Python's classes under ``re.ASCII``. Python's default Unicode classes would accept
  "josé@example.com" or Arabic-Indic digits that AWS refuses.
* **Length in characters** (Unicode code points, Python's ``len``), as Smithy's length
  trait defines it; surrounding whitespace counts, since AWS counts it.

Values are not trimmed here: AWS accepts the email's surrounding whitespace, and what
is validated must be what is sent. Callers that want to trim should trim first.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass


class ContactType(enum.Enum):
    BILLING = "BILLING"
    OPERATIONS = "OPERATIONS"
    SECURITY = "SECURITY"


CONTACT_TYPES = frozenset(contact_type.value for contact_type in ContactType)


@dataclass(frozen=True)
class FieldRule:
    """One PutAlternateContact field: its AWS name, how the operator calls it, its rules."""

    aws_name: str
    label: str
    min_length: int
    max_length: int
    pattern: re.Pattern[str] | None = None
    pattern_rule: str = ""  # the pattern in words, for the operator


EMAIL_PATTERN = r"[\s]*[\w+=.#|!&-]+@[\w.-]+\.[\w]+[\s]*"
PHONE_PATTERN = r"[\s0-9()+-]+"
ACCOUNT_ID_PATTERN = r"\d{12}"

CONTACT_FIELDS: dict[str, FieldRule] = {
    "name": FieldRule("Name", "Name", 1, 64),
    "title": FieldRule("Title", "Title", 1, 50),
    "email": FieldRule(
        "EmailAddress", "Email address", 1, 254, re.compile(EMAIL_PATTERN, re.ASCII),
        "must look like name@example.com, using only ASCII letters, digits and _ + = . # | ! & - "
        "before the @ and ASCII letters, digits and _ . - after it, with a dot in the domain"),
    "phone": FieldRule(
        "PhoneNumber", "Phone number", 1, 25, re.compile(PHONE_PATTERN, re.ASCII),
        "may only contain digits, spaces, and ( ) + -"),
}
# The AWS parameter names are accepted too, so that code holding an API shape can ask.
_FIELD_ALIASES = {rule.aws_name: key for key, rule in CONTACT_FIELDS.items()}

_ACCOUNT_ID = re.compile(ACCOUNT_ID_PATTERN, re.ASCII)
# How an operator may type an account id at a confirmation: as AWS prints it, or in the
# console's 1234-5678-9012 grouping (a hyphen or a space between groups of four).
_TYPED_ACCOUNT_ID = re.compile(r"(\d{4})[- ]?(\d{4})[- ]?(\d{4})", re.ASCII)


def validate_contact_field(field: str, value: str) -> str | None:
    """None when AWS would accept ``value`` for ``field``, else a message naming the
    field and the rule it breaks. ``field`` is "name", "title", "email" or "phone" (or
    the AWS names Name, Title, EmailAddress, PhoneNumber)."""
    rule = _rule(field)
    length = len(value)
    if length < rule.min_length:
        return f"{rule.label} is required."
    if length > rule.max_length:
        return f"{rule.label} must be at most {rule.max_length} characters; it has {length}."
    if rule.pattern is not None and not rule.pattern.fullmatch(value):
        return f"{rule.label} {rule.pattern_rule}."
    return None


def validate_contact(name: str, title: str, email: str, phone: str) -> dict[str, str]:
    """Every problem of one alternate contact, keyed by field ("name", "title", "email",
    "phone"); an empty dict when AWS would accept it."""
    values = {"name": name, "title": title, "email": email, "phone": phone}
    problems = {field: validate_contact_field(field, value) for field, value in values.items()}
    return {field: message for field, message in problems.items() if message is not None}


def validate_contact_type(value: str) -> str | None:
    """None for BILLING, OPERATIONS or SECURITY (exact, upper case, as AWS wants it)."""
    if value in CONTACT_TYPES:
        return None
    return "Contact type must be one of BILLING, OPERATIONS, SECURITY."


def validate_account_id(value: str) -> str | None:
    """None when ``value`` is an AWS account id as the API takes it: exactly 12 ASCII digits."""
    if _ACCOUNT_ID.fullmatch(value):
        return None
    if not value:
        return "Account id is required."
    return "Account id must be exactly 12 digits (0-9), with no spaces or other characters."


def typed_name_matches(typed: str, expected: str) -> bool:
    """Whether the operator typed a resource's name (a bucket, a queue) exactly, to confirm a
    destructive action on it: surrounding whitespace is ignored, case and everything else is not."""
    return bool(expected) and typed.strip() == expected


def typed_account_id_matches(typed: str, expected: str) -> bool:
    """Whether what the operator typed to confirm a destructive action names ``expected``.

    Surrounding whitespace is ignored, and the id may be grouped in fours with a hyphen
    or a space (``1234-5678-9012``, as the console shows it). Nothing else is forgiven:
    the point is that the operator reads the account id, not that the check is lenient.
    False when ``expected`` is not itself a valid account id.
    """
    if validate_account_id(expected) is not None:
        return False
    match = _TYPED_ACCOUNT_ID.fullmatch(typed.strip())
    return match is not None and "".join(match.groups()) == expected


def _rule(field: str) -> FieldRule:
    key = _FIELD_ALIASES.get(field, field)
    try:
        return CONTACT_FIELDS[key]
    except KeyError:
        raise ValueError(f"unknown contact field {field!r}: expected one of {sorted(CONTACT_FIELDS)}") from None
