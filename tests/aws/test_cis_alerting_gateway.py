"""The CIS 4.3 path read from plain moto: a trail sending to CloudWatch Logs, the root-usage metric
filter there, an alarm on its metric notifying a topic with a subscription; what does not count
(another pattern, an alarm that needs five uses, a trail with no log group), and a refusal."""

from __future__ import annotations

import json

import boto3
import pytest
from moto import mock_aws
from moto.core import set_initial_no_auth_action_count

from rootkeeper.aws.cis_alerting import read_cis_alerting
from rootkeeper.aws.session import AwsSession
from rootkeeper.core.cis_pattern import CIS_ROOT_PATTERN, is_cis_root_pattern
from rootkeeper.core.environment import AwsTarget
from rootkeeper.core.errors import AccessDeniedError

GROUP = "trail-logs"


def trail(session: AwsSession, log_group: bool = True) -> None:
    session.client("s3").create_bucket(Bucket="trail-bucket")
    kwargs = {}
    if log_group:
        session.client("logs").create_log_group(logGroupName=GROUP)
        kwargs = {"CloudWatchLogsLogGroupArn": f"arn:aws:logs:us-east-1:123456789012:log-group:{GROUP}:*",
                  "CloudWatchLogsRoleArn": "arn:aws:iam::123456789012:role/trail-to-logs"}
    session.client("cloudtrail").create_trail(Name="main", S3BucketName="trail-bucket", IsMultiRegionTrail=True,
                                              **kwargs)


def alarm(session: AwsSession, pattern: str = CIS_ROOT_PATTERN, threshold: float = 1.0) -> str:
    session.client("logs").put_metric_filter(
        logGroupName=GROUP, filterName="root-usage", filterPattern=pattern,
        metricTransformations=[{"metricName": "RootUsage", "metricNamespace": "CIS", "metricValue": "1"}])
    topic = session.client("sns").create_topic(Name="cis")["TopicArn"]
    session.client("sns").subscribe(TopicArn=topic, Protocol="email", Endpoint="sec@example.com")
    session.client("cloudwatch").put_metric_alarm(
        AlarmName="root-usage", MetricName="RootUsage", Namespace="CIS", Statistic="Sum", Period=300,
        EvaluationPeriods=1, Threshold=threshold, ComparisonOperator="GreaterThanOrEqualToThreshold",
        AlarmActions=[topic])
    return topic


def test_the_cis_filter_and_alarm_are_found_with_their_confirmed_subscription(moto_session):
    trail(moto_session)
    topic = alarm(moto_session)
    found = read_cis_alerting(moto_session)
    assert found.log_groups == (GROUP,)
    [cis] = found.alarms
    assert (cis.filter_name, cis.metric, cis.alarm, cis.actions, cis.confirmed_subscriptions) == (
        "root-usage", "CIS/RootUsage", "root-usage", (topic,), 1)


@pytest.mark.parametrize("pattern, threshold", [('{ $.eventName = "ConsoleLogin" }', 1.0), (CIS_ROOT_PATTERN, 5.0)])
def test_another_pattern_or_an_alarm_needing_several_uses_does_not_count(moto_session, pattern, threshold):
    trail(moto_session)
    alarm(moto_session, pattern, threshold)
    assert read_cis_alerting(moto_session).alarms == ()


def test_a_trail_without_a_log_group_gives_no_log_group(moto_session):
    trail(moto_session, log_group=False)
    assert read_cis_alerting(moto_session).log_groups == ()


def test_the_pattern_is_recognised_whatever_its_spacing():
    assert is_cis_root_pattern(" ".join(CIS_ROOT_PATTERN.replace(" ", "").split("&&")).replace(" ", "  && "))
    assert not is_cis_root_pattern('{ $.userIdentity.type = "Root" }')
    assert not is_cis_root_pattern(None)


def test_an_identity_denied_the_metric_filters_is_refused_with_the_action_named():
    deny = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"},
                                                  {"Effect": "Deny", "Resource": "*",
                                                   "Action": "logs:DescribeMetricFilters"}]}

    @set_initial_no_auth_action_count(6)
    @mock_aws
    def scenario():
        admin = AwsSession(AwsTarget(access_key_id="testing", secret_access_key="testing"))
        trail(admin)
        iam = boto3.client("iam", region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing")
        iam.create_user(UserName="auditor")
        iam.put_user_policy(UserName="auditor", PolicyName="deny", PolicyDocument=json.dumps(deny))
        key = iam.create_access_key(UserName="auditor")["AccessKey"]
        return read_cis_alerting(AwsSession(AwsTarget(access_key_id=key["AccessKeyId"],
                                                      secret_access_key=key["SecretAccessKey"])))

    with pytest.raises(AccessDeniedError, match="logs:DescribeMetricFilters"):
        scenario()
