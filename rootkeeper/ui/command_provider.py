"""The command palette (ctrl+p): every action of the current screen, and every runbook, by
name or keyword ("mfa", "password", "contact", "keys", the Security Hub control it fixes)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from textual.command import DiscoveryHit, Hit, Hits, Provider

from rootkeeper.core.runbook import Runbook
from rootkeeper.core.runbooks import RUNBOOKS
from rootkeeper.ui.key_summary import key_actions


@dataclass(frozen=True)
class PaletteCommand:
    name: str  # what the palette shows and highlights
    keywords: str  # also searched: ids, control ids, plain words
    help: str
    run: Callable[[], object]


def runbook_keywords(runbook: Runbook) -> str:
    return " ".join((runbook.id.replace("-", " "), runbook.id, *runbook.remedies, "runbook fix"))


class ActionsProvider(Provider):
    """The described bindings of the screen the palette was opened from (the app's too), then
    the runbooks (not from inside a ceremony: one ceremony at a time)."""

    def _commands(self) -> list[PaletteCommand]:
        commands = [PaletteCommand(action.name, action.name, f"{action.help} ({action.keys})", action.run)
                    for action in key_actions(self.screen)]
        if getattr(self.screen, "offers_runbooks", True):
            app = self.app
            for runbook in RUNBOOKS.values():
                commands.append(PaletteCommand(
                    f"Runbook: {runbook.title}", runbook_keywords(runbook), runbook.summary,
                    lambda runbook_id=runbook.id: app.show_runbook(runbook_id)))
        return commands

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(command.name, command.run, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            score = max(matcher.match(command.name), matcher.match(command.keywords) * 0.9)
            if score > 0:
                yield Hit(score, matcher.highlight(command.name), command.run, help=command.help)
