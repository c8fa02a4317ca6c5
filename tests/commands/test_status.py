"""`rootkeeper status`: JSON and table output, exit codes, journal entry, and errors in one line."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from argparse import Namespace
from datetime import datetime, timezone
from pathlib import Path

import pytest

import rootkeeper.journal
from rootkeeper.cli import build_parser
from rootkeeper.commands.status import exit_code, run_status
from rootkeeper.core.controls import CONTROLS, Status
from rootkeeper.core.errors import RootkeeperError
from rootkeeper.core.findings import Finding

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2025, 6, 1, 12, 0, tzinfo=timezone.utc)


def status_args(*argv: str) -> Namespace:
    return build_parser().parse_args(["status", *argv])


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_status(status_args(*argv), out=out, err=err, now=lambda: NOW)
    return code, out.getvalue(), err.getvalue()


class RecordingJournal:
    entries: list[tuple[str, dict, bool]] = []

    def __init__(self, rehearsal: bool) -> None:
        self.rehearsal = rehearsal

    @classmethod
    def open(cls, rehearsal: bool = False) -> "RecordingJournal":
        return cls(rehearsal)

    def append(self, kind: str, body: dict) -> None:
        RecordingJournal.entries.append((kind, body, self.rehearsal))


def test_json_output_against_a_moto_account(moto_account):
    code, out, err = run("--json", "--no-journal")
    report = json.loads(out)
    assert code == 1 and err == ""
    assert report["account_id"] == "123456789012"
    assert report["identity_arn"].startswith("arn:aws:")
    assert report["rehearsal"] is False and report["observed_at"] == NOW.isoformat()
    assert [f["id"] for f in report["findings"]] == [c.id for c in CONTROLS]
    first = report["findings"][0]
    assert set(first) == {"id", "title", "status", "evidence", "cis_v5", "cis_v3", "security_hub", "runbook"}
    assert first == {**first, "id": "root-mfa", "status": "fail", "security_hub": "IAM.9", "cis_v5": ["1.4"],
                     "cis_v3": ["1.5"], "runbook": "root-mfa"}
    assert sum(report["summary"].values()) == len(CONTROLS)
    assert report["summary"]["fail"] >= 1


def test_table_output_has_columns_and_a_summary_line(moto_account):
    code, out, _ = run("--no-journal")
    lines = out.splitlines()
    assert code == 1
    assert lines[0].startswith("Root posture of 123456789012")
    header = next(line for line in lines if line.startswith("STATUS"))
    for column in ("CONTROL", "CIS v5", "CIS v3", "SEC HUB", "EVIDENCE"):
        assert column in header
    assert any(line.startswith("FAIL") and "MFA on the root user" in line and "IAM.9" in line for line in lines)
    assert lines[-1].endswith("not applicable.") and " fail, " in lines[-1]


def test_the_check_is_journaled_without_evidence(moto_account, monkeypatch):
    RecordingJournal.entries = []
    monkeypatch.setattr(rootkeeper.journal, "Journal", RecordingJournal)
    code, _, err = run("--json")
    assert err == ""
    [(kind, body, rehearsal)] = RecordingJournal.entries
    assert kind == "check" and rehearsal is False
    assert body["account_id"] == "123456789012" and body["summary"]["fail"] >= 1
    assert body["findings"][0] == {"id": "root-mfa", "status": "fail"}
    assert all(set(f) == {"id", "status"} for f in body["findings"])
    assert "evidence" not in json.dumps(body)


def test_a_journal_that_cannot_be_written_is_reported_but_the_exit_code_stays(moto_account, monkeypatch):
    class LockedJournal(RecordingJournal):
        @classmethod
        def open(cls, rehearsal: bool = False):
            raise RootkeeperError("The OS keyring is not available.", hint="Unlock it, or use --no-journal.")

    monkeypatch.setattr(rootkeeper.journal, "Journal", LockedJournal)
    code, out, err = run("--json")
    assert code == 1 and json.loads(out)["account_id"] == "123456789012"
    assert err.startswith("Not recorded in the journal: The OS keyring is not available.")
    assert len(err.strip().splitlines()) == 1


def test_no_credentials_is_one_line_on_stderr_and_exit_2():
    code, out, err = run("--json", "--no-journal")
    assert (code, out) == (2, "")
    assert len(err.strip().splitlines()) == 1
    assert "No AWS credentials" in err and "rootkeeper rehearse" in err


def test_no_credentials_from_the_command_line_has_no_traceback(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(AWS_CONFIG_FILE=str(tmp_path / "none"), AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / "none"),
               AWS_EC2_METADATA_DISABLED="true", ROOTKEEPER_HOME=str(tmp_path / "home"))
    result = subprocess.run([sys.executable, "-m", "rootkeeper.cli", "status", "--json"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.strip().count("\n") == 0 and "Traceback" not in result.stderr
    assert "rootkeeper rehearse" in result.stderr


def _findings(*statuses: Status) -> list[Finding]:
    return [Finding(control, status, "e") for control, status in zip(CONTROLS, statuses)]


def test_exit_codes_treat_not_applicable_as_passing_and_unknown_as_not():
    assert exit_code(_findings(Status.PASS, Status.NOT_APPLICABLE)) == 0
    assert exit_code(_findings(Status.PASS, Status.UNKNOWN)) == 1
    assert exit_code(_findings(Status.FAIL, Status.PASS)) == 1


# --- against the rehearsal world -------------------------------------------------------------

ACME_FAILING = {"root-mfa", "root-access-keys", "security-contact"}


def test_rehearse_checks_the_acme_world_in_process():
    code, out, err = run("--rehearse", "--json", "--no-journal")
    report = json.loads(out)
    statuses = {f["id"]: f["status"] for f in report["findings"]}
    assert code == 1, err
    assert report["rehearsal"] is True
    assert all(statuses[control] == "fail" for control in ACME_FAILING)



def test_rehearse_with_an_endpoint_url_checks_the_served_world_not_a_fresh_one():
    """`status --rehearse --endpoint-url URL` read a fresh in-process acme world and ignored
    the URL: after root MFA was assigned in the served world it still said FAIL."""
    from rootkeeper.rehearsal.world import start_world
    from tests.support.authenticator import assign_virtual_root_mfa

    world = start_world("acme", serve=True, port=0)
    try:
        assign_virtual_root_mfa(world.console, world.management_account_id, "served-phone", world.state.now())
        code, out, err = run("--rehearse", "--endpoint-url", world.endpoint_url, "--json", "--no-journal")
    finally:
        world.stop()
    report = json.loads(out)
    statuses = {f["id"]: f["status"] for f in report["findings"]}
    assert report["rehearsal"] is True, err
    assert statuses["root-mfa"] == "pass", statuses


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _operator_exports(process: subprocess.Popen, timeout: float = 60.0) -> dict[str, str]:
    """Read `world serve`'s banner up to 'Press Ctrl-C' and return the operator's exports.
    A thread reads the pipe: a selector on a buffered text pipe would miss lines already read ahead."""
    import queue
    import threading

    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout] and None, daemon=True).start()
    exports: dict[str, dict[str, str]] = {}
    current = None
    while True:
        try:
            line = lines.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError("`world serve` printed no banner in time") from None
        if line.startswith("# "):
            current = exports.setdefault(line[2:].split(":", 1)[0].strip(), {})
        elif line.startswith("export ") and current is not None:
            name, _, value = line[len("export "):].strip().partition("=")
            current[name] = value
        elif line.startswith("Press Ctrl-C"):
            return exports["operator"]


@pytest.mark.slow
def test_status_against_a_served_world_with_the_operators_keys(tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(AWS_CONFIG_FILE=str(tmp_path / "none"), AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / "none"),
               AWS_EC2_METADATA_DISABLED="true", ROOTKEEPER_HOME=str(tmp_path / "home"), PYTHONUNBUFFERED="1")
    server = subprocess.Popen([sys.executable, "-m", "rootkeeper.cli", "world", "serve", "--port", str(port)],
                              cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=(tmp_path / "serve.err").open("w"), text=True)
    try:
        operator = _operator_exports(server)
        client_env = {**env, "AWS_ACCESS_KEY_ID": operator["AWS_ACCESS_KEY_ID"],
                      "AWS_SECRET_ACCESS_KEY": operator["AWS_SECRET_ACCESS_KEY"]}
        result = subprocess.run(
            [sys.executable, "-m", "rootkeeper.cli", "status", "--json", "--no-journal",
             "--endpoint-url", f"http://127.0.0.1:{port}"],
            cwd=ROOT, env=client_env, capture_output=True, text=True, timeout=120)
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    statuses = {f["id"]: f["status"] for f in report["findings"]}
    assert report["identity_arn"].endswith(":user/operator")
    assert all(statuses[control] == "fail" for control in ACME_FAILING), statuses
    assert statuses["billing-contact"] == "pass"
