"""The co-signing modal alone: the challenge as text and QR, a pasted signature journaled
through the callback (in a worker), a refusal said on the screen, and in rehearsal a
witness signing "(simulated)"."""

from __future__ import annotations

from textual.app import App
from textual.widgets import Button, Input, Select

from rootkeeper.journal import Journal
from rootkeeper.journal.cosign import challenge_for
from rootkeeper.journal.witness_keys import simulated_signature, simulated_witness_key
from rootkeeper.ui.cosign_screen import CosignScreen
from rootkeeper.ui.widgets.qr import QRCode
from tests.support.pilot import settle, text_of

SIZE = (120, 40)


class Host(App):
    def __init__(self, screen) -> None:
        super().__init__()
        self.modal = screen
        self.answers: list = []

    def on_mount(self) -> None:
        self.push_screen(self.modal, self.answers.append)


def rehearsal_journal(tmp_path, clock, *names):
    """A rehearsal journal whose roster enrolls the simulated keys of ``names``, ending with a step."""
    journal = Journal.open(rehearsal=True, path=tmp_path / "journal.jsonl", clock=clock)
    witnesses = []
    for name in names:
        key = simulated_witness_key(name)
        journal.append("roster", {"action": "enroll-witness", "custodian": name, "public_key": key.public_key,
                                  "fingerprint": key.fingerprint})
        witnesses.append((name, key.public_key))
    journal.append("note", {"text": "offboarding closed"})
    last = journal.entries()[-1]
    return journal, witnesses, challenge_for(last.seq, last.hash)


def append_to(journal, challenge, calls):
    """The callback the lead wires: journal the co-signature (recording who was asked)."""
    def append(name, public_key, signature):
        calls.append(name)
        return journal.append_witness(name=name, public_key=public_key, challenge=challenge, signature=signature)
    return append


async def paste(pilot, text):
    pilot.app.screen.query_one("#cosign-signature", Input).value = text
    await pilot.pause()


async def test_a_pasted_signature_is_journaled_and_the_modal_closes_with_the_entry(tmp_path, clock):
    journal, witnesses, challenge = rehearsal_journal(tmp_path, clock, "Bob", "Carol")
    calls: list = []
    app = Host(CosignScreen(challenge, witnesses, append=append_to(journal, challenge, calls)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert challenge in text_of(app, "#cosign-challenge")
        assert app.screen.query_one("#cosign-qr", QRCode).has_code
        assert not app.screen.query("#cosign-simulate")  # real work: no simulated witness
        assert app.screen.query_one("#cosign-submit", Button).disabled
        app.screen.query_one("#cosign-witness", Select).value = "Carol"
        await paste(pilot, "signature: " + simulated_signature("Carol", challenge))  # as `witness sign` prints it
        assert not app.screen.query_one("#cosign-submit", Button).disabled
        await pilot.click("#cosign-submit")
        await settle(pilot)
    assert calls == ["Carol"]
    [entry] = app.answers
    assert entry.kind == "witness" and entry.body["name"] == "Carol" and journal.entries()[-1] == entry
    assert journal.verify().ok


async def test_a_signature_that_does_not_verify_is_said_and_the_modal_stays_open(tmp_path, clock):
    journal, witnesses, challenge = rehearsal_journal(tmp_path, clock, "Bob", "Carol")
    app = Host(CosignScreen(challenge, witnesses, append=append_to(journal, challenge, [])))
    async with app.run_test(size=SIZE) as pilot:
        await paste(pilot, simulated_signature("Carol", challenge))  # Carol signed, Bob is selected
        await pilot.press("enter")
        await settle(pilot)
        assert "does not verify" in text_of(app, "#cosign-error")
        assert isinstance(app.screen, CosignScreen) and app.answers == []
        await paste(pilot, "not a signature!")
        assert app.screen.query_one("#cosign-submit", Button).disabled
        assert "base64" in text_of(app, "#cosign-error")
        await pilot.press("escape")
        await pilot.pause()
    assert app.answers == [None]
    assert journal.entries()[-1].kind == "note"  # nothing co-signed


async def test_in_rehearsal_a_custodian_signs_simulated(tmp_path, clock):
    journal, witnesses, challenge = rehearsal_journal(tmp_path, clock, "Bob", "Carol")
    calls: list = []
    app = Host(CosignScreen(challenge, witnesses, append=append_to(journal, challenge, calls),
                            simulate=simulated_signature))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert str(app.screen.query_one("#cosign-simulate", Button).label) == "Sign as Bob (simulated)"
        app.screen.query_one("#cosign-witness", Select).value = "Carol"
        await pilot.pause()
        assert str(app.screen.query_one("#cosign-simulate", Button).label) == "Sign as Carol (simulated)"
        await pilot.click("#cosign-simulate")
        await settle(pilot)
        assert app.screen.query_one("#cosign-signature", Input).value == simulated_signature("Carol", challenge)
        await pilot.click("#cosign-submit")
        await settle(pilot)
    assert calls == ["Carol"] and app.answers[0].body["fingerprint"] == simulated_witness_key("Carol").fingerprint


async def test_the_qr_code_scans_to_exactly_the_challenge(tmp_path, clock):
    from tests.ui.test_qr_widget import decoded

    journal, witnesses, challenge = rehearsal_journal(tmp_path, clock, "Bob")
    app = Host(CosignScreen(challenge, witnesses, append=append_to(journal, challenge, []),
                            simulate=simulated_signature))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#cosign-qr", QRCode).fits
        assert decoded(app) == [challenge]
