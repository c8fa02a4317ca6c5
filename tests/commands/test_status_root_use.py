"""`rootkeeper status` and root used minutes ago (issue #8, §4): the recent-use control takes
the app's own journal into account (its entries made with a root session of the account),
and says which source gave the date and which could not be read."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta, timezone

import pytest

from rootkeeper.cli import build_parser
from rootkeeper.commands.status import check_posture, run_status
from rootkeeper.core.errors import AccessDeniedError
from rootkeeper.core.identity import Identity, PrincipalKind
from rootkeeper.journal import Actor, Journal
from rootkeeper.journal.root_use import journal_root_use, latest_root_use

MGMT = "314159265358"
ROOT_ARN = f"arn:aws:iam::{MGMT}:root"


def root_identity(account: str = MGMT) -> Identity:
    return Identity(account_id=account, arn=f"arn:aws:iam::{account}:root", kind=PrincipalKind.ROOT)


def journal_a_root_step(*, account: str = MGMT, ago: timedelta = timedelta(minutes=6)) -> None:
    """What `rehearse --identity root` leaves in the rehearsal journal when it deletes the root keys."""
    moment = datetime.now(timezone.utc) - ago
    journal = Journal.open(rehearsal=True, clock=lambda: moment)
    journal.record_step(actor=Actor.current(operator="Dana", identity=root_identity(account)),
                        runbook="delete-root-keys", step="delete", step_kind="action", outcome="done",
                        evidence={"evidence": "performed"})


@pytest.fixture
def cloudtrail_denied(monkeypatch):
    """CloudTrail unreadable (no cloudtrail:LookupEvents): the journal is all the app has."""
    def denied(session, **kwargs):
        raise AccessDeniedError("Access denied: grant this identity cloudtrail:LookupEvents.")
    monkeypatch.setattr("rootkeeper.aws.posture.latest_root_activity", denied)


def run_json(*argv: str) -> tuple[int, dict]:
    out, err = io.StringIO(), io.StringIO()
    code = run_status(build_parser().parse_args(["status", *argv]), out=out, err=err,
                      now=lambda: datetime.now(timezone.utc))
    return code, json.loads(out.getvalue())


def recent(report: dict) -> dict:
    return next(f for f in report["findings"] if f["id"] == "root-recent-use")


def test_a_root_session_the_app_journaled_minutes_ago_fails_recent_use(cloudtrail_denied):
    journal_a_root_step()
    code, report = run_json("--rehearse", "--json", "--no-journal")
    finding = recent(report)
    assert code == 1 and finding["status"] == "fail"
    assert "this app's journal" in finding["evidence"] and "6 minutes ago" in finding["evidence"]
    assert "delete-root-keys" in finding["evidence"]
    # The credential report alone says 200 days: the evidence says why the two disagree.
    assert "forgets the last use of deleted keys" in finding["evidence"]


def test_without_such_entries_it_passes_and_says_cloudtrail_could_not_be_read(cloudtrail_denied):
    journal_a_root_step(account="314159265401")  # another account's root: not this one's use
    journal_a_root_step(ago=timedelta(days=120))  # this root, but long ago
    code, report = run_json("--rehearse", "--json", "--no-journal")
    finding = recent(report)
    assert finding["status"] == "pass"
    assert "CloudTrail could not be read" in finding["evidence"]
    assert "cloudtrail:LookupEvents" in finding["evidence"]


def test_check_posture_after_root_deleted_its_keys_fails_on_cloudtrail_and_journal():
    from rootkeeper.aws.session import AwsSession
    from rootkeeper.rehearsal.world import start_world

    world = start_world("acme", serve=False)
    try:
        iam = AwsSession(world.environment("root").target).client("iam")
        iam.delete_access_key(AccessKeyId="AKIAACMEROOTKEY00002")
        iam.delete_access_key(AccessKeyId="AKIAACMEROOTKEY00001")
        journal_a_root_step(ago=timedelta(minutes=1))
        report = check_posture(world.environment("operator"), now=datetime.now(timezone.utc))
    finally:
        world.stop()
    finding = next(f for f in report.findings if f.control.id == "root-recent-use")
    assert finding.status.value == "fail"
    assert "DeleteAccessKey" in finding.evidence and "CloudTrail" in finding.evidence


def test_the_journal_reading_is_read_only_and_tolerant(tmp_path):
    path = tmp_path / "journal.jsonl"
    assert journal_root_use(MGMT, rehearsal=True, path=path) is None  # no journal yet: nothing known
    assert not path.exists() and not (tmp_path / "journal.jsonl.lock").exists()
    journal = Journal.open(rehearsal=True, path=path)
    journal.append("check", {"command": "status", "identity_arn": ROOT_ARN, "account_id": MGMT})
    journal.append("check", {"command": "status", "identity_arn": f"arn:aws:iam::{MGMT}:user/operator"})
    with path.open("ab") as handle:
        handle.write(b'{"torn": ')  # a crash mid-write: skipped, not fatal
    before = sorted(p.name for p in tmp_path.iterdir())
    use = journal_root_use(MGMT, rehearsal=True, path=path)
    assert use is not None and "posture check" in use.how
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert latest_root_use(journal.entries(), "111122223333") is None
