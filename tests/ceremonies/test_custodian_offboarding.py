"""Offboarding the leaving custodian of the "custodians" scenario, end to end on the runbook
design: her device removed (rehearsal console) and verified gone, the root password rotated
(the steps of rotate-root-password, reused), the primary phone and the contact that named her
changed and read back, no root key left, and the roster updated — all in the signed journal."""

from __future__ import annotations

from moto.iam.models import iam_backends

from rootkeeper.aws.contact_information import read_contact_information
from rootkeeper.aws.contact_admin import read_alternate_contact
from rootkeeper.aws.identity import who_am_i
from rootkeeper.aws.session import AwsSession
from rootkeeper.aws.virtual_mfa import read_root_mfa_state, root_mfa_serials
from rootkeeper.ceremonies.recording import JournalRecorder
from rootkeeper.ceremonies.registry import bind
from rootkeeper.core.ceremony import Ceremony, CeremonyStatus
from rootkeeper.core.posture import ContactType
from rootkeeper.core.runbooks import custodians as rb
from rootkeeper.core.runbooks import root_password as password_rb
from rootkeeper.core.step_contract import Outcome
from rootkeeper.journal import Actor, Journal
from rootkeeper.journal.roster import read_roster, seed_rehearsal_roster
from rootkeeper.rehearsal.console_plays import player_for

CHLOE = "Chloe Martin"
CHLOE_DEVICE = "arn:aws:iam::314159265358:mfa/chloe-root-mfa"
CHLOE_PROD_DEVICE = "arn:aws:iam::314159265401:mfa/chloe-prod-root-mfa"


def test_offboarding_the_leaver_changes_what_aws_and_the_roster_show(custodians_world, clock):
    environment = custodians_world.environment("operator")
    session = AwsSession(environment.target)
    identity = who_am_i(session)
    account = identity.account_id
    for key in environment.console.root_access_keys(account):  # acme's old root keys: gone before she leaves
        environment.console.delete_root_access_key(account, key["key_id"])
    journal = Journal.open(rehearsal=True)
    assert seed_rehearsal_roster(journal, environment.seed_custodians) > 0
    assert read_roster(journal).by_name(CHLOE).mfa_serials == (CHLOE_DEVICE, CHLOE_PROD_DEVICE)
    bound = bind(rb.CUSTODIAN_OFFBOARD, environment, session, clock, journal=journal)
    recorder = JournalRecorder(journal, Actor.current(operator="Olga Operator", identity=identity))
    ceremony = Ceremony.start(rb.CUSTODIAN_OFFBOARD, identity=identity, handlers=bound.handlers,
                              undo_handlers=bound.undo, recorder=recorder, clock=clock)
    recorder.watch(ceremony.secrets)

    def play():
        step = ceremony.current_step
        return player_for(step)(environment.console, ceremony.facts, ceremony.secrets, step)

    def run(step_id, **kwargs):
        assert ceremony.current_step.id == step_id
        result = ceremony.run_step(**kwargs)
        assert result.outcome is Outcome.OK, result.message
        return result

    chosen = run(rb.CHOOSE_LEAVER, inputs={"leaver": CHLOE})
    assert chosen.evidence["their_devices"] == [CHLOE_DEVICE] and chosen.evidence["phone_is_theirs"]
    assert chosen.evidence["member_devices"] == [CHLOE_PROD_DEVICE]
    removed = run(rb.REMOVE_MEMBER_DEVICES, confirmed=True)
    assert removed.evidence["removed"] == [CHLOE_PROD_DEVICE] and removed.evidence_kind.value == "verified"
    prod_root = session.assume_root("314159265401", "IAMAuditRootUserCredentials")
    assert CHLOE_PROD_DEVICE not in root_mfa_serials(prod_root)
    assert CHLOE_PROD_DEVICE not in iam_backends["314159265401"]["global"].virtual_mfa_devices  # no orphan left
    assert chosen.evidence["contacts_naming"] == ["SECURITY"]
    assert run(rb.REMOVE_DEVICES, played=play()).evidence_kind.value == "rehearsed"
    assert run(rb.DEVICES_GONE).evidence_kind.value == "verified"
    run(password_rb.REVIEW_PASSWORD, inputs={"custodian": "Ana Lima"})
    run(password_rb.GENERATE_PASSWORD)
    run(password_rb.CHANGE_IN_CONSOLE, played=play())
    run(password_rb.SIGN_IN_WITH_NEW, played=play())
    run(password_rb.VERIFY_CHANGE)
    run(password_rb.ATTEST_ROTATION, attested_by="Olga Operator", witness="Ana Lima")
    run(rb.LEAVE_MAILBOX, attested_by="Olga Operator")
    run(rb.CHANGE_PHONE, inputs={"new_phone": "+1 206 555 0100"}, confirmed=True)
    run(rb.REPLACE_CONTACTS, inputs={"name": "Security Team", "title": "Security", "email": "security@acme.example",
                                     "phone": "+1 206 555 0100"}, confirmed=True)
    assert run(rb.CONTACTS_NOT_THEIRS).evidence["contacts_naming"] == []
    run(rb.NO_KEYS)
    run(rb.REMOVE_FROM_ROSTER, confirmed=True)
    run(rb.SIGN_OFF, attested_by="Olga Operator", witness="Ben Okafor")
    assert ceremony.status is CeremonyStatus.FINISHED

    assert CHLOE_DEVICE not in [device.serial for device in read_root_mfa_state(session).virtual_devices]
    assert read_contact_information(session).phone == "+1 206 555 0100"
    assert read_alternate_contact(session, ContactType.SECURITY).name == "Security Team"
    roster = read_roster(journal)
    assert roster.by_name(CHLOE) is None or roster.by_name(CHLOE).removed
    assert [custodian.name for custodian in roster.current] == ["Ana Lima", "Ben Okafor"]
    assert journal.verify().ok
