"""Checks of the root password, from the credential report's <root_account> row.

AWS makes a new credential report at most every four hours: a report generated before the
moment checked cannot show what happened since, so it proves nothing either way. Such a
check is never a pass: it fails as "cannot be verified yet", or, where the runbook leaves
the rest to an attestation, goes on with evidence "none" and says so.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from rootkeeper.core.account_reading import AccountReader
from rootkeeper.core.checks.base import Check, fact, passed
from rootkeeper.core.step_contract import Evidence, StepOutcome

REPORT_INTERVAL = timedelta(hours=4)  # AWS makes a new credential report at most this often


class StaleReport(enum.Enum):
    """What a check does with a credential report generated before the moment it checks."""

    CANNOT_VERIFY_YET = "cannot-verify-yet"  # a failure, evidence "none": check again later
    LEFT_TO_ATTESTATION = "left-to-attestation"  # goes on, evidence "none": an attestation follows


@dataclass(frozen=True)
class PasswordChangedAfter(Check):
    """The credential report shows the root password changed (with ``sign_in_counts``, or used
    to sign in: AWS reports password_last_changed as not_supported for the root user) at or
    after the time in ``moment_fact`` (the report has whole seconds)."""

    moment_fact: str = "since"
    sign_in_counts: bool = False
    stale_report: StaleReport = StaleReport.CANNOT_VERIFY_YET
    moment: str = "this ceremony began"  # how messages name the moment

    def verifies(self) -> str:
        if self.sign_in_counts:
            return (f"The credential report shows the root password used (or changed) after {self.moment}, "
                    "where AWS reports it.")
        return f"The credential report shows the root password changed after {self.moment}."

    def judge(self, reader: AccountReader, facts: Mapping[str, Any]) -> StepOutcome:
        since = _moment(fact(facts, self.moment_fact))
        row = reader.root_credential_row()
        present = reader.password_present()
        floor = since.replace(microsecond=0)
        used = row.password_last_used is not None and row.password_last_used >= floor
        changed = row.password_last_changed is not None and row.password_last_changed >= floor
        evidence: dict[str, Any] = {
            "since": since.isoformat(), "password_present": present,
            "password_last_used": _iso(row.password_last_used), "password_last_changed": _iso(row.password_last_changed),
            "report_generated": _iso(row.report_generated), "used_since": used, "changed_since": changed}
        if present is False:
            return StepOutcome.failure("AWS reports no root password (AccountPasswordPresent = 0): set it in the "
                                       "console, then check again.", evidence=evidence)
        used = used and self.sign_in_counts
        if used or changed:
            what = " and ".join(part for part, yes in (("changed", changed), ("used to sign in", used)) if yes)
            return passed(f"The credential report shows the root password {what} after {self.moment}.",
                          evidence={**evidence, "verified_by_api": True})
        generated = row.report_generated
        if self.stale_report is StaleReport.LEFT_TO_ATTESTATION:
            if generated is not None and generated < since:
                return StepOutcome.success(
                    f"The credential report AWS returned was made at {generated:%Y-%m-%d %H:%M} UTC, before "
                    f"{self.moment}, so it cannot show the change (AWS makes a new one at most every four "
                    "hours). The attestation that follows records it.", evidence={**evidence, "verified_by_api": False},
                    evidence_kind=Evidence.NONE)  # nothing was verified: the step says so, and so does the journal
        elif generated is None or generated < floor:
            when = f"was generated at {_at(generated)}" if generated else "has no generation time"
            after = f" A new one can be had after {_at(generated + REPORT_INTERVAL)}." if generated else ""
            return StepOutcome.failure(
                f"Cannot be verified yet: the credential report AWS serves {when}, before {self.moment}, so it "
                f"cannot show the change. AWS makes a new credential report at most every 4 hours.{after} Check "
                "again then. Nothing is claimed until then.", evidence=evidence, evidence_kind=Evidence.NONE)
        unreadable = row.unreadable_among("password_last_changed", *(("password_last_used",) if self.sign_in_counts
                                                                    else ()))
        if unreadable:
            return StepOutcome.failure(f"Cannot be verified: the credential report's root row could not be read "
                                       f"({unreadable}). Check again later; nothing is claimed.",
                                       evidence={**evidence, "unreadable": unreadable}, evidence_kind=Evidence.NONE)
        if self.sign_in_counts:
            return StepOutcome.failure(f"The credential report shows no root sign-in since {self.moment}: sign in "
                                       "with the new password in the console, then check again.", evidence=evidence)
        shown = _at(row.password_last_changed) if row.password_last_changed else "not reported (as AWS does for root)"
        return StepOutcome.failure(f"The credential report shows no root password change since {self.moment} "
                                   f"(password_last_changed: {shown}): change it in the console, then check again.",
                                   evidence=evidence)


def _moment(value: Any) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _at(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")
