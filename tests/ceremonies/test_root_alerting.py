"""root-alerting against the acme rehearsal world: the rule and topic created after a Yes,
EventBridge's test of the rule, the subscription read back (the rehearsal world confirms email
subscriptions at once, as moto does: no console play), the control passing, and the undo."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from rootkeeper.aws.alerting import read_root_alerting_rules
from rootkeeper.ceremonies.registry import handlers_for
from rootkeeper.core.ceremony import CeremonyStatus
from rootkeeper.core.runbooks import ROOT_ALERTING, runbook_for
from rootkeeper.core.runbooks import alerting as rb
from rootkeeper.core.step_contract import Outcome
from tests.support.acme_ceremony import control_status, start_ceremony

NOW = datetime(2025, 3, 14, 12, 0, tzinfo=timezone.utc)
EMAIL = "security@acme.example"


@pytest.fixture
def start(environment, session, identity, recorder, clock):
    def begin():
        return start_ceremony(ROOT_ALERTING, handlers_for(ROOT_ALERTING, environment, session, clock), identity,
                              recorder, clock)
    return begin


def test_the_posture_opens_this_runbook_for_the_alerting_control():
    assert runbook_for("root-alerting") is ROOT_ALERTING


def test_the_rule_is_created_tested_by_eventbridge_and_the_control_passes(start, session, recorder):
    assert control_status(session, "root-alerting", NOW) == "fail"
    ceremony = start()
    assert ceremony.run_step(inputs={"email": EMAIL}).outcome is Outcome.FAILED  # not confirmed: nothing made
    assert read_root_alerting_rules(session) == ()
    created = ceremony.run_step(inputs={"email": EMAIL}, confirmed=True)
    assert created.outcome is Outcome.OK, created.message
    assert created.evidence["alert_rule"] == rb.RULE_NAME and created.evidence["email"] == EMAIL
    tested = ceremony.run_step()
    assert tested.outcome is Outcome.OK, tested.message
    assert tested.evidence == {"rule": rb.RULE_NAME, "sample": "console-sign-in", "root_matches": True,
                               "iam_user_matches": False}
    assert ceremony.run_step().outcome is Outcome.OK  # the operator followed the link
    confirmed = ceremony.run_step()
    assert confirmed.outcome is Outcome.OK, confirmed.message
    assert confirmed.evidence["pending_confirmation"] is False
    assert ceremony.status is CeremonyStatus.FINISHED
    assert control_status(session, "root-alerting", NOW) == "pass"
    [rule] = read_root_alerting_rules(session)
    assert rule.enabled and rule.targets == (created.evidence["alert_topic"],)


def test_an_address_aws_would_refuse_creates_nothing(start, session):
    ceremony = start()
    refused = ceremony.run_step(inputs={"email": "not an address"}, confirmed=True)
    assert refused.outcome is Outcome.FAILED and "mail" in refused.message
    assert read_root_alerting_rules(session) == ()


def test_aborting_after_the_creation_deletes_the_rule_and_the_topic(start, session):
    ceremony = start()
    created = ceremony.run_step(inputs={"email": EMAIL}, confirmed=True)
    report = ceremony.abort(reason="wrong address")
    assert report.undone == (rb.CREATE_ALERTING,)
    assert read_root_alerting_rules(session) == ()
    topics = session.client("sns", region="us-east-1").list_topics()["Topics"]
    assert created.evidence["alert_topic"] not in [topic["TopicArn"] for topic in topics]


def test_the_catalogue_is_whole_with_this_runbook():
    from rootkeeper.ui.runbook_catalogue import catalogue_problems

    assert catalogue_problems() == []


def test_a_rule_of_the_same_name_is_left_alone_and_nothing_is_created(start, session):
    from rootkeeper.aws.alerting import create_root_alerting_rule

    create_root_alerting_rule(session, rb.RULE_NAME)  # someone made it before this ceremony
    ceremony = start()
    refused = ceremony.run_step(inputs={"email": EMAIL}, confirmed=True)
    assert refused.outcome is Outcome.FAILED and "already exists" in refused.message
    assert ceremony.abort(reason="it exists").undone == ()
    assert [rule.name for rule in read_root_alerting_rules(session)] == [rb.RULE_NAME]
    assert session.client("sns", region="us-east-1").list_topics()["Topics"] == []


def test_a_subscription_still_pending_fails_the_check_saying_what_to_do(start, monkeypatch):
    from rootkeeper.aws import alerting

    ceremony = start()
    ceremony.run_step(inputs={"email": EMAIL}, confirmed=True)
    ceremony.run_step()
    ceremony.run_step()  # "followed the link", but AWS still holds it pending (moto confirms at once: stubbed)
    monkeypatch.setattr(alerting, "subscription_confirmed", lambda session, arn: False)
    pending = ceremony.run_step()
    assert pending.outcome is Outcome.FAILED and "still pending confirmation" in pending.message
    assert pending.evidence["pending_confirmation"] is True
    assert ceremony.status is not CeremonyStatus.FINISHED
