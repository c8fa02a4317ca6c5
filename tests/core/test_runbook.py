"""Runbooks as data: their steps, their invariants, and who may run them."""

from __future__ import annotations

import copy
import json
import pickle

import pytest

from rootkeeper.core.identity import Identity, PrincipalKind
from rootkeeper.core.runbook import Confirmation, Requirement, Runbook, Step, StepKind, render
from rootkeeper.core.runbooks import RUNBOOKS, mfa
from rootkeeper.core.secretbox import SecretBox, SecretLeakError

ACCOUNT = "123456789012"
MANAGEMENT = "999999999999"

ROOT = Identity(ACCOUNT, f"arn:aws:iam::{ACCOUNT}:root", PrincipalKind.ROOT)
ASSUMED_ROOT = Identity(ACCOUNT, f"arn:aws:iam::{ACCOUNT}:root", PrincipalKind.ASSUMED_ROOT,
                        task_policy="arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials")
ADMIN = Identity(ACCOUNT, f"arn:aws:iam::{ACCOUNT}:user/alice", PrincipalKind.IAM_USER, alias="prod")
FEDERATED = Identity(ACCOUNT, f"arn:aws:sts::{ACCOUNT}:federated-user/bob", PrincipalKind.OTHER)
MGMT_ROLE = Identity(MANAGEMENT, f"arn:aws:sts::{MANAGEMENT}:assumed-role/Admin/carol", PrincipalKind.ROLE)


def test_registry_holds_the_real_runbooks_and_the_virtual_mfa_steps_in_order():
    assert set(RUNBOOKS) == {"iam-user-virtual-mfa", "root-mfa", "delete-root-keys", "rotate-root-password",
                             "alternate-contacts", "custodian-onboard", "custodian-offboard", "custodian-review",
                             "root-alerting", "root-alerting-cis", "recover-lost-root-mfa",
                             "recover-forgotten-root-password", "reseal-after-break-glass", "recover-member-root",
                             "unlock-resource-policy", "enable-centralized-root-access"}
    iam = RUNBOOKS["iam-user-virtual-mfa"]
    assert [(s.id, s.kind) for s in iam.steps] == [
        ("choose-user", StepKind.CHECK), ("create-device", StepKind.ACTION), ("scan-qr", StepKind.MANUAL),
        ("enable-device", StepKind.ACTION), ("verify-assigned", StepKind.CHECK),
        ("custodian-attests", StepKind.ATTEST)]
    create = iam.step("create-device")
    assert create.undo == "delete-unassigned-virtual-mfa" and create.undo_superseded_by == "enable-device"
    assert iam.step("enable-device").secret_inputs == ("code_1", "code_2")
    root = RUNBOOKS["root-mfa"]
    assert root.console_only and root.remedies == ("IAM.9",)
    assert [s.kind for s in root.steps] == [StepKind.CHECK, StepKind.MANUAL, StepKind.CHECK, StepKind.ATTEST]


def test_root_mfa_console_steps_are_shown_one_at_a_time_with_the_ceremony_facts():
    step = RUNBOOKS["root-mfa"].step(mfa.ASSIGN_IN_CONSOLE)
    shown = step.render_instructions({"account_id": ACCOUNT, "device_name": "root-alice", "custodian": "Alice"})
    assert len(shown) == 8
    assert ACCOUNT in shown[0] and "Security credentials" in shown[1] and "Assign MFA device" in shown[2]
    assert "'root-alice'" in shown[3] and "Authenticator app" in shown[4] and "Alice's phone" in shown[5]
    assert "MFA code 2" in shown[6] and "Add MFA" in shown[7]
    assert not any("{" in line for line in shown)


def test_render_keeps_unknown_placeholders_instead_of_crashing():
    assert render("{custodian} holds {device}", {"custodian": "Alice"}) == "Alice holds {device}"


@pytest.mark.parametrize("bad_step, why", [
    (Step("wipe", StepKind.ACTION, "Wipe", "gone", destructive=True), "explicit confirmation"),
    (Step("look", StepKind.CHECK, "Look", "seen", undo="unlook"), "only action steps"),
    (Step("sign", StepKind.MANUAL, "Sign", "signed", needs_witness=True), "only attest steps"),
    (Step("use", StepKind.MANUAL, "Use", "used", uses_secrets=("seed",)), "no earlier step produces"),
    (Step("make", StepKind.ACTION, "Make", "made", undo="unmake", undo_superseded_by="nowhere"),
     "must name a later step"),
])
def test_malformed_runbooks_are_refused_when_built(bad_step, why):
    with pytest.raises(ValueError, match=why):
        Runbook("bad", "Bad", "bad", Requirement.ANY, (bad_step,))


def test_step_ids_must_be_unique():
    step = Step("same", StepKind.CHECK, "Same", "same")
    with pytest.raises(ValueError, match="not unique"):
        Runbook("bad", "Bad", "bad", Requirement.ANY, (step, step))


def test_a_destructive_step_with_a_typed_account_id_is_accepted():
    step = Step("delete-keys", StepKind.ACTION, "Delete", "none remain", destructive=True,
                confirmation=Confirmation.TYPE_ACCOUNT_ID)
    assert Runbook("ok", "Ok", "ok", Requirement.ROOT_SESSION, (step,)).steps == (step,)


@pytest.mark.parametrize("requirement, identity", [
    (Requirement.ANY, FEDERATED),
    (Requirement.IAM_ADMIN, ROOT), (Requirement.IAM_ADMIN, ADMIN), (Requirement.IAM_ADMIN, MGMT_ROLE),
    (Requirement.IAM_READ, ADMIN),
    (Requirement.ROOT_SESSION, ROOT), (Requirement.ROOT_SESSION, ASSUMED_ROOT),
    (Requirement.MANAGEMENT_ACCOUNT, MGMT_ROLE),
])
def test_fitting_identities_have_no_precondition_problem(requirement, identity):
    assert requirement.precondition_problem(identity, MANAGEMENT) is None


@pytest.mark.parametrize("requirement, identity, management, says", [
    (Requirement.ROOT_SESSION, ADMIN, MANAGEMENT, ["alice", "prod (123456789012)", "not as root", "AssumeRoot"]),
    (Requirement.IAM_ADMIN, ASSUMED_ROOT, MANAGEMENT, ["AssumeRoot session", "IAM user or role"]),
    (Requirement.IAM_READ, FEDERATED, MANAGEMENT, ["federated", "cannot read IAM"]),
    (Requirement.MANAGEMENT_ACCOUNT, ADMIN, MANAGEMENT, ["management account is 999999999999"]),
    (Requirement.MANAGEMENT_ACCOUNT, ADMIN, None, ["not known to belong to an Organization"]),
])
def test_wrong_identities_are_told_what_is_wrong_and_what_to_do(requirement, identity, management, says):
    problem = requirement.precondition_problem(identity, management)
    assert problem is not None
    for words in says:
        assert words in problem


def test_a_runbook_naming_a_task_policy_refuses_an_assume_root_session_with_another():
    step = Step("delete-keys", StepKind.ACTION, "Delete", "none remain", destructive=True,
                confirmation=Confirmation.TYPE_ACCOUNT_ID)
    runbook = Runbook("keys", "Keys", "keys", Requirement.ROOT_SESSION, (step,),
                      task_policy="arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials")
    problem = runbook.precondition_problem(ASSUMED_ROOT, MANAGEMENT)
    assert problem is not None and "IAMDeleteRootUserCredentials" in problem
    assert runbook.precondition_problem(ROOT, MANAGEMENT) is None


def test_secret_box_never_shows_or_copies_its_values():
    box = SecretBox()
    box.put("seed", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    assert "JBSW" not in repr(box) and "JBSW" not in str(box) and "seed" in repr(box)
    for duplicate in (pickle.dumps, copy.copy, copy.deepcopy):
        with pytest.raises(TypeError):
            duplicate(box)
    box.clear()
    with pytest.raises(KeyError, match="not held"):
        box.get("seed")


def test_secret_guard_finds_codes_as_tokens_and_escaped_passwords():
    box = SecretBox()
    box.put("code_1", "456789")
    box.put("password", 'p"a\\ss-Wörd-0123')
    box.guard('{"account": "123456789012"}', where="test")  # the code inside an account id is no leak
    with pytest.raises(SecretLeakError, match="code_1"):
        box.guard('{"code": "456789"}', where="test")
    with pytest.raises(SecretLeakError, match="password"):
        box.guard(json.dumps({"note": 'p"a\\ss-Wörd-0123'}), where="test")
