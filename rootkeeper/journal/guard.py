"""The guard every entry body passes before it is signed: secrets never enter the journal.

Enforced here, in code, not left to callers: a key named like a secret, a value shaped like
an MFA seed, a TOTP code, an AWS secret access key or an otpauth:// URI, or any value a
ceremony registered with ``forbid`` makes the whole entry refused. Errors name the field,
never the value.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from rootkeeper.journal.errors import SecretInJournalError

# A key is refused when its last word (ignoring a trailing number) is one of these...
_SECRET_WORDS = frozenset({"secret", "secrets", "password", "passwd", "passphrase", "seed", "code", "codes",
                           "token", "otp", "totp", "pin"})
# ...or when it contains one of these anywhere.
_SECRET_PHRASES = ("secret_access_key", "secretaccesskey", "private_key", "privatekey", "session_token",
                   "mfa_code", "authentication_code", "base32")
# Compound names that end in a secret word but name nothing secret.
_BENIGN_KEYS = frozenset({"error_code", "status_code", "http_status_code", "exit_code", "country_code",
                          "region_code", "response_code", "reason_code"})
# Fields where six digits are expected and are not an MFA code.
SIX_DIGIT_FIELDS = frozenset({"seq", "head_seq", "count", "length", "torn_length", "size", "bytes", "port",
                              "ticket", "change_id", "line", "entries", "serial"})

_WORD_SPLIT = re.compile(r"[^a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_BASE32_SEED = re.compile(r"(?<![A-Za-z0-9])(?:[A-Z2-7]{4}[ -]?){3,}[A-Z2-7]{4,}=*(?![A-Za-z0-9])")
# Access key ids and other AWS unique ids are upper-case alphanumerics too, but not secrets.
_AWS_ID = re.compile(r"^(AKIA|ASIA|AIDA|AROA|ANPA|ANVA|APKA|AGPA|AIPA|ABIA|ACCA)[A-Z0-9]{12,}$")
_SIX_DIGITS = re.compile(r"^\s*\d{3}[ -]?\d{3}\s*$")
_AWS_SECRET_KEY = re.compile(r"(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])")
_OTPAUTH = re.compile(r"otpauth(-migration)?://", re.IGNORECASE)


def _normal_key(key: str) -> str:
    return "_".join(w for w in _WORD_SPLIT.split(_CAMEL.sub("_", key).lower()) if w)


def secret_key_name(key: str) -> bool:
    normal = _normal_key(key)
    if normal in _BENIGN_KEYS or any(normal.endswith("_" + benign) for benign in _BENIGN_KEYS):
        return False  # "aws_error_code", the evidence of every failed step, as well as "error_code"
    if any(phrase in normal or phrase in normal.replace("_", "") for phrase in _SECRET_PHRASES):
        return True
    words = [w for w in normal.split("_") if not w.isdigit()]
    # "code1" and "code_1" alike
    last = re.sub(r"\d+$", "", words[-1]) if words else ""
    return last in _SECRET_WORDS


def _looks_like_aws_secret_key(text: str) -> bool:
    for match in _AWS_SECRET_KEY.finditer(text):
        token = match.group(0)
        # A secret access key mixes cases and digits; hex digests and words do not.
        if re.search(r"[a-z]", token) and re.search(r"[A-Z]", token) and re.search(r"[0-9/+]", token):
            return True
    return False


def _looks_like_seed(text: str) -> bool:
    for match in _BASE32_SEED.finditer(text):
        grouped = match.group(0)
        token = re.sub(r"[ -]", "", grouped).rstrip("=")
        if len(token) < 16 or _AWS_ID.match(token):
            continue
        # A random seed nearly always holds a digit 2-7; an all-letter run is a seed only
        # when grouped as apps show seeds, or too long to be a word (ACCOUNTMFAENABLED is not).
        if re.search(r"[2-7]", token) or grouped != token or len(token) >= 26:
            return True
    return False


def secret_shape(text: str, field: str) -> str | None:
    """What secret ``text`` looks like, or None."""
    if _OTPAUTH.search(text):
        return "an otpauth:// URI (it carries an MFA seed)"
    if _looks_like_seed(text):
        return "a Base32 MFA seed"
    if _looks_like_aws_secret_key(text):
        return "an AWS secret access key"
    if field not in SIX_DIGIT_FIELDS and _SIX_DIGITS.match(text):
        return "a six-digit MFA code"
    return None


def _walk(value: Any, path: str) -> Iterator[tuple[str, str, Any]]:
    """(path, last key, value) of every leaf, and of every key as a pseudo-leaf."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield f"{path}.{key}", str(key), item
            yield from _walk(item, f"{path}.{key}")
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _walk(item, f"{path}[{index}]")


def check_body(body: dict[str, Any], forbidden: frozenset[str] = frozenset()) -> None:
    """Raise SecretInJournalError when ``body`` holds, or looks like it holds, a secret."""
    for path, key, value in _walk(body, "body"):
        if secret_key_name(key) and value not in (None, False, True, "", [], {}):
            raise SecretInJournalError(
                f"Refused to journal the field {path}: its name says it holds a secret.",
                hint="Journal that the secret exists or was checked (e.g. 'seed_shown': true), never its value.")
        if isinstance(value, str) or (isinstance(value, (int, float)) and not isinstance(value, bool)):
            text = str(value)
            if forbidden and any(secret and secret in text for secret in forbidden):
                raise SecretInJournalError(f"Refused to journal the field {path}: it contains a live secret of "
                                           "this ceremony.", hint="This is a rootkeeper bug; please report it.")
            if isinstance(value, str):
                shape = secret_shape(value, _normal_key(key))
                if shape:
                    raise SecretInJournalError(f"Refused to journal the field {path}: it looks like {shape}.",
                                               hint="Describe what was done in words; never paste a seed, "
                                                    "code, password or secret key into a note.")
    for path, text in _strings_in_lists(body, "body"):
        shape = secret_shape(text, "")
        hit = any(secret and secret in text for secret in forbidden)
        if shape or hit:
            raise SecretInJournalError(f"Refused to journal {path}: it looks like {shape or 'a live secret'}.")


def _strings_in_lists(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """Strings directly inside lists (they have no key of their own for _walk to report)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _strings_in_lists(item, f"{path}.{key}")
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            if isinstance(item, str):
                yield f"{path}[{index}]", item
            else:
                yield from _strings_in_lists(item, f"{path}[{index}]")
