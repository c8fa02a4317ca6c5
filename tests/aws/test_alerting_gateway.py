"""aws/alerting.py's calls for the root-alerting runbook, against the rehearsal world in process:
the rule, its topic and target, the email subscription, TestEventPattern, the undo."""

from __future__ import annotations

import pytest

from rootkeeper.aws import alerting
from rootkeeper.aws.account_reader import AwsAccountReader
from rootkeeper.aws.session import AwsSession
from rootkeeper.core.checks.alerting import iam_user_sign_in, root_sign_in
from rootkeeper.core.errors import NotFoundError, ValidationError

ACCOUNT = "314159265358"


@pytest.fixture(scope="module")
def world():
    from rootkeeper.rehearsal.world import start_world  # importing the world patches moto: not at collection

    world = start_world("acme", accounts=0, serve=False)
    yield world
    world.stop()


@pytest.fixture
def session(world) -> AwsSession:
    return AwsSession(world.environment("operator").target)


def test_the_rule_the_topic_and_the_subscription_make_a_root_alert(session):
    rule_arn = alerting.create_root_alerting_rule(session, "root-activity-a")
    topic_arn = alerting.create_alert_topic(session, "root-activity-a", rule_arn)
    alerting.target_topic(session, "root-activity-a", topic_arn)
    subscription = alerting.subscribe_email(session, topic_arn, "security@acme.example")
    assert subscription.startswith(topic_arn + ":")
    # the rehearsal world confirms email subscriptions at once (moto's own behaviour)
    assert alerting.subscription_confirmed(session, subscription) is True
    found = {rule.name: rule for rule in alerting.read_root_alerting_rules(session)}
    assert found["root-activity-a"].enabled and found["root-activity-a"].targets == (topic_arn,)
    alerting.delete_root_alerting(session, "root-activity-a", topic_arn)
    assert "root-activity-a" not in {rule.name for rule in alerting.read_root_alerting_rules(session)}
    alerting.delete_root_alerting(session, "root-activity-a", None)  # already gone: left gone


def test_event_bridge_says_the_pattern_matches_root_and_not_an_iam_user(session):
    pattern = alerting.ROOT_ACTIVITY_PATTERN
    assert alerting.test_event_pattern(session, pattern, root_sign_in(ACCOUNT)) is True
    assert alerting.test_event_pattern(session, pattern, iam_user_sign_in(ACCOUNT)) is False
    api_call = {**root_sign_in(ACCOUNT), "source": "aws.iam", "detail-type": "AWS API Call via CloudTrail"}
    assert alerting.test_event_pattern(session, pattern, api_call) is True
    with pytest.raises(ValidationError, match="TestEventPattern"):
        alerting.test_event_pattern(session, {"source": "aws.signin"}, root_sign_in(ACCOUNT))


def test_the_reader_tests_the_rules_own_pattern(session):
    alerting.create_root_alerting_rule(session, "root-activity-b")
    reader = AwsAccountReader(session)
    assert reader.rule_matches_event("root-activity-b", root_sign_in(ACCOUNT)) is True
    assert reader.rule_matches_event("root-activity-b", iam_user_sign_in(ACCOUNT)) is False
    with pytest.raises(NotFoundError, match="DescribeRule"):
        reader.rule_matches_event("no-such-rule", root_sign_in(ACCOUNT))


def test_a_subscription_pending_confirmation_is_not_confirmed():
    # AWS holds an email subscription pending until its link is followed; the rehearsal world
    # confirms at once (moto), so AWS's answer is stubbed here.
    from botocore.stub import Stubber

    from rootkeeper.core.environment import AwsTarget

    session = AwsSession(AwsTarget(access_key_id="testing", secret_access_key="testing"))
    sns = session.client("sns", region="us-east-1")
    arn = "arn:aws:sns:us-east-1:314159265358:rootkeeper-root-activity:0b6c"
    with Stubber(sns) as stub:
        stub.add_response("get_subscription_attributes", {"Attributes": {"PendingConfirmation": "true"}},
                          {"SubscriptionArn": arn})
        stub.add_response("get_subscription_attributes", {"Attributes": {"PendingConfirmation": "false"}},
                          {"SubscriptionArn": arn})
        assert alerting.subscription_confirmed(session, arn) is False
        assert alerting.subscription_confirmed(session, arn) is True
