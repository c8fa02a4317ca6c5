"""A checklist runbook renders with the generic panels alone: declared as data (a console
step, the library check that verifies it, an attestation with a witness), it is run from the
app against the rehearsal world with no panel, handler or play of its own."""

from __future__ import annotations

from textual.widgets import Button

from rootkeeper.ceremonies import registry
from rootkeeper.core.ceremony import CeremonyStatus
from rootkeeper.ui import ceremony_runner, ceremony_screen
from rootkeeper.ui.runbook_catalogue import catalogue_problems
from rootkeeper.ui.step_panels import DEFAULT_PANELS, panel_class_for
from tests.ceremonies.test_checklist_runbook import CHECKLIST
from tests.support.ceremony_app import app_on, fill_in, press_and_settle, settle
from tests.support.pilot import text_of

SIZE = (120, 40)


def with_the_checklist(monkeypatch) -> None:
    """The checklist joins the catalogue, as declaring it in core/runbooks/checklists.py would."""
    runbooks = {**ceremony_screen.RUNBOOKS, CHECKLIST.id: CHECKLIST}
    monkeypatch.setattr(ceremony_screen, "RUNBOOKS", runbooks)
    monkeypatch.setattr(ceremony_runner, "RUNBOOKS", runbooks)
    monkeypatch.setattr(registry, "REGISTRY", registry.BehaviourRegistry(runbooks.values(), registry.BEHAVIOURS))


async def click(pilot, selector: str) -> None:
    button = pilot.app.screen.query_one(selector, Button)
    button.focus()
    await pilot.pause()
    await press_and_settle(pilot, "enter")


async def test_a_checklist_runs_in_the_app_on_the_default_panels(world, clock, monkeypatch):
    with_the_checklist(monkeypatch)
    assert catalogue_problems([*ceremony_screen.RUNBOOKS.values()]) == []
    assert all(panel_class_for(step) is DEFAULT_PANELS[step.kind] for step in CHECKLIST.steps)
    account = world.identities["operator"].account_id
    for key in world.environment("operator").console.root_access_keys(account):
        world.environment("operator").console.delete_root_access_key(account, key["key_id"])

    app = app_on(world, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_ceremony(CHECKLIST.id)
        await settle(pilot)
        screen = app.screen
        assert screen.ceremony.current_step.id == "delete-in-console"
        await click(pilot, "#instruction-next")
        await click(pilot, "#manual-done")
        assert screen.ceremony.current_step.id == "no-keys"
        await click(pilot, "#run-step")
        assert "AccountAccessKeysPresent = 0" in text_of(app, "#step-list")
        await fill_in(pilot, "#input-attested_by", "Olga Operator")
        await fill_in(pilot, "#input-witness", "Walter Witness")
        await click(pilot, "#attest")
        assert screen.ceremony.status is CeremonyStatus.FINISHED
        assert [result.evidence_kind.value for result in screen.ceremony.results] == [
            "reported", "verified", "attested"]
