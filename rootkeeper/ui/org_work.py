"""The Organizations screen's blocking work, in thread workers: the scan of every member's
root credentials and a batch of remediations. Results stream into an ``Inbox`` that the
screen drains on a timer: a thousand members mean a thousand results, and one repaint per
tick keeps the UI responsive where a call_from_thread per member would queue a thousand."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")
SCAN_CONCURRENCY = 16
REMEDIATION_CONCURRENCY = 8


class Inbox(Generic[T]):
    """Results handed from worker threads to the UI thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: list[T] = []

    def put(self, item: T) -> None:
        with self._lock:
            self._items.append(item)

    def take(self) -> list[T]:
        with self._lock:
            items, self._items = self._items, []
        return items


@dataclass(frozen=True)
class ScanStart:
    management_account_id: str
    members: tuple[tuple[str, str], ...]


def scan_organization(app: Any, inbox: Inbox, cancel: threading.Event) -> list:
    """In a worker: who may scan, the members (put in the inbox first as a ScanStart), then
    each member's root credentials as it is read."""
    from rootkeeper.aws.org_members import scannable_organization
    from rootkeeper.aws.org_scan import scan_members

    session = _session(app)
    organization = scannable_organization(session)
    inbox.put(ScanStart(organization.management_account_id, organization.members))
    return scan_members(session, organization.members, concurrency=SCAN_CONCURRENCY, on_result=inbox.put,
                        cancel=cancel)


def remediate(app: Any, members: list[tuple[str, str]], action: Any, typed: str, inbox: Inbox,
              cancel: threading.Event) -> Any:
    """In a worker: the batch, each account's outcome into the inbox, journaled as it ends."""
    from rootkeeper.ceremonies.org_remediation import remediate_members
    from rootkeeper.journal import Actor

    session = _session(app)
    environment = app.connection.open()
    journal = app.journal.open(rehearsal=environment.rehearsal)
    actor = Actor.current(identity=app.connection.identify())
    return remediate_members(session, members, action, typed_confirmation=typed, journal=journal, actor=actor,
                             concurrency=REMEDIATION_CONCURRENCY, on_result=inbox.put, cancel=cancel)


def _session(app: Any) -> Any:
    from rootkeeper.aws.session import AwsSession

    return AwsSession(app.connection.open().target)
