"""No secret may enter the journal: refused in code, with an error naming the field only."""

from __future__ import annotations

import pytest

from rootkeeper.journal import SecretInJournalError

SEED = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # fixed (xdist collects in each worker), 32 chars of [A-Z2-7]
AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


@pytest.mark.parametrize("body", [
    {"password": "hunter2-correct-horse"},
    {"new_password": "x"},
    {"evidence": {"mfa_code": "123456"}},
    {"code_1": "1"},
    {"AuthenticationCode1": "1"},
    {"seed": "anything"},
    {"SecretAccessKey": "x"},
    {"session_token": "x"},
    {"token": "abc"},
], ids=repr)
def test_keys_named_like_secrets_are_refused(journal, body):
    with pytest.raises(SecretInJournalError, match="its name says"):
        journal.append("note", body)


@pytest.mark.parametrize(("body", "shape"), [
    ({"note": f"seed was {SEED}"}, "Base32"),
    ({"evidence": {"value": "JBSW Y3DP EHPK 3PXP"}}, "Base32"),
    ({"note": "123456"}, "six-digit"),
    ({"evidence": {"first": "123 456"}}, "six-digit"),
    ({"note": f"key {AWS_SECRET} leaked"}, "secret access key"),
    ({"evidence": {"uri": f"otpauth://totp/AWS:root?secret={SEED}&issuer=AWS"}}, "otpauth"),
    ({"evidence": {"list": ["ok", SEED]}}, "Base32"),
], ids=repr)
def test_values_shaped_like_secrets_are_refused(journal, body, shape):
    with pytest.raises(SecretInJournalError, match=shape) as raised:
        journal.append("note", body)
    assert SEED not in str(raised.value) and AWS_SECRET not in str(raised.value)


def test_nothing_is_written_when_a_body_is_refused(journal):
    before = journal.path.read_bytes()
    with pytest.raises(SecretInJournalError):
        journal.append("note", {"note": SEED})
    assert journal.path.read_bytes() == before


def test_forbidden_live_secrets_are_refused_until_allowed_again(journal):
    password = "Plain-Words-Passphrase!"  # no shape to catch it: only forbid() can
    journal.append("note", {"note": f"x {password}"})
    journal.forbid(password)
    with pytest.raises(SecretInJournalError, match="live secret"):
        journal.append("note", {"note": f"the password is {password}"})
    with pytest.raises(SecretInJournalError):
        journal.append("note", {"nested": [{"deep": password}]})
    journal.allow(password)
    journal.append("note", {"note": f"again {password}"})


def test_forbid_counts_so_one_allow_does_not_undo_two_forbids(journal):
    journal.forbid("s3cr3t-value", "s3cr3t-value")
    journal.allow("s3cr3t-value")
    with pytest.raises(SecretInJournalError):
        journal.append("note", {"note": "s3cr3t-value"})


def test_ordinary_evidence_passes(journal, actor):
    journal.record_step(actor=actor, runbook="delete-root-keys", step="list", step_kind="check", outcome="success",
                        evidence={"keys": [{"key_id": "AKIAIOSFODNN7EXAMPLE", "age_days": 412}],
                                  "password_last_used": "2025-01-02T03:04:05Z", "password_present": True,
                                  "serial": "arn:aws:iam::123456789012:mfa/root-account-mfa-device",
                                  "error_code": "AccessDenied", "seed_shown": True, "codes_verified": True,
                                  "digest": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                                  "sha1": "da39a3ee5e6b4b0d3255bfef95601890afd80709", "account_id": "123456789012",
                                  "count": 123456, "ticket": "654321", "code": None},
                        note="Deleted both keys; Bob watched. ACCOUNTMFAENABLED", witness="Bob")


def test_a_failed_steps_aws_error_code_is_journaled(journal, actor):
    """Every failed step carries evidence {"error": ..., "aws_error_code": ...} (core.step_binding):
    issue #8 trial, the auditor's denied contact write could not be journaled at all."""
    journal.record_step(actor=actor, runbook="update-contacts", step="write", step_kind="action", outcome="failure",
                        evidence={"error": "AccessDeniedError", "aws_error_code": "AccessDeniedException",
                                  "awsErrorCode": "AccessDenied"})
    with pytest.raises(SecretInJournalError):
        journal.append("note", {"aws_mfa_code": "123456"})
