"""The panel of the step that closes an incident: an attestation with a witness (required),
and the closing note the operator types (required), journaled in the incident's close entry."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Input, Static

from rootkeeper.core.runbooks.reseal import CLOSING_NOTE
from rootkeeper.ui.step_panels.base import StepInput, labelled_input
from rootkeeper.ui.step_panels.defaults import AttestPanel


class CloseIncidentPanel(AttestPanel):
    def compose_body(self) -> ComposeResult:
        yield Static("Closing the incident: say what happened and what was done. The note, your name and the "
                     "witness's go into the signed journal.", classes="panel-explain")
        yield from labelled_input(CLOSING_NOTE, placeholder="what happened, what was done (required)")
        yield from labelled_input("attested_by", value=self.previous_attestor(), placeholder="your name (required)")
        yield from labelled_input("witness", placeholder="witness (required)")
        with Horizontal(classes="panel-buttons"):
            yield Button("Close the incident", id="attest", variant="primary")

    def focus_default(self) -> None:
        self.query_one(f"#input-{CLOSING_NOTE}", Input).focus(scroll_visible=False)

    def attest(self) -> None:
        closing = self.query_one(f"#input-{CLOSING_NOTE}", Input).value.strip()
        attested_by = self.query_one("#input-attested_by", Input).value.strip()
        witness = self.query_one("#input-witness", Input).value.strip() or None
        missing = next((why for why, absent in (
            ("Type a closing note: what happened, and what was done about it.", not closing),
            ("Enter your name: the journal records who attested.", not attested_by),
            ("Closing an incident needs a witness: enter the witness's name.", witness is None)) if absent), None)
        if missing:
            self.hint(missing)
            return
        self.hint("")
        self.submit(StepInput(inputs={CLOSING_NOTE: closing}, witness=witness, attested_by=attested_by,
                              busy_text="Closing the incident…"))
