"""Helpers shared by the Pilot tests: wait for workers, read what a widget shows."""

from __future__ import annotations

import io

from rich.console import Console
from textual.widgets import DataTable, Static
from textual.worker import WorkerFailed

from rootkeeper.core.findings import CONTROLS

SIZE = (120, 40)


async def settle(pilot) -> None:
    """Wait for every worker to finish (a failed one included: the app shows the failure)."""
    try:
        await pilot.app.workers.wait_for_complete()
    except WorkerFailed:
        pass
    await pilot.pause()


def text_of(app, selector: str) -> str:
    """What a Static shows, as plain text (rich renderables included)."""
    console = Console(width=200, file=io.StringIO(), color_system=None)
    console.print(app.screen.query_one(selector, Static).content)
    return " ".join(console.file.getvalue().split())


def status_cells(app) -> dict[str, str]:
    table = app.screen.query_one("#findings", DataTable)
    return {control.id: str(table.get_cell(control.id, "Status")) for control in CONTROLS}
