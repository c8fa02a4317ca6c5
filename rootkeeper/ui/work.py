"""Blocking work (AWS, the journal, the keyring, the disk) off the UI thread: the one
worker / busy / retry / error path of every screen, and of the app.

A screen (or the app) mixes in ``BlockingWork`` and runs a ``Job``: its call runs in a
thread worker with ``exit_on_error=False`` (a newer job doing the same replaces it); on success ``done(result)`` runs on
the UI thread; on failure the error becomes one operator message (never a traceback; an
unexpected error's goes to the log) handed to ``work_failed``, whose default is the error
modal. The busy state is set and cleared here only; a screen says how it looks
(``show_busy``). A failed job is kept, so ``retry_job`` runs it again.
"""

from __future__ import annotations

import logging
import traceback
from dataclasses import dataclass
from typing import Any, Callable

from textual.worker import Worker, WorkerState

from rootkeeper.core.errors import NoCredentialsError, RootkeeperError
from rootkeeper.ui.connection import ConnectionClosed
from rootkeeper.ui.error_screen import ErrorScreen
from rootkeeper.ui.operator_message import operator_message

log = logging.getLogger(__name__)
WORK_GROUP = "blocking-work"


@dataclass
class Job:
    """One call off the UI thread, and what to do with its result on the UI thread."""

    call: Callable[[], Any]  # in a thread worker: never touches a widget
    done: Callable[[Any], None]  # on the UI thread, with what ``call`` returned
    busy_text: str = ""
    doing: str = "work in rootkeeper"  # "read the root posture": names the worker and an unexpected failure


class BlockingWork:
    """Mixed into a Screen or the App (anything with ``run_worker``). Jobs that do the same
    thing (``doing``) replace each other: a newer one cancels the older; others run side by
    side (the app checks the runbooks while the operator opens the journal)."""

    busy: bool = False
    job: Job | None = None  # the latest one run: running, or failed for ``retry_job`` to run again

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._running_jobs: dict[Worker, Job] = {}

    def run_job(self, job: Job) -> None:
        self.job = job
        worker = self.run_worker(job.call, name=job.doing, group=f"{WORK_GROUP}: {job.doing}",  # type: ignore[attr-defined]
                                 thread=True, exclusive=True, exit_on_error=False)
        self._running_jobs[worker] = job
        self._set_busy(job.busy_text)

    def retry_job(self) -> None:
        if self.job is not None and not self.busy:
            self.run_job(self.job)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        job = self._running_jobs.get(event.worker)
        if job is None or event.state not in (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED):
            return  # another's worker, or one still running
        del self._running_jobs[event.worker]
        if not self._running_jobs:
            self._set_busy(None)
        if event.state is WorkerState.SUCCESS:
            if self.job is job:
                self.job = None  # nothing to retry; secrets in its closure go with it
            job.done(event.worker.result)
        elif event.state is WorkerState.ERROR:
            error = event.worker.error or RuntimeError("unknown failure")
            if isinstance(error, ConnectionClosed):
                return  # the app is closing: nobody to tell
            if not isinstance(error, RootkeeperError):  # a bug: its traceback for the log, never the screen
                log.error("worker %s failed:\n%s", event.worker.name, "".join(traceback.format_exception(error)))
            self.work_failed(error, operator_message(error, doing=f"trying to {job.doing}"))

    def _set_busy(self, text: str | None) -> None:
        self.busy = text is not None
        self.show_busy(text)

    # --- what a screen overrides --------------------------------------------------------
    def show_busy(self, text: str | None) -> None:
        """Show ``text`` as busy, or (None) stop showing it."""

    def work_failed(self, error: BaseException, message: str) -> None:
        """Tell the operator ``message``; by default in the error modal."""
        show_error_modal(self, error, message)


def show_error_modal(node: Any, error: BaseException, message: str) -> None:
    title = "No AWS credentials" if isinstance(error, NoCredentialsError) else "Something went wrong"
    node.app.push_screen(ErrorScreen(message, title=title))
