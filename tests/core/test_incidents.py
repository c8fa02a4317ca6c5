"""core/incidents.py: readable incident ids, and the facts an incident ceremony starts with."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from rootkeeper.core.ceremony import Ceremony
from rootkeeper.core.errors import RootkeeperError
from rootkeeper.core.identity import Identity, PrincipalKind
from rootkeeper.core.incidents import INCIDENT_FACT, OPENED_AT_FACT, incident_facts, is_incident_id, new_incident_id
from rootkeeper.core.runbook import Requirement, Runbook, Step, StepKind
from tests.support.mfa_ceremony import ListRecorder

NOW = datetime(2026, 12, 2, 16, 5, tzinfo=timezone.utc)
ATTEST = Step(id="attest", kind=StepKind.ATTEST, title="Attest", verifies="It was done.")
PLAIN = Runbook(id="plain", title="Plain", summary="", requirement=Requirement.ANY, steps=(ATTEST,))
RECOVERY = Runbook(id="recovery", title="Recovery", summary="", requirement=Requirement.ANY, steps=(ATTEST,),
                   incident=True)
ADMIN = Identity("123456789012", "arn:aws:iam::123456789012:user/alice", PrincipalKind.IAM_USER)


def test_an_incident_id_is_readable_dated_and_unguessable():
    assert new_incident_id(NOW, "1a2b") == "INC-20261202-1a2b"
    ids = {new_incident_id(NOW) for _ in range(50)}
    assert len(ids) > 40 and all(is_incident_id(i) and i.startswith("INC-20261202-") for i in ids)
    assert not is_incident_id("INC-2026-1a2b") and not is_incident_id("20261202-1a2b")


def test_only_an_incident_runbook_opens_or_joins_an_incident():
    assert incident_facts(PLAIN, None, NOW) == {}
    with pytest.raises(RootkeeperError, match="not a break-glass runbook"):
        incident_facts(PLAIN, "INC-20261202-1a2b", NOW)
    opened = incident_facts(RECOVERY, None, NOW)
    assert is_incident_id(opened[INCIDENT_FACT]) and opened[OPENED_AT_FACT] == NOW.isoformat()
    assert incident_facts(RECOVERY, "INC-20261201-ffff", NOW)[INCIDENT_FACT] == "INC-20261201-ffff"
    with pytest.raises(RootkeeperError, match="not an incident id"):
        incident_facts(RECOVERY, "drop table", NOW)


def test_a_runbook_that_closes_an_incident_must_be_an_incident_runbook():
    with pytest.raises(ValueError, match="only an incident runbook can close"):
        Runbook(id="x", title="X", summary="", requirement=Requirement.ANY, steps=(ATTEST,), closes_incident=True)


def test_the_ceremony_of_an_incident_runbook_journals_its_incident_from_the_start():
    recorder = ListRecorder()
    ceremony = Ceremony.start(RECOVERY, identity=ADMIN, handlers={}, recorder=recorder, clock=lambda: NOW)
    assert is_incident_id(ceremony.facts[INCIDENT_FACT])
    assert recorder.events[0]["event"] == "started"
    assert recorder.events[0]["facts"][INCIDENT_FACT] == ceremony.facts[INCIDENT_FACT]
    plain = Ceremony.start(PLAIN, identity=ADMIN, handlers={}, recorder=ListRecorder(), clock=lambda: NOW)
    assert INCIDENT_FACT not in plain.facts
    joined = Ceremony.start(RECOVERY, identity=ADMIN, handlers={}, recorder=ListRecorder(), clock=lambda: NOW,
                            incident_id=ceremony.facts[INCIDENT_FACT])
    assert joined.facts[INCIDENT_FACT] == ceremony.facts[INCIDENT_FACT]
