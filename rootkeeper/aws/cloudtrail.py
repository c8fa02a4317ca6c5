"""Root activity in CloudTrail's event history (cloudtrail:LookupEvents).

The credential report forgets the last use of a deleted key; CloudTrail's 90-day event
history does not. Root console sign-ins and IAM calls are delivered in us-east-1, other
calls in the region they were made in: both are read. Only events whose
``userIdentity.type`` is ``Root`` count (an IAM user may be *named* root), and, as in
the CIS 4.3 filter, not those an AWS service made on root's behalf (``invokedBy``) nor
service events; a failed console sign-in is an attempt, not a use.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

from rootkeeper.aws.errors import aws_errors
from rootkeeper.aws.session import DEFAULT_REGION, AwsSession
from rootkeeper.core.posture import RootUse, RootUseSource

EVENT_HISTORY = timedelta(days=90)
MAX_PAGES = 10  # LookupEvents answers 2 calls a second per region: bound the read


def latest_root_activity(session: AwsSession, *, now: datetime | None = None,
                         max_pages: int = MAX_PAGES) -> RootUse | None:
    """The newest root event of the last 90 days, or None when there is none.
    Raises RootkeeperError (e.g. AccessDenied) when the history cannot be read."""
    start = (now or datetime.now(timezone.utc)) - EVENT_HISTORY
    found = [use for region in dict.fromkeys((DEFAULT_REGION, session.region))
             if (use := _latest_in(session, region, start, max_pages)) is not None]
    return max(found, key=lambda use: use.when) if found else None


def _latest_in(session: AwsSession, region: str, start: datetime, max_pages: int) -> RootUse | None:
    client = session.client("cloudtrail", region)
    with aws_errors("read CloudTrail event history (cloudtrail:LookupEvents)"):
        pages = client.get_paginator("lookup_events").paginate(
            LookupAttributes=[{"AttributeKey": "Username", "AttributeValue": "root"}], StartTime=start,
            PaginationConfig={"MaxItems": max_pages * 50, "PageSize": 50})
        for page in pages:
            for event in page.get("Events", []):  # newest first
                use = root_use_of(event)
                if use is not None:
                    return use
    return None


def root_use_of(event: dict[str, Any]) -> RootUse | None:
    """The root use one LookupEvents item records, or None when it is not one."""
    try:
        record = json.loads(event.get("CloudTrailEvent") or "{}")
    except ValueError:
        return None
    identity = record.get("userIdentity") or {}
    if identity.get("type") != "Root" or identity.get("invokedBy") or record.get("eventType") == "AwsServiceEvent":
        return None
    if (record.get("responseElements") or {}).get("ConsoleLogin") == "Failure":
        return None
    when = event.get("EventTime") or _parse(record.get("eventTime"))
    if not isinstance(when, datetime):
        return None
    when = when.replace(tzinfo=timezone.utc) if when.tzinfo is None else when.astimezone(timezone.utc)
    name = record.get("eventName") or event.get("EventName") or "an event"
    source = record.get("eventSource") or event.get("EventSource") or "?"
    how = "console sign-in" if name == "ConsoleLogin" else f"{name} ({source})"
    if (identity.get("sessionContext") or {}).get("assumedRoot") == "true":
        how += " in an AssumeRoot session"
    return RootUse(when, RootUseSource.CLOUDTRAIL, how)


def _parse(text: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        return None


def root_console_event_times(session: AwsSession, event_name: str, since: datetime) -> list[datetime]:
    """When the event history of us-east-1 (where console sign-in events land) shows the root
    user's ``event_name`` (e.g. PasswordRecoveryRequested) at or after ``since``, newest first.
    Raises RootkeeperError (AccessDeniedError...) when the history cannot be read."""
    client = session.client("cloudtrail", DEFAULT_REGION)
    found: list[datetime] = []
    with aws_errors("read CloudTrail event history (cloudtrail:LookupEvents)"):
        pages = client.get_paginator("lookup_events").paginate(
            LookupAttributes=[{"AttributeKey": "EventName", "AttributeValue": event_name}],
            StartTime=since.replace(microsecond=0), PaginationConfig={"MaxItems": MAX_PAGES * 50, "PageSize": 50})
        for page in pages:
            for event in page.get("Events", []):
                try:
                    record = json.loads(event.get("CloudTrailEvent") or "{}")
                except ValueError:
                    continue
                if (record.get("userIdentity") or {}).get("type") != "Root":
                    continue
                when = event.get("EventTime") or _parse(record.get("eventTime"))
                if isinstance(when, datetime):
                    when = when.replace(tzinfo=timezone.utc) if when.tzinfo is None else when.astimezone(timezone.utc)
                    if when >= since.replace(microsecond=0):
                        found.append(when)
    return sorted(found, reverse=True)
