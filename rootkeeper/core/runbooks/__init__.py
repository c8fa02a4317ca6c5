"""Every runbook rootkeeper can run, by id. Only real runbooks are registered here:
a runbook appears once its steps and their handlers exist."""

from __future__ import annotations

from types import MappingProxyType
from typing import Mapping

from rootkeeper.core.runbook import Runbook
from rootkeeper.core.runbooks.contacts import ALTERNATE_CONTACTS
from rootkeeper.core.runbooks.mfa import IAM_USER_VIRTUAL_MFA, ROOT_MFA
from rootkeeper.core.runbooks.root_keys import DELETE_ROOT_KEYS
from rootkeeper.core.runbooks.root_password import ROTATE_ROOT_PASSWORD

RUNBOOKS: Mapping[str, Runbook] = MappingProxyType({
    runbook.id: runbook for runbook in (IAM_USER_VIRTUAL_MFA, ROOT_MFA, DELETE_ROOT_KEYS, ROTATE_ROOT_PASSWORD,
                                        ALTERNATE_CONTACTS)
})

__all__ = ["RUNBOOKS", "IAM_USER_VIRTUAL_MFA", "ROOT_MFA", "DELETE_ROOT_KEYS", "ROTATE_ROOT_PASSWORD",
           "ALTERNATE_CONTACTS"]
