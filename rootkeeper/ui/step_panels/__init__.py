"""Which panel serves a step: the step's own, by step id, else the default for its kind.

Another runbook's special step registers its panel with ``register_panel``; every other
step gets the default panel of its kind and needs no UI code at all.
"""

from __future__ import annotations

from rootkeeper.core.runbook import Step, StepKind
from rootkeeper.core.runbooks import contacts as contacts_runbook
from rootkeeper.core.runbooks import mfa
from rootkeeper.core.runbooks import root_keys as keys_runbook
from rootkeeper.core.runbooks import root_password as password_runbook
from rootkeeper.ui.step_panels.base import StepInput, StepPanel
from rootkeeper.ui.step_panels.contacts import ChooseContactPanel, ContactFormPanel, RemoveContactPanel
from rootkeeper.ui.step_panels.defaults import ActionPanel, AttestPanel, CheckPanel, ManualPanel
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

STEP_PANELS: dict[str, type[StepPanel]] = {
    mfa.CHOOSE_USER: ChooseUserPanel,
    mfa.SCAN_QR: QrEnrolPanel,
    mfa.ENABLE_DEVICE: QrEnrolPanel,
    mfa.REVIEW_ROOT_DEVICES: RootReviewPanel,
    mfa.ASSIGN_IN_CONSOLE: RootAssignInConsolePanel,
    keys_runbook.LIST_KEYS: ListKeysPanel,
    keys_runbook.DEACTIVATE_KEYS: DeactivatePanel,
    keys_runbook.DEACTIVATE_IN_CONSOLE: ConsoleDeactivatePanel,
    keys_runbook.VERIFY_KEYS_INACTIVE: VerifyInactivePanel,
    keys_runbook.CHECK_NOTHING_BROKE: WatchPanel,
    keys_runbook.DELETE_KEYS: DeletePanel,
    keys_runbook.DELETE_IN_CONSOLE: ConsoleDeletePanel,
    keys_runbook.VERIFY_NO_KEYS: VerifyKeysPanel,
    password_runbook.GENERATE_PASSWORD: GeneratePanel,
    password_runbook.CHANGE_IN_CONSOLE: ChangeInConsolePanel,
    contacts_runbook.CHOOSE_CONTACT: ChooseContactPanel,
    contacts_runbook.PUT_CONTACT: ContactFormPanel,
    contacts_runbook.REMOVE_CONTACT: RemoveContactPanel,
}


def register_panel(step_id: str, panel: type[StepPanel]) -> None:
    STEP_PANELS[step_id] = panel


def panel_class_for(step: Step) -> type[StepPanel]:
    return STEP_PANELS.get(step.id) or DEFAULT_PANELS[step.kind]


__all__ = ["StepInput", "StepPanel", "panel_class_for", "register_panel", "DEFAULT_PANELS", "STEP_PANELS"]
