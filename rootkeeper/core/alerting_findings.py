"""The root-alerting control judged (CloudWatch.1, CIS 4.3): root activity raises an alert by
EITHER path — an EventBridge rule in us-east-1, or the CIS metric filter on a trail's CloudWatch
Logs group with an alarm — that reaches a confirmed SNS subscription.

Pure, like core/findings.py, which calls it. One path passing is enough; otherwise a path that
could not be read makes the control UNKNOWN (it might be the one that works), and only two paths
read and found wanting make it FAIL."""

from __future__ import annotations

from datetime import datetime

from rootkeeper.core.controls import Status
from rootkeeper.core.posture import (
    AlertingRule,
    CisAlerting,
    Maybe,
    RootPosture,
    Unknown,
)

Judgement = tuple[Status, str]


def root_alerting(p: RootPosture, now: datetime) -> Judgement:
    del now
    judged = (eventbridge_path(p.alerting), cis_path(p.cis_alerting))
    passing = [text for status, text in judged if status is Status.PASS]
    if passing:
        return Status.PASS, passing[0]
    status = Status.UNKNOWN if any(s is Status.UNKNOWN for s, _ in judged) else Status.FAIL
    return status, " ".join(text for _, text in judged)


def eventbridge_path(alerting: Maybe[tuple[AlertingRule, ...]]) -> Judgement:
    if isinstance(alerting, Unknown):
        return Status.UNKNOWN, f"EventBridge rules could not be read: {alerting.reason}"
    working = [r for r in alerting if r.enabled and r.targets]
    confirmed = [r for r in working if r.confirmed_subscriptions]
    if confirmed:
        rule = confirmed[0]
        return Status.PASS, (f"EventBridge rule {rule.name} sends root activity to {', '.join(rule.targets)}, "
                             f"with {rule.confirmed_subscriptions} confirmed subscription(s).")
    unread = [r for r in working if r.confirmed_subscriptions is None]
    if unread:
        rule = unread[0]
        return Status.UNKNOWN, (f"EventBridge rule {rule.name} sends root activity to {', '.join(rule.targets)}, "
                                "but no confirmed SNS subscription could be read: whether anyone receives the "
                                "alert is not known.")
    if working:
        return Status.FAIL, (f"EventBridge rule {working[0].name} sends root activity to a topic whose "
                             "subscriptions are all pending confirmation: nobody receives the alert yet.")
    if alerting:
        problems = "; ".join(f"{r.name} is {'enabled' if r.enabled else 'disabled'} with "
                             f"{len(r.targets)} target(s)" for r in alerting)
        return Status.FAIL, f"Root-activity rules exist but none alerts anyone: {problems}."
    return Status.FAIL, "No EventBridge rule in us-east-1 matches root activity."


def cis_path(cis: Maybe[CisAlerting]) -> Judgement:
    if isinstance(cis, Unknown):
        return Status.UNKNOWN, f"The CIS metric filter and alarm could not be read: {cis.reason}"
    if not cis.log_groups:
        return Status.FAIL, "No CloudTrail trail sends to CloudWatch Logs, so there is no CIS 4.3 metric filter."
    acting = [a for a in cis.alarms if a.actions]
    confirmed = [a for a in acting if a.confirmed_subscriptions]
    if confirmed:
        alarm = confirmed[0]
        return Status.PASS, (f"CIS 4.3: metric filter {alarm.filter_name} on log group {alarm.log_group} feeds "
                             f"alarm {alarm.alarm}, which notifies {', '.join(alarm.actions)} with "
                             f"{alarm.confirmed_subscriptions} confirmed subscription(s).")
    unread = [a for a in acting if a.confirmed_subscriptions is None]
    if unread:
        return Status.UNKNOWN, (f"CIS 4.3: alarm {unread[0].alarm} notifies {', '.join(unread[0].actions)}, but no "
                                "confirmed SNS subscription could be read.")
    if acting:
        return Status.FAIL, (f"CIS 4.3: alarm {acting[0].alarm} notifies a topic whose subscriptions are all "
                             "pending confirmation.")
    if cis.alarms:
        return Status.FAIL, f"CIS 4.3: alarm {cis.alarms[0].alarm} on root usage has no enabled action."
    return Status.FAIL, (f"No CIS 4.3 root-usage metric filter with an alarm on log group(s) "
                         f"{', '.join(cis.log_groups)}.")
