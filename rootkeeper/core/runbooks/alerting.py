"""Root activity raises an alert: an EventBridge rule in us-east-1 (where console sign-ins and
IAM events are delivered) whose pattern selects root's console sign-ins and API calls, sent to
an SNS topic with an email subscription.

The rule and topic are created together (undone together); EventBridge itself then tests the
rule's pattern against a sample root sign-in and an IAM user's (the library check
RuleMatchesEvent); the operator confirms the subscription from the email AWS sends, and a
read-back of the subscription shows it is no longer pending.
"""

from __future__ import annotations

from rootkeeper.core.checks import RuleMatchesEvent
from rootkeeper.core.runbook import Confirmation, Requirement, Runbook, Step, StepKind

CREATE_ALERTING = "create-alert-rule-and-topic"
TEST_RULE = "test-alert-rule"
CONFIRM_SUBSCRIPTION = "confirm-alert-subscription"
CHECK_SUBSCRIPTION = "check-alert-subscription"
DELETE_ALERTING = "delete-alert-rule-and-topic"  # the undo of CREATE_ALERTING

RULE_NAME = "rootkeeper-root-activity"
TOPIC_NAME = "rootkeeper-root-activity"

ROOT_ALERTING = Runbook(
    id="root-alerting",
    title="Alert on root activity",
    summary=("Create an EventBridge rule in us-east-1 for root console sign-ins and API calls, sending to an "
             "SNS topic with an email subscription; EventBridge tests the rule; the email is confirmed."),
    requirement=Requirement.ANY,  # EventBridge and SNS answer for themselves: a refusal names the permission
    remedies=("CloudWatch.1",),
    fixes=("root-alerting",),
    steps=(
        Step(
            id=CREATE_ALERTING, kind=StepKind.ACTION,
            title="Create the rule and topic",
            inputs=("email",),
            verifies=(f"PutRule created rule {RULE_NAME} in us-east-1, CreateTopic and PutTargets send its "
                      "events to an SNS topic, and Subscribe asked the email address given to confirm."),
            confirmation=Confirmation.YES_NO, undo=DELETE_ALERTING,
        ),
        Step(
            id=TEST_RULE, kind=StepKind.CHECK,
            title="Test the rule's pattern with EventBridge",
            checks=(CREATE_ALERTING,), check=RuleMatchesEvent(rule_fact="alert_rule"),
        ),
        Step(
            id=CONFIRM_SUBSCRIPTION, kind=StepKind.MANUAL,
            title="Confirm the subscription from the email",
            instructions=(
                "Open the email 'AWS Notification - Subscription Confirmation' sent to {email}.",
                "Follow its 'Confirm subscription' link: the page that opens says 'Subscription confirmed!'.",
            ),
            verifies="The operator reports having followed the confirmation link sent to {email}.",
            api_visible=True,  # GetSubscriptionAttributes shows PendingConfirmation, checked next
        ),
        Step(
            id=CHECK_SUBSCRIPTION, kind=StepKind.CHECK,
            title="Check the subscription is confirmed",
            checks=(CONFIRM_SUBSCRIPTION,),
            verifies="GetSubscriptionAttributes reports PendingConfirmation = false for {email}'s subscription.",
        ),
    ),
)
