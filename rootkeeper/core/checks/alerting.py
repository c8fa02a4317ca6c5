"""Checks of root-activity alerting: the rule's pattern, tested by EventBridge itself."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rootkeeper.core.account_reading import AccountReader
from rootkeeper.core.checks.base import Check, fact, passed
from rootkeeper.core.step_contract import StepOutcome


def console_sign_in(account_id: str, identity: Mapping[str, Any]) -> dict[str, Any]:
    """A console sign-in as EventBridge delivers it (CloudTrail's ConsoleLogin, in us-east-1)."""
    return {"version": "0", "id": "00000000-0000-0000-0000-000000000000",
            "detail-type": "AWS Console Sign In via CloudTrail", "source": "aws.signin", "account": account_id,
            "time": "2025-01-01T00:00:00Z", "region": "us-east-1", "resources": [],
            "detail": {"eventVersion": "1.08", "userIdentity": dict(identity), "eventSource": "signin.amazonaws.com",
                       "eventName": "ConsoleLogin", "awsRegion": "us-east-1",
                       "responseElements": {"ConsoleLogin": "Success"}, "eventType": "AwsConsoleSignIn"}}


def root_sign_in(account_id: str) -> dict[str, Any]:
    return console_sign_in(account_id, {"type": "Root", "principalId": account_id,
                                        "arn": f"arn:aws:iam::{account_id}:root", "accountId": account_id})


def iam_user_sign_in(account_id: str) -> dict[str, Any]:
    return console_sign_in(account_id, {"type": "IAMUser", "principalId": "AIDAEXAMPLEUSER00001",
                                        "arn": f"arn:aws:iam::{account_id}:user/operator",
                                        "accountId": account_id, "userName": "operator"})


# The samples a rule is tested on: (what must match, what must not).
SAMPLES = {"console-sign-in": (root_sign_in, iam_user_sign_in)}


@dataclass(frozen=True)
class RuleMatchesEvent(Check):
    """events:TestEventPattern of the rule's own pattern: a sample root event matches it, and the
    same event by an IAM user does not (a rule matching every sign-in would bury the alert)."""

    rule_fact: str = "alert_rule"
    sample: str = "console-sign-in"
    account_fact: str = "account_id"

    def __post_init__(self) -> None:
        if self.sample not in SAMPLES:
            raise ValueError(f"no sample event {self.sample!r}: one of {sorted(SAMPLES)}")

    def verifies(self) -> str:
        return (f"TestEventPattern: rule {{{self.rule_fact}}} matches a root {self.sample} "
                f"and not an IAM user's.")

    def judge(self, reader: AccountReader, facts: Mapping[str, Any]) -> StepOutcome:
        rule, account = str(fact(facts, self.rule_fact)), str(fact(facts, self.account_fact))
        root_event, user_event = (make(account) for make in SAMPLES[self.sample])
        root_matches = reader.rule_matches_event(rule, root_event)
        user_matches = reader.rule_matches_event(rule, user_event)
        evidence = {"rule": rule, "sample": self.sample, "root_matches": root_matches, "iam_user_matches": user_matches}
        if not root_matches:
            return StepOutcome.failure(f"Rule {rule} does not match a root {self.sample}: root activity would raise "
                                       "no alert. Fix the rule's pattern, then check again.", evidence=evidence)
        if user_matches:
            return StepOutcome.failure(f"Rule {rule} also matches an IAM user's {self.sample}: every sign-in would "
                                       "raise an alert. Narrow the pattern to userIdentity.type Root, then check "
                                       "again.", evidence=evidence)
        return passed(f"EventBridge says rule {rule} matches a root {self.sample} and not an IAM user's.",
                      evidence=evidence)
