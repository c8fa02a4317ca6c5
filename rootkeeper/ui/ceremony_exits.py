"""How the operator leaves the Ceremony screen: abort while the ceremony runs (asked first,
after reading what an abort would undo; then undone and journaled), continue later, or go
back once it is over. Mixed into CeremonyScreen, whose work path (``perform``) runs the
abort off the UI thread."""

from __future__ import annotations

from typing import Any, Callable

from rootkeeper.core.ceremony import AbortReport, Ceremony, CeremonyStatus
from rootkeeper.core.undo import UndoPlanItem
from rootkeeper.ui.ceremony_runner import undo_summary
from rootkeeper.ui.confirm_screen import ConfirmScreen
from rootkeeper.ui.widgets.step_list import abort_message

ABORT_REASON = "aborted by the operator"


class CeremonyExits:
    """Needs, from the screen: ``ceremony``, ``busy``, ``perform``, ``_notify_operator``,
    ``_show_current_step``, ``_retire_panel`` (and Textual's ``app``, ``notify``, ``dismiss``)."""

    ceremony: Ceremony | None
    busy: bool
    perform: Callable[[str, Callable[[], Any], Callable[[Any], None]], None]

    @property
    def in_progress(self) -> bool:
        return self.ceremony is not None and self.ceremony.status is CeremonyStatus.IN_PROGRESS

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Escape aborts while the ceremony runs, and goes back once it is over.
        if action in ("abort", "later"):
            return self.in_progress or self.ceremony is None
        if action == "leave":
            return not (self.in_progress or self.ceremony is None)
        return True

    def action_leave(self) -> None:
        if self.busy:
            self.notify("Wait for the current step to finish.", severity="warning")
            return
        self._leave()

    def action_abort(self) -> None:
        if self.busy:
            self.notify("Wait for the current step to finish.", severity="warning")
            return
        if not self.in_progress:
            self._leave()
            return
        ceremony = self.ceremony
        assert ceremony is not None
        # What an abort undoes is read from AWS first, so the dialog says what it found.
        self.perform("Reading AWS to see what an abort would undo…", ceremony.undo_plan, self._confirm_abort)

    def _confirm_abort(self, plan: tuple[UndoPlanItem, ...]) -> None:
        message = abort_message(plan, self.ceremony)
        self.app.push_screen(ConfirmScreen("Abort this ceremony?", message, yes_label="Abort"),
                             lambda yes: self._abort() if yes else None)

    def _abort(self) -> None:
        ceremony = self.ceremony
        assert ceremony is not None
        self.perform("Aborting: undoing what this ceremony did…", lambda: ceremony.abort(reason=ABORT_REASON),
                     self._aborted)

    def _aborted(self, report: AbortReport) -> None:
        assert self.ceremony is not None
        self._notify_operator("Aborted. " + undo_summary(report, self.ceremony.results),
                              "success" if report.clean else "error")
        self._show_current_step()

    def action_later(self) -> None:
        if self.busy:
            return
        if self.in_progress:
            self.notify("The ceremony is saved: rootkeeper offers it again the next time it starts.")
        self._leave()

    def _leave(self) -> None:
        self._retire_panel()
        self.dismiss(self.ceremony.status if self.ceremony else None)
