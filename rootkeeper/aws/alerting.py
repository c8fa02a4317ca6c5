"""Root-activity alerting: EventBridge rules in us-east-1 whose pattern matches root activity.

Console sign-in and IAM events are delivered to us-east-1, so that is where the rule must be."""

from __future__ import annotations

import json
from typing import Any

from rootkeeper.aws.errors import aws_errors
from rootkeeper.aws.session import AwsSession
from rootkeeper.core.posture import AlertingRule

ALERTING_REGION = "us-east-1"
ROOT_ACTIVITY_PATTERN = {
    "detail-type": ["AWS Console Sign In via CloudTrail", "AWS API Call via CloudTrail"],
    "detail": {"userIdentity": {"type": ["Root"]}},
}


def matches_root_activity(event_pattern: str | dict[str, Any] | None) -> bool:
    """True when the pattern selects events by ``detail.userIdentity.type`` including "Root"."""
    if not event_pattern:
        return False
    try:
        pattern = json.loads(event_pattern) if isinstance(event_pattern, str) else event_pattern
    except ValueError:
        return False  # a pattern AWS accepted but we cannot read is not evidence of alerting
    identity = ((pattern.get("detail") or {}) if isinstance(pattern, dict) else {}).get("userIdentity")
    wanted = identity.get("type") if isinstance(identity, dict) else None
    if not isinstance(wanted, list):
        return False
    # Plain values ("Root") or content filters ({"equals-ignore-case": "root"}, {"prefix": "Ro"}).
    for value in wanted:
        if isinstance(value, str) and value == "Root":
            return True
        if isinstance(value, dict):
            text = value.get("equals-ignore-case") or value.get("prefix") or value.get("wildcard")
            if isinstance(text, str) and "root".startswith(text.lower().rstrip("*")) and text:
                return True
    return False


def read_root_alerting_rules(session: AwsSession) -> tuple[AlertingRule, ...]:
    events = session.client("events", region=ALERTING_REGION)
    rules: list[AlertingRule] = []
    with aws_errors("list EventBridge rules in us-east-1 (events:ListRules)"):
        for page in events.get_paginator("list_rules").paginate():
            for rule in page.get("Rules", []):
                if matches_root_activity(rule.get("EventPattern")):
                    rules.append(AlertingRule(name=rule["Name"], enabled=rule.get("State") == "ENABLED",
                                              targets=_targets(events, rule)))
    return tuple(rules)


def _targets(events: Any, rule: dict[str, Any]) -> tuple[str, ...]:
    kwargs = {"Rule": rule["Name"]}
    if rule.get("EventBusName"):
        kwargs["EventBusName"] = rule["EventBusName"]
    with aws_errors(f"list the targets of EventBridge rule {rule['Name']}"):
        response = events.list_targets_by_rule(**kwargs)
    return tuple(target["Arn"] for target in response.get("Targets", []))
