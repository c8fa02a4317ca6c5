"""Checks written once, parametrized by the facts of a ceremony (issue 9, "Reusable checks").

A check is a frozen dataclass: ``describe(facts)`` is what a pass proves (the step's
"proves" line); ``evaluate(reader, facts)`` reads the account through an AccountReader
(core/account_reading.py) and says what AWS holds. A pass is ``Evidence.VERIFIED``; a
failure says what AWS holds and what to do; evidence records what was read, never a
secret. Parameters ending in ``_fact`` name the ceremony fact that holds a value known only
at run time; ``check_handler`` binds a check to a step.

Messages and evidence keys are those of the verifiers the runbooks had before the library,
so that binding a step to a check changes no journal entry. A new kind of check is one more
dataclass subclassing ``Check``, in the module of its family, exported here.
"""

from rootkeeper.core.checks.alerting import RuleMatchesEvent
from rootkeeper.core.checks.base import Check, check_handler
from rootkeeper.core.checks.custodians import (CustodianDevicesGone, NoAlternateContactNames,
                                              RootMfaDevicesAttributed)
from rootkeeper.core.checks.contacts import (CONTACT_FIELDS, AlternateContactsSet, ContactEquals, contact_fields,
                                             describe_contact)
from rootkeeper.core.checks.mfa import MfaDeviceGone, MfaDevicePresent, RootMfaOn
from rootkeeper.core.checks.password import PasswordChangedAfter, StaleReport
from rootkeeper.core.checks.recovery import (PrimaryPhonePresent, RootConsoleEventSince, RootMailboxHeld,
                                             RootMfaDeviceGone)
from rootkeeper.core.checks.root_keys import NoRootAccessKeys

__all__ = ["CONTACT_FIELDS", "AlternateContactsSet", "Check", "ContactEquals", "CustodianDevicesGone", "NoAlternateContactNames",
           "RootMfaDevicesAttributed", "MfaDeviceGone", "MfaDevicePresent", "NoRootAccessKeys",
           "PasswordChangedAfter", "PrimaryPhonePresent", "RootConsoleEventSince", "RootMailboxHeld",
           "RootMfaDeviceGone", "RootMfaOn", "RuleMatchesEvent", "StaleReport", "check_handler", "contact_fields", "describe_contact"]
