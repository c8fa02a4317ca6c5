"""`rootkeeper org scan`: table, JSON and CSV against the rehearsal world's own state, exit
codes, the refusals that say what to do, and Ctrl-C then --resume."""

from __future__ import annotations

import _thread
import csv
import io
import json

import pytest

from rootkeeper.cli import main
from rootkeeper.commands import org_scan
from rootkeeper.core.datadir import data_dir
from rootkeeper.rehearsal.root_iam import remove_root_access_key
from rootkeeper.rehearsal.world import start_world
from tests.support.rehearsal_clients import LEGACY, PROD


@pytest.fixture
def served(request):
    def serve(**options):
        world = start_world(serve=True, **options)
        request.addfinalizer(world.stop)
        return world
    return serve


def _scan(capsys, world, *extra):
    code = main(["org", "scan", "--rehearse", "--endpoint-url", world.endpoint_url, *extra])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _held(world, account):
    root = world.state.roots[account]
    return {"password": root.password is not None, "access_keys": list(root.key_ids),
            "mfa_devices": [d.serial for d in root.mfa_devices],
            "signing_certificates": [c.certificate_id for c in root.signing_certificates]}


def test_json_is_every_member_as_the_world_holds_it(served, capsys):
    world = served(accounts=25)
    code, out, err = _scan(capsys, world, "--json")
    assert code == 1  # members with root credentials
    report = json.loads(out)
    assert report["complete"] and report["rehearsal"] and report["management_account_id"] == world.management_account_id
    members = report["members"]
    assert sorted(m["account_id"] for m in members) == sorted(world.member_account_ids)
    for member in members:
        assert member["error"] is None
        assert {k: member[k] for k in ("password", "access_keys", "mfa_devices", "signing_certificates")} == \
            _held(world, member["account_id"])
    with_credentials = [m for m in members if m["password"] or m["access_keys"] or m["mfa_devices"]
                        or m["signing_certificates"]]
    assert members[:len(with_credentials)] == with_credentials  # findings first
    assert report["summary"]["with_root_credentials"] == len(with_credentials)
    assert report["summary"]["no_root_credentials"] == 29 - len(with_credentials)
    assert "29/29 members read" in err


def test_csv_and_table(served, capsys):
    world = served()
    code, out, _ = _scan(capsys, world, "--csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 1 and [r["account_id"] for r in rows] == [PROD, LEGACY, "314159265402", "314159265403"]
    assert rows[0]["root_credentials"] == "password keys" and rows[0]["access_keys"] == "AKIAACMEPRODROOT0001"
    assert rows[1]["mfa_devices"] == "GAKT00000404" and rows[2]["root_credentials"] == "" and rows[2]["password"] == "false"
    code, out, _ = _scan(capsys, world)
    lines = out.splitlines()
    assert lines[3].split() == [PROD, "acme-prod", "password,", "keys", "(1)"]
    assert lines[-1] == ("4 member accounts: 2 with root credentials (2 passwords, 1 access keys, 1 MFA devices, "
                         "1 signing certificates), 2 with no root credentials (the goal state).")


def test_an_organization_without_root_credentials_exits_0(served, capsys):
    world = served()
    for root in world.state.roots.values():
        if root.account_id != world.management_account_id:
            root.password, root.mfa_devices, root.signing_certificates = None, [], []
            for key_id in list(root.key_ids):
                remove_root_access_key(world.state, root, key_id)
    code, out, _ = _scan(capsys, world)
    assert code == 0
    assert "0 with root credentials" in out and "4 with no root credentials (the goal state)" in out


def test_a_member_identity_is_told_to_use_the_management_account(served, capsys, monkeypatch):
    world = served()
    prod_root = world.identities["prod-root"].target
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", prod_root.access_key_id)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", prod_root.secret_access_key)
    code = main(["org", "scan", "--endpoint-url", world.endpoint_url, "--region", "us-east-1"])
    err = capsys.readouterr().err
    assert code == 2
    assert "not its management account (314159265358)" in err and "management account's credentials" in err


def test_root_sessions_off_is_an_error_that_says_how_to_enable_them(served, capsys):
    world = served()
    world.state.organization_features.discard("RootSessions")
    code, out, err = _scan(capsys, world)
    assert code == 2 and out == ""
    assert "root sessions" in err and "EnableOrganizationsRootSessions" in err


def test_json_and_csv_together_are_refused(capsys):
    with pytest.raises(SystemExit):
        main(["org", "scan", "--rehearse", "--json", "--csv"])


def test_ctrl_c_prints_the_partial_result_and_resume_reads_only_the_rest(served, capsys, monkeypatch):
    world = served(accounts=36, latency_ms=20)
    total = len(world.member_account_ids)
    add = org_scan._Progress.add

    def interrupting(self, member):
        add(self, member)
        if self.done == 6:
            _thread.interrupt_main()  # the operator's Ctrl-C, delivered to the main thread

    monkeypatch.setattr(org_scan._Progress, "add", interrupting)
    code, out, err = _scan(capsys, world, "--json", "--concurrency", "2")
    assert code == 130
    partial = json.loads(out)
    assert not partial["complete"]
    read = {m["account_id"] for m in partial["members"]}
    assert 6 <= len(read) < total, err
    assert "Progress saved" in err and "--resume" in err
    saved = data_dir(rehearsal=True) / org_scan.PROGRESS_FILE
    assert {m["account_id"] for m in json.loads(saved.read_text())["members"]} == read
    assert "secret" not in saved.read_text().lower()

    monkeypatch.setattr(org_scan._Progress, "add", add)
    sessions_before = len(world.state.sessions)
    code, out, err = _scan(capsys, world, "--json", "--resume")
    assert code == 1
    report = json.loads(out)
    assert report["complete"] and sorted(m["account_id"] for m in report["members"]) == sorted(world.member_account_ids)
    assert len(world.state.sessions) - sessions_before == total - len(read)  # one AssumeRoot per member left
    assert f"Resuming: {len(read)} members already read" in err
    assert not saved.exists()
