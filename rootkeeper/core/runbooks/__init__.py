"""The catalogue: every runbook rootkeeper can run, by id, registered once, by object. A
runbook appears once its steps and their handlers exist; which control a runbook fixes is
its own ``fixes``, checked here against the controls when the catalogue is built."""

from __future__ import annotations

from types import MappingProxyType
from typing import Mapping

from rootkeeper.core.controls import CONTROLS
from rootkeeper.core.runbook import Runbook
from rootkeeper.core.runbooks.alerting import ROOT_ALERTING
from rootkeeper.core.runbooks.alerting_cis import ROOT_ALERTING_CIS
from rootkeeper.core.runbooks.centralized_root import ENABLE_CENTRALIZED_ROOT_ACCESS
from rootkeeper.core.runbooks.checklists import CHECKLISTS
from rootkeeper.core.runbooks.contacts import ALTERNATE_CONTACTS
from rootkeeper.core.runbooks.custodians import CUSTODIAN_OFFBOARD, CUSTODIAN_ONBOARD
from rootkeeper.core.runbooks.reseal import RESEAL
from rootkeeper.core.runbooks.member_root import RECOVER_MEMBER_ROOT
from rootkeeper.core.runbooks.mfa import IAM_USER_VIRTUAL_MFA, ROOT_MFA
from rootkeeper.core.runbooks.resource_unlock import UNLOCK_RESOURCE_POLICY
from rootkeeper.core.runbooks.recovery import RECOVERY_RUNBOOKS
from rootkeeper.core.runbooks.root_keys import DELETE_ROOT_KEYS
from rootkeeper.core.runbooks.root_password import ROTATE_ROOT_PASSWORD

RUNBOOKS: Mapping[str, Runbook] = MappingProxyType({
    runbook.id: runbook for runbook in (IAM_USER_VIRTUAL_MFA, ROOT_MFA, DELETE_ROOT_KEYS, ROTATE_ROOT_PASSWORD,
                                        ALTERNATE_CONTACTS, CUSTODIAN_ONBOARD, CUSTODIAN_OFFBOARD, ROOT_ALERTING,
                                        ROOT_ALERTING_CIS, *RECOVERY_RUNBOOKS, RESEAL, RECOVER_MEMBER_ROOT,
                                        UNLOCK_RESOURCE_POLICY, ENABLE_CENTRALIZED_ROOT_ACCESS, *CHECKLISTS)
})



def _checked(runbooks: Mapping[str, Runbook]) -> Mapping[str, Runbook]:
    known = {control.id for control in CONTROLS}
    for runbook in runbooks.values():
        unknown = set(runbook.fixes) - known
        if unknown:
            raise ValueError(f"runbook {runbook.id!r} fixes controls that do not exist: {sorted(unknown)}")
    return runbooks


RUNBOOKS = _checked(RUNBOOKS)


def runbook_for(control_id: str) -> Runbook | None:
    """The runbook that fixes the control ``control_id``; None while rootkeeper has none."""
    return next((runbook for runbook in RUNBOOKS.values() if control_id in runbook.fixes), None)


__all__ = ["runbook_for", "RUNBOOKS", "IAM_USER_VIRTUAL_MFA", "ROOT_MFA", "DELETE_ROOT_KEYS", "ROTATE_ROOT_PASSWORD",
           "ALTERNATE_CONTACTS", "ROOT_ALERTING", "ROOT_ALERTING_CIS", "RECOVER_MEMBER_ROOT", "UNLOCK_RESOURCE_POLICY",
           "ENABLE_CENTRALIZED_ROOT_ACCESS"]
