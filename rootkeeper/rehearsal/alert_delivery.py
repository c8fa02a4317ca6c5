"""Root activity reaching the operator's inbox in the rehearsal world, by the two paths AWS has:

- EventBridge: each root event CloudTrail records (console sign-ins, and API calls that change
  something — EventBridge does not receive read-only calls by default) is offered, as EventBridge
  delivers it, to the enabled rules of its account and region; a rule whose pattern matches it
  (event_patterns.pattern_matches, the same matching TestEventPattern answers with) sends it to
  its SNS topic targets.
- CIS 4.3: each root event lands in the CloudWatch Logs group of the account's trails; a metric
  filter whose pattern is CIS's counts it; an alarm on that metric at >= 1 goes to ALARM and
  notifies its SNS actions, once per period, as an alarm does.

SNS then emails the confirmed email subscriptions: alert_inbox.email_topic.
"""

from __future__ import annotations

import json
import logging
from datetime import timedelta, timezone
from typing import Any

from moto.cloudtrail.models import cloudtrail_backends
from moto.cloudwatch.models import cloudwatch_backends
from moto.events.models import events_backends
from moto.logs.models import logs_backends

from rootkeeper.core.cis_pattern import (
    is_cis_root_pattern,  # the same recognition the posture uses
)
from rootkeeper.rehearsal.alert_inbox import email_topic
from rootkeeper.rehearsal.cloudtrail import TrailEvent, history_of
from rootkeeper.rehearsal.event_patterns import parse_pattern, pattern_matches
from rootkeeper.rehearsal.state import WorldState

LOG = logging.getLogger(__name__)
DETAIL_TYPES = {"AwsConsoleSignIn": "AWS Console Sign In via CloudTrail", "AwsApiCall": "AWS API Call via CloudTrail"}


def install(state: WorldState) -> None:
    """Every root event the world records from now on is delivered (called when a world starts)."""
    def deliver_safely(event: TrailEvent) -> None:
        try:
            deliver(state, event)
        except Exception:  # an alert the world fails to raise must not fail the root's own action
            LOG.exception("The rehearsal world could not deliver the alert for %s", event.event_name)

    history_of(state).listeners.append(deliver_safely)


def describe(event: TrailEvent) -> str:
    if event.event_name == "ConsoleLogin":
        outcome = (event.response_elements or {}).get("ConsoleLogin", "Success")
        return f"root sign-in to the console of {event.account_id}" + ("" if outcome == "Success" else " (failed)")
    return f"root called {event.event_name} ({event.event_source}) in {event.account_id}, {event.region}"


def eventbridge_event(event: TrailEvent) -> dict[str, Any]:
    return {"version": "0", "id": event.event_id, "detail-type": DETAIL_TYPES.get(event.event_type, event.event_type),
            "source": "aws." + event.event_source.split(".")[0], "account": event.account_id,
            "time": event.event_time.strftime("%Y-%m-%dT%H:%M:%SZ"), "region": event.region, "resources": [],
            "detail": event.record()}


def deliver(state: WorldState, event: TrailEvent) -> None:
    summary = describe(event)
    if not event.read_only or event.event_name == "ConsoleLogin":
        _by_eventbridge(state, event, summary)
    _by_cis_alarm(state, event, summary)


def _by_eventbridge(state: WorldState, event: TrailEvent, summary: str) -> None:
    sent = eventbridge_event(event)
    bus = events_backends[event.account_id][event.region].event_buses.get("default")  # where AWS events arrive
    for rule in list(bus.rules.values()) if bus else []:
        if rule.state != "ENABLED" or not rule.event_pattern._raw_pattern:
            continue
        try:
            pattern = parse_pattern(rule.event_pattern._raw_pattern)
        except Exception:  # noqa: BLE001, S112 - a pattern the world does not serve matches nothing here
            continue
        if pattern_matches(pattern, sent):
            for target in rule.targets:
                email_topic(state, target["Arn"], "AWS Notification Message", summary, f"EventBridge rule {rule.name}")


def cis_counts(record: dict[str, Any]) -> bool:
    """The CIS 4.3 filter on one CloudTrail record: Root, not invoked by a service, not a service event."""
    identity = record.get("userIdentity") or {}
    return (identity.get("type") == "Root" and "invokedBy" not in identity
            and record.get("eventType") != "AwsServiceEvent")


def _log_groups(event: TrailEvent) -> set[tuple[str, str]]:
    """(region, log group) of the account's trails that log this event's region."""
    groups = set()
    for backend in cloudtrail_backends[event.account_id].values():
        for trail in list(backend.trails.values()):
            parts = (trail.cw_log_group_arn or "").split(":")
            if len(parts) >= 7 and (trail.is_multi_region or trail.region_name == event.region):
                groups.add((parts[3], parts[6]))
    return groups


def _by_cis_alarm(state: WorldState, event: TrailEvent, summary: str) -> None:
    if not cis_counts(event.record()):
        return
    for region, group in _log_groups(event):
        filters = logs_backends[event.account_id][region].filters.get_matching_filters(log_group_name=group)
        for found in filters:
            if not is_cis_root_pattern(found.get("filterPattern")):
                continue
            for transformation in found.get("metricTransformations", []):
                _count(state, event, region, transformation, summary)


def _count(state: WorldState, event: TrailEvent, region: str, transformation: dict[str, Any], summary: str) -> None:
    cloudwatch = cloudwatch_backends[event.account_id][region]
    namespace, metric = transformation["metricNamespace"], transformation["metricName"]
    cloudwatch.put_metric_data(namespace, [{"MetricName": metric, "Value": float(transformation.get("metricValue", 1)),
                                            "Timestamp": event.event_time}])
    for alarm in list(cloudwatch.alarms.values()):
        if (alarm.namespace, alarm.metric_name) != (namespace, metric) or not _fires_on_one(alarm):
            continue
        recently = alarm.state_value == "ALARM" and \
            state.now() - _aware(alarm.state_updated_timestamp) < timedelta(seconds=alarm.period or 300)
        cloudwatch.set_alarm_state(alarm.name, f"Threshold Crossed: 1 datapoint ({summary})",
                                   json.dumps({"rehearsal": True}), "ALARM")
        alarm.state_updated_timestamp = state.now()
        if recently or not alarm.actions_enabled:
            continue  # an alarm already in ALARM notifies once, not on every datapoint
        for action in alarm.alarm_actions or []:
            email_topic(state, action, f'ALARM: "{alarm.name}" in {region}', summary, f"CloudWatch alarm {alarm.name}")


def _fires_on_one(alarm: Any) -> bool:
    threshold = float(alarm.threshold or 0)
    return ((alarm.comparison_operator == "GreaterThanOrEqualToThreshold" and threshold <= 1)
            or (alarm.comparison_operator == "GreaterThanThreshold" and threshold < 1))


def _aware(moment: Any) -> Any:
    return moment if getattr(moment, "tzinfo", None) else moment.replace(tzinfo=timezone.utc)
