"""root-alerting-cis against the acme rehearsal world (its organization trail sends to a CloudWatch
Logs group): the CIS 4.3 metric filter, the alarm and its topic created after a Yes, read back with
DescribeMetricFilters / DescribeAlarms, the subscription checked, the control passing by this path
alone, the undo; and a world with no trail to CloudWatch Logs saying so, with no ✔."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from rootkeeper.aws.cis_alerting import read_cis_alerting
from rootkeeper.ceremonies.registry import handlers_for
from rootkeeper.core.ceremony import CeremonyStatus
from rootkeeper.core.cis_pattern import CIS_ROOT_PATTERN
from rootkeeper.core.runbooks import RUNBOOKS
from rootkeeper.core.runbooks import alerting_cis as rb
from rootkeeper.core.step_contract import Outcome
from rootkeeper.rehearsal.scenario_trail import LOG_GROUP
from tests.support.acme_ceremony import control_status, start_ceremony

NOW = datetime(2025, 3, 14, 12, 0, tzinfo=timezone.utc)
EMAIL = "security@acme.example"


@pytest.fixture
def start(environment, session, identity, recorder, clock):
    def begin():
        return start_ceremony(rb.ROOT_ALERTING_CIS, handlers_for(rb.ROOT_ALERTING_CIS, environment, session, clock),
                              identity, recorder, clock)
    return begin


def test_it_is_in_the_catalogue_and_reuses_the_subscription_steps():
    assert RUNBOOKS["root-alerting-cis"] is rb.ROOT_ALERTING_CIS
    assert rb.ROOT_ALERTING_CIS.steps[-1] is RUNBOOKS["root-alerting"].steps[-1]


def test_the_filter_and_alarm_are_created_read_back_and_the_control_passes(start, session):
    assert control_status(session, "root-alerting", NOW) == "fail"
    ceremony = start()
    found = ceremony.run_step()
    assert found.outcome is Outcome.OK, found.message
    assert found.evidence["log_group"] == LOG_GROUP
    assert ceremony.run_step(inputs={"email": EMAIL}).outcome is Outcome.FAILED  # not confirmed: nothing made
    assert read_cis_alerting(session).alarms == ()
    created = ceremony.run_step(inputs={"email": EMAIL}, confirmed=True)
    assert created.outcome is Outcome.OK, created.message
    checked = ceremony.run_step()
    assert checked.outcome is Outcome.OK, checked.message
    assert checked.evidence["alarm_threshold"] == 1.0 and checked.evidence["alarm_period"] == 300
    assert ceremony.run_step().outcome is Outcome.OK  # the operator followed the link
    assert ceremony.run_step().outcome is Outcome.OK
    assert ceremony.status is CeremonyStatus.FINISHED
    # read back as the AWS CLI would
    logs = session.client("logs", region="us-east-1")
    [metric_filter] = logs.describe_metric_filters(logGroupName=LOG_GROUP)["metricFilters"]
    assert metric_filter["filterPattern"] == CIS_ROOT_PATTERN
    cloudwatch = session.client("cloudwatch", region="us-east-1")
    [alarm] = cloudwatch.describe_alarms(AlarmNames=[rb.ALARM_NAME])["MetricAlarms"]
    assert alarm["AlarmActions"] == [created.evidence["alert_topic"]]
    assert alarm["ComparisonOperator"] == "GreaterThanOrEqualToThreshold" and alarm["Period"] == 300
    # the EventBridge path is absent: the control passes by the CIS path alone
    assert control_status(session, "root-alerting", NOW) == "pass"
    [cis_alarm] = read_cis_alerting(session).alarms
    assert (cis_alarm.log_group, cis_alarm.alarm, cis_alarm.confirmed_subscriptions) == (LOG_GROUP, rb.ALARM_NAME, 1)


def test_aborting_after_the_creation_deletes_filter_alarm_and_topic(start, session):
    ceremony = start()
    ceremony.run_step()
    created = ceremony.run_step(inputs={"email": EMAIL}, confirmed=True)
    report = ceremony.abort(reason="wrong address")
    assert report.undone == (rb.CREATE_CIS_ALARM,)
    assert session.client("logs", region="us-east-1").describe_metric_filters(
        logGroupName=LOG_GROUP)["metricFilters"] == []
    assert session.client("cloudwatch", region="us-east-1").describe_alarms()["MetricAlarms"] == []
    topics = session.client("sns", region="us-east-1").list_topics()["Topics"]
    assert created.evidence["alert_topic"] not in [topic["TopicArn"] for topic in topics]


def test_without_a_trail_to_cloudwatch_logs_it_says_what_to_do_and_changes_nothing(start, session):
    trails = session.client("cloudtrail", region="us-east-1")
    for trail in trails.describe_trails()["trailList"]:
        trails.delete_trail(Name=trail["Name"])
    ceremony = start()
    missing = ceremony.run_step()
    assert missing.outcome is Outcome.FAILED
    assert "No CloudTrail trail sends its events to CloudWatch Logs" in missing.message
    assert "turn on 'CloudWatch Logs'" in missing.message
    assert ceremony.status is not CeremonyStatus.FINISHED
    assert read_cis_alerting(session).log_groups == ()


def test_an_existing_filter_of_the_same_name_is_left_alone(start, session):
    session.client("logs", region="us-east-1").put_metric_filter(
        logGroupName=LOG_GROUP, filterName=rb.FILTER_NAME, filterPattern="{ $.eventName = \"X\" }",
        metricTransformations=[{"metricName": "X", "metricNamespace": "Y", "metricValue": "1"}])
    ceremony = start()
    ceremony.run_step()
    refused = ceremony.run_step(inputs={"email": EMAIL}, confirmed=True)
    assert refused.outcome is Outcome.FAILED and "already exists" in refused.message
    assert session.client("sns", region="us-east-1").list_topics()["Topics"] == []
