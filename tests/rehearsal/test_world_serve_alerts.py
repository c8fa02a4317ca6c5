"""`rootkeeper world serve` shows the rehearsal mailbox on its console: after the operator sets up
an EventBridge rule to an SNS topic with an email subscription, a root sign-in in the (HTTP) console
simulator prints "alert email to ...", and the console action alert_emails lists it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import boto3

from rootkeeper.rehearsal.console import HttpConsoleSimulator
from tests.rehearsal.test_alert_delivery import ROOT_PATTERN, SEC
from tests.rehearsal.test_world_serve_pipe import _free_port
from tests.support.rehearsal_clients import MGMT


def test_a_root_sign_in_prints_the_alert_email_line(tmp_path):
    port = _free_port()
    env = {**os.environ, "ROOTKEEPER_HOME": str(tmp_path / "home")}
    server = subprocess.Popen([sys.executable, "-m", "rootkeeper.cli", "world", "serve", "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    try:
        keys = {}
        for line in server.stdout:
            if line.startswith("export AWS_ACCESS_KEY_ID=") and "id" not in keys:
                keys["id"] = line.strip().split("=", 1)[1]  # the first identity printed: the operator
            if line.startswith("export AWS_SECRET_ACCESS_KEY=") and "secret" not in keys:
                keys["secret"] = line.strip().split("=", 1)[1]
            if line.startswith("Press Ctrl-C"):
                break
        endpoint = f"http://127.0.0.1:{port}"
        session = boto3.Session(aws_access_key_id=keys["id"], aws_secret_access_key=keys["secret"],
                                region_name="us-east-1")
        sns, events = session.client("sns", endpoint_url=endpoint), session.client("events", endpoint_url=endpoint)
        topic = sns.create_topic(Name="root-activity")["TopicArn"]
        events.put_rule(Name="root-activity", EventPattern=json.dumps(ROOT_PATTERN), State="ENABLED")
        events.put_targets(Rule="root-activity", Targets=[{"Id": "sns", "Arn": topic}])
        sns.subscribe(TopicArn=topic, Protocol="email", Endpoint=SEC)
        console = HttpConsoleSimulator(endpoint)
        console.sign_in_root(MGMT, "Acme-Root-2021!")
        line = server.stdout.readline()
        assert line.strip() == (f"alert email to {SEC}: root sign-in to the console of {MGMT} "
                                "(EventBridge rule root-activity → root-activity)")
        [email] = console.alert_emails(MGMT)
        assert (email["to"], email["subject"]) == (SEC, "AWS Notification Message")
        assert console.alert_emails("314159265401") == []
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=60)
        finally:
            if server.poll() is None:
                server.kill()
