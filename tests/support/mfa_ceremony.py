"""Helpers of the ceremony tests: a clock shared by the world and the ceremony, codes as
the authenticator app would show them, a recorder that keeps a list, and a journal fake."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pyotp

USER = {"user_name": "breakglass", "custodian": "Alice Example"}


def app_codes(seed: str, now: datetime) -> dict[str, str]:
    """Two consecutive codes as the app shows them: the previous window's, then the current one's."""
    totp = pyotp.TOTP(seed)
    return {"code_1": totp.at(now - timedelta(seconds=30)), "code_2": totp.at(now)}


@dataclass
class ListRecorder:
    steps: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)

    def record_step(self, **entry: Any) -> None:
        self.steps.append(entry)

    def record_ceremony(self, **entry: Any) -> None:
        self.events.append(entry)

    def outcomes(self) -> list[tuple[str, str]]:
        return [(entry["step"], entry["outcome"]) for entry in self.steps]


class ForbiddenSecretWritten(AssertionError):
    pass


@dataclass
class FileJournal:
    """Stands in for rootkeeper.journal.Journal: JSON lines in a file, refusing forbidden values."""

    path: Path
    forbidden: set[str] = field(default_factory=set)
    forbid_calls: int = 0
    allow_calls: int = 0

    def forbid(self, *secrets: str) -> None:
        self.forbid_calls += 1
        self.forbidden.update(secrets)

    def allow(self, *secrets: str) -> None:
        self.allow_calls += 1
        self.forbidden.difference_update(secrets)

    def append(self, kind: str, body: dict[str, Any]) -> dict[str, Any]:
        line = json.dumps({"kind": kind, "body": body}, sort_keys=True, default=str)
        leaked = [value for value in self.forbidden if value in line]
        if leaked:
            raise ForbiddenSecretWritten(f"{len(leaked)} forbidden value(s) in a {kind} entry")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")
        return {"kind": kind, "body": body}

    def record_step(self, *, actor: Any, runbook: str, step: str, step_kind: str, outcome: str,
                    evidence: dict[str, Any], note: str | None = None, witness: str | None = None,
                    ceremony_id: str | None = None, attested_by: str | None = None,
                    evidence_kind: str | None = None) -> dict[str, Any]:
        return self.append("step", {"actor": str(actor), "runbook": runbook, "step": step, "step_kind": step_kind,
                                    "outcome": outcome, "evidence": evidence, "note": note, "witness": witness,
                                    "ceremony_id": ceremony_id, "attested_by": attested_by,
                                    "evidence_kind": evidence_kind})

    def entries(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.path.read_text(encoding="utf-8").splitlines()]


def files_containing(root: Path, secrets: list[str]) -> list[str]:
    """Every file under ``root`` in which one of ``secrets`` appears (six-digit codes as whole tokens)."""
    found = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        text = path.read_bytes().decode("utf-8", errors="replace")
        for secret in secrets:
            pattern = re.escape(secret) if len(secret) > 8 else r"(?<![0-9A-Za-z])" + re.escape(secret) + r"(?![0-9A-Za-z])"
            if re.search(pattern, text):
                found.append(f"{path.relative_to(root)}")
    return found


def run_iam_user_mfa_to_the_end(journal, session, identity, clock, *, operator: str, witness: str):
    """The IAM-user MFA ceremony run to its end in ``journal`` (the real one), as an operator
    would: (the ceremony, the seed, the two codes); the secrets are the caller's to look for."""
    from rootkeeper.ceremonies.mfa import IamUserVirtualMfa
    from rootkeeper.ceremonies.recording import JournalRecorder
    from rootkeeper.core.ceremony import Ceremony
    from rootkeeper.core.runbooks import IAM_USER_VIRTUAL_MFA, mfa
    from rootkeeper.journal import Actor

    recorder = JournalRecorder(journal, Actor.current(operator=operator, identity=identity))
    handlers, undo = IamUserVirtualMfa(session, clock=clock).bound()
    ceremony = Ceremony.start(IAM_USER_VIRTUAL_MFA, identity=identity, handlers=handlers, undo_handlers=undo,
                              recorder=recorder, clock=clock)
    recorder.watch(ceremony.secrets)
    ceremony.run_step(inputs=USER)
    ceremony.run_step()
    seed = ceremony.secrets.get(mfa.SEED)
    ceremony.run_step()
    codes = app_codes(seed, clock.now)
    ceremony.run_step(secret_inputs=codes)
    ceremony.run_step()
    ceremony.run_step(witness=witness)
    return ceremony, seed, codes
