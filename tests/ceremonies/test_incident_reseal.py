"""A break-glass recovery journaled as an incident, then the re-seal that joins and closes it,
against the rehearsal world with the signed journal: the timeline reads in order and verifies.

The recovery runbooks land from other branches: the recovery here is a test-local copy of the
custodian review with ``incident=True`` (generic handlers, library checks)."""

from __future__ import annotations

from dataclasses import replace

from rootkeeper.aws.contact_admin import delete_alternate_contact, put_alternate_contact
from rootkeeper.aws.identity import who_am_i
from rootkeeper.aws.session import AwsSession
from rootkeeper.ceremonies.behaviour import library_check_handlers
from rootkeeper.ceremonies.custodians import account_reader
from rootkeeper.ceremonies.recording import JournalRecorder
from rootkeeper.core.ceremony import Ceremony, CeremonyStatus
from rootkeeper.core.incidents import is_incident_id
from rootkeeper.core.posture import AlternateContact, ContactType
from rootkeeper.core.runbooks import reseal as rb
from rootkeeper.core.runbooks import root_password as password_rb
from rootkeeper.core.runbooks.checklists import CUSTODIAN_REVIEW
from rootkeeper.core.step_contract import Outcome
from rootkeeper.journal import Actor, Journal
from rootkeeper.journal.incident_render import render
from rootkeeper.journal.incident_timeline import build_timeline
from rootkeeper.journal.incidents import incidents_in, latest_open
from rootkeeper.journal.notes import write_note
from rootkeeper.journal.report import Verification
from rootkeeper.journal.roster import seed_rehearsal_roster
from rootkeeper.rehearsal.console_plays import player_for
from rootkeeper.ui.ceremony_runner import CeremonyRunner

RECOVERY = replace(CUSTODIAN_REVIEW, id="test-recovery", title="A rehearsed recovery", incident=True, fixes=())


def recover(environment, session, journal, clock) -> Ceremony:
    identity = who_am_i(session)
    recorder = JournalRecorder(journal, Actor.current(operator="Olga Operator", identity=identity))
    handlers = library_check_handlers(RECOVERY, lambda ctx: account_reader(session, journal))
    ceremony = Ceremony.start(RECOVERY, identity=identity, handlers=handlers, recorder=recorder, clock=clock)
    recorder.watch(ceremony.secrets)
    assert ceremony.run_step().outcome is Outcome.OK  # every root device attributed
    account = identity.account_id
    keys = environment.console.root_access_keys(account)
    if keys:  # acme's old root keys, the first time: a failed check, journaled, then the retry passes
        assert ceremony.run_step().outcome is Outcome.FAILED
        for key in keys:
            environment.console.delete_root_access_key(account, key["key_id"])
    assert ceremony.run_step().outcome is Outcome.OK
    write_note(journal, "Called the phone owner to confirm the recovery.", actor="Olga Operator",
               ceremony_id=ceremony.id)
    while ceremony.current_step is not None:
        assert ceremony.run_step(attested_by="Olga Operator", witness="Ana Lima").outcome is Outcome.OK
    assert ceremony.status is CeremonyStatus.FINISHED
    return ceremony


def test_a_recovery_opens_an_incident_and_the_reseal_joins_and_closes_it(custodians_world, clock):
    environment = custodians_world.environment("operator")
    session = AwsSession(environment.target)
    journal = Journal.open(rehearsal=True)
    seed_rehearsal_roster(journal, environment.seed_custodians)
    recovery = recover(environment, session, journal, clock)
    incident = recovery.facts["incident_id"]
    assert is_incident_id(incident)
    assert latest_open(journal.entries()).incident_id == incident
    steps = [e for e in journal.entries() if e.kind == "step" and e.body.get("ceremony_id") == recovery.id]
    assert steps and all(e.body["incident_id"] == incident for e in steps)  # every step carries the id

    runner = CeremonyRunner(environment, who_am_i(session), journal, clock, operator="Olga Operator")
    reseal = runner.start(rb.RESEAL.id)  # no id given: the latest open incident
    assert reseal.facts["incident_id"] == incident

    def run(step_id, **kwargs):
        assert reseal.current_step.id == step_id
        if reseal.current_step.kind.value == "manual":
            step = reseal.current_step
            kwargs["played"] = player_for(step)(environment.console, reseal.facts, reseal.secrets, step)
        result = reseal.run_step(**kwargs)
        assert result.outcome is Outcome.OK, result.message
        return result

    run(password_rb.REVIEW_PASSWORD, inputs={"custodian": "Ana Lima"})
    run(password_rb.GENERATE_PASSWORD)
    run(password_rb.CHANGE_IN_CONSOLE)
    run(password_rb.SIGN_IN_WITH_NEW)
    run(password_rb.VERIFY_CHANGE)
    run(password_rb.ATTEST_ROTATION, attested_by="Olga Operator", witness="Ana Lima")
    assert run(rb.DEVICES_REVIEWED).evidence_kind.value == "verified"
    assert run(rb.NO_KEYS).evidence_kind.value == "verified"
    delete_alternate_contact(session, ContactType.OPERATIONS)
    missing = reseal.run_step()
    assert missing.outcome is Outcome.FAILED and missing.evidence["missing"] == ["OPERATIONS"]
    put_alternate_contact(session, AlternateContact(ContactType.OPERATIONS, "Ops Team", "Ops", "ops@acme.example",
                                                    "+1 206 555 0100"))
    assert run(rb.CONTACTS_SET).evidence["missing"] == []
    run(rb.CONTACTS_CURRENT, attested_by="Olga Operator")
    no_witness = reseal.run_step(inputs={rb.CLOSING_NOTE: "Recovered."}, attested_by="Olga Operator")
    assert no_witness.outcome is Outcome.FAILED and latest_open(journal.entries()) is not None
    closed = run(rb.CLOSE_INCIDENT, inputs={rb.CLOSING_NOTE: "Lost MFA recovered; root re-sealed."},
                 attested_by="Olga Operator", witness="Ana Lima")
    assert closed.evidence["incident_id"] == incident

    (only,) = incidents_in(journal.entries())
    assert only.incident_id == incident and not only.is_open
    assert only.runbooks == [RECOVERY.id, rb.RESEAL.id] and only.closed_witness == "Ana Lima"
    assert only.close_note == "Lost MFA recovered; root re-sealed."
    report = journal.verify()
    assert report.ok, report.summary()

    timeline = build_timeline(journal.entries(), incident, journal="j", verification=Verification(True, "ok"))
    whats = [line.what for line in timeline.lines]
    assert whats[0] == "ceremony started" and whats[1] == "incident opened"
    assert "incident joined" in whats and whats.index("incident joined") > whats.index("incident opened")
    assert whats.count("note") == 1 and "incident closed" in whats
    seqs = [line.cited.seq for line in timeline.lines]
    assert seqs == sorted(seqs)
    failed = [line for line in timeline.lines if line.outcome == "failed"]
    assert [line.what for line in failed] == ["no-root-keys [check]", "verify-contacts-set [check]",
                                              "close-incident [attest]"]  # each mistake is in the timeline
    text = render(timeline, "md")
    assert incident in text and "Lost MFA recovered; root re-sealed." in text and "Called the phone owner" in text


def test_a_second_recovery_while_one_is_open_opens_its_own_incident(custodians_world, clock):
    environment = custodians_world.environment("operator")
    session = AwsSession(environment.target)
    journal = Journal.open(rehearsal=True)
    seed_rehearsal_roster(journal, environment.seed_custodians)
    first = recover(environment, session, journal, clock)
    second = recover(environment, session, journal, clock)
    assert first.facts["incident_id"] != second.facts["incident_id"]
    assert [i.incident_id for i in incidents_in(journal.entries())] == [first.facts["incident_id"],
                                                                        second.facts["incident_id"]]
    runner = CeremonyRunner(environment, who_am_i(session), journal, clock)
    picked = runner.start(rb.RESEAL.id, incident_id=first.facts["incident_id"])  # the operator picks the older one
    assert picked.facts["incident_id"] == first.facts["incident_id"]
