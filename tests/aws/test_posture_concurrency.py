"""Issue 12: the posture's independent reads are all in flight at once, so that against a per-call
latency L the read costs about its longest chain of dependent calls, not their sum. Shown without
timing: the first call of every read waits at a barrier that opens only when all of them have
arrived — a read made after another (too few workers) breaks the barrier and comes back Unknown."""

from __future__ import annotations

import threading
from datetime import datetime, timezone

import botocore.endpoint
import pytest

from rootkeeper.aws.identity import who_am_i
from rootkeeper.aws.posture import read_root_posture
from rootkeeper.aws.session import AwsSession
from rootkeeper.core.posture import Unknown

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=timezone.utc)
# The reads an IAM user's posture makes: summary, virtual MFA, credential report, three contacts,
# EventBridge alerting, the CIS path, Organization, root email, CloudTrail.
READS = 11


def barrier_at_the_first_calls(monkeypatch, parties: int) -> None:
    barrier = threading.Barrier(parties, timeout=10)  # only a failure waits it out
    seen, lock = [0], threading.Lock()
    original = botocore.endpoint.Endpoint._do_get_response

    def gated(self, *args, **kwargs):
        with lock:
            seen[0] += 1
            first = seen[0] <= parties
        if first:
            barrier.wait()  # raises BrokenBarrierError if not all reads are in flight together
        return original(self, *args, **kwargs)

    monkeypatch.setattr(botocore.endpoint.Endpoint, "_do_get_response", gated)


def fields(posture) -> dict:
    return {"summary": posture.mfa_enabled, "row": posture.credential_row, "alerting": posture.alerting,
            "cis": posture.cis_alerting, "organization": posture.organization, "email": posture.root_email,
            "cloudtrail": posture.cloudtrail_root_use, **{k.value: v for k, v in posture.contacts.items()}}


@pytest.mark.parametrize("workers, all_read", [(16, True), (4, False)], ids=["default-pool", "too-few-workers"])
def test_every_independent_read_is_in_flight_at_once(world, monkeypatch, workers, all_read):
    session = AwsSession(world.environment("operator").target)
    identity = who_am_i(session)
    barrier_at_the_first_calls(monkeypatch, READS)
    kwargs = {} if workers == 16 else {"max_workers": workers}
    posture = read_root_posture(session, now=NOW, identity=identity, sleep=lambda s: None, **kwargs)
    unknown = {name for name, value in fields(posture).items() if isinstance(value, Unknown)}
    assert (unknown == set()) is all_read, unknown
