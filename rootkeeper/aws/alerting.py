"""Root-activity alerting: EventBridge rules in us-east-1 whose pattern matches root activity.

Console sign-in and IAM events are delivered to us-east-1, so that is where the rule must be."""

from __future__ import annotations

import json
from typing import Any

from rootkeeper.aws.errors import aws_errors
from rootkeeper.aws.session import AwsSession
from rootkeeper.core.errors import NotFoundError, RootkeeperError, ValidationError
from rootkeeper.core.posture import AlertingRule

ALERTING_REGION = "us-east-1"
ROOT_ACTIVITY_PATTERN = {
    "source": ["aws.signin", {"prefix": "aws."}],
    "detail-type": ["AWS Console Sign In via CloudTrail", "AWS API Call via CloudTrail"],
    "detail": {"userIdentity": {"type": ["Root"]}},
}


def region_of(arn: str) -> str:
    """The region an SNS ARN names (us-east-1 when it names none)."""
    parts = arn.split(":")
    return parts[3] if len(parts) > 3 and parts[3] else ALERTING_REGION


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
                    targets = _targets(events, rule)
                    rules.append(AlertingRule(name=rule["Name"], enabled=rule.get("State") == "ENABLED",
                                              targets=targets,
                                              confirmed_subscriptions=confirmed_subscriptions(session, targets)))
    return tuple(rules)


def confirmed_subscriptions(session: AwsSession, targets: tuple[str, ...]) -> int | None:
    """Confirmed subscriptions of the SNS topics among ``targets`` (a pending one alerts no one);
    None when no target is a topic, or the topics could not be read (sns:ListSubscriptionsByTopic).
    Each topic is read in its own region (its ARN's)."""
    topics = [arn for arn in targets if arn.startswith("arn:aws:sns:")]
    if not topics:
        return None
    confirmed = 0
    try:
        for topic in topics:
            sns = session.client("sns", region=region_of(topic))
            with aws_errors(f"list the subscriptions of {topic} (sns:ListSubscriptionsByTopic)"):
                for page in sns.get_paginator("list_subscriptions_by_topic").paginate(TopicArn=topic):
                    confirmed += sum(1 for sub in page.get("Subscriptions", [])
                                     if sub.get("SubscriptionArn", "").startswith("arn:"))
    except RootkeeperError:
        return None
    return confirmed


def _targets(events: Any, rule: dict[str, Any]) -> tuple[str, ...]:
    kwargs = {"Rule": rule["Name"]}
    if rule.get("EventBusName"):
        kwargs["EventBusName"] = rule["EventBusName"]
    with aws_errors(f"list the targets of EventBridge rule {rule['Name']}"):
        response = events.list_targets_by_rule(**kwargs)
    return tuple(target["Arn"] for target in response.get("Targets", []))


# -- creating the alert: the rule, its SNS topic, an email subscription ------------------------

TARGET_ID = "rootkeeper-root-activity-topic"


def create_root_alerting_rule(session: AwsSession, name: str) -> str:
    """PutRule in us-east-1 with ROOT_ACTIVITY_PATTERN, enabled; the rule's ARN."""
    events = session.client("events", region=ALERTING_REGION)
    with aws_errors(f"create EventBridge rule {name} in us-east-1 (events:PutRule)"):
        response = events.put_rule(Name=name, EventPattern=json.dumps(ROOT_ACTIVITY_PATTERN), State="ENABLED",
                                   Description="rootkeeper: root sign-ins and root API calls raise an alert")
    return str(response["RuleArn"])


def create_alert_topic(session: AwsSession, name: str, rule_arn: str) -> str:
    """CreateTopic in us-east-1, with a policy that lets the rule (EventBridge) publish; the topic's ARN."""
    sns = session.client("sns", region=ALERTING_REGION)
    with aws_errors(f"create SNS topic {name} in us-east-1 (sns:CreateTopic)"):
        topic_arn = str(sns.create_topic(Name=name)["TopicArn"])
    policy = {"Version": "2012-10-17", "Statement": [{
        "Sid": "RootkeeperRootActivityRule", "Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"},
        "Action": "sns:Publish", "Resource": topic_arn, "Condition": {"ArnEquals": {"aws:SourceArn": rule_arn}}}]}
    with aws_errors(f"let EventBridge publish to SNS topic {name} (sns:SetTopicAttributes)"):
        sns.set_topic_attributes(TopicArn=topic_arn, AttributeName="Policy", AttributeValue=json.dumps(policy))
    return topic_arn


def target_topic(session: AwsSession, rule: str, topic_arn: str) -> None:
    """PutTargets: the rule's events go to the topic. A target AWS reports as failed is an error."""
    events = session.client("events", region=ALERTING_REGION)
    with aws_errors(f"send the events of rule {rule} to the SNS topic (events:PutTargets)"):
        response = events.put_targets(Rule=rule, Targets=[{"Id": TARGET_ID, "Arn": topic_arn}])
    failed = response.get("FailedEntries") or []
    if failed:
        raise ValidationError(f"EventBridge did not add the topic as a target of rule {rule}: "
                              f"{failed[0].get('ErrorMessage', failed[0].get('ErrorCode', 'no reason given'))}.",
                              hint="Check the topic exists in us-east-1, then try again.")


def subscribe_email(session: AwsSession, topic_arn: str, email: str) -> str:
    """Subscribe ``email`` to the topic; AWS mails a confirmation link and holds the
    subscription pending until it is followed. The subscription's ARN (returned even while pending)."""
    sns = session.client("sns", region=region_of(topic_arn))
    with aws_errors(f"subscribe {email} to the alert topic (sns:Subscribe)"):
        response = sns.subscribe(TopicArn=topic_arn, Protocol="email", Endpoint=email, ReturnSubscriptionArn=True)
    return str(response["SubscriptionArn"])


def subscription_confirmed(session: AwsSession, subscription_arn: str) -> bool:
    """GetSubscriptionAttributes: False while PendingConfirmation is "true"."""
    sns = session.client("sns", region=region_of(subscription_arn))
    with aws_errors("read whether the email subscription is confirmed (sns:GetSubscriptionAttributes)"):
        attributes = sns.get_subscription_attributes(SubscriptionArn=subscription_arn)["Attributes"]
    return str(attributes.get("PendingConfirmation", "true")).lower() == "false"


def test_event_pattern(session: AwsSession, pattern: str | dict[str, Any], event: dict[str, Any]) -> bool:
    """events:TestEventPattern: whether ``pattern`` matches ``event``, as EventBridge decides it."""
    events = session.client("events", region=ALERTING_REGION)
    text = pattern if isinstance(pattern, str) else json.dumps(pattern)
    with aws_errors("test the rule's pattern against a sample event (events:TestEventPattern)"):
        return bool(events.test_event_pattern(EventPattern=text, Event=json.dumps(event))["Result"])


test_event_pattern.__test__ = False  # type: ignore[attr-defined]  # a gateway, not a pytest test


def rule_pattern(session: AwsSession, rule: str) -> str | None:
    """DescribeRule's EventPattern (None: the rule has none)."""
    events = session.client("events", region=ALERTING_REGION)
    with aws_errors(f"read EventBridge rule {rule} (events:DescribeRule)"):
        return events.describe_rule(Name=rule).get("EventPattern")


def rule_exists(session: AwsSession, rule: str) -> bool:
    try:
        rule_pattern(session, rule)
    except NotFoundError:
        return False
    return True


def delete_root_alerting(session: AwsSession, rule: str | None, topic_arn: str | None) -> None:
    """Undo of the creation: the rule's target, the rule, the topic (and its subscriptions). Whatever is
    already gone is left gone."""
    events = session.client("events", region=ALERTING_REGION)
    if rule:
        with aws_errors(f"delete EventBridge rule {rule} (events:RemoveTargets, events:DeleteRule)"):
            try:
                events.remove_targets(Rule=rule, Ids=[TARGET_ID])
                events.delete_rule(Name=rule)
            except events.exceptions.ResourceNotFoundException:
                pass
    if topic_arn:
        with aws_errors("delete the alert topic (sns:DeleteTopic)"):
            session.client("sns", region=ALERTING_REGION).delete_topic(TopicArn=topic_arn)
