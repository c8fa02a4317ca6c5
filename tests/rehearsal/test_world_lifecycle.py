"""Starting, stopping and scaling the world; `rootkeeper world serve` as a real process."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from rootkeeper.core.errors import ValidationError
from rootkeeper.rehearsal.world import start_world
from tests.support.rehearsal_clients import MGMT, Clients

REPO = Path(__file__).resolve().parents[2]


def test_worlds_do_not_leak_into_each_other(manual_clock):
    first = start_world(clock=manual_clock)
    Clients(first)("iam", "root").delete_access_key(AccessKeyId="AKIAACMEROOTKEY00002")
    first.stop()
    second = start_world(clock=manual_clock)
    try:
        keys = Clients(second)("iam", "root").list_access_keys()["AccessKeyMetadata"]
        assert len(keys) == 2
        env = second.environment("root")
        assert env.rehearsal and env.management_account_id == MGMT and env.target.access_key_id == keys[0]["AccessKeyId"]
        with pytest.raises(ValidationError):
            second.environment("nobody")
    finally:
        second.stop()


def test_two_hundred_extra_accounts(manual_clock):
    # How fast a world starts is measured by bench/status_time.py, not asserted here.
    world = start_world(accounts=200, clock=manual_clock)
    try:
        org = Clients(world)("organizations")
        accounts = org.get_paginator("list_accounts").paginate().build_full_result()["Accounts"]
        assert len(accounts) == 205
        assert "500000000200" in {a["Id"] for a in accounts}
        assert Clients(world)("sts", "root").get_caller_identity()["Account"] == MGMT
    finally:
        world.stop()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _serve(port: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "rootkeeper.cli", "world", "serve", "--port", str(port)],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _exports(process: subprocess.Popen) -> dict[str, dict[str, str]]:
    identities: dict[str, dict[str, str]] = {}
    current = None
    for line in process.stdout:
        if line.startswith("# "):
            current = line[2:].split(":", 1)[0]
            identities[current] = {}
        elif line.startswith("export ") and current:
            name, _, value = line[len("export "):].strip().partition("=")
            identities[current][name] = value
        elif line.startswith("Press Ctrl-C"):
            return identities
    raise AssertionError("the world never said it was ready")


def _aws_cli() -> list[str] | None:
    for candidate in (shutil.which("aws"), "/root/.pyenv/shims/aws"):
        if candidate and os.path.exists(candidate):
            probe = subprocess.run([candidate, "--version"], capture_output=True, text=True)
            if probe.returncode == 0:
                return [candidate]
    return None


@pytest.mark.slow
def test_world_serve_answers_the_aws_cli(tmp_path):
    port = _free_port()
    process = _serve(port)
    try:
        root = _exports(process)["root"]
        assert root["AWS_ENDPOINT_URL"] == f"http://127.0.0.1:{port}"
        env = {**os.environ, **root, "AWS_CONFIG_FILE": str(tmp_path / "none"), "AWS_PAGER": ""}
        cli = _aws_cli()
        if cli is None:
            pytest.skip("the AWS CLI is not installed on this machine (tests/aws covers boto3 over HTTP)")
        run = lambda *args: subprocess.run([*cli, *args, "--endpoint-url", root["AWS_ENDPOINT_URL"],  # noqa: E731
                                            "--output", "json"], env=env, capture_output=True, text=True)
        identity = run("sts", "get-caller-identity")
        assert identity.returncode == 0, identity.stderr
        assert json.loads(identity.stdout)["Arn"] == f"arn:aws:iam::{MGMT}:root"
        summary = json.loads(run("iam", "get-account-summary").stdout)["SummaryMap"]
        assert summary["AccountAccessKeysPresent"] == 1
        refused = run("iam", "enable-mfa-device", "--user-name", "root", "--serial-number",
                      f"arn:aws:iam::{MGMT}:mfa/root", "--authentication-code1", "123456",
                      "--authentication-code2", "654321")
        assert refused.returncode != 0 and "InvalidInput" in refused.stderr
        busy = _serve(port)
        _, busy_err = busy.communicate(timeout=60)
        assert busy.returncode == 2
        assert busy_err.strip().splitlines() == [f"Port {port} on 127.0.0.1 is already in use: choose another with --port."]
    finally:
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
    assert process.returncode == 0
    assert "GET" not in stderr and "POST" not in stderr  # no request log


@pytest.mark.slow
def test_world_serve_refuses_keys_it_does_not_know(tmp_path):
    """`world serve` as the README runs it, boto3 pointed at it: AWS's door, not moto's."""
    import boto3
    from botocore.exceptions import ClientError

    port = _free_port()
    process = _serve(port)
    try:
        identities = _exports(process)
        assert {"operator", "root", "breakglass", "auditor", "prod-root"} <= set(identities)
        endpoint = identities["auditor"]["AWS_ENDPOINT_URL"]

        def sts(key: str, secret: str):
            return boto3.client("sts", region_name="us-east-1", endpoint_url=endpoint, aws_access_key_id=key,
                                aws_secret_access_key=secret)

        auditor = identities["auditor"]
        assert sts(auditor["AWS_ACCESS_KEY_ID"], auditor["AWS_SECRET_ACCESS_KEY"]).get_caller_identity()["Arn"] \
            == f"arn:aws:iam::{MGMT}:user/auditor"
        for key, secret, code in (("AKIAZZZZZZZZZZZZZZZZ", "x" * 40, "InvalidClientTokenId"),
                                  (auditor["AWS_ACCESS_KEY_ID"], "x" * 40, "SignatureDoesNotMatch")):
            with pytest.raises(ClientError) as excinfo:
                sts(key, secret).get_caller_identity()
            assert excinfo.value.response["Error"]["Code"] == code
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=30)
    assert process.returncode == 0
