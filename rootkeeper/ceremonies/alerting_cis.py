"""Handlers for ``root-alerting-cis``: find the log group a trail sends to, create the CIS 4.3
metric filter, its alarm and the alarm's SNS topic with an email subscription (undone together),
and read them back. The subscription's confirmation is root-alerting's step, and its check."""

from __future__ import annotations

from typing import Any

from rootkeeper.aws import alerting, cis_alerting
from rootkeeper.aws.cis_alerting import TrailLogGroup
from rootkeeper.ceremonies.alerting import RootAlerting
from rootkeeper.ceremonies.behaviour import SessionBehaviour, handles, undoes
from rootkeeper.core.errors import RootkeeperError
from rootkeeper.core.runbooks import alerting as eventbridge
from rootkeeper.core.runbooks import alerting_cis as rb
from rootkeeper.core.step_contract import StepContext, StepOutcome
from rootkeeper.core.validators import validate_contact_field


class RootAlertingCis(SessionBehaviour):
    """The behaviour of ``root-alerting-cis``."""

    runbook = rb.ROOT_ALERTING_CIS

    @handles(rb.FIND_LOG_GROUP)
    def find_log_group(self, ctx: StepContext) -> StepOutcome:
        groups = cis_alerting.trail_log_groups(self.session)
        if not groups:
            return StepOutcome.failure(
                "No CloudTrail trail sends its events to CloudWatch Logs, so there is nothing for a metric filter "
                "to read: nothing was changed. In the CloudTrail console, edit your trail (a multi-region one) "
                "and turn on 'CloudWatch Logs', then check again — or use 'Alert on root activity' (EventBridge), "
                "which needs no trail.", evidence={"trails_with_log_group": 0})
        group = groups[0]
        facts = {"trail": group.trail, "log_group": group.log_group, "log_group_region": group.region}
        return StepOutcome.success(f"Trail {group.trail} sends its events to log group {group.log_group} "
                                   f"({group.region}).", evidence=facts, facts=facts)

    def _group(self, ctx: StepContext) -> TrailLogGroup:
        return TrailLogGroup(str(ctx.facts.get("trail", "")), str(ctx.fact("log_group")),
                             str(ctx.fact("log_group_region")))

    @handles(rb.CREATE_CIS_ALARM)
    def create(self, ctx: StepContext) -> StepOutcome:
        email = str(ctx.inputs.get("email", "")).strip()
        problem = validate_contact_field("email", email)
        if problem:
            return StepOutcome.failure(problem)
        group = self._group(ctx)
        if cis_alerting.filter_exists(self.session, group, rb.FILTER_NAME) or \
                cis_alerting.alarm_exists(self.session, group.region, rb.ALARM_NAME):
            # Put* would overwrite them, and this ceremony's undo would then delete what it did not make
            return StepOutcome.failure(f"A metric filter or alarm named {rb.FILTER_NAME} already exists: nothing was "
                                       "changed. Review it (or delete it) in the CloudWatch console, then try again.",
                                       evidence={"existing": rb.FILTER_NAME})
        created: dict[str, Any] = {}
        try:
            topic = cis_alerting.create_topic(self.session, group.region, rb.TOPIC_NAME)
            created["alert_topic"] = topic
            cis_alerting.create_cis_filter(self.session, group, rb.FILTER_NAME, rb.METRIC_NAMESPACE, rb.METRIC_NAME)
            created["metric_filter"] = rb.FILTER_NAME
            cis_alerting.create_cis_alarm(self.session, group.region, rb.ALARM_NAME, rb.METRIC_NAMESPACE,
                                          rb.METRIC_NAME, topic)
            created["alarm"] = rb.ALARM_NAME
            subscription = alerting.subscribe_email(self.session, topic, email)
        except RootkeeperError:
            # a half-made alert is taken down again: the step failed and leaves nothing behind
            cis_alerting.delete_cis_alerting(self.session, group, created.get("metric_filter"), created.get("alarm"),
                                             created.get("alert_topic"))
            raise
        facts = {**created, "metric": f"{rb.METRIC_NAMESPACE}/{rb.METRIC_NAME}", "email": email,
                 "alert_subscription": subscription}
        return StepOutcome.success(
            f"Created metric filter {rb.FILTER_NAME} on {group.log_group}, alarm {rb.ALARM_NAME} and SNS topic "
            f"{topic}; AWS sent a confirmation email to {email}.", evidence=facts, facts=facts)

    @handles(rb.CHECK_CIS_ALARM)
    def check(self, ctx: StepContext) -> StepOutcome:
        group, topic = self._group(ctx), str(ctx.fact("alert_topic"))
        filters = [f for f in cis_alerting.cis_filters(self.session, group) if f.get("filterName") == rb.FILTER_NAME]
        alarm = cis_alerting.describe_alarm(self.session, group.region, rb.ALARM_NAME)
        evidence = {"filter_found": bool(filters), "alarm_found": alarm is not None,
                    "alarm_threshold": alarm and alarm.get("Threshold"), "alarm_period": alarm and alarm.get("Period"),
                    "alarm_actions": alarm and alarm.get("AlarmActions")}
        if not filters:
            return StepOutcome.failure(f"No metric filter {rb.FILTER_NAME} with the CIS 4.3 pattern on "
                                       f"{group.log_group}: go back and create it again.", evidence=evidence)
        if alarm is None or not cis_alerting.alarms_on_any_use(alarm) or alarm.get("Period") != 300 \
                or topic not in alarm.get("AlarmActions", []):
            return StepOutcome.failure(f"Alarm {rb.ALARM_NAME} is missing, or does not fire on one root use in 300 s "
                                       f"to {topic}: go back and create it again.", evidence=evidence)
        return StepOutcome.success(f"CloudWatch shows filter {rb.FILTER_NAME} (CIS 4.3 pattern) on {group.log_group} "
                                   f"and alarm {rb.ALARM_NAME} (>= 1 over 300 s) notifying {topic}.",
                                   evidence=evidence)

    @handles(eventbridge.CHECK_SUBSCRIPTION)
    def check_subscription(self, ctx: StepContext) -> StepOutcome:
        return RootAlerting.check_subscription(self, ctx)  # type: ignore[arg-type]  # reads self.session only

    @undoes(rb.DELETE_CIS_ALARM)
    def delete(self, ctx: StepContext) -> StepOutcome:
        group = self._group(ctx)
        filter_name, alarm, topic = (ctx.facts.get(name) for name in ("metric_filter", "alarm", "alert_topic"))
        cis_alerting.delete_cis_alerting(self.session, group, filter_name, alarm, topic)
        deleted = {"deleted_filter": filter_name, "deleted_alarm": alarm, "deleted_topic": topic}
        return StepOutcome.success(f"Deleted metric filter {filter_name}, alarm {alarm} and SNS topic {topic} "
                                   "(with its subscription), which this ceremony created.", evidence=deleted)
