"""Incidents: a break-glass recovery journaled as one incident, whose id groups the steps of
its ceremonies (the recovery, then the re-seal that closes it) into one timeline.

An incident runbook (``Runbook.incident``) opens an incident when its ceremony starts, unless
the ceremony joins an open one (the re-seal does: ``Runbook.closes_incident``). The id is a
ceremony fact (``incident_id``), so that every ceremony entry carries it and every step
entry is linked to it by its ceremony id; journal/incidents.py writes and reads the
``incident`` entries (opened, joined, closed). Pure: no journal here.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime
from typing import Any

from rootkeeper.core.errors import RootkeeperError

INCIDENT_ID = re.compile(r"^INC-\d{8}-[0-9a-f]{4}$")
INCIDENT_FACT = "incident_id"
OPENED_AT_FACT = "incident_opened_at"


def new_incident_id(now: datetime, token: str | None = None) -> str:
    """A readable id, the date it opened and four hex digits: ``INC-20261202-1a2b``."""
    return f"INC-{now:%Y%m%d}-{token or secrets.token_hex(2)}"


def is_incident_id(text: str) -> bool:
    return bool(INCIDENT_ID.match(text))


def incident_facts(runbook: Any, incident_id: str | None, now: datetime,
                   opened_at: datetime | None = None) -> dict[str, Any]:
    """The facts a ceremony of ``runbook`` starts with: none for an ordinary runbook; for an
    incident runbook, the incident it joins (``incident_id``) or a new one, and when it opened."""
    if not getattr(runbook, "incident", False):
        if incident_id:
            raise RootkeeperError(f"The runbook {runbook.id!r} is not a break-glass runbook: it joins no incident.")
        return {}
    if incident_id and not is_incident_id(incident_id):
        raise RootkeeperError(f"{incident_id!r} is not an incident id.", hint="They read like INC-20261202-1a2b.")
    return {INCIDENT_FACT: incident_id or new_incident_id(now),
            OPENED_AT_FACT: (opened_at or now).isoformat()}
