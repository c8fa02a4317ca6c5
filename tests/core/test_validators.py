"""core/validators: alternate contacts and account ids accept exactly what AWS accepts.

The oracle is an independent transcription of AWS's (Java) rules: the service model's
lengths, and its patterns with Java's default character classes spelled out
(\\w = [A-Za-z0-9_], \\s = [ \\t\\n\\x0B\\f\\r], \\d = [0-9]) and whole-value matching."""

from __future__ import annotations

import gzip
import json
import re
from importlib.util import find_spec
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from rootkeeper.core.validators import (
    ACCOUNT_ID_PATTERN,
    CONTACT_FIELDS,
    EMAIL_PATTERN,
    PHONE_PATTERN,
    typed_account_id_matches,
    validate_account_id,
    validate_contact,
    validate_contact_field,
    validate_contact_type,
)

JAVA_W = "A-Za-z0-9_"
JAVA_S = " \t\n\x0b\x0c\r"
ORACLE_EMAIL = re.compile(f"[{JAVA_S}]*[{JAVA_W}+=.#|!&-]+@[{JAVA_W}.-]+\\.[{JAVA_W}]+[{JAVA_S}]*")
ORACLE_PHONE = re.compile(f"[{JAVA_S}0-9()+-]+")
ORACLE_ACCOUNT_ID = re.compile("[0-9]{12}")
LIMITS = {"name": (1, 64), "title": (1, 50), "email": (1, 254), "phone": (1, 25)}


def aws_accepts(field: str, value: str) -> bool:
    low, high = LIMITS[field]
    if not low <= len(value) <= high:
        return False
    pattern = {"email": ORACLE_EMAIL, "phone": ORACLE_PHONE}.get(field)
    return pattern is None or pattern.fullmatch(value) is not None


# Characters where ASCII and Unicode readings of \w, \s and \d part ways, and the
# characters each pattern cares about.
TRICKY = list("éßǅΣ_٣１\u00a0\u2028\u3000\x1c\x1f\x85\u200b") + ["\U0001f600", "K", "ı"]
WHITESPACE = list(" \t\n\x0b\x0c\r")
EMAIL_CHARS = list("az09AZ_+=.#|!&-@") + WHITESPACE + TRICKY
PHONE_CHARS = list("0123456789()+- ") + WHITESPACE + TRICKY + list(".x/")

any_text = st.text(max_size=300)
LOCAL_OK, DOMAIN_OK, TLD_OK = "abXZ09_+=.#|!&-", "abXZ09_.-", "abXZ09_"


@st.composite
def email_like(draw) -> str:
    """Mostly well-formed addresses, then perhaps one character swapped for a tricky one,
    so that both sides of the pattern's edge get explored."""
    def part(chars, max_size):
        return draw(st.text(st.sampled_from(chars), min_size=1, max_size=max_size))

    spaces = st.text(st.sampled_from(WHITESPACE + ["\u00a0", "\u2028"]), max_size=2)
    value = draw(spaces) + part(LOCAL_OK, 30) + "@" + part(DOMAIN_OK, 30) + "." + part(TLD_OK, 6) + draw(spaces)
    if draw(st.booleans()):
        position = draw(st.integers(0, len(value) - 1))
        value = value[:position] + draw(st.sampled_from(EMAIL_CHARS)) + value[position + 1:]
    if draw(st.integers(0, 9)) == 0:
        value = draw(st.sampled_from(LOCAL_OK)) * draw(st.integers(240, 260)) + value
    return value


phone_like = st.text(st.sampled_from(PHONE_CHARS), max_size=30)


# -- the rules themselves are AWS's ------------------------------------------------------

def test_rules_match_the_botocore_service_model():
    model_dir = Path(find_spec("botocore").origin).parent / "data" / "account"
    [model_file] = sorted(model_dir.glob("*/service-2.json.gz"))[-1:]
    shapes = json.loads(gzip.decompress(model_file.read_bytes()))["shapes"]
    for rule in CONTACT_FIELDS.values():
        shape = shapes[rule.aws_name]
        assert (shape["min"], shape["max"]) == (rule.min_length, rule.max_length)
        assert shape.get("pattern") == (rule.pattern.pattern if rule.pattern else None)
    assert shapes["EmailAddress"]["pattern"] == EMAIL_PATTERN
    assert shapes["PhoneNumber"]["pattern"] == PHONE_PATTERN
    assert shapes["AccountId"]["pattern"] == ACCOUNT_ID_PATTERN
    assert set(shapes["AlternateContactType"]["enum"]) == {"BILLING", "OPERATIONS", "SECURITY"}


# -- property tests: accept exactly what AWS accepts -------------------------------------

@settings(max_examples=300, derandomize=True, database=None)
@given(st.sampled_from(["name", "title"]), st.text(max_size=70) | st.text(st.sampled_from(TRICKY), max_size=70))
@example("name", "")
@example("name", "x" * 64)
@example("name", "x" * 65)
@example("title", " ")
@example("title", "\U0001f600" * 50)
def test_name_and_title_accept_exactly_the_lengths_aws_accepts(field, value):
    assert (validate_contact_field(field, value) is None) == aws_accepts(field, value)


@settings(max_examples=500, derandomize=True, database=None)
@given(email_like() | any_text)
@example("ops@example.com")
@example("  ops@example.com\t")
@example("josé@example.com")
@example("ops@exämple.com")
@example("ops@example.c\u00f3m")
@example("ops@example")
@example("ops@example.com\u00a0")
@example("a@b.c\n")
@example("a" * 246 + "@b.co")
@example("a" * 250 + "@b.co")
def test_email_accepts_exactly_what_aws_accepts(value):
    assert (validate_contact_field("email", value) is None) == aws_accepts("email", value)


@settings(max_examples=500, derandomize=True, database=None)
@given(phone_like | any_text)
@example("+1 (206) 555-0100")
@example("+1 206 555 0100 ext 2")
@example("٣٣٣")
@example("１２３")
@example("\u00a0123")
@example("\x0b123")
@example("1" * 25)
@example("1" * 26)
def test_phone_accepts_exactly_what_aws_accepts(value):
    assert (validate_contact_field("phone", value) is None) == aws_accepts("phone", value)


@settings(max_examples=300, derandomize=True, database=None)
@given(st.text(st.sampled_from(list("0123456789") + TRICKY + [" ", "-"]), max_size=14) | any_text)
@example("123456789012")
@example("12345678901")
@example("١٢٣٤٥٦٧٨٩٠١٢")
@example("123456789012\n")
def test_account_id_accepts_exactly_twelve_ascii_digits(value):
    assert (validate_account_id(value) is None) == (ORACLE_ACCOUNT_ID.fullmatch(value) is not None)


# -- messages an operator can act on -----------------------------------------------------

@pytest.mark.parametrize(("field", "value", "message"), [
    ("name", "", "Name is required."),
    ("title", "t" * 51, "Title must be at most 50 characters; it has 51."),
    ("phone", "+1 206 555 0100 ext 2", "Phone number may only contain digits, spaces, and ( ) + -."),
    ("PhoneNumber", "call me", "Phone number may only contain digits, spaces, and ( ) + -."),
    ("email", "e" * 255, "Email address must be at most 254 characters; it has 255."),
])
def test_messages_name_the_field_and_the_rule(field, value, message):
    assert validate_contact_field(field, value) == message


def test_email_message_explains_the_shape_and_the_ascii_rule():
    message = validate_contact_field("EmailAddress", "josé@example.com")
    assert message.startswith("Email address must look like name@example.com")
    assert "ASCII" in message


def test_unknown_field_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown contact field"):
        validate_contact_field("fax", "123")


def test_validate_contact_reports_every_bad_field_and_nothing_for_a_good_contact():
    assert validate_contact("Ana Ops", "Security lead", "security@acme.example", "+44 20 7946 0000") == {}
    problems = validate_contact("", "CISO", "not-an-email", "call me")
    assert set(problems) == {"name", "email", "phone"}
    assert problems["name"] == "Name is required."


@pytest.mark.parametrize(("value", "ok"), [("SECURITY", True), ("BILLING", True), ("OPERATIONS", True),
                                           ("security", False), ("", False), ("PRIMARY", False)])
def test_contact_type(value, ok):
    assert (validate_contact_type(value) is None) == ok


def test_account_id_messages():
    assert validate_account_id("") == "Account id is required."
    assert "exactly 12 digits" in validate_account_id("1234-5678-9012")


# -- typing an account id to confirm a destructive action --------------------------------

@pytest.mark.parametrize(("typed", "ok"), [
    ("123456789012", True),
    ("  123456789012\n", True),
    ("1234-5678-9012", True),
    ("1234 5678 9012", True),
    ("12345678-9012", True),
    ("123456789013", False),
    ("12345678901", False),
    ("1234--5678-9012", False),
    ("1-2-3-4-5-6-7-8-9-0-1-2", False),
    ("123456789012x", False),
    ("١٢٣٤٥٦٧٨٩٠١٢", False),
    ("", False),
])
def test_typed_account_id(typed, ok):
    assert typed_account_id_matches(typed, "123456789012") is ok


def test_typed_account_id_never_matches_an_invalid_expected_id():
    assert not typed_account_id_matches("", "")
    assert not typed_account_id_matches("1234", "1234")
