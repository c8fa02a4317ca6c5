"""The root access keys as a delete-root-keys ceremony states them: each key as a fact, the
listing's message, what IAM shows after a change, and the deactivation read from the
credential report when no root session can list the keys."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Callable, Mapping

from rootkeeper.aws.credential_report import read_root_credential_row
from rootkeeper.aws.session import AwsSession
from rootkeeper.core.posture import RootAccessKey
from rootkeeper.core.runbooks import root_keys as rb
from rootkeeper.core.step_contract import Evidence, StepContext, StepOutcome

Clock = Callable[[], datetime]

REPORT_INTERVAL = timedelta(hours=4)  # AWS makes a new credential report at most this often
# The fact each console step leaves: when the operator reported it (the check after it needs
# a credential report generated later than that).
REPORTED_AT = {rb.DEACTIVATE_IN_CONSOLE: "deactivation_reported_at", rb.DELETE_IN_CONSOLE: "deletion_reported_at"}


def key_states(live: tuple[RootAccessKey, ...], in_use: str | None) -> dict[str, Any]:
    """What IAM shows of the root's keys after a deactivation, and the sentence that says it."""
    inactive = [key.key_id for key in live if not key.active]
    still_active = [key.key_id for key in live if key.active and key.key_id != in_use]
    summary = f"{len(inactive)} of {len(live)} root access key(s) inactive"
    if in_use and any(key.key_id == in_use and key.active for key in live):
        summary += f"; {in_use}, the key of this session, stays active until it is deleted last"
    if still_active:
        summary += f"; {', '.join(still_active)} still active"
    return {"summary": summary + ".", "still_active": still_active,
            "observed": {key.key_id: "Active" if key.active else "Inactive" for key in live}}


def at(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")


def restated(keys: list[dict[str, Any]], by: str, active: Mapping[Any, bool], now: datetime) -> list[dict[str, Any]]:
    """The listed keys with the status just verified (by key id or slot), so that what the
    next steps show is what AWS showed last, not what the listing saw."""
    restated = []
    for key in keys:
        if key.get(by) in active:
            last_used = datetime.fromisoformat(key["last_used"]) if key.get("last_used") else None
            key = {**key, "active": active[key[by]],
                   "meaning": rb.describe_key_use(active=active[key[by]], last_used=last_used,
                                                  region=key.get("last_used_region"),
                                                  service=key.get("last_used_service"), now=now)}
        restated.append(key)
    return restated


def verify_inactive_in_report(ctx: StepContext, current: AwsSession, clock: Clock) -> StepOutcome:
    """An IAM identity sees the root's keys only in the credential report: AWS makes a new one
    at most every four hours, so a report generated before the operator reported the console
    step cannot show it, and proves nothing either way."""
    row = read_root_credential_row(current)
    reported = ctx.facts.get(REPORTED_AT[rb.DEACTIVATE_IN_CONSOLE])
    reported_at = datetime.fromisoformat(reported) if reported else None
    generated = row.report_generated
    evidence: dict[str, Any] = {"checked_with": "credential-report",
                                "report_generated": generated.isoformat() if generated else None,
                                "reported_at": reported}
    # The report's time has whole seconds: one generated in the second of the report counts.
    if generated is None or (reported_at is not None and generated < reported_at.replace(microsecond=0)):
        when = f"was generated at {at(generated)}" if generated else "has no generation time"
        after = (f" A new one can be had after {at(generated + REPORT_INTERVAL)}." if generated else "")
        return StepOutcome.failure(
            f"Cannot be verified yet: the credential report AWS serves {when}, before you reported the "
            f"deactivation{f' at {at(reported_at)}' if reported_at else ''}, so it cannot show it. AWS makes a "
            f"new credential report at most every 4 hours.{after} Leave with Later (ctrl+l) and check again "
            "then, or connect as root to check by ListAccessKeys. Nothing is claimed until then.",
            evidence=evidence, evidence_kind=Evidence.NONE)
    observed = {f"access_key_{key.slot}_active": "true" if key.active else "false" for key in row.access_keys}
    evidence["observed"] = observed
    active = [key for key in row.access_keys if key.active]
    if active:
        slots = ", ".join(f"access_key_{key.slot}_active = true" for key in active)
        return StepOutcome.failure(
            f"Not deactivated: the credential report generated at {at(generated)} shows {slots}. Deactivate "
            "every root access key in the console (go back to that step), then check again.",
            evidence=evidence, evidence_kind=Evidence.VERIFIED)
    shown = ", ".join(f"{name} = {value}" for name, value in observed.items()) or "no root access key"
    return StepOutcome.success(f"The credential report generated at {at(generated)} shows {shown}: "
                               f"{len(row.access_keys)} of {len(row.access_keys)} root access key(s) inactive.",
                               evidence=evidence, facts={"keys": restated(
                                   ctx.fact("keys"), "slot", {key.slot: key.active for key in row.access_keys},
                                   clock())})


def key_fact(key: RootAccessKey, now: datetime) -> dict[str, Any]:
    return {"key_id": key.key_id, "slot": key.slot, "active": key.active,
            "created": key.created.isoformat() if key.created else None,
            "age_days": (now - key.created).days if key.created else None,
            "last_used": key.last_used.isoformat() if key.last_used else None,
            "last_used_region": key.last_used_region, "last_used_service": key.last_used_service,
            "meaning": rb.describe_key_use(active=key.active, last_used=key.last_used,
                                           region=key.last_used_region, service=key.last_used_service, now=now)}


def listing_message(account_id: str, keys: list[dict[str, Any]], in_use: str | None, mode: str) -> str:
    if not keys:
        return f"The root user of account {account_id} has no access keys: nothing to delete."
    lines = []
    for key in keys:
        name = key["key_id"] or f"key in slot {key['slot']}"
        age = f", {key['age_days']} days old" if key["age_days"] is not None else ""
        mine = " (this session signs with it)" if key["key_id"] and key["key_id"] == in_use else ""
        lines.append(f"{name} ({'active' if key['active'] else 'inactive'}{age}){mine}: {key['meaning']}")
    how = ("rootkeeper will act by API from this root session." if mode == rb.MODE_API else
           "This identity is not a root session: you will act in the console, and rootkeeper will verify.")
    return f"The root user of account {account_id} has {len(keys)} access key(s). " + " ".join(
        f"{line}." for line in lines) + " " + how


# -- the operator's choice --------------------------------------------------------------


