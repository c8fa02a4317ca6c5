"""Handlers for ``root-alerting``: create the rule, the topic, its target and the email
subscription (undone together), and read back whether the subscription is confirmed. The
rule's test is the library check RuleMatchesEvent (core/checks/alerting.py).

The email address is not a secret: the journal carries it, as it carries contacts."""

from __future__ import annotations

from typing import Any

from rootkeeper.aws import alerting
from rootkeeper.ceremonies.behaviour import SessionBehaviour, handles, undoes
from rootkeeper.core.errors import RootkeeperError
from rootkeeper.core.runbooks import alerting as rb
from rootkeeper.core.step_contract import StepContext, StepOutcome
from rootkeeper.core.validators import validate_contact_field


class RootAlerting(SessionBehaviour):
    """The behaviour of ``root-alerting``."""

    runbook = rb.ROOT_ALERTING

    @handles(rb.CREATE_ALERTING)
    def create(self, ctx: StepContext) -> StepOutcome:
        email = str(ctx.inputs.get("email", "")).strip()
        problem = validate_contact_field("email", email)
        if problem:
            return StepOutcome.failure(problem)
        if alerting.rule_exists(self.session, rb.RULE_NAME):
            # PutRule would overwrite it, and this ceremony's undo would then delete a rule it did not make
            return StepOutcome.failure(f"A rule named {rb.RULE_NAME} already exists in us-east-1: nothing was "
                                       "changed. Review it (or delete it) in the EventBridge console, then try again.",
                                       evidence={"existing_rule": rb.RULE_NAME})
        rule_arn = alerting.create_root_alerting_rule(self.session, rb.RULE_NAME)
        created: dict[str, Any] = {"alert_rule": rb.RULE_NAME, "alert_rule_arn": rule_arn}
        try:
            topic_arn = alerting.create_alert_topic(self.session, rb.TOPIC_NAME, rule_arn)
            created["alert_topic"] = topic_arn
            alerting.target_topic(self.session, rb.RULE_NAME, topic_arn)
            subscription = alerting.subscribe_email(self.session, topic_arn, email)
        except RootkeeperError:
            # a half-made alert is taken down again: the step failed and leaves nothing behind
            alerting.delete_root_alerting(self.session, rb.RULE_NAME, created.get("alert_topic"))
            raise
        facts = {**created, "email": email, "alert_subscription": subscription}
        return StepOutcome.success(
            f"Created rule {rb.RULE_NAME} in us-east-1, sending root activity to SNS topic {topic_arn}; "
            f"AWS sent a confirmation email to {email}.", evidence=facts, facts=facts)

    @handles(rb.CHECK_SUBSCRIPTION)
    def check_subscription(self, ctx: StepContext) -> StepOutcome:
        email, subscription = ctx.fact("email"), ctx.fact("alert_subscription")
        confirmed = alerting.subscription_confirmed(self.session, subscription)
        evidence = {"subscription": subscription, "pending_confirmation": not confirmed}
        if not confirmed:
            return StepOutcome.failure(f"The subscription of {email} is still pending confirmation: follow the "
                                       "link in the email from AWS, then check again.", evidence=evidence)
        return StepOutcome.success(f"The subscription of {email} is confirmed: root activity alerts reach it.",
                                   evidence=evidence)

    @undoes(rb.DELETE_ALERTING)
    def delete(self, ctx: StepContext) -> StepOutcome:
        rule, topic = ctx.facts.get("alert_rule"), ctx.facts.get("alert_topic")
        alerting.delete_root_alerting(self.session, rule, topic)
        return StepOutcome.success(f"Deleted rule {rule} and SNS topic {topic} (with its subscription), "
                                   "which this ceremony created.", evidence={"deleted_rule": rule,
                                                                             "deleted_topic": topic})
