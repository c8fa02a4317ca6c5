"""Deterministic fakes for the UI tests: an account like acme's,
a fixed clock, a reader that can be told to fail or to wait, and an in-memory journal."""

from __future__ import annotations

import json
import threading
from datetime import datetime, timedelta, timezone
from typing import Any, Mapping

from rootkeeper.ceremonies.recording import actor_body
from rootkeeper.core.environment import AwsTarget, Environment
from rootkeeper.core.errors import RootkeeperError
from rootkeeper.core.identity import Identity, PrincipalKind
from rootkeeper.core.posture import (
    AlternateContact,
    ContactType,
    OrgInfo,
    RootAccessKey,
    RootCredentialRow,
    RootPosture,
)

NOW = datetime(2025, 6, 11, 9, 30, tzinfo=timezone.utc)
ACCOUNT = "314159265358"
OPERATOR = Identity(ACCOUNT, f"arn:aws:iam::{ACCOUNT}:user/operator", PrincipalKind.IAM_USER, alias="acme-mgmt")
ROOT = Identity(ACCOUNT, f"arn:aws:iam::{ACCOUNT}:root", PrincipalKind.ROOT, alias="acme-mgmt")


def fixed_clock() -> datetime:
    return NOW


def acme_like_posture(now: datetime = NOW) -> RootPosture:
    row = RootCredentialRow(
        arn=f"arn:aws:iam::{ACCOUNT}:root", created=now - timedelta(days=2000), password_enabled=None,
        password_last_used=now - timedelta(days=200), password_last_changed=None, mfa_active=False,
        access_keys=(RootAccessKey(1, True, created=now - timedelta(days=1100), last_used=now - timedelta(days=365),
                                   last_used_service="s3"),),
        cert_1_active=False, cert_2_active=False, report_generated=now)
    return RootPosture(
        account_id=ACCOUNT, observed_at=now, mfa_enabled=False, access_keys_present=1,
        signing_certificates_present=0, mfa_devices=(), credential_row=row,
        contacts={ContactType.SECURITY: None,
                  ContactType.BILLING: AlternateContact(ContactType.BILLING, "Priya Natarajan", "Finance",
                                                        "billing@acme.example", "+1 555 0100"),
                  ContactType.OPERATIONS: AlternateContact(ContactType.OPERATIONS, "Sam Okafor", "SRE",
                                                           "ops@acme.example", "+1 555 0101")},
        alerting=(), organization=OrgInfo("o-acme", ACCOUNT, True, True, True), password_present=True,
        root_email="aws-root@acme.example")


def rehearsal_environment(closed: list | None = None) -> Environment:
    def close() -> None:
        if closed is not None:
            closed.append(True)

    return Environment(target=AwsTarget(region="us-east-1"), rehearsal=True, scenario="acme", close=close,
                       management_account_id=ACCOUNT)  # acme's operator is in the management account


class FakeReader:
    """A PostureReader. ``gate`` (a threading.Event) holds the read until set, to see loading."""

    def __init__(self, identity: Identity = OPERATOR, posture: RootPosture | None = None,
                 error: RootkeeperError | None = None, gate: threading.Event | None = None) -> None:
        self.identity = identity
        self.posture = posture or acme_like_posture()
        self.error = error
        self.gate = gate
        self.reads = 0

    def identify(self, environment: Environment) -> Identity:
        return self.identity

    def read(self, environment, identity, *, now, progress):
        progress("Reading the credential report")
        if self.gate is not None:
            self.gate.wait(10)
        self.reads += 1
        if self.error is not None:
            raise self.error
        return self.posture


class FakeJournal:
    """The journal in memory: (kind, body) entries, written as rootkeeper.journal.Journal
    writes them (the same step body, the same refusal of a forbidden secret), unsigned."""

    def __init__(self) -> None:
        self.entries: list[tuple[str, dict]] = []
        self._forbidden: set[str] = set()

    def forbid(self, *secrets: str) -> None:
        self._forbidden.update(secrets)

    def allow(self, *secrets: str) -> None:
        self._forbidden.difference_update(secrets)

    def append(self, kind: str, body: Mapping[str, Any]) -> None:
        text = json.dumps(body, default=str, ensure_ascii=False)
        if any(secret in text for secret in self._forbidden):
            raise RootkeeperError("Refused to write a secret to the journal: this is a rootkeeper bug.")
        self.entries.append((kind, dict(body)))

    def record_step(self, *, actor: Any, runbook: str, step: str, step_kind: str, outcome: str,
                    evidence: Mapping[str, Any], note: str | None = None, witness: str | None = None,
                    ceremony_id: str | None = None, attested_by: str | None = None,
                    evidence_kind: str | None = None) -> None:
        body = {"actor": actor_body(actor), "runbook": runbook, "step": step, "step_kind": step_kind,
                "outcome": outcome, "evidence": dict(evidence), "ceremony_id": ceremony_id}
        body.update({name: value for name, value in (("note", note), ("witness", witness),
                                                     ("attested_by", attested_by), ("witnessed_by", witness),
                                                     ("evidence_kind", evidence_kind))
                     if value})
        self.append("step", body)


def journal_opener(journal: FakeJournal):
    return lambda rehearsal: journal
