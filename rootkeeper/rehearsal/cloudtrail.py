"""CloudTrail event history for root activity: recorded by the world, read with LookupEvents.

moto 5.2.5 does not implement ``cloudtrail:LookupEvents``. The world records what AWS
would put in an account's event history about its root user, and serves LookupEvents
over it:

- every API call made with a root access key or an sts:AssumeRoot session (the latter
  with ``sessionContext.assumedRoot = "true"``), in the account and region it was made in,
  including calls a task policy refused (with ``errorCode``);
- what the operator does as root in the console simulator: ``ConsoleLogin`` (success or
  failure), ``PasswordUpdated``, MFA assignment and removal, access-key deletion, in
  us-east-1 where AWS delivers console sign-ins and IAM events.

Events are kept 90 days, like AWS's event history, and listed newest first. The log
belongs to one world: a new world starts with an empty history.
"""

from __future__ import annotations

import base64
import functools
import json
import threading
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Callable

from moto.cloudtrail.responses import CloudTrailResponse
from moto.core.responses import ActionResult, BaseResponse

from rootkeeper.rehearsal.aws_errors import aws_error
from rootkeeper.rehearsal.patches import Patch
from rootkeeper.rehearsal.state import RootSession, WorldState, active

EVENT_HISTORY = timedelta(days=90)
MAX_RESULTS = 50
CONSOLE_REGION = "us-east-1"
LOOKUP_KEYS = {"EventId": "event_id", "EventName": "event_name", "ReadOnly": "read_only_text",
               "Username": "username", "EventSource": "event_source", "AccessKeyId": "access_key_id",
               "ResourceType": None, "ResourceName": None}
_READ_PREFIXES = ("Get", "List", "Describe", "Lookup", "Head")


@dataclass(frozen=True)
class TrailEvent:
    account_id: str
    region: str
    event_time: datetime
    event_name: str
    event_source: str
    user_identity: dict[str, Any]
    event_type: str = "AwsApiCall"
    access_key_id: str = ""
    error_code: str | None = None
    response_elements: dict[str, Any] | None = None
    event_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    username: str = "root"

    @property
    def read_only(self) -> bool:
        return self.event_name.startswith(_READ_PREFIXES)

    @property
    def read_only_text(self) -> str:
        return "true" if self.read_only else "false"

    def record(self) -> dict[str, Any]:
        """The event as CloudTrail writes it (the CloudTrailEvent JSON)."""
        record: dict[str, Any] = {
            "eventVersion": "1.10", "userIdentity": self.user_identity,
            "eventTime": self.event_time.strftime("%Y-%m-%dT%H:%M:%SZ"), "eventSource": self.event_source,
            "eventName": self.event_name, "awsRegion": self.region, "sourceIPAddress": "192.0.2.10",
            "userAgent": "rootkeeper-rehearsal", "requestParameters": None,
            "responseElements": self.response_elements, "eventID": self.event_id, "readOnly": self.read_only,
            "eventType": self.event_type, "managementEvent": True, "recipientAccountId": self.account_id,
            "eventCategory": "Management",
        }
        if self.error_code:
            record["errorCode"] = self.error_code
        return record

    def summary(self) -> dict[str, Any]:
        """The event as LookupEvents lists it."""
        item = {"EventId": self.event_id, "EventName": self.event_name, "ReadOnly": self.read_only_text,
                "EventTime": self.event_time, "EventSource": self.event_source, "Username": self.username,
                "Resources": [], "CloudTrailEvent": json.dumps(self.record())}
        if self.access_key_id:
            item["AccessKeyId"] = self.access_key_id
        return item


class EventHistory:
    """One world's event history, per account."""

    def __init__(self) -> None:
        self._events: dict[str, list[TrailEvent]] = {}
        self._lock = threading.Lock()
        self.listeners: list[Callable[[TrailEvent], None]] = []  # alert_delivery: what the event raises

    def add(self, event: TrailEvent) -> None:
        with self._lock:
            self._events.setdefault(event.account_id, []).append(event)
        for listener in list(self.listeners):
            listener(event)

    def events(self, account_id: str) -> list[TrailEvent]:
        """Newest first."""
        with self._lock:
            # newest first; of two events in the same instant, the later recorded first
            return sorted(reversed(self._events.get(account_id, [])), key=lambda e: e.event_time, reverse=True)


_history: tuple[WorldState, EventHistory] | None = None
_history_lock = threading.Lock()


def history_of(state: WorldState) -> EventHistory:
    global _history
    with _history_lock:
        if _history is None or _history[0] is not state:
            _history = (state, EventHistory())
        return _history[1]


def root_identity(account_id: str, access_key_id: str = "", session: RootSession | None = None) -> dict[str, Any]:
    identity: dict[str, Any] = {"type": "Root", "principalId": account_id, "arn": f"arn:aws:iam::{account_id}:root",
                                "accountId": account_id}
    if access_key_id:
        identity["accessKeyId"] = access_key_id
    if session is not None:
        issued = session.expires_at - timedelta(seconds=900)
        identity["sessionContext"] = {
            "attributes": {"creationDate": issued.strftime("%Y-%m-%dT%H:%M:%SZ"), "mfaAuthenticated": "false"},
            "assumedRoot": "true",
        }
    return identity


# ---- API calls made as root -----------------------------------------------------------

def record_call(state: WorldState, response: BaseResponse, error_code: str | None = None) -> None:
    """Called by the world's request gate (root_sts.setup_class) for every request it lets in,
    and for every one a task policy refused."""
    key_id = getattr(response, "access_key", "") or ""
    account = state.root_account_of_key(key_id)
    if not account:
        return
    try:
        action = response._get_action() or ""
    except Exception:  # a request moto cannot route is not an API call CloudTrail would log
        return
    if not action:
        return
    service = response.service_name or ""
    region = CONSOLE_REGION if service in ("iam", "organizations", "account") else (response.region or CONSOLE_REGION)
    session = state.sessions.get(key_id)
    history_of(state).add(TrailEvent(
        account_id=account, region=region, event_time=state.now(), event_name=action,
        event_source=f"{service}.amazonaws.com", user_identity=root_identity(account, key_id, session),
        access_key_id=key_id, error_code=error_code))


# ---- what the operator does as root in the console ---------------------------------------

CONSOLE_SIGN_IN = ("signin.amazonaws.com", "AwsConsoleSignIn")
CONSOLE_IAM = ("iam.amazonaws.com", "AwsApiCall")


def record_console_event(state: WorldState, account_id: str, event: tuple[str, str, str], *,
                         failed: bool = False) -> None:
    name, source, kind = event
    response = None
    if name == "ConsoleLogin":
        response = {"ConsoleLogin": "Failure" if failed else "Success"}
    elif failed:
        return  # a console page that refused changes nothing and calls nothing
    history_of(state).add(TrailEvent(
        account_id=account_id, region=CONSOLE_REGION, event_time=state.now(), event_name=name, event_source=source,
        user_identity=root_identity(account_id), event_type=kind, response_elements=response))


def console_event(name: str, source_and_type: tuple[str, str]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declares the event a console action of RehearsalConsole leaves in the history, done or refused."""
    event = (name, *source_and_type)

    def decorate(method: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(method)
        def recorded(self: Any, account_id: str, *args: Any, **kwargs: Any) -> Any:
            state: WorldState = self._state
            try:
                result = method(self, account_id, *args, **kwargs)
            except Exception:
                if account_id in state.roots:
                    record_console_event(state, account_id, event, failed=True)
                raise
            record_console_event(state, account_id, event)
            return result

        return recorded

    return decorate


# ---- LookupEvents ------------------------------------------------------------------------

def _time_param(value: Any) -> datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, (int, float)):
        return datetime.fromtimestamp(value, tz=timezone.utc)
    try:
        return datetime.fromtimestamp(float(value), tz=timezone.utc)
    except ValueError:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _invalid(code: str, message: str) -> Exception:
    return aws_error("cloudtrail", code, message, 400)


def lookup_events(self: CloudTrailResponse) -> ActionResult:
    state = active()
    assert state is not None  # a world_only patch: served only inside a world
    if (self._get_param("EventCategory") or "") == "insight":
        return ActionResult({"Events": []})
    attributes = self._get_param("LookupAttributes") or []
    if len(attributes) > 1:
        raise _invalid("InvalidLookupAttributesException", "You cannot specify more than one lookup attribute.")
    matches: Callable[[TrailEvent], bool] = lambda event: True  # noqa: E731
    if attributes:
        key, value = attributes[0].get("AttributeKey"), attributes[0].get("AttributeValue", "")
        if key not in LOOKUP_KEYS:
            raise _invalid("InvalidLookupAttributesException", f"Invalid lookup attribute key: {key}")
        field_name = LOOKUP_KEYS[key]
        matches = (lambda event: False) if field_name is None else (  # noqa: E731
            lambda event: getattr(event, field_name) == value)
    start, end = _time_param(self._get_param("StartTime")), _time_param(self._get_param("EndTime"))
    if start and end and start > end:
        raise _invalid("InvalidTimeRangeException", "Start time must be before end time.")
    max_results = int(self._get_param("MaxResults") or MAX_RESULTS)
    if not 1 <= max_results <= MAX_RESULTS:
        raise _invalid("InvalidMaxResultsException", f"MaxResults must be between 1 and {MAX_RESULTS}.")
    oldest = state.now() - EVENT_HISTORY
    selected = [event for event in history_of(state).events(self.current_account)
                if event.region == self.region and event.event_time >= oldest and matches(event)
                and (start is None or event.event_time >= start) and (end is None or event.event_time <= end)]
    offset = _offset(self._get_param("NextToken"))
    page = selected[offset:offset + max_results]
    result: dict[str, Any] = {"Events": [event.summary() for event in page]}
    if offset + max_results < len(selected):
        result["NextToken"] = base64.b64encode(str(offset + max_results).encode()).decode()
    return ActionResult(result)


def _offset(token: str | None) -> int:
    if not token:
        return 0
    try:
        return int(base64.b64decode(token).decode())
    except ValueError:
        raise _invalid("InvalidNextTokenException", "The NextToken is not valid.") from None


PATCHES = [Patch(CloudTrailResponse, "lookup_events", lookup_events, service="cloudtrail")]
