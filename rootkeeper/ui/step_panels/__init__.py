"""Which panel serves a step: its own, registered by step object, else the default of its
kind. A checklist runbook (checks, console steps, attestations) needs no UI code at all;
``panel_problems`` says, at start-up and in a test, which step no panel can serve.
"""

from __future__ import annotations

from typing import Iterable, Mapping

from rootkeeper.core.runbook import Runbook, Step, StepKind
from rootkeeper.core.runbooks import contacts as contacts_runbook
from rootkeeper.core.runbooks import member_root as member_runbook
from rootkeeper.core.runbooks import mfa
from rootkeeper.core.runbooks import resource_unlock as unlock_runbook
from rootkeeper.core.runbooks import recovery as recovery_runbooks
from rootkeeper.core.runbooks import reseal as reseal_runbook
from rootkeeper.core.runbooks import root_keys as keys_runbook
from rootkeeper.core.runbooks import root_password as password_runbook
from rootkeeper.ui.step_panels.base import StepInput, StepPanel
from rootkeeper.ui.step_panels.contacts import ChooseContactPanel, ContactFormPanel, RemoveContactPanel
from rootkeeper.ui.step_panels.defaults import ActionPanel, AttestPanel, CheckPanel, ManualPanel
from rootkeeper.ui.step_panels.resource_unlock import DeleteLockingPolicyPanel, FindLockedResourcePanel
from rootkeeper.ui.step_panels.recovery import (ChooseLostDevicePanel, ResetFromEmailPanel, VerifyEmailPanel,
                                                VerifyPhonePanel)
from rootkeeper.ui.step_panels.incident import CloseIncidentPanel
from rootkeeper.ui.step_panels.member_root import ChooseMemberPanel, DeleteMemberCredentialsPanel, TaskDonePanel
from rootkeeper.ui.step_panels.root_keys import (ConsoleDeactivatePanel, ConsoleDeletePanel, DeactivatePanel,
                                                 DeletePanel, ListKeysPanel, VerifyInactivePanel, VerifyKeysPanel,
                                                 WatchPanel)
from rootkeeper.ui.step_panels.root_mfa import RootAssignInConsolePanel, RootReviewPanel
from rootkeeper.ui.step_panels.root_password import ChangeInConsolePanel, GeneratePanel
from rootkeeper.ui.step_panels.virtual_mfa import ChooseUserPanel, QrEnrolPanel

DEFAULT_PANELS: dict[StepKind, type[StepPanel]] = {
    StepKind.MANUAL: ManualPanel,
    StepKind.CHECK: CheckPanel,
    StepKind.ACTION: ActionPanel,
    StepKind.ATTEST: AttestPanel,
}

CUSTOM_PANELS: Mapping[Step, type[StepPanel]] = {
    mfa.IAM_USER_VIRTUAL_MFA.step(mfa.CHOOSE_USER): ChooseUserPanel,
    mfa.IAM_USER_VIRTUAL_MFA.step(mfa.SCAN_QR): QrEnrolPanel,
    mfa.IAM_USER_VIRTUAL_MFA.step(mfa.ENABLE_DEVICE): QrEnrolPanel,
    mfa.ROOT_MFA.step(mfa.REVIEW_ROOT_DEVICES): RootReviewPanel,
    mfa.ROOT_MFA.step(mfa.ASSIGN_IN_CONSOLE): RootAssignInConsolePanel,
    keys_runbook.DELETE_ROOT_KEYS.step(keys_runbook.LIST_KEYS): ListKeysPanel,
    keys_runbook.DELETE_ROOT_KEYS.step(keys_runbook.DEACTIVATE_KEYS): DeactivatePanel,
    keys_runbook.DELETE_ROOT_KEYS.step(keys_runbook.DEACTIVATE_IN_CONSOLE): ConsoleDeactivatePanel,
    keys_runbook.DELETE_ROOT_KEYS.step(keys_runbook.VERIFY_KEYS_INACTIVE): VerifyInactivePanel,
    keys_runbook.DELETE_ROOT_KEYS.step(keys_runbook.CHECK_NOTHING_BROKE): WatchPanel,
    keys_runbook.DELETE_ROOT_KEYS.step(keys_runbook.DELETE_KEYS): DeletePanel,
    keys_runbook.DELETE_ROOT_KEYS.step(keys_runbook.DELETE_IN_CONSOLE): ConsoleDeletePanel,
    keys_runbook.DELETE_ROOT_KEYS.step(keys_runbook.VERIFY_NO_KEYS): VerifyKeysPanel,
    password_runbook.ROTATE_ROOT_PASSWORD.step(password_runbook.GENERATE_PASSWORD): GeneratePanel,
    password_runbook.ROTATE_ROOT_PASSWORD.step(password_runbook.CHANGE_IN_CONSOLE): ChangeInConsolePanel,
    contacts_runbook.ALTERNATE_CONTACTS.step(contacts_runbook.CHOOSE_CONTACT): ChooseContactPanel,
    contacts_runbook.ALTERNATE_CONTACTS.step(contacts_runbook.PUT_CONTACT): ContactFormPanel,
    contacts_runbook.ALTERNATE_CONTACTS.step(contacts_runbook.REMOVE_CONTACT): RemoveContactPanel,
    unlock_runbook.UNLOCK_RESOURCE_POLICY.step(unlock_runbook.FIND_POLICY): FindLockedResourcePanel,
    unlock_runbook.UNLOCK_RESOURCE_POLICY.step(unlock_runbook.DELETE_POLICY): DeleteLockingPolicyPanel,
    recovery_runbooks.RECOVER_LOST_ROOT_MFA.step(recovery_runbooks.CHOOSE_LOST): ChooseLostDevicePanel,
    recovery_runbooks.RECOVER_LOST_ROOT_MFA.step(recovery_runbooks.VERIFY_EMAIL): VerifyEmailPanel,
    recovery_runbooks.RECOVER_LOST_ROOT_MFA.step(recovery_runbooks.VERIFY_PHONE): VerifyPhonePanel,
    recovery_runbooks.RECOVER_FORGOTTEN_ROOT_PASSWORD.step(recovery_runbooks.RESET_FROM_EMAIL): ResetFromEmailPanel,
    reseal_runbook.RESEAL.step(reseal_runbook.CLOSE_INCIDENT): CloseIncidentPanel,
    member_runbook.RECOVER_MEMBER_ROOT.step(member_runbook.CHOOSE_MEMBER): ChooseMemberPanel,
    member_runbook.RECOVER_MEMBER_ROOT.step(member_runbook.DELETE_CREDENTIALS): DeleteMemberCredentialsPanel,
    member_runbook.RECOVER_MEMBER_ROOT.step(member_runbook.TASK_DONE): TaskDonePanel,
}


def panel_class_for(step: Step) -> type[StepPanel]:
    return CUSTOM_PANELS.get(step) or DEFAULT_PANELS[step.kind]


# What the default panel of each kind can collect from the operator, besides a confirmation.
_DEFAULT_COLLECTS = {StepKind.CHECK: "inputs", StepKind.ACTION: "inputs", StepKind.MANUAL: None,
                     StepKind.ATTEST: None}


def panel_problems(runbooks: Iterable[Runbook]) -> list[str]:
    """Steps no panel can serve (a manual or attest step with inputs and no panel of its own),
    and panels registered for a step of no runbook of the catalogue."""
    runbooks = tuple(runbooks)
    steps = {step for runbook in runbooks for step in runbook.steps}
    problems = [f"a panel ({panel.__name__}) for {step.id!r}, which is a step of no runbook"
                for step, panel in CUSTOM_PANELS.items() if step not in steps]
    problems += [f"{runbook.id}/{step.id}: a {step.kind.value} step with inputs needs a panel of its own"
                 for runbook in runbooks for step in runbook.steps
                 if step not in CUSTOM_PANELS and (step.inputs or step.secret_inputs)
                 and _DEFAULT_COLLECTS[step.kind] is None]
    return problems


__all__ = ["StepInput", "StepPanel", "panel_class_for", "panel_problems", "DEFAULT_PANELS", "CUSTOM_PANELS"]
