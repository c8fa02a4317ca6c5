"""Helpers shared by the Pilot tests: wait for workers, read what a widget shows."""

from __future__ import annotations

import asyncio
import io

from rich.console import Console
from textual.widgets import DataTable, Static
from textual.worker import WorkerFailed

from rootkeeper.core.findings import CONTROLS

SIZE = (120, 40)


SETTLE_BOUND = 120  # seconds: not a timing assertion, a guard against a worker that can never finish


async def settle(pilot) -> None:
    """Wait for every worker to finish (a failed one included: the app shows the failure).
    A worker waiting on something the test never gives (a modal's answer) fails the test
    with what was still running, instead of hanging the suite."""
    app = pilot.app
    try:
        await asyncio.wait_for(app.workers.wait_for_complete(), SETTLE_BOUND)
    except WorkerFailed:
        pass
    except TimeoutError:
        running = [worker.name for worker in app.workers if not worker.is_finished]
        raise AssertionError(f"workers still running after {SETTLE_BOUND} s: {running}; "
                             f"the screen is {app.screen!r}") from None
    await pilot.pause()


def text_of(app, selector: str) -> str:
    """What a Static shows, as plain text (rich renderables included)."""
    console = Console(width=200, file=io.StringIO(), color_system=None)
    console.print(app.screen.query_one(selector, Static).content)
    return " ".join(console.file.getvalue().split())


def status_cells(app) -> dict[str, str]:
    table = app.screen.query_one("#findings", DataTable)
    return {control.id: str(table.get_cell(control.id, "Status")) for control in CONTROLS}
