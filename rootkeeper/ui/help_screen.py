"""The help screen (? or F1, or "Keys" in the command palette): every key of the screen
underneath and what it does. Escape, ? or F1 close it."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from rootkeeper.ui.key_summary import KeyAction

PALETTE_LINE = ("ctrl+p opens the command palette: type any action or runbook by name or keyword "
                "(\"mfa\", \"password\", \"contact\", \"keys\").")


def keys_table(actions: list[KeyAction]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(ratio=1, style="dim")
    for action in actions:
        table.add_row(action.keys, action.name, action.help if not action.help.startswith("key: ") else "")
    return table


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "help_screen.tcss"
    BINDINGS = [Binding("escape,question_mark,f1", "close", "Close help", tooltip="Back to the screen underneath")]

    def __init__(self, title: str, actions: list[KeyAction]) -> None:
        super().__init__()
        self.title_text = title
        self.actions = actions

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog"):
            yield Static(Text(f"Keys: {self.title_text}", style="bold"), id="help-title")
            with VerticalScroll(id="help-scroll"):
                yield Static(keys_table(self.actions), id="help-keys")
                yield Static(PALETTE_LINE, id="help-palette", markup=False)
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)
