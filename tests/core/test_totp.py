"""core/totp: the otpauth URI and the local check of two consecutive codes, with a fixed
seed and a fixed clock for every verdict."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone

import pyotp
import pytest

from rootkeeper.core.totp import (
    AWS_ISSUER,
    STEPS_AHEAD,
    STEPS_BEHIND,
    CodeProblem,
    check_consecutive_codes,
    otpauth_uri,
)

SEED = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXQ"  # fixed, 32 Base32 characters
OTHER_SEED = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
NOW = datetime(2025, 6, 1, 12, 0, 10, tzinfo=timezone.utc)
NOW_STEP = int(NOW.timestamp()) // 30
TOTP = pyotp.TOTP(SEED)


def code(step_offset: int, seed: str = SEED) -> str:
    """The device's code for the time step ``step_offset`` steps from NOW's."""
    return pyotp.TOTP(seed).generate_otp(NOW_STEP + step_offset)


def check(code1: str, code2: str, *, now: datetime = NOW):
    return check_consecutive_codes(SEED, code1, code2, now=now)


# -- otpauth URI -------------------------------------------------------------------------

def test_uri_has_the_shape_of_awss_own_qr_codes():
    uri = otpauth_uri(SEED, account_label="acme-mgmt", user="breakglass")
    assert uri == ("otpauth://totp/Amazon%20Web%20Services:breakglass@acme-mgmt"
                   f"?secret={SEED}&issuer=Amazon%20Web%20Services")


def test_uri_parses_back_into_the_same_device():
    uri = otpauth_uri(SEED, account_label="123456789012", user="root")
    device = pyotp.parse_uri(uri)
    assert device.secret == SEED
    assert device.issuer == AWS_ISSUER
    assert device.name == "root@123456789012"
    assert device.at(NOW) == TOTP.at(NOW)


def test_uri_encodes_a_colon_inside_a_label_part_so_the_issuer_split_stays_unambiguous():
    uri = otpauth_uri(SEED, account_label="acme:prod", user="a b", issuer="rootkeeper")
    assert uri.startswith("otpauth://totp/rootkeeper:a%20b@acme%3Aprod?")
    assert pyotp.parse_uri(uri).name == "a b@acme:prod"


@pytest.mark.parametrize("issuer", ["", "Acme:Corp"])
def test_uri_refuses_an_issuer_that_would_break_the_label(issuer):
    with pytest.raises(ValueError, match="issuer"):
        otpauth_uri(SEED, account_label="acme", user="u", issuer=issuer)


@pytest.mark.parametrize("bad_seed", ["", "NOT-BASE32!", "ABC1"])
def test_a_malformed_seed_is_refused_without_echoing_it(bad_seed):
    with pytest.raises(ValueError) as raised:
        otpauth_uri(bad_seed, account_label="acme", user="u")
    assert str(raised.value) == "the MFA seed is not valid Base32"
    with pytest.raises(ValueError):
        check_consecutive_codes(bad_seed, code(-1), code(0), now=NOW)


# -- accepted pairs ----------------------------------------------------------------------

@pytest.mark.parametrize("second_step", range(-STEPS_BEHIND, STEPS_AHEAD + 1))
def test_two_consecutive_codes_inside_the_window_are_accepted(second_step):
    result = check(code(second_step - 1), code(second_step))
    assert result.ok and result.problem is None


def test_spaces_inside_and_around_a_code_are_ignored():
    first, second = code(-1), code(0)
    assert check(f" {first[:3]} {first[3:]} ", f"{second}\n").ok


def test_the_window_follows_the_clock_it_is_given():
    later = NOW + timedelta(minutes=10)
    assert check(code(19), code(20), now=later).ok
    assert not check(code(19), code(20)).ok


def test_a_naive_clock_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        check(code(-1), code(0), now=NOW.replace(tzinfo=None))


# -- one test per refusal, each with its message -----------------------------------------

@pytest.mark.parametrize(("code1", "code2", "which"), [
    ("12345", code(0), "The first code is"),
    (code(-1), "1234567", "The second code is"),
    ("abcdef", "12a456", "Both codes are"),
    ("١٢٣٤٥٦", code(0), "The first code is"),  # Arabic-Indic digits are not what the app shows
    ("", "", "Both codes are"),
])
def test_codes_that_are_not_six_digits(code1, code2, which):
    result = check(code1, code2)
    assert (result.ok, result.problem) == (False, CodeProblem.NOT_SIX_DIGITS)
    assert result.message.startswith(f"{which} not six digits")


def test_the_same_code_twice_says_to_wait_for_the_next_code():
    result = check(code(0), code(0))
    assert result.problem is CodeProblem.SAME_CODE_TWICE
    assert "same code twice" in result.message and "wait for it to change" in result.message


def test_codes_in_the_wrong_order():
    result = check(code(0), code(-1))
    assert result.problem is CodeProblem.WRONG_ORDER
    assert "wrong order" in result.message


def test_a_skipped_code_is_not_consecutive():
    result = check(code(-2), code(0))
    assert result.problem is CodeProblem.NOT_CONSECUTIVE
    assert "not consecutive" in result.message and "wait for it to change" in result.message


@pytest.mark.parametrize(("second_step", "minutes", "words"), [
    (10, 5, "about 5 minutes ahead of this computer's clock"),
    (-240, -120, "about 120 minutes behind this computer's clock (or the codes were typed that long ago)"),
    (-STEPS_BEHIND - 1, -2, "about 2 minutes behind"),  # just outside the window
    (2 * 60 * 13, 780, "about 780 minutes ahead"),  # a wrong time zone
])
def test_codes_from_a_time_far_from_now_name_the_clock_offset(second_step, minutes, words):
    result = check(code(second_step - 1), code(second_step))
    assert result.problem is CodeProblem.CLOCK_OFF
    assert result.clock_offset_minutes == minutes
    assert words in result.message
    assert "automatic (network) time" in result.message


def test_a_pair_beyond_the_skew_search_is_simply_wrong():
    result = check(code(3 * 24 * 120 - 1), code(3 * 24 * 120))  # three days ahead
    assert result.problem is CodeProblem.WRONG_CODES


def _code_the_device_never_shows_today() -> str:
    shown = {code(offset) for offset in range(-3200, 3201)}
    return next(c for c in (f"{n:06d}" for n in range(1_000_000)) if c not in shown)


@pytest.mark.parametrize("wrong_position", ["first", "second"])
def test_one_mistyped_code(wrong_position):
    typo = _code_the_device_never_shows_today()
    pair = (typo, code(0)) if wrong_position == "first" else (code(-1), typo)
    result = check(*pair)
    assert result.problem is CodeProblem.ONE_CODE_WRONG
    assert result.message.startswith(f"The {wrong_position} code does not match this device")


def test_codes_of_another_device_are_wrong_and_hint_at_a_different_qr_code():
    result = check(code(-1, OTHER_SEED), code(0, OTHER_SEED))
    assert result.problem is CodeProblem.WRONG_CODES
    assert result.message.startswith("The codes do not match this device")
    assert "scanned from this QR code" in result.message


# -- secrets stay out --------------------------------------------------------------------

@pytest.mark.parametrize(("code1", "code2"), [
    (code(-1), code(0)), (code(0), code(0)), (code(0), code(-1)), (code(-2), code(0)),
    (code(9), code(10)), (code(-1, OTHER_SEED), code(0, OTHER_SEED)), ("12345", code(0)),
])
def test_a_verdict_carries_neither_codes_nor_seed_and_nothing_is_logged(code1, code2, caplog):
    caplog.set_level(logging.DEBUG)
    result = check(code1, code2)
    shown = repr(result) + str(result) + result.message
    for secret in (SEED, code1, code2):
        assert secret not in shown
    assert caplog.records == []
