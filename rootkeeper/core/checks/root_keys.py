"""Checks of the root user's access keys."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rootkeeper.core.account_reading import AccountReader
from rootkeeper.core.checks.base import Check, fact, passed
from rootkeeper.core.step_contract import StepOutcome


@dataclass(frozen=True)
class NoRootAccessKeys(Check):
    """GetAccountSummary AccountAccessKeysPresent == 0 (or no key listed, from a bare root session)."""

    account_fact: str = "account_id"

    def verifies(self) -> str:
        return f"GetAccountSummary reports AccountAccessKeysPresent = 0 for account {{{self.account_fact}}}."

    def judge(self, reader: AccountReader, facts: Mapping[str, Any]) -> StepOutcome:
        account = fact(facts, self.account_fact)
        read = reader.root_access_keys_present()
        evidence = {"account_access_keys_present": read.count, "checked_with": read.checked_with}
        if read.count:
            what = "Root access keys" if read.by_listing else "AccountAccessKeysPresent"
            return StepOutcome.failure(f"{what} = {read.count}: a root access key remains in account {account}. "
                                       "Delete it (in the console if needed), then check again.", evidence=evidence)
        return passed(f"AccountAccessKeysPresent = 0: the root user of account {account} has no access keys.",
                      evidence=evidence)
