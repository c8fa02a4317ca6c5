"""The panel each step kind gets unless a step has its own: manual console steps one
instruction at a time, checks and actions with their inputs, attestations."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, Input, Static

from rootkeeper.ui.step_panels.base import StepInput, StepPanel, labelled_input
from rootkeeper.rehearsal.console_plays import player_for


class FormPanel(StepPanel):
    """A check or an action: the step's inputs (secret ones masked), then one button."""

    button_label = "Run this step"
    busy_text = "Running the step…"

    def compose_body(self) -> ComposeResult:
        for name in self.step.inputs:
            yield from labelled_input(name, value=str(self.facts.get(name, "")))
        for name in self.step.secret_inputs:
            yield from labelled_input(name, password=True)
        with Horizontal(classes="panel-buttons"):
            yield Button(self.button_label, id="run-step", variant="primary")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "run-step":
            event.stop()
            self.collect_and_submit()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.collect_and_submit()

    def collect_and_submit(self) -> None:
        values = {name: self.query_one(f"#input-{name}", Input).value.strip()
                  for name in (*self.step.inputs, *self.step.secret_inputs)}
        missing = [name for name, value in values.items() if not value]
        if missing:
            self.hint(f"Fill in {', '.join(name.replace('_', ' ') for name in missing)}.")
            return
        self.hint("")
        self.submit(StepInput(inputs={name: values[name] for name in self.step.inputs},
                              secret_inputs={name: values[name] for name in self.step.secret_inputs},
                              busy_text=self.busy_text))

    def step_failed(self, result) -> None:
        for name in self.step.secret_inputs:  # a secret is typed again, never kept
            self.query_one(f"#input-{name}", Input).value = ""


class CheckPanel(FormPanel):
    button_label = "Check now"
    busy_text = "Checking…"


class ActionPanel(FormPanel):
    button_label = "Run this step"
    busy_text = "Calling AWS…"


class ManualPanel(StepPanel):
    """Console instructions one at a time, with back and next; in rehearsal, a button that
    lets the world's console simulator do them."""

    BINDINGS = [
        Binding("n", "next_instruction", "Next", tooltip="The next console instruction"),
        Binding("b", "previous_instruction", "Back", tooltip="The previous console instruction"),
    ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instructions = self.step.render_instructions(self.facts) or (self.step.title,)
        self.position = 0

    def compose_body(self) -> ComposeResult:
        yield from self.compose_instructions()

    def compose_instructions(self) -> ComposeResult:
        """The console steps one at a time, Done, and the rehearsal console where it can play them."""
        yield Static("", id="instruction-counter", classes="instruction-counter")
        yield Static("", id="instruction-text", classes="instruction-text", markup=False)
        with Horizontal(classes="panel-buttons"):
            yield Button("← Back", id="instruction-back")
            yield Button("Next →", id="instruction-next", variant="primary")
            yield Button("Done: I did all of this", id="manual-done", variant="success")
            if self.rehearsal and self.rehearsal_console_plays_it():
                yield Button("Do it in the rehearsal console", id="rehearsal-console", variant="warning")

    def rehearsal_console_plays_it(self) -> bool:
        return player_for(self.step) is not None

    def on_mount(self) -> None:
        self.show_instruction()

    def focus_default(self) -> None:
        last = self.position == len(self.instructions) - 1
        self.query_one("#manual-done" if last else "#instruction-next", Button).focus()

    def show_instruction(self) -> None:
        last = len(self.instructions) - 1
        self.query_one("#instruction-counter", Static).update(
            f"Instruction {self.position + 1} of {len(self.instructions)}")
        self.query_one("#instruction-text", Static).update(self.instructions[self.position])
        self.query_one("#instruction-back", Button).disabled = self.position == 0
        self.query_one("#instruction-next", Button).display = self.position < last
        self.query_one("#manual-done", Button).display = self.position == last

    def action_next_instruction(self) -> None:
        self.move_to(self.position + 1)

    def action_previous_instruction(self) -> None:
        self.move_to(self.position - 1)

    def move_to(self, position: int) -> None:
        self.position = min(len(self.instructions) - 1, max(0, position))
        self.show_instruction()
        focus = "#instruction-next" if self.position < len(self.instructions) - 1 else "#manual-done"
        self.query_one(focus, Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "instruction-back":
            self.move_to(self.position - 1)
        elif event.button.id == "instruction-next":
            self.move_to(self.position + 1)
        elif event.button.id == "manual-done":
            self.submit(StepInput(busy_text="Recording the console steps…"))
            return
        elif event.button.id == "rehearsal-console":
            player, facts, step = player_for(self.step), dict(self.facts), self.step
            assert player is not None  # the button is only there when a play is registered
            self.submit(StepInput(before=lambda runner: player(runner.environment.console, facts,
                                                               runner.ceremony.secrets, step),
                                  busy_text="The rehearsal console is doing the console steps…"))


class AttestPanel(StepPanel):
    """Who attests (required), a witness (required when the step says so) and a note. The
    names are journaled as fields of the entry (attested_by, witnessed_by), not as prose."""

    def compose_body(self) -> ComposeResult:
        yield Static("By attesting, you confirm the statement above is true.", classes="panel-explain")
        # Never the OS login (often `root`, easily taken for the AWS root user): the name of
        # whoever attested earlier in this ceremony, else nothing.
        yield from labelled_input("attested_by", value=self.previous_attestor(), placeholder="your name (required)")
        witness = "witness (required)" if self.step.needs_witness else "witness (optional)"
        yield from labelled_input("witness", placeholder=witness)
        yield from labelled_input("note", placeholder="optional")
        with Horizontal(classes="panel-buttons"):
            yield Button("Attest", id="attest", variant="primary")

    def previous_attestor(self) -> str:
        names = [result.attested_by for result in self.ceremony.results if result.attested_by]
        return names[-1] if names else ""

    def focus_default(self) -> None:
        attestor = self.query_one("#input-attested_by", Input)
        # No scrolling to the field: the statement being attested stays in view above it.
        (attestor if not attestor.value else self.query_one("#input-witness", Input)).focus(scroll_visible=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.attest()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "attest":
            event.stop()
            self.attest()

    def attest(self) -> None:
        attested_by = self.query_one("#input-attested_by", Input).value.strip()
        witness = self.query_one("#input-witness", Input).value.strip() or None
        note = self.query_one("#input-note", Input).value.strip() or None
        if not attested_by:
            self.hint("Enter your name: the journal records who attested.")
            self.query_one("#input-attested_by", Input).focus()
            return
        if self.step.needs_witness and witness is None:
            self.hint("This attestation needs a witness: enter the witness's name.")
            return
        self.hint("")
        self.submit(StepInput(witness=witness, attested_by=attested_by, note=note,
                              busy_text="Recording the attestation…"))
