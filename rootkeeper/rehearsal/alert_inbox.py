"""The rehearsal world's mailbox for alert emails: what SNS would email to the confirmed email
subscriptions of a topic, kept where the operator can read it (the TUI's inbox, `world serve`'s
console). One inbox per world, like the event history."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from moto.sns.models import sns_backends

from rootkeeper.rehearsal.state import WorldState


@dataclass(frozen=True)
class AlertEmail:
    at: datetime
    account_id: str
    to: str
    subject: str
    summary: str  # one line: what happened ("root sign-in to the console of 314159265358")
    via: str  # what raised it: "EventBridge rule X → topic Y", "CloudWatch alarm X → topic Y"

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "at": self.at.isoformat()}


class AlertInbox:
    def __init__(self) -> None:
        self._emails: list[AlertEmail] = []
        self._lock = threading.Lock()
        self.listeners: list[Callable[[AlertEmail], None]] = []

    def add(self, email: AlertEmail) -> None:
        with self._lock:
            self._emails.append(email)
        for listener in list(self.listeners):
            listener(email)

    def emails(self, account_id: str | None = None) -> list[AlertEmail]:
        """Newest first."""
        with self._lock:
            return [e for e in reversed(self._emails) if account_id is None or e.account_id == account_id]


_inbox: tuple[WorldState, AlertInbox] | None = None
_inbox_lock = threading.Lock()


def inbox_of(state: WorldState) -> AlertInbox:
    global _inbox
    with _inbox_lock:
        if _inbox is None or _inbox[0] is not state:
            _inbox = (state, AlertInbox())
        return _inbox[1]


def email_topic(state: WorldState, topic_arn: str, subject: str, summary: str, via: str) -> int:
    """SNS delivering to the topic's confirmed email subscriptions (a pending one gets nothing);
    how many emails went out. A topic that no longer exists delivers nothing."""
    parts = topic_arn.split(":")
    if len(parts) < 6 or parts[2] != "sns":
        return 0
    account, region = parts[4], parts[3]
    backend = sns_backends[account][region]
    try:
        subscriptions, _ = backend.list_subscriptions_by_topic(topic_arn)
    except Exception:  # noqa: BLE001 - the topic was deleted: AWS drops the message
        return 0
    sent = 0
    for subscription in subscriptions:
        pending = str(subscription.attributes.get("PendingConfirmation", False)).lower() == "true"
        if subscription.protocol in ("email", "email-json") and not pending:
            inbox_of(state).add(AlertEmail(at=state.now(), account_id=account, to=subscription.endpoint,
                                           subject=subject, summary=summary, via=f"{via} → {parts[5]}"))
            sent += 1
    return sent
