"""How a finding's status reads: a symbol, a word and a colour, so colour is never the only cue."""

from __future__ import annotations

from rich.text import Text

from rootkeeper.core.findings import Status

_BADGES = {
    Status.PASS: ("✔ PASS", "bold green"),
    Status.FAIL: ("✘ FAIL", "bold red"),
    Status.WARN: ("! WARN", "bold dark_orange"),
    Status.UNKNOWN: ("? UNKNOWN", "bold yellow"),
    Status.NOT_APPLICABLE: ("– N/A", "dim"),
}
PENDING = Text("… reading", style="dim italic")
NOT_READ = Text("· not read", style="dim")


def status_badge(status: Status | None, *, reading: bool = True) -> Text:
    """The badge of a status; with no status, "reading" or, once a read failed, "not read"."""
    if status is None:
        return (PENDING if reading else NOT_READ).copy()
    label, style = _BADGES[status]
    return Text(label, style=style)
