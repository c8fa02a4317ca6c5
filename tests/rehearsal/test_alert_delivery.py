"""Root activity reaches the rehearsal inbox (issue 11): a root console sign-in or a root API call
that changes something is matched against the account's EventBridge rules and emailed by SNS to
the confirmed subscriptions; the CIS 4.3 path counts root events in the trail's log group, and the
alarm notifies once per period. An IAM user's activity, a read-only root call (EventBridge), a
pending subscription and an account without alerting raise nothing."""

from __future__ import annotations

import json

import pytest

from rootkeeper.core.cis_pattern import CIS_ROOT_PATTERN
from rootkeeper.rehearsal.alert_inbox import inbox_of
from rootkeeper.rehearsal.scenario_trail import LOG_GROUP
from tests.support.rehearsal_clients import MGMT, Clients

ROOT_PATTERN = {"source": ["aws.signin", {"prefix": "aws."}],
                "detail-type": ["AWS Console Sign In via CloudTrail", "AWS API Call via CloudTrail"],
                "detail": {"userIdentity": {"type": ["Root"]}}}
SEC = "security@acme.example"


@pytest.fixture
def aws(local_world) -> Clients:
    return Clients(local_world)


def inbox(world):
    return inbox_of(world.state).emails(MGMT)


def eventbridge_alerting(aws, endpoint: str = SEC) -> str:
    topic = aws("sns").create_topic(Name="root-activity")["TopicArn"]
    events = aws("events")
    events.put_rule(Name="root-activity", EventPattern=json.dumps(ROOT_PATTERN), State="ENABLED")
    events.put_targets(Rule="root-activity", Targets=[{"Id": "sns", "Arn": topic}])
    aws("sns").subscribe(TopicArn=topic, Protocol="email", Endpoint=endpoint)
    return topic


def cis_alerting(aws) -> None:
    aws("logs").put_metric_filter(logGroupName=LOG_GROUP, filterName="root-usage", filterPattern=CIS_ROOT_PATTERN,
                                  metricTransformations=[{"metricName": "RootUsage", "metricNamespace": "CIS",
                                                          "metricValue": "1"}])
    topic = aws("sns").create_topic(Name="cis-root")["TopicArn"]
    aws("sns").subscribe(TopicArn=topic, Protocol="email", Endpoint=SEC)
    aws("cloudwatch").put_metric_alarm(AlarmName="root-usage", MetricName="RootUsage", Namespace="CIS",
                                       Statistic="Sum", Period=300, EvaluationPeriods=1, Threshold=1.0,
                                       ComparisonOperator="GreaterThanOrEqualToThreshold", AlarmActions=[topic])


def test_a_root_console_sign_in_emails_the_rules_confirmed_subscription(local_world, aws):
    eventbridge_alerting(aws)
    aws("iam").list_users()  # an IAM user's call: no alert
    local_world.console.sign_in_root(MGMT, "Acme-Root-2021!")
    [email] = inbox(local_world)
    assert email.to == SEC and email.summary == f"root sign-in to the console of {MGMT}"
    assert email.via == "EventBridge rule root-activity → root-activity"


def test_a_root_api_call_that_changes_something_alerts_and_a_read_does_not(local_world, aws):
    eventbridge_alerting(aws)
    aws("iam", "root").list_users()  # read-only: EventBridge does not receive it
    assert inbox(local_world) == []
    aws("iam", "root").update_access_key(AccessKeyId="AKIAACMEROOTKEY00002", Status="Inactive")
    [email] = inbox(local_world)
    assert email.summary == f"root called UpdateAccessKey (iam.amazonaws.com) in {MGMT}, us-east-1"


def test_a_pending_subscription_and_a_disabled_rule_receive_nothing(local_world, aws):
    from moto.sns.models import sns_backends

    topic = eventbridge_alerting(aws)
    for subscription in sns_backends[MGMT]["us-east-1"].list_subscriptions_by_topic(topic)[0]:
        subscription.attributes["PendingConfirmation"] = "true"  # the link in the email not followed yet
    local_world.console.sign_in_root(MGMT, "Acme-Root-2021!")
    assert inbox(local_world) == []
    aws("events").disable_rule(Name="root-activity")
    for subscription in sns_backends[MGMT]["us-east-1"].list_subscriptions_by_topic(topic)[0]:
        subscription.attributes["PendingConfirmation"] = False
    local_world.console.sign_in_root(MGMT, "Acme-Root-2021!")
    assert inbox(local_world) == []


def test_without_alerting_a_root_sign_in_raises_nothing(local_world):
    local_world.console.sign_in_root(MGMT, "Acme-Root-2021!")
    assert inbox(local_world) == []


def test_the_cis_alarm_counts_root_use_and_notifies_once_per_period(local_world, aws, manual_clock):
    cis_alerting(aws)
    aws("iam").list_users()  # an IAM user: not counted
    assert inbox(local_world) == []
    local_world.console.sign_in_root(MGMT, "Acme-Root-2021!")
    [email] = inbox(local_world)
    assert email.subject == 'ALARM: "root-usage" in us-east-1' and email.to == SEC
    assert email.via == "CloudWatch alarm root-usage → cis-root"
    [alarm] = aws("cloudwatch").describe_alarms(AlarmNames=["root-usage"])["MetricAlarms"]
    assert alarm["StateValue"] == "ALARM"
    manual_clock.advance(minutes=1)
    aws("iam", "root").list_users()  # counted (CloudTrail logs reads too), but the alarm is already in ALARM
    assert len(inbox(local_world)) == 1
    manual_clock.advance(minutes=6)
    aws("iam", "root").list_users()
    assert len(inbox(local_world)) == 2
