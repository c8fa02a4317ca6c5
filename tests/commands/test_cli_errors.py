"""Every failure to read is exit 2 and ONE line on stderr, for every command; an unexpected
exception leaves its traceback in a log file under the data directory, named in that line.
(Exit 1 means findings: a script must never read an error as one.)"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from botocore.config import Config

import rootkeeper.aws.session
from rootkeeper.cli import main
from tests.support.web_page_server import PAGE, web_page_server

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def cli_home(tmp_path, monkeypatch) -> Path:
    """A data directory of its own, and credentials that are only ever sent to local servers."""
    home = tmp_path / "home"
    for name in [name for name in os.environ if name.startswith("AWS_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("ROOTKEEPER_HOME", str(home))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEEXAMPLE00")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "not-a-secret")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    # One attempt: the retries are botocore's business, the message is ours.
    monkeypatch.setattr(rootkeeper.aws.session, "CLIENT_CONFIG", Config(retries={"total_max_attempts": 1}))
    return home


@pytest.fixture
def html_200():
    with web_page_server(200) as url:
        yield url


@pytest.fixture
def html_501():
    with web_page_server(501, PAGE.replace(b"It works!", b"Error code: 501")) as url:
        yield url


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def one_line_error(capsys, code: int) -> str:
    out, err = capsys.readouterr()
    assert code == 2, err
    assert out == ""
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert "Traceback" not in err
    return err.strip()


def test_a_200_html_page_is_not_aws(cli_home, html_200, capsys):
    line = one_line_error(capsys, main(["status", "--no-journal", "--endpoint-url", html_200]))
    assert "not AWS" in line and "HTML page" in line and "--endpoint-url" in line


def test_an_error_html_page_is_not_aws(cli_home, html_501, capsys):
    line = one_line_error(capsys, main(["status", "--json", "--no-journal", "--endpoint-url", html_501]))
    assert "not AWS" in line and "HTML page (HTTP 501)" in line


def test_a_refused_connection_names_the_endpoint(cli_home, capsys):
    url = f"http://127.0.0.1:{closed_port()}"
    line = one_line_error(capsys, main(["status", "--no-journal", "--endpoint-url", url]))
    assert line.startswith(f"Could not reach AWS at {url}") and "--endpoint-url" in line


@pytest.mark.parametrize("argv", [
    ["status", "--endpoint-url", "notaurl"],
    ["--endpoint-url", "notaurl", "status"],
    ["rehearse", "--endpoint-url", "notaurl"],
    ["--endpoint-url", "ftp://127.0.0.1:5000"],
    ["status", "--endpoint-url", "http://"],
])
def test_a_malformed_endpoint_url_is_refused_before_anything_starts(cli_home, capsys, monkeypatch, argv):
    def no_tui(*_, **__):
        raise AssertionError("the TUI started with a malformed --endpoint-url")

    monkeypatch.setattr("rootkeeper.commands.tui.run_live", no_tui)
    monkeypatch.setattr("rootkeeper.commands.tui.run_rehearsal", no_tui)
    line = one_line_error(capsys, main(argv))
    assert line.startswith("--endpoint-url: The endpoint URL") and "http://127.0.0.1:5000" in line


def test_an_unexpected_exception_is_logged_under_the_data_directory(cli_home, capsys, monkeypatch):
    def broken(*_, **__):
        raise ZeroDivisionError("division by zero in the posture")

    monkeypatch.setattr("rootkeeper.commands.status.check_posture", broken)
    line = one_line_error(capsys, main(["status", "--no-journal"]))
    assert "Unexpected error (ZeroDivisionError)" in line and "rootkeeper bug" in line
    [named] = re.findall(r"The details are in (\S+);", line)
    log = Path(named)
    assert log.is_file() and log.is_relative_to(cli_home)
    text = log.read_text()
    assert "Traceback (most recent call last)" in text and "ZeroDivisionError: division by zero in the posture" in text
    assert oct(log.stat().st_mode & 0o777) == "0o600"


def test_an_unexpected_exception_in_audit_and_world_is_one_line_too(cli_home, capsys, monkeypatch, tmp_path):
    journal = tmp_path / "journal.jsonl"
    journal.write_text("{}\n")

    def broken(*_, **__):
        raise KeyError("seq")

    monkeypatch.setattr("rootkeeper.journal.describe.numbered_entries", broken)
    line = one_line_error(capsys, main(["audit", "show", "--journal", str(journal)]))
    assert "Unexpected error (KeyError) while running `rootkeeper audit show`" in line
    monkeypatch.setattr("rootkeeper.rehearsal.world.start_world", broken)
    line = one_line_error(capsys, main(["world", "serve", "--port", str(closed_port())]))
    assert "Unexpected error (KeyError) while running `rootkeeper world serve`" in line
    assert len(list((cli_home / "logs").iterdir())) == 2


def test_secrets_in_an_unexpected_exception_are_redacted_in_the_log(cli_home, capsys, monkeypatch):
    def broken(*_, **__):
        raise ValueError("bad answer: <SecretAccessKey>wJalrXUtnFEMIK7MDENG</SecretAccessKey> "
                         "otpauth://totp/acme?secret=JBSWY3DPEHPK3PXP")

    monkeypatch.setattr("rootkeeper.commands.status.check_posture", broken)
    line = one_line_error(capsys, main(["status", "--no-journal"]))
    text = Path(re.findall(r"The details are in (\S+);", line)[0]).read_text()
    assert "ValueError" in text
    assert "wJalrXUtnFEMIK7MDENG" not in text and "JBSWY3DPEHPK3PXP" not in text


def test_the_command_line_itself_prints_one_line_for_a_malformed_endpoint(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(ROOTKEEPER_HOME=str(tmp_path / "home"), AWS_ACCESS_KEY_ID="AKIAEXAMPLEEXAMPLE00",
               AWS_SECRET_ACCESS_KEY="x", AWS_DEFAULT_REGION="us-east-1")
    result = subprocess.run([sys.executable, "-m", "rootkeeper.cli", "status", "--endpoint-url", "notaurl"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "'notaurl' does not start with http:// or https://" in result.stderr


def test_the_tui_leaves_one_line_and_exit_2_after_a_crash(capsys):
    from types import SimpleNamespace

    from rootkeeper.commands.tui import _run

    line = "Unexpected error (RuntimeError) while running the TUI: this is a rootkeeper bug. The details are in x."
    crashed = SimpleNamespace(run=lambda: None, return_code=1, crash_line=line,
                              connection=SimpleNamespace(close=lambda: None))
    assert _run(crashed) == 2
    assert capsys.readouterr().err == line + "\n"


def test_status_exits_2_when_the_identity_was_read_but_no_control(cli_home, capsys, monkeypatch):
    from moto import mock_aws

    from rootkeeper.core.controls import CONTROLS, Status
    from rootkeeper.core.findings import Finding

    def nothing_readable(posture, now, roster=None):
        return [Finding(control, Status.UNKNOWN, "Access denied: this identity may not read this.")
                for control in CONTROLS]

    monkeypatch.setattr("rootkeeper.commands.status.evaluate", nothing_readable)
    with mock_aws():
        code = main(["status", "--no-journal"])
    out, err = capsys.readouterr()
    assert code == 2 and "UNKN" in out  # the table still shows why
    assert err.count("\n") == 1
    assert err.startswith("Could not read any root control as arn:aws:") and "Access denied" in err


def test_status_exits_1_when_some_controls_were_read_and_others_not(cli_home, capsys, monkeypatch):
    from moto import mock_aws

    from rootkeeper.core.controls import CONTROLS, Status
    from rootkeeper.core.findings import Finding

    def partly_readable(posture, now, roster=None):
        return [Finding(control, Status.PASS if i == 0 else Status.UNKNOWN, "reason")
                for i, control in enumerate(CONTROLS)]

    monkeypatch.setattr("rootkeeper.commands.status.evaluate", partly_readable)
    with mock_aws():
        assert main(["status", "--no-journal"]) == 1
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("variable", ["AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_STS"])
def test_a_malformed_endpoint_url_from_the_environment_is_one_line_not_a_crash(cli_home, capsys, monkeypatch, variable):
    """botocore reads AWS_ENDPOINT_URL (and per-service variants, and a profile's endpoint_url) itself,
    and fails on a malformed one with ValueError deep in client creation: that is the user's typo,
    not a rootkeeper bug."""
    monkeypatch.setenv(variable, "notaurl")
    assert main(["status", "--no-journal"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert "notaurl" in err and "AWS_ENDPOINT_URL" in err
    assert "rootkeeper bug" not in err and "Traceback" not in err
    assert not (cli_home / "logs").exists()
