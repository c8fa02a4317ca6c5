"""The alert inbox (rehearsal): against the real rehearsal world, after the alerting rule is set up,
`s` plays a root sign-in and the alert email SNS sends is listed; without alerting nothing arrives;
outside the rehearsal world the posture offers no such screen. Snapshots on a fake mailbox."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from textual.widgets import DataTable

from rootkeeper.commands.tui import rehearsal_factory
from rootkeeper.core.environment import AwsTarget, Environment
from rootkeeper.ui.alert_inbox_screen import AlertInboxScreen
from rootkeeper.ui.app import make_app
from tests.support.ceremony_app import settle as settle_snapshot
from tests.support.pilot import SIZE, settle, text_of
from tests.support.ui_fakes import FakeJournal, FakeReader, fixed_clock, journal_opener

MGMT = "314159265358"
SEC = "security@acme.example"


def set_up_alerting(environment: Environment) -> None:
    from rootkeeper.aws import alerting
    from rootkeeper.aws.session import AwsSession

    session = AwsSession(environment.target)
    rule = alerting.create_root_alerting_rule(session, "root-activity")
    topic = alerting.create_alert_topic(session, "root-activity", rule)
    alerting.target_topic(session, "root-activity", topic)
    alerting.subscribe_email(session, topic, SEC)


def rows(app) -> list[list[str]]:
    table = app.screen.query_one("#inbox", DataTable)
    return [[str(cell) for cell in table.get_row_at(index)] for index in range(table.row_count)]


@pytest.mark.parametrize("alerting", [True, False], ids=["with-alerting", "without-alerting"])
async def test_a_root_sign_in_in_the_rehearsal_console_arrives_in_the_inbox(alerting):
    app = make_app(rehearsal_factory("acme", 0, None), journal_opener=journal_opener(FakeJournal()),
                   expected_scenario="acme")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        if alerting:
            set_up_alerting(app.connection.environment)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, AlertInboxScreen)
        assert rows(app) == [] and "No alert email yet" in text_of(app, "#inbox-note")
        await pilot.press("s")
        await settle(pilot)
        if alerting:
            [row] = rows(app)
            assert row[1] == f"root sign-in to the console of {MGMT}"
            email = text_of(app, "#inbox-email")
            assert f"To: {SEC}" in email and "Raised by: EventBridge rule root-activity → root-activity" in email
            assert "1 alert email(s)" in text_of(app, "#inbox-note")
        else:
            assert rows(app) == [] and "No alert email yet" in text_of(app, "#inbox-note")


async def test_against_aws_the_posture_offers_no_alert_inbox():
    app = make_app(lambda: Environment(target=AwsTarget(region="us-east-1")), clock=fixed_clock,
                   posture_reader=FakeReader(), journal_opener=journal_opener(FakeJournal()))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert not isinstance(app.screen, AlertInboxScreen)


class FakeMailbox:
    """The console simulator's mailbox, fixed: two alert emails, newest first."""

    def alert_emails(self, account_id: str) -> list[dict]:
        at = datetime(2025, 6, 2, 9, 30, tzinfo=timezone.utc)
        return [
            {"at": at.replace(minute=42).isoformat(), "account_id": account_id, "to": SEC,
             "subject": 'ALARM: "rootkeeper-cis-root-usage" in us-east-1',
             "summary": f"root called DeleteAccessKey (iam.amazonaws.com) in {account_id}, us-east-1",
             "via": "CloudWatch alarm rootkeeper-cis-root-usage → rootkeeper-cis-root-usage"},
            {"at": at.isoformat(), "account_id": account_id, "to": SEC, "subject": "AWS Notification Message",
             "summary": f"root sign-in to the console of {account_id}",
             "via": "EventBridge rule rootkeeper-root-activity → rootkeeper-root-activity"},
        ]


def mailbox_app():
    environment = Environment(target=AwsTarget(region="us-east-1"), rehearsal=True, scenario="acme",
                              console=FakeMailbox())  # type: ignore[arg-type]
    return make_app(lambda: environment, clock=fixed_clock, posture_reader=FakeReader(),
                    journal_opener=journal_opener(FakeJournal()), expected_scenario="acme")


@pytest.mark.flaky(reruns=2)
@pytest.mark.parametrize("size", [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")])
def test_alert_inbox_snapshot(snap_compare, size):
    async def open_inbox(pilot) -> None:
        await settle_snapshot(pilot)
        await pilot.press("a")
        await settle_snapshot(pilot)

    assert snap_compare(mailbox_app(), terminal_size=size, run_before=open_inbox)
