"""What every step panel shares: the step it serves, the ceremony's facts, and the one
message by which it hands the operator's input to the ceremony screen.

A panel never calls AWS and never runs the step itself: the ceremony screen does both in
a thread worker, so that every panel gets the same busy state, errors and retry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Button, Input, Label, Static

from rootkeeper.core.ceremony import Ceremony
from rootkeeper.core.runbook import Step
from rootkeeper.core.step_contract import StepResult

# Runs in the ceremony screen's worker thread with the CeremonyRunner (its session, its
# environment); its result comes back to ``StepPanel.show_loaded`` on the UI thread.
# Runs in the worker thread just before the step, e.g. the rehearsal console playing the
# operator's console steps; returns what it did (a ConsolePlay), or the note to journal.
BeforeStep = Callable[[Any], Any]


@dataclass
class StepInput:
    """What the operator gave a step; the screen passes it on to Ceremony.run_step."""

    inputs: dict[str, str] = field(default_factory=dict)
    secret_inputs: dict[str, str] = field(default_factory=dict, repr=False)
    witness: str | None = None
    attested_by: str | None = None  # an attestation: the name of who attests, as typed
    note: str | None = None
    before: BeforeStep | None = None
    busy_text: str = "Running the step…"

    def __repr__(self) -> str:  # the secret inputs (codes) never show
        return f"StepInput(inputs={self.inputs!r}, secret_inputs={sorted(self.secret_inputs)}, note={self.note!r})"


def readable(text: str) -> str:
    """A step's text with the facts not known yet shown as ‹user name›, not as {user_name}."""
    return re.sub(r"\{(\w+)\}", lambda match: f"‹{label_for(match.group(1)).lower()}›", text)


def label_for(name: str) -> str:
    """'user_name' -> 'User name': input names are the engine's, labels are for people."""
    return name.replace("_", " ").capitalize()


class StepPanel(Vertical):
    """Base of all step panels. Subclasses compose the step's widgets under the header."""

    DEFAULT_CLASSES = "step-panel"
    # A panel that needs the whole width (a QR code beside its instructions) hides the step list.
    needs_width = False

    class Submitted(Message):
        def __init__(self, step_input: StepInput) -> None:
            super().__init__()
            self.step_input = step_input

    def __init__(self, ceremony: Ceremony, step: Step, *, rehearsal: bool) -> None:
        super().__init__(id=f"panel-{step.id}")
        self.ceremony = ceremony
        self.step = step
        self.rehearsal = rehearsal

    @property
    def facts(self) -> Mapping[str, Any]:
        return self.ceremony.facts

    def compose(self) -> ComposeResult:
        yield Static(self.step.title, classes="panel-title", markup=False)
        yield Static(f"Proves: {readable(self.step.render_verifies(self.facts))}", classes="panel-verifies",
                     markup=False)
        yield from self.compose_body()
        if self.step.optional and self.ceremony.runbook.waivable:
            from rootkeeper.ui.step_panels.waiver import Waiver  # it imports choices, which imports this

            yield Waiver(self.step)
        yield Static("", classes="panel-hint", markup=False)

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        # Textual calls this as well as a subclass's own on_mount (handlers run along the MRO).
        self.call_after_refresh(self.focus_default)

    # -- hooks the ceremony screen calls --------------------------------------------------

    def show_loaded(self, data: Any) -> None:
        """What the step read before the operator acts (the behaviour's ``@looks``, run by the
        ceremony so that it is journaled), on the UI thread."""

    def step_failed(self, result: StepResult) -> None:
        """The step ran and failed: the screen shows why; the panel may reset its inputs."""

    def retire(self) -> None:
        """The step is over (or the ceremony ended): drop whatever must leave the screen."""

    def focus_default(self) -> None:
        """Give the focus where the operator starts: the first empty input, else the first
        button, the waiver's set aside (leaving an item undone is never the default). Called
        whenever the panel becomes usable (mounted, or a busy spell ended): a panel disabled
        while busy loses the focus, and a stray key must not reach the screen."""
        own = [widget for widget in self.query("Input, Button") if not widget.has_class("waiver-part")]
        empty = [widget for widget in own if isinstance(widget, Input) and not widget.value and widget.display]
        candidates = empty or [widget for widget in own
                               if isinstance(widget, Button) and widget.display and not widget.disabled]
        if candidates:
            candidates[0].focus()

    # -- helpers --------------------------------------------------------------------------

    def submit(self, step_input: StepInput) -> None:
        self.post_message(self.Submitted(step_input))

    def hint(self, text: str) -> None:
        self.query_one(".panel-hint", Static).update(text)


def labelled_input(name: str, *, value: str = "", password: bool = False, placeholder: str = "",
                   **options: Any) -> ComposeResult:
    yield Label(label_for(name), classes="input-label")
    yield Input(value=value, password=password, placeholder=placeholder, id=f"input-{name}", **options)
