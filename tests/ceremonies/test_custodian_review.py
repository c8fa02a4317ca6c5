"""The custodian review is a checklist (no code of its own): its roster checks read the roster
from the signed journal beside AWS, through the registry's generic handlers."""

from __future__ import annotations


from rootkeeper.aws.identity import who_am_i
from rootkeeper.aws.session import AwsSession
from rootkeeper.ceremonies.registry import REGISTRY, bind
from rootkeeper.core.ceremony import Ceremony
from rootkeeper.core.runbooks.checklists import CUSTODIAN_REVIEW
from rootkeeper.core.step_contract import Outcome
from rootkeeper.journal import Journal
from rootkeeper.journal.roster import append_roster, seed_rehearsal_roster
from rootkeeper.core.custodians import attribute_body, release_body
from tests.support.mfa_ceremony import ListRecorder


def test_the_review_checks_every_root_device_against_the_roster(custodians_world, clock):
    environment = custodians_world.environment("operator")
    session = AwsSession(environment.target)
    journal = Journal.open(rehearsal=True)
    seed_rehearsal_roster(journal, environment.seed_custodians)
    assert REGISTRY.behaviour_of(CUSTODIAN_REVIEW) is None
    bound = bind(CUSTODIAN_REVIEW, environment, session, clock, journal=journal)
    ceremony = Ceremony.start(CUSTODIAN_REVIEW, identity=who_am_i(session), handlers=bound.handlers,
                              recorder=ListRecorder(), clock=clock)
    chloe_device = "arn:aws:iam::314159265358:mfa/chloe-root-mfa"
    append_roster(journal, release_body("Chloe Martin", chloe_device))
    refuted = ceremony.run_step()
    assert refuted.outcome is Outcome.FAILED and refuted.evidence["unattributed"] == [chloe_device]
    assert chloe_device in refuted.message

    append_roster(journal, attribute_body("Chloe Martin", chloe_device, "virtual"))
    attributed = ceremony.run_step()  # the retry reads the roster again
    assert attributed.outcome is Outcome.OK, attributed.message
    assert attributed.evidence["held_by"] == {"arn:aws:iam::314159265358:mfa/ana-root-mfa": "Ana Lima",
                                              chloe_device: "Chloe Martin"}


def test_without_the_journal_the_roster_check_claims_nothing(custodians_world, clock):
    environment = custodians_world.environment("operator")
    session = AwsSession(environment.target)
    bound = bind(CUSTODIAN_REVIEW, environment, session, clock)
    ceremony = Ceremony.start(CUSTODIAN_REVIEW, identity=who_am_i(session), handlers=bound.handlers,
                              recorder=ListRecorder(), clock=clock)
    result = ceremony.run_step()
    assert result.outcome is Outcome.FAILED and "journal" in result.message and result.evidence_kind.value == "none"
