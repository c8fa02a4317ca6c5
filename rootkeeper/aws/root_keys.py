"""Root access keys as a root session sees them: ids and last use (ListAccessKeys without UserName)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

from rootkeeper.aws.errors import aws_errors
from rootkeeper.aws.session import AwsSession
from rootkeeper.core.posture import RootAccessKey, RootCredentialRow


def list_root_access_keys(session: AwsSession) -> tuple[RootAccessKey, ...]:
    """Only meaningful from a root session: IAM calls without UserName act on the caller."""
    iam = session.client("iam")
    with aws_errors("list the root user's access keys"):
        metadata = sorted(iam.list_access_keys().get("AccessKeyMetadata", []), key=lambda k: k["CreateDate"])
        keys = []
        for slot, key in enumerate(metadata, start=1):
            used = iam.get_access_key_last_used(AccessKeyId=key["AccessKeyId"]).get("AccessKeyLastUsed", {})
            keys.append(RootAccessKey(
                slot=slot, active=key.get("Status") == "Active", key_id=key["AccessKeyId"],
                created=_utc(key.get("CreateDate")), last_used=_utc(used.get("LastUsedDate")),
                last_used_region=_known(used.get("Region")), last_used_service=_known(used.get("ServiceName")),
            ))
    return tuple(keys)


def merge_key_ids(row: RootCredentialRow, live: tuple[RootAccessKey, ...]) -> RootCredentialRow:
    """The report's keys, with the live key ids and (fresher) last use matched in by creation time."""
    if not live:
        return row
    unmatched = list(live)
    merged = []
    for key in row.access_keys:
        match = next((k for k in unmatched if _same_time(k.created, key.created)), None)
        if match is None and unmatched and len(row.access_keys) == len(live):
            match = unmatched[0]  # same count, no usable times: the order is the slot order
        if match is not None:
            unmatched.remove(match)
            key = replace(key, key_id=match.key_id, active=match.active,
                          last_used=match.last_used or key.last_used,
                          last_used_region=match.last_used_region or key.last_used_region,
                          last_used_service=match.last_used_service or key.last_used_service)
        merged.append(key)
    # Keys made after the report was generated are only known live.
    taken = {k.slot for k in merged}
    for key in unmatched:
        slot = next(s for s in (1, 2, 3) if s not in taken)
        taken.add(slot)
        merged.append(replace(key, slot=slot))
    return replace(row, access_keys=tuple(merged))


def _same_time(a: datetime | None, b: datetime | None) -> bool:
    return a is not None and b is not None and abs(a - b) <= timedelta(seconds=1)


def _known(value: str | None) -> str | None:
    return None if value in (None, "", "N/A") else value


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)
