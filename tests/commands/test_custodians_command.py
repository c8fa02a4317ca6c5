"""`rootkeeper custodians`: the journal's roster, the custodian controls' verdicts, exit codes as status."""

from __future__ import annotations

import io
import json
from datetime import datetime, timezone


from rootkeeper.cli import build_parser
from rootkeeper.commands.custodians import run_custodians
from rootkeeper.journal import Journal
from rootkeeper.journal.roster import append_roster
from tests.core.test_custodians import ANA_DEVICE, acme_roster_bodies

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=timezone.utc)
ROSTER_CONTROL_IDS = ["custodian-count", "root-mfa-attributed", "custodian-review", "root-email-domain"]


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_custodians(build_parser().parse_args(["custodians", *argv]), out=out, err=err, now=lambda: NOW)
    return code, out.getvalue(), err.getvalue()


def seed(*, rehearsal: bool) -> None:
    journal = Journal.open(rehearsal=rehearsal)
    for body in acme_roster_bodies():
        append_roster(journal, body)


def test_json_lists_the_roster_and_the_custodian_controls(moto_account):
    seed(rehearsal=False)
    code, out, err = run("--json")
    report = json.loads(out)
    assert code == 1, err  # two custodians staying: a warning is a finding
    assert [c["name"] for c in report["custodians"]] == ["Ana Lima", "Ben Okafor", "Chloe Martin"]
    ana = report["custodians"][0]
    assert ana["mfa_devices"] == [{"serial": ANA_DEVICE, "kind": "virtual"}]
    assert (ana["password_access"], ana["mailbox_member"], ana["recovery_phone"]) == (True, True, "+1 555 0199")
    assert report["custodians"][1]["witness_fingerprint"] and report["custodians"][2]["leaving"] is True
    assert report["last_review"] == "2025-05-01T10:00:00+00:00" and report["last_review_by"] == "Ana Lima"
    statuses = {f["id"]: f["status"] for f in report["findings"]}
    assert list(statuses) == ROSTER_CONTROL_IDS
    assert statuses["custodian-count"] == "warn" and statuses["custodian-review"] == "pass"
    assert statuses["root-email-domain"] == "unknown"  # plain moto: no Organization


def test_the_table_shows_each_custodian_and_factor(moto_account):
    seed(rehearsal=False)
    code, out, _ = run()
    assert code == 1
    assert "Ana Lima" in out and f"virtual {ANA_DEVICE}" in out and "hardware GAHT12345678" in out
    assert "leaving" in out and "Last review: 2025-05-01 by Ana Lima." in out
    assert "WARN  At least 3 root custodians" in out
    assert "2 pass, 0 fail, 1 warn, 1 unknown." in out


def test_without_credentials_the_roster_still_shows_and_the_error_is_one_line():
    seed(rehearsal=False)
    code, out, err = run()
    assert code == 2
    assert "Ana Lima" in out and "Custodian controls" not in out
    assert err.count("\n") == 1 and "No AWS credentials" in err


def test_an_empty_roster_against_the_rehearsal_world_fails_count_and_review():
    code, out, err = run("--rehearse", "--json")
    report = json.loads(out)
    statuses = {f["id"]: f["status"] for f in report["findings"]}
    assert code == 1, err
    assert report["rehearsal"] is True and report["custodians"] == []
    assert statuses["custodian-count"] == "fail" and statuses["custodian-review"] == "fail"
