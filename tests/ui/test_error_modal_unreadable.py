"""In the TUI, an endpoint that is not AWS and an unexpected exception reach the error modal as
one message (the log file named for a bug), never a traceback on screen; a crash outside any
worker leaves one line and exit code 2, not Textual's traceback with its local variables."""

from __future__ import annotations

import re
from pathlib import Path

from rootkeeper.core.environment import AwsTarget, Environment
from rootkeeper.ui.app import make_app
from rootkeeper.ui.error_screen import ErrorScreen
from tests.support.pilot import SIZE, settle, text_of
from tests.support.ui_fakes import FakeJournal, FakeReader, fixed_clock, journal_opener, rehearsal_environment
from tests.support.web_page_server import web_page_server


async def test_an_endpoint_that_serves_a_web_page_is_named_not_aws_in_the_modal():
    with web_page_server(200) as url:
        target = AwsTarget(region="us-east-1", endpoint_url=url, access_key_id="AKIAEXAMPLEEXAMPLE00",
                           secret_access_key="not-a-secret")
        app = make_app(lambda: Environment(target=target), clock=fixed_clock,
                       journal_opener=journal_opener(FakeJournal()))
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, ErrorScreen)
            message = text_of(app, "#error-message")
    assert "The endpoint is not AWS" in message and "HTML page (HTTP 200)" in message
    assert "Traceback" not in message and "KeyError" not in message


async def test_an_unexpected_exception_names_its_log_file_in_the_modal(isolated_home):
    app = make_app(rehearsal_environment, clock=fixed_clock, posture_reader=FakeReader(
        error=ZeroDivisionError("division by zero")), journal_opener=journal_opener(FakeJournal()))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ErrorScreen)
        message = text_of(app, "#error-message")
    assert message.startswith("Unexpected error (ZeroDivisionError) while trying to read the root posture")
    assert "Traceback" not in message
    [named] = re.findall(r"The details are in (\S+);", message)
    log = Path(named)
    assert log.is_relative_to(isolated_home)
    assert "ZeroDivisionError: division by zero" in log.read_text()
    assert "Traceback (most recent call last)" in log.read_text()


async def test_a_crash_outside_a_worker_exits_2_with_one_line_and_a_log(isolated_home, capsys):
    app = make_app(rehearsal_environment, clock=fixed_clock, posture_reader=FakeReader(),
                   journal_opener=journal_opener(FakeJournal()))
    seed = "JBSWY3DPEHPK3PXP"  # a local variable Textual's own traceback would print

    def crash() -> None:
        secret = seed  # noqa: F841 - the point: it must not reach the terminal
        raise RuntimeError("a handler failed")

    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            app.call_later(crash)
            await pilot.pause()
    except RuntimeError:
        pass  # run_test re-raises the app's exception for the test; the operator never sees it
    assert app.return_code == 2
    printed = capsys.readouterr()  # Textual's own output once the app has exited: nothing
    assert "Traceback" not in printed.err + printed.out and seed not in printed.err + printed.out
    line = app.crash_line  # what `rootkeeper` prints on stderr, alone (commands/tui.py)
    assert line.startswith("Unexpected error (RuntimeError) while running the TUI")
    log = Path(re.findall(r"The details are in (\S+);", line)[0])
    assert "RuntimeError: a handler failed" in log.read_text() and seed not in log.read_text()
