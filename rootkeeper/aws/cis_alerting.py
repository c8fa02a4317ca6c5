"""Root-activity alerting, the CIS 4.3 way (Security Hub CloudWatch.1): a CloudWatch Logs metric
filter with the CIS root-usage pattern on the log group a CloudTrail trail sends to, a metric, and
a CloudWatch alarm on it whose action is an SNS topic.

Everything lives in the log group's region (the trail's CloudWatch Logs group may be anywhere)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rootkeeper.aws.alerting import confirmed_subscriptions
from rootkeeper.aws.errors import aws_errors
from rootkeeper.aws.session import AwsSession
from rootkeeper.core.cis_pattern import CIS_ROOT_PATTERN, is_cis_root_pattern
from rootkeeper.core.posture import CisAlerting, CisRootAlarm


@dataclass(frozen=True)
class TrailLogGroup:
    """A trail that sends its events to a CloudWatch Logs group."""

    trail: str
    log_group: str
    region: str


def trail_log_groups(session: AwsSession) -> tuple[TrailLogGroup, ...]:
    """cloudtrail:DescribeTrails (shadow trails included): the trails that deliver to CloudWatch Logs."""
    trails = session.client("cloudtrail")
    with aws_errors("list the CloudTrail trails (cloudtrail:DescribeTrails)"):
        listed = trails.describe_trails(includeShadowTrails=True).get("trailList", [])
    found: dict[str, TrailLogGroup] = {}
    for trail in listed:
        arn = trail.get("CloudWatchLogsLogGroupArn") or ""
        parts = arn.split(":")  # arn:aws:logs:REGION:ACCOUNT:log-group:NAME[:*]
        if len(parts) >= 7 and parts[5] == "log-group":
            found.setdefault(arn, TrailLogGroup(trail=trail.get("Name", "?"), log_group=parts[6], region=parts[3]))
    return tuple(found.values())


def read_cis_alerting(session: AwsSession) -> CisAlerting:
    """The trails' log groups, and on each the CIS root-usage metric filters and the alarms on their metrics."""
    groups = trail_log_groups(session)
    alarms: list[CisRootAlarm] = []
    for group in groups:
        for found in cis_filters(session, group):
            for transformation in found.get("metricTransformations", []):
                namespace, metric = transformation["metricNamespace"], transformation["metricName"]
                for alarm in metric_alarms(session, group.region, namespace, metric):
                    if not alarms_on_any_use(alarm):
                        continue
                    actions = tuple(alarm.get("AlarmActions", []))
                    alarms.append(CisRootAlarm(
                        log_group=group.log_group, filter_name=found["filterName"], metric=f"{namespace}/{metric}",
                        alarm=alarm["AlarmName"], actions=actions if alarm.get("ActionsEnabled", True) else (),
                        confirmed_subscriptions=confirmed_subscriptions(session, actions)))
    return CisAlerting(log_groups=tuple(group.log_group for group in groups), alarms=tuple(alarms))


def cis_filters(session: AwsSession, group: TrailLogGroup) -> list[dict[str, Any]]:
    """logs:DescribeMetricFilters of the group: those with the CIS root-usage pattern."""
    logs = session.client("logs", region=group.region)
    found: list[dict[str, Any]] = []
    with aws_errors(f"list the metric filters of log group {group.log_group} (logs:DescribeMetricFilters)"):
        for page in logs.get_paginator("describe_metric_filters").paginate(logGroupName=group.log_group):
            found += [f for f in page.get("metricFilters", []) if is_cis_root_pattern(f.get("filterPattern"))]
    return found


def metric_alarms(session: AwsSession, region: str, namespace: str, metric: str) -> list[dict[str, Any]]:
    cloudwatch = session.client("cloudwatch", region=region)
    with aws_errors(f"list the alarms on metric {namespace}/{metric} (cloudwatch:DescribeAlarmsForMetric)"):
        return list(cloudwatch.describe_alarms_for_metric(MetricName=metric, Namespace=namespace)
                    .get("MetricAlarms", []))


def alarms_on_any_use(alarm: dict[str, Any]) -> bool:
    """An alarm that fires on a single root use: >= 1 (or > 0)."""
    operator, threshold = alarm.get("ComparisonOperator"), float(alarm.get("Threshold", 0))
    return ((operator == "GreaterThanOrEqualToThreshold" and threshold <= 1)
            or (operator == "GreaterThanThreshold" and threshold < 1))


# -- creating it: the filter, the alarm, the topic (the email subscription is alerting.subscribe_email) --

def create_cis_filter(session: AwsSession, group: TrailLogGroup, name: str, namespace: str, metric: str) -> None:
    logs = session.client("logs", region=group.region)
    with aws_errors(f"create metric filter {name} on log group {group.log_group} (logs:PutMetricFilter)"):
        logs.put_metric_filter(logGroupName=group.log_group, filterName=name, filterPattern=CIS_ROOT_PATTERN,
                               metricTransformations=[{"metricName": metric, "metricNamespace": namespace,
                                                       "metricValue": "1"}])


def create_cis_alarm(session: AwsSession, region: str, name: str, namespace: str, metric: str, topic_arn: str) -> None:
    """An alarm on any root use in five minutes (Sum >= 1 over 300 s), acting on the topic."""
    cloudwatch = session.client("cloudwatch", region=region)
    with aws_errors(f"create CloudWatch alarm {name} (cloudwatch:PutMetricAlarm)"):
        cloudwatch.put_metric_alarm(
            AlarmName=name, AlarmDescription="rootkeeper: CIS 4.3, root account usage", MetricName=metric,
            Namespace=namespace, Statistic="Sum", Period=300, EvaluationPeriods=1, Threshold=1.0,
            ComparisonOperator="GreaterThanOrEqualToThreshold", TreatMissingData="notBreaching",
            AlarmActions=[topic_arn], ActionsEnabled=True)


def create_topic(session: AwsSession, region: str, name: str) -> str:
    sns = session.client("sns", region=region)
    with aws_errors(f"create SNS topic {name} in {region} (sns:CreateTopic)"):
        return str(sns.create_topic(Name=name)["TopicArn"])


def alarm_exists(session: AwsSession, region: str, name: str) -> bool:
    cloudwatch = session.client("cloudwatch", region=region)
    with aws_errors(f"read CloudWatch alarm {name} (cloudwatch:DescribeAlarms)"):
        return bool(cloudwatch.describe_alarms(AlarmNames=[name]).get("MetricAlarms"))


def filter_exists(session: AwsSession, group: TrailLogGroup, name: str) -> bool:
    logs = session.client("logs", region=group.region)
    with aws_errors(f"read the metric filters of log group {group.log_group} (logs:DescribeMetricFilters)"):
        found = logs.describe_metric_filters(logGroupName=group.log_group, filterNamePrefix=name)["metricFilters"]
    return any(f.get("filterName") == name for f in found)


def describe_alarm(session: AwsSession, region: str, name: str) -> dict[str, Any] | None:
    cloudwatch = session.client("cloudwatch", region=region)
    with aws_errors(f"read CloudWatch alarm {name} (cloudwatch:DescribeAlarms)"):
        found = cloudwatch.describe_alarms(AlarmNames=[name]).get("MetricAlarms", [])
    return found[0] if found else None


def delete_cis_alerting(session: AwsSession, group: TrailLogGroup, filter_name: str | None, alarm: str | None,
                        topic_arn: str | None) -> None:
    """Undo of the creation: the alarm, the filter, the topic (and its subscriptions); what is gone stays gone."""
    if alarm:
        with aws_errors(f"delete CloudWatch alarm {alarm} (cloudwatch:DeleteAlarms)"):
            session.client("cloudwatch", region=group.region).delete_alarms(AlarmNames=[alarm])
    if filter_name:
        logs = session.client("logs", region=group.region)
        with aws_errors(f"delete metric filter {filter_name} (logs:DeleteMetricFilter)"):
            try:
                logs.delete_metric_filter(logGroupName=group.log_group, filterName=filter_name)
            except logs.exceptions.ResourceNotFoundException:
                pass
    if topic_arn:
        with aws_errors("delete the alarm's topic (sns:DeleteTopic)"):
            session.client("sns", region=group.region).delete_topic(TopicArn=topic_arn)
