"""Root activity raises an alert, the CIS 4.3 way (CIS AWS Foundations v3.0 / v5.0 4.3, Security
Hub CloudWatch.1): for accounts audited against it. A CloudWatch Logs metric filter with the CIS
root-usage pattern on the log group a CloudTrail trail sends to, its metric, and a CloudWatch alarm
(Sum >= 1 over 300 s) that notifies an SNS topic with an email subscription.

It needs a trail that already sends to CloudWatch Logs: the first step finds one, or says what to
do. Filter, alarm and topic are created together (undone together) and read back; the email
confirmation steps are root-alerting's own Step objects, reused.
"""

from __future__ import annotations

from rootkeeper.core.runbook import Confirmation, Requirement, Runbook, Step, StepKind
from rootkeeper.core.runbooks.alerting import ROOT_ALERTING

FIND_LOG_GROUP = "find-trail-log-group"
CREATE_CIS_ALARM = "create-cis-filter-and-alarm"
CHECK_CIS_ALARM = "check-cis-filter-and-alarm"
DELETE_CIS_ALARM = "delete-cis-filter-and-alarm"  # the undo of CREATE_CIS_ALARM

FILTER_NAME = "rootkeeper-cis-root-usage"
ALARM_NAME = "rootkeeper-cis-root-usage"
TOPIC_NAME = "rootkeeper-cis-root-usage"
METRIC_NAMESPACE = "CISBenchmark"
METRIC_NAME = "RootAccountUsage"

ROOT_ALERTING_CIS = Runbook(
    id="root-alerting-cis",
    title="Alert on root activity (CIS 4.3 metric filter)",
    summary=("On the CloudWatch Logs group your CloudTrail trail sends to, create the CIS 4.3 root-usage "
             "metric filter and an alarm (>= 1 in 5 minutes) notifying an SNS topic with an email "
             "subscription; read them back; the email is confirmed."),
    requirement=Requirement.ANY,  # CloudTrail, Logs, CloudWatch and SNS answer for themselves
    remedies=("CloudWatch.1",),
    steps=(
        Step(
            id=FIND_LOG_GROUP, kind=StepKind.CHECK,
            title="Find the trail's CloudWatch Logs group",
            verifies=("DescribeTrails shows a trail sending its events to a CloudWatch Logs group, "
                      "which the filter reads."),
        ),
        Step(
            id=CREATE_CIS_ALARM, kind=StepKind.ACTION,
            title="Create the metric filter, alarm and topic",
            inputs=("email",),
            verifies=(f"PutMetricFilter created {FILTER_NAME} (the CIS 4.3 pattern) on {{log_group}}, counting into "
                      f"{METRIC_NAMESPACE}/{METRIC_NAME}; PutMetricAlarm created {ALARM_NAME} (Sum >= 1 over 300 s) "
                      "notifying a new SNS topic; Subscribe asked the email address given to confirm."),
            confirmation=Confirmation.YES_NO, undo=DELETE_CIS_ALARM,
        ),
        Step(
            id=CHECK_CIS_ALARM, kind=StepKind.CHECK,
            title="Read back the filter and the alarm",
            checks=(CREATE_CIS_ALARM,),
            verifies=(f"DescribeMetricFilters shows {FILTER_NAME} with the CIS 4.3 pattern on {{log_group}}, and "
                      f"DescribeAlarms shows {ALARM_NAME} at >= 1 over 300 s notifying {{alert_topic}}."),
        ),
        ROOT_ALERTING.step("confirm-alert-subscription"),
        ROOT_ALERTING.step("check-alert-subscription"),
    ),
)
