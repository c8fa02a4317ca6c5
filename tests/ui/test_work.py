"""rootkeeper.ui.work: the one path of blocking work for every screen — a thread worker,
the result handed over on the UI thread, busy shown and cleared in one place, a failure
said once as the operator's message, and the failed job run again on retry."""

from __future__ import annotations

import threading

from textual.app import App
from textual.screen import Screen
from textual.widgets import Static

from rootkeeper.core.errors import NoCredentialsError, RootkeeperError
from rootkeeper.ui.error_screen import ErrorScreen
from rootkeeper.ui.operator_message import NO_CREDENTIALS_SENTENCE
from rootkeeper.ui.work import BlockingWork, Job
from tests.support.pilot import settle, text_of

SIZE = (80, 24)


class WorkScreen(BlockingWork, Screen):
    def __init__(self) -> None:
        super().__init__()
        self.busy_shown: list[str | None] = []
        self.failures: list[tuple[type, str]] = []
        self.results: list[tuple[object, bool]] = []

    def compose(self):
        yield Static("", id="said")

    def show_busy(self, text: str | None) -> None:
        self.busy_shown.append(text)

    def done(self, result: object) -> None:
        self.results.append((result, threading.current_thread() is threading.main_thread()))


class FailingScreen(WorkScreen):
    def work_failed(self, error: BaseException, message: str) -> None:
        self.failures.append((type(error), message))


class WorkApp(App):
    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self.work_screen = screen

    def on_mount(self) -> None:
        self.push_screen(self.work_screen)


async def test_done_gets_the_result_on_the_ui_thread_and_busy_is_cleared():
    screen = WorkScreen()
    async with WorkApp(screen).run_test(size=SIZE) as pilot:
        screen.run_job(Job(lambda: threading.current_thread() is threading.main_thread(), screen.done,
                           "Reading…", doing="read something"))
        assert screen.busy
        await settle(pilot)
        assert screen.results == [(False, True)]  # called off the UI thread; done on it
        assert screen.busy_shown == ["Reading…", None] and not screen.busy
        assert screen.job is None  # nothing left to retry (nor a secret held in its closure)


async def test_a_failure_is_said_once_and_retry_runs_the_job_again():
    attempts = iter([RootkeeperError("The rehearsal world stopped:   start it again."), None])

    def call() -> str:
        error = next(attempts)
        if error is not None:
            raise error
        return "read"

    screen = FailingScreen()
    async with WorkApp(screen).run_test(size=SIZE) as pilot:
        screen.run_job(Job(call, screen.done, "Reading…", doing="read something"))
        await settle(pilot)
        assert screen.failures == [(RootkeeperError, "The rehearsal world stopped: start it again.")]
        assert not screen.busy and screen.results == []
        screen.retry_job()
        await settle(pilot)
        assert screen.results == [("read", True)] and len(screen.failures) == 1
        assert screen.busy_shown == ["Reading…", None, "Reading…", None]


async def test_by_default_a_failure_is_the_error_modal_with_the_operator_message():
    def call() -> None:
        raise NoCredentialsError("botocore found none")

    screen = WorkScreen()
    app = WorkApp(screen)
    async with app.run_test(size=SIZE) as pilot:
        screen.run_job(Job(call, screen.done, "Connecting…", doing="connect"))
        await settle(pilot)
        assert isinstance(app.screen, ErrorScreen)
        assert text_of(app, "#error-title") == "No AWS credentials"
        assert text_of(app, "#error-message") == NO_CREDENTIALS_SENTENCE


async def test_a_replaced_job_does_not_report():
    gate = threading.Event()
    screen = WorkScreen()
    async with WorkApp(screen).run_test(size=SIZE) as pilot:
        screen.run_job(Job(lambda: gate.wait(5) and "old", screen.done, "Old…"))
        screen.run_job(Job(lambda: "new", screen.done, "New…"))
        await pilot.pause()
        gate.set()
        await settle(pilot)
        assert screen.results == [("new", True)]


async def test_jobs_doing_different_things_run_side_by_side_and_busy_lasts_until_both_end():
    gate = threading.Event()
    screen = WorkScreen()
    async with WorkApp(screen).run_test(size=SIZE) as pilot:
        screen.run_job(Job(lambda: gate.wait(5) and "checked", screen.done, doing="check the runbooks"))
        screen.run_job(Job(lambda: "opened", screen.done, doing="open the journal"))
        for _ in range(50):
            await pilot.pause(0.02)
            if screen.results:
                break
        assert screen.results == [("opened", True)] and screen.busy
        gate.set()
        await settle(pilot)
        assert screen.results == [("opened", True), ("checked", True)] and not screen.busy
