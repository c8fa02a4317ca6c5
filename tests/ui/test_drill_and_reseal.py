"""Pilot tests of a timed drill (the timer on screen, the drill entry in the rehearsal journal
when it ends) and of closing an incident in the re-seal's last step, against the rehearsal
world with the signed journal."""

from __future__ import annotations

from textual.widgets import Button

from rootkeeper.aws.contact_admin import put_alternate_contact
from rootkeeper.aws.session import AwsSession
from rootkeeper.ceremonies import registry
from rootkeeper.core.ceremony import CeremonyStatus
from rootkeeper.core.posture import AlternateContact, ContactType
from rootkeeper.core.runbooks import reseal as rb
from rootkeeper.core.runbooks import root_password as password_rb
from rootkeeper.journal import Journal
from rootkeeper.journal.incidents import incidents_in
from rootkeeper.rehearsal.console_plays import player_for
from rootkeeper.ui import ceremony_runner, ceremony_screen
from rootkeeper.ui.ceremony_screen import CeremonyScreen
from rootkeeper.ui.confirm_screen import ConfirmScreen
from rootkeeper.ui.drill_screen import DrillScreen
from tests.support.ceremony_app import fill_in, press_and_settle, settle
from tests.support.pilot import text_of
from tests.ceremonies.test_incident_reseal import RECOVERY
from tests.support.ui_fakes import journal_opener

SIZE = (120, 40)


def app_with_journal(world, clock, journal, **options):
    from rootkeeper.ui.app import make_app

    return make_app(lambda: world.environment("operator"), clock=clock, journal_opener=journal_opener(journal),
                    expected_scenario="acme", **options)


async def click(pilot, selector: str) -> None:
    button = pilot.app.screen.query_one(selector, Button)
    button.focus()
    await pilot.pause()
    await press_and_settle(pilot, "enter")


def with_the_recovery(monkeypatch) -> None:
    """A test-local break-glass runbook joins the catalogue (the real ones land from other branches)."""
    runbooks = {**ceremony_screen.RUNBOOKS, RECOVERY.id: RECOVERY}
    monkeypatch.setattr(ceremony_screen, "RUNBOOKS", runbooks)
    monkeypatch.setattr(ceremony_runner, "RUNBOOKS", runbooks)
    monkeypatch.setattr(registry, "REGISTRY", registry.BehaviourRegistry(runbooks.values(), registry.BEHAVIOURS))


async def test_a_drill_shows_a_timer_and_journals_its_mistakes_and_retries(world, clock, monkeypatch):
    with_the_recovery(monkeypatch)
    journal = Journal.open(rehearsal=True)
    app = app_with_journal(world, clock, journal, drill=RECOVERY.id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DrillScreen) and screen.ceremony.current_step.id == "devices-attributed"
        assert "DRILL 00:00" in text_of(app, "#drill-timer")
        clock.advance(minutes=2, seconds=5)
        screen.query_one("#drill-timer").tick()
        await pilot.pause()
        assert "DRILL 02:05" in text_of(app, "#drill-timer")

        await click(pilot, "#run-step")
        assert screen.ceremony.current_step.id == "no-root-keys"
        await click(pilot, "#run-step")  # acme's old root keys are still there: a failed check, a mistake
        assert screen.ceremony.current_step.id == "no-root-keys"
        environment = world.environment("operator")
        account = world.identities["operator"].account_id
        for key in environment.console.root_access_keys(account):
            environment.console.delete_root_access_key(account, key["key_id"])
        await click(pilot, "#run-step")  # the retry passes
        assert screen.ceremony.current_step.id == "each-still-holds"

        await press_and_settle(pilot, "escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.click("#confirm-yes")
        await settle(pilot)
        assert screen.ceremony.status is CeremonyStatus.ABORTED
        await press_and_settle(pilot, "escape")  # leave: the drill is over
        await settle(pilot)
        (drill,) = [entry for entry in journal.entries() if entry.kind == "drill"]
        assert drill.body["runbook"] == RECOVERY.id and drill.body["ended"] == "aborted"
        assert drill.body["mistakes"] == 1 and drill.body["mistakes_detail"][0]["step"] == "no-root-keys"
        assert drill.body["steps_retried"] == ["no-root-keys"]
        assert drill.body["duration_seconds"] >= 125 and drill.body["incident_id"].startswith("INC-")
        assert journal.verify().ok


def at_the_close(environment):
    """Open the re-seal and run it (as the earlier Pilot tests do step by step) up to its last step."""
    def opening(runner):
        ceremony = runner.start(rb.RESEAL.id)
        for step in rb.RESEAL.steps[:-1]:
            options = {}
            if step.id == password_rb.REVIEW_PASSWORD:
                options["inputs"] = {"custodian": "Ana Lima"}
            if step.kind.value == "manual":
                options["played"] = player_for(step)(environment.console, ceremony.facts, ceremony.secrets, step)
            if step.kind.value == "attest":
                options.update(attested_by="Olga Operator", witness="Ana Lima")
            result = ceremony.run_step(**options)
            assert result.outcome.value == "ok", (step.id, result.message)
        return ceremony
    return opening


async def test_the_reseal_closes_the_incident_with_a_typed_note_and_a_witness(world, clock):
    environment = world.environment("operator")
    account = world.identities["operator"].account_id
    for key in environment.console.root_access_keys(account):
        environment.console.delete_root_access_key(account, key["key_id"])
    put_alternate_contact(AwsSession(environment.target), AlternateContact(  # acme has no security contact
        ContactType.SECURITY, "Security Team", "Security", "security@acme.example", "+1 206 555 0100"))
    journal = Journal.open(rehearsal=True)
    app = app_with_journal(world, clock, journal)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = CeremonyScreen(rb.RESEAL.id, opening=at_the_close(environment))
        app.push_screen(screen)
        await settle(pilot)
        assert screen.ceremony.current_step.id == rb.CLOSE_INCIDENT
        incident = screen.ceremony.facts["incident_id"]
        await fill_in(pilot, "#input-attested_by", "Olga Operator")
        await click(pilot, "#attest")  # no note, no witness: refused on screen, nothing journaled
        assert "Type a closing note" in text_of(app, ".panel-hint")
        assert incidents_in(journal.entries())[0].is_open
        assert screen.ceremony.current_step.id == rb.CLOSE_INCIDENT
        await fill_in(pilot, f"#input-{rb.CLOSING_NOTE}", "Rehearsed recovery; root re-sealed.")
        await fill_in(pilot, "#input-witness", "Walter Witness")
        await click(pilot, "#attest")
        assert screen.ceremony.status is CeremonyStatus.FINISHED
        (closed,) = incidents_in(journal.entries())
        assert closed.incident_id == incident and not closed.is_open
        assert (closed.close_note, closed.closed_witness) == ("Rehearsed recovery; root re-sealed.", "Walter Witness")
        assert journal.verify().ok
