"""EventBridge ``TestEventPattern`` in the rehearsal world, answered as AWS answers it.

moto 5.2.5 routes the action but answers with an empty body. The world answers
``{"Result": true|false}``, matching the pattern subset rootkeeper writes: nested keys
(objects), and at the leaves lists of exact values or ``{"prefix": ...}`` filters, one of
which must match the event's value (or one of its elements, when the event holds a list). A
key the event lacks does not match. Any other content filter (``anything-but``, ``wildcard``,
``$or``...) is refused with AWS's InvalidEventPatternException rather than answered wrongly.
"""

from __future__ import annotations

import json
from typing import Any

from moto.events.responses import EventsHandler

from rootkeeper.rehearsal.aws_errors import aws_error
from rootkeeper.rehearsal.patches import Patch

# The fields AWS requires of the event TestEventPattern is given.
REQUIRED_EVENT_FIELDS = ("id", "account", "source", "time", "region", "detail-type")


def pattern_matches(pattern: dict[str, Any], event: Any) -> bool:
    """True when every key of ``pattern`` matches ``event`` (exact values, lists, nested keys)."""
    if not isinstance(event, dict):
        return False
    for key, wanted in pattern.items():
        if key not in event:
            return False
        value = event[key]
        if isinstance(wanted, dict):
            if not pattern_matches(wanted, value):
                return False
        else:
            held = value if isinstance(value, list) else [value]
            if not any(_matches(choice, item) for choice in wanted for item in held):
                return False
    return True


def _matches(choice: Any, item: Any) -> bool:
    if isinstance(choice, dict):  # {"prefix": "aws."}, the one content filter served
        return isinstance(item, str) and item.startswith(choice["prefix"])
    return choice == item


def parse_pattern(text: str | None) -> dict[str, Any]:
    try:
        pattern = json.loads(text or "")
    except ValueError:
        raise _invalid_pattern("Event pattern is not valid JSON") from None
    if not isinstance(pattern, dict) or not pattern:
        raise _invalid_pattern("Event pattern must be a non-empty JSON object")
    _check_node(pattern)
    return pattern


def _check_node(node: dict[str, Any]) -> None:
    for key, value in node.items():
        if isinstance(value, dict):
            if not value:
                raise _invalid_pattern(f"'{key}' must not be an empty object")
            _check_node(value)
        elif isinstance(value, list):
            if not value:
                raise _invalid_pattern("Empty arrays are not allowed")
            if any(isinstance(item, list) or (isinstance(item, dict) and not _is_prefix(item)) for item in value):
                raise _invalid_pattern(f"'{key}': only exact values are supported in the rehearsal world")
        else:
            raise _invalid_pattern(f"'{key}' must be an object or an array")


def _is_prefix(item: dict[str, Any]) -> bool:
    return list(item) == ["prefix"] and isinstance(item["prefix"], str)


def test_event_pattern(self: EventsHandler) -> tuple[str, dict[str, Any]]:
    pattern = parse_pattern(self._get_param("EventPattern"))
    try:
        event = json.loads(self._get_param("Event") or "")
    except ValueError:
        raise aws_error("events", "ValidationException", "Event is not valid JSON") from None
    missing = [name for name in REQUIRED_EVENT_FIELDS if not isinstance(event, dict) or name not in event]
    if missing:
        raise aws_error("events", "ValidationException", f"Event is missing the field(s): {', '.join(missing)}")
    return json.dumps({"Result": pattern_matches(pattern, event)}), self.response_headers


def _invalid_pattern(reason: str) -> Exception:
    return aws_error("events", "InvalidEventPatternException", f"Event pattern is not valid. Reason: {reason}")


test_event_pattern.__test__ = False  # type: ignore[attr-defined]  # not a pytest test, if ever imported by one

PATCHES = [Patch(EventsHandler, "test_event_pattern", test_event_pattern, service="events")]
