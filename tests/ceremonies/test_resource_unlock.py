"""unlock-resource-policy against the acme rehearsal world: from the management account's
operator, AssumeRoot into acme-data, read the deny-all policy of its bucket or queue, delete it
once its name is typed, and read back that none remains; the deleted text is journaled."""

from __future__ import annotations

import json

import pytest

from rootkeeper.ceremonies.registry import bind
from rootkeeper.core.ceremony import CeremonyStatus
from rootkeeper.core.runbooks import UNLOCK_RESOURCE_POLICY
from rootkeeper.core.runbooks import resource_unlock as rb
from rootkeeper.core.step_contract import Outcome
from rootkeeper.rehearsal.scenario_locks import LOCKED_BUCKET, LOCKED_QUEUE
from tests.support.acme_ceremony import start_ceremony

DATA = "314159265402"


@pytest.fixture
def bound(environment, session, clock):
    return bind(UNLOCK_RESOURCE_POLICY, environment, session, clock)


@pytest.fixture
def start(bound, identity, recorder, clock):
    def begin():
        return start_ceremony(UNLOCK_RESOURCE_POLICY, (bound.handlers, bound.undo), identity, recorder, clock,
                              management_account_id="314159265358")
    return begin


def _root_client(session, service, policy):
    root = session.assume_root(DATA, policy)
    return root.client(service)


def _bucket_policy(session):
    s3 = _root_client(session, "s3", "S3UnlockBucketPolicy")
    try:
        return s3.get_bucket_policy(Bucket=LOCKED_BUCKET)["Policy"]
    except s3.exceptions.ClientError as error:
        assert error.response["Error"]["Code"] == "NoSuchBucketPolicy"
        return None


def _queue_policy(session):
    sqs = _root_client(session, "sqs", "SQSUnlockQueuePolicy")
    url = sqs.get_queue_url(QueueName=LOCKED_QUEUE)["QueueUrl"]
    return sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["Policy"]).get("Attributes", {}).get("Policy")


def test_the_runbook_is_an_incident_run_from_the_management_account():
    assert UNLOCK_RESOURCE_POLICY.incident
    delete = UNLOCK_RESOURCE_POLICY.step(rb.DELETE_POLICY)
    assert delete.destructive and delete.typed_fact == "resource_name"


def test_a_locked_bucket_is_shown_deleted_after_its_name_is_typed_and_read_back(start, bound, session):
    original = _bucket_policy(session)
    ceremony = start()
    found = ceremony.run_step(inputs={"member_account_id": DATA, "resource_kind": "bucket",
                                      "resource_name": LOCKED_BUCKET})
    assert found.outcome is Outcome.OK, found.message
    assert found.evidence["policy"] == original and found.evidence["task_policy"] == "S3UnlockBucketPolicy"
    assert "deny s3:* to every principal, unconditionally" in found.message
    shown = ceremony.look(bound.lookups[rb.DELETE_POLICY])
    assert json.loads(shown["policy"]) == json.loads(original) and "\n  " in shown["policy"]  # pretty-printed

    refused = ceremony.run_step(typed_name="acme-data")  # not the whole name
    assert refused.outcome is Outcome.FAILED and "does not match" in refused.message
    assert _bucket_policy(session) == original  # nothing was deleted

    deleted = ceremony.run_step(typed_name=f" {LOCKED_BUCKET} ")
    assert deleted.outcome is Outcome.OK, deleted.message
    assert deleted.evidence["deleted_policy"] == original and deleted.evidence["same_as_found"]
    assert _bucket_policy(session) is None
    verified = ceremony.run_step()
    assert verified.outcome is Outcome.OK, verified.message
    assert verified.evidence["checked_with"] == "GetBucketPolicy" and "NoSuchBucketPolicy" in verified.message
    assert ceremony.status is CeremonyStatus.FINISHED


def test_a_locked_queue_is_unlocked_with_the_sqs_task_policy(start, session):
    original = _queue_policy(session)
    assert json.loads(original)["Statement"][0]["Effect"] == "Deny"
    ceremony = start()
    found = ceremony.run_step(inputs={"member_account_id": DATA, "resource_kind": "SQS",
                                      "resource_name": LOCKED_QUEUE})
    assert found.outcome is Outcome.OK, found.message
    assert ceremony.facts["resource_kind"] == "queue" and found.evidence["task_policy"] == "SQSUnlockQueuePolicy"
    deleted = ceremony.run_step(typed_name=LOCKED_QUEUE)
    assert deleted.outcome is Outcome.OK and deleted.evidence["deleted_policy"] == original
    assert _queue_policy(session) is None
    verified = ceremony.run_step()
    assert verified.outcome is Outcome.OK and "no Policy attribute" in verified.message


def test_nothing_locked_is_said_and_never_ticked(start, session):
    _root_client(session, "s3", "S3UnlockBucketPolicy").delete_bucket_policy(Bucket=LOCKED_BUCKET)
    ceremony = start()
    found = ceremony.run_step(inputs={"member_account_id": DATA, "resource_kind": "bucket",
                                      "resource_name": LOCKED_BUCKET})
    assert found.outcome is Outcome.FAILED
    assert "has no policy" in found.message and "nothing to unlock" in found.message
    assert ceremony.current_step.id == rb.FIND_POLICY


def test_a_policy_gone_before_the_deletion_deletes_nothing_and_claims_nothing(start, session):
    ceremony = start()
    ceremony.run_step(inputs={"member_account_id": DATA, "resource_kind": "bucket", "resource_name": LOCKED_BUCKET})
    _root_client(session, "s3", "S3UnlockBucketPolicy").delete_bucket_policy(Bucket=LOCKED_BUCKET)
    deleted = ceremony.run_step(typed_name=LOCKED_BUCKET)
    assert deleted.outcome is Outcome.FAILED and deleted.message.startswith("Nothing was deleted")
    assert ceremony.current_step.id == rb.DELETE_POLICY


@pytest.mark.parametrize("inputs, words", [
    ({"member_account_id": DATA, "resource_kind": "bucket", "resource_name": "no-such-bucket"},
     "There is no S3 bucket named no-such-bucket"),
    ({"member_account_id": DATA, "resource_kind": "queue", "resource_name": "no-such-queue"},
     "There is no SQS queue named no-such-queue"),
    ({"member_account_id": "31415926540", "resource_kind": "bucket", "resource_name": LOCKED_BUCKET},
     "not an AWS account id"),
    ({"member_account_id": DATA, "resource_kind": "table", "resource_name": LOCKED_BUCKET}, "'bucket' (S3)"),
    ({"member_account_id": "314159265358", "resource_kind": "bucket", "resource_name": LOCKED_BUCKET},
     "management account itself"),
])
def test_bad_names_get_a_clear_message(start, inputs, words):
    result = start().run_step(inputs=inputs)
    assert result.outcome is Outcome.FAILED and words in result.message


def test_an_expired_root_session_says_so_and_the_retry_assumes_root_again(start, session, clock):
    ceremony = start()
    ceremony.run_step(inputs={"member_account_id": DATA, "resource_kind": "bucket", "resource_name": LOCKED_BUCKET})
    clock.advance(minutes=16)
    expired = ceremony.run_step(typed_name=LOCKED_BUCKET)
    assert expired.outcome is Outcome.FAILED
    assert "AssumeRoot session on account 314159265402 expired" in expired.message
    assert _bucket_policy(session) is not None
    retried = ceremony.run_step(typed_name=LOCKED_BUCKET)
    assert retried.outcome is Outcome.OK, retried.message
    assert _bucket_policy(session) is None


def test_the_deleted_policy_is_in_the_signed_journal_and_in_the_audit_report(bound, session, identity, clock,
                                                                              capsys):
    from rootkeeper.ceremonies.recording import JournalRecorder
    from rootkeeper.cli import main
    from rootkeeper.journal import Actor, Journal

    journal = Journal.open(rehearsal=True)
    original = _bucket_policy(session)
    recorder = JournalRecorder(journal, Actor.current(operator="Olivia", identity=identity))
    ceremony = start_ceremony(UNLOCK_RESOURCE_POLICY, (bound.handlers, bound.undo), identity, recorder, clock,
                              management_account_id="314159265358")
    recorder.watch(ceremony.secrets)
    ceremony.run_step(inputs={"member_account_id": DATA, "resource_kind": "bucket", "resource_name": LOCKED_BUCKET})
    deleted = ceremony.run_step(typed_name=LOCKED_BUCKET)
    assert deleted.outcome is Outcome.OK, deleted.message  # the secret guard let the policy text through
    ceremony.run_step()
    [entry] = [e for e in journal.entries() if e.kind == "step" and e.body.get("step") == rb.DELETE_POLICY]
    assert entry.body["evidence"]["deleted_policy"] == original
    capsys.readouterr()
    assert main(["audit", "verify", "--rehearse"]) == 0
    assert main(["audit", "report", ceremony.id, "--rehearse"]) == 0
    out = capsys.readouterr().out
    assert f"## Kept for the record: the resource policy deleted (seq {entry.seq}" in out
    assert original in out  # the stored text, in full (one line, as S3 returned it)
    assert main(["audit", "report", ceremony.id, "--rehearse", "--format", "html"]) == 0
    assert "Kept for the record" in capsys.readouterr().out
