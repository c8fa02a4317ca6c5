"""core/password: generated root passwords satisfy AWS's root password rules, and the
checker applies exactly those rules."""

from __future__ import annotations

import string

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from rootkeeper.core import password as password_module
from rootkeeper.core.password import (
    AMBIGUOUS,
    SYMBOLS,
    check_root_password,
    generate_root_password,
)

AWS_SYMBOLS = set("!@#$%^&*()<>[]{}|_+-=")  # as listed in AWS's rule
KINDS = (set(string.ascii_uppercase), set(string.ascii_lowercase), set(string.digits), AWS_SYMBOLS)


def kinds_in(value: str) -> int:
    return sum(1 for kind in KINDS if kind & set(value))


def stand_in(value: str) -> str:
    """Another string of the same length with the same kinds of character ('~' is of none)."""
    chosen = "".join(sample for kind, sample in zip(KINDS, "Qq7#") if kind & set(value))
    return chosen + "~" * (len(value) - len(chosen))


def test_symbols_are_the_ones_aws_lists():
    assert set(SYMBOLS) == AWS_SYMBOLS


def test_many_generated_passwords_all_pass_every_rule_and_all_differ():
    passwords = [generate_root_password() for _ in range(500)]
    assert len(set(passwords)) == len(passwords)
    for value in passwords:
        assert len(value) == 32
        assert kinds_in(value) == 4  # all four kinds: passes the console's stricter variant too
        assert not set(AMBIGUOUS) & set(value)
        assert set(value) <= set.union(*KINDS)
        assert check_root_password(value, email="root@acme.example", account_name="acme-mgmt") == []


@pytest.mark.parametrize("length", [8, 9, 64, 128])
def test_any_allowed_length(length):
    value = generate_root_password(length)
    assert len(value) == length and check_root_password(value) == []


@pytest.mark.parametrize("length", [0, 7, 129])
def test_lengths_aws_refuses_are_refused(length):
    with pytest.raises(ValueError, match="8 to 128"):
        generate_root_password(length)


def test_ambiguous_characters_can_be_allowed():
    seen = set("".join(generate_root_password(128, avoid_ambiguous=False) for _ in range(50)))
    assert set(AMBIGUOUS) <= seen


def test_a_draw_missing_a_kind_is_redrawn_whole(monkeypatch):
    # First draw: lowercase only (three kinds missing); second: one of each kind.
    draws = iter("abcdefgh" + "aB3!aB3!")
    monkeypatch.setattr(password_module.secrets, "choice", lambda alphabet: next(draws))
    assert generate_root_password(8) == "aB3!aB3!"


# -- the checker -------------------------------------------------------------------------

def test_an_acceptable_password_has_no_problems():
    assert check_root_password("correct-Horse-battery") == []  # three kinds, no digit: allowed


@pytest.mark.parametrize(("value", "expected"), [
    ("aB3!", ["The password must be at least 8 characters long; it has 4."]),
    ("aB3!" * 33, ["The password must be at most 128 characters long; it has 132."]),
    ("abcdefgh12", ["The password must include at least three of: uppercase letters, lowercase letters, "
                    "numbers, and symbols; it lacks uppercase letters and symbols (! @ # $ % ^ & * ( ) < > "
                    "[ ] { } | _ + - =)."]),
    ("éééééééé", ["The password must include at least three of: uppercase letters, lowercase letters, "
                  "numbers, and symbols; it lacks uppercase letters, lowercase letters, numbers and symbols "
                  "(! @ # $ % ^ & * ( ) < > [ ] { } | _ + - =)."]),
])
def test_each_broken_rule_is_named(value, expected):
    assert check_root_password(value) == expected


def test_the_email_and_the_account_name_are_refused_ignoring_case_and_spaces():
    assert check_root_password("Root+Admin@Acme.example", email="root+admin@acme.example") == [
        "The password must not be the same as the root email address."]
    assert check_root_password("Acme-Mgmt-2024 ", account_name="acme-mgmt-2024") == [
        "The password must not be the same as the account name."]


@settings(max_examples=300, derandomize=True, database=None)
@given(st.text(st.sampled_from(list("aZ9!é ~.") + ["\U0001f600"]), max_size=140) | st.text(max_size=140))
@example("Aa1" + "a" * 5)
@example("Aa!" + "a" * 125)
def test_the_checker_accepts_exactly_what_the_rules_accept(value):
    accepted_by_rules = 8 <= len(value) <= 128 and kinds_in(value) >= 3
    problems = check_root_password(value)
    assert (problems == []) == accepted_by_rules
    if len(value) >= 8:  # messages name rules, never the value: another value of that length and kinds gets the same
        # (not 'value not in message': a value such as 'uppercas' is part of a rule's own words)
        assert problems == check_root_password(stand_in(value))
