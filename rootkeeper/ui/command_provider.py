"""Every action of the current screen, reachable by name from the command palette."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class ActionsProvider(Provider):
    """Lists the described bindings of the screen the palette was opened from (the app's too)."""

    def _actions(self) -> list[tuple[str, str, object]]:
        seen: set[str] = set()
        actions = []
        for active in self.screen.active_bindings.values():
            binding = active.binding
            name = binding.description
            if not name or name in seen or not active.enabled or binding.action == "command_palette":
                continue
            seen.add(name)
            help_text = binding.tooltip or f"key: {binding.key_display or binding.key}"
            actions.append((name, help_text, partial(self.app.run_action, binding.action, active.node)))
        return actions

    async def discover(self) -> Hits:
        for name, help_text, run in self._actions():
            yield DiscoveryHit(name, run, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, run in self._actions():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), run, help=help_text)
