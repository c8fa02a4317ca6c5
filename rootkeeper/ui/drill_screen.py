"""A ceremony run as a timed drill (rehearsal only): the ceremony screen with a visible timer.
When it closes (finished, aborted, or left for later), the app journals the drill's result in
the rehearsal journal (``record_drill``): duration, mistakes, steps retried (core/drill.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from textual.widgets import Static

from rootkeeper.core.drill import drill_result, elapsed_text
from rootkeeper.ui.ceremony_screen import CeremonyScreen


class DrillTimer(Static):
    """The elapsed time of the drill, read from the app's clock (injected in tests)."""

    DEFAULT_CSS = "DrillTimer { height: 1; background: $warning 30%; padding: 0 1; text-style: bold; }"

    def __init__(self, started: datetime, **kwargs: Any) -> None:
        super().__init__("", markup=False, **kwargs)
        self.started = started

    def on_mount(self) -> None:
        self.tick()
        self.set_interval(1.0, self.tick)

    def tick(self) -> None:
        elapsed = (self.app.clock() - self.started).total_seconds()
        self.update(f"DRILL  {elapsed_text(elapsed)}  — timed; mistakes and retries go to the rehearsal journal")


class DrillScreen(CeremonyScreen):
    def __init__(self, runbook_id: str, **kwargs: Any) -> None:
        super().__init__(runbook_id, **kwargs)
        self.drill_started: datetime | None = None

    def on_mount(self) -> None:  # Textual calls CeremonyScreen.on_mount too (handlers run along the MRO)
        self.drill_started = self.app.clock()
        self.mount(DrillTimer(self.drill_started, id="drill-timer"), before="#ceremony-title")


def record_drill(screen: DrillScreen, ended_at: datetime) -> Any:
    """Journal the drill of ``screen`` in the rehearsal journal (worker thread: a journal write);
    None when no ceremony was opened (nothing was drilled)."""
    ceremony, runner = screen.ceremony, screen.runner
    if ceremony is None or runner is None or screen.drill_started is None:
        return None
    if not runner.environment.rehearsal:  # never in a real journal: a drill is practice
        return None
    from rootkeeper.ceremonies.recording import actor_body
    from rootkeeper.journal import Actor

    result = drill_result(runbook=ceremony.runbook.id, ceremony_id=ceremony.id, results=ceremony.results,
                          started=screen.drill_started, ended_at=ended_at, ended=ceremony.status.value,
                          incident_id=ceremony.facts.get("incident_id"))
    actor = actor_body(Actor.current(operator=runner.operator, identity=runner.identity))
    runner.journal.append("drill", {**result.body(), "actor": actor})
    return result


def drill_recorded(app: Any, result: Any) -> None:
    """Tell the operator how the drill went (the entry is in the rehearsal journal)."""
    if result is None:
        return
    retried = ", ".join(result.steps_retried) or "none"
    app.notify(f"{elapsed_text(result.duration_seconds)} ({result.ended}); {len(result.mistakes)} mistake(s); "
               f"steps retried: {retried}. Journaled in the rehearsal journal.", title="Drill over", timeout=15)
