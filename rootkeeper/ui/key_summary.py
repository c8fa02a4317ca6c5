"""What the keys of a screen do, as the help screen and the command palette list them: the
described bindings of rootkeeper's own screens, widgets and app (a text box's editing keys
are the text box's business), one row per action."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Callable

from textual.screen import Screen


@dataclass(frozen=True)
class KeyAction:
    keys: str  # as the Footer shows them, e.g. "esc" or "?, f1"
    name: str  # the binding's description, e.g. "Abort"
    help: str  # what it does (the binding's tooltip), or the keys again
    run: Callable[[], object]


def _ours(node: object) -> bool:
    return type(node).__module__.startswith("rootkeeper.")


def key_actions(screen: Screen) -> list[KeyAction]:
    """The described, enabled bindings active on ``screen``, merged by action (two keys for
    one action make one row). The palette's own key is left out: it is where you are."""
    app = screen.app
    rows: dict[tuple[int, str], tuple[list[str], object]] = {}
    for active in screen.active_bindings.values():
        binding, node = active.binding, active.node
        if (not binding.description or binding.system or not active.enabled or not _ours(node)
                or binding.action == "command_palette"):
            continue
        keys, shown = rows.setdefault((id(node), binding.action), ([], active))
        if binding.show and not shown.binding.show:  # the Footer's binding speaks for the row
            rows[(id(node), binding.action)] = (keys, active)
        display = app.get_key_display(binding)
        if display not in keys:
            keys.append(display)
    actions = []
    for keys, active in rows.values():
        binding = active.binding
        actions.append(KeyAction(", ".join(keys), binding.description, binding.tooltip or f"key: {', '.join(keys)}",
                                 partial(app.run_action, binding.action, active.node)))
    return actions
