"""The custodian roster as the journal holds it: entries of kind "roster", in order.

``append_roster`` checks a change against the roster the journal holds before appending it
(rootkeeper.core.custodians.check_change), so a refused change never reaches the journal.
``roster_at`` reads a journal file read-only (no lock, no key, no keyring), as the posture
reads do: whether the entries hold is ``audit verify``'s to say.
"""

from __future__ import annotations

from pathlib import Path
from collections.abc import Iterable, Mapping
from typing import Any

from rootkeeper.core import custodians
from rootkeeper.core.custodians import Roster, check_change, roster_from
from rootkeeper.core.environment import SeedCustodian
from rootkeeper.core.datadir import data_dir
from rootkeeper.core.posture import Maybe, Unknown
from rootkeeper.journal.format import Entry, entries_at
from rootkeeper.journal.journal import JOURNAL_FILE, Journal

ROSTER_KIND = "roster"


REVIEW_RUNBOOK = "custodian-review"


def roster_bodies(entries: Iterable[Entry]) -> list[Mapping[str, Any]]:
    """The roster's changes in journal order; a finished custodian-review ceremony counts as a
    review of the roster, on the day it finished."""
    bodies: list[Mapping[str, Any]] = []
    for entry in entries:
        if not isinstance(entry.body, dict):
            continue
        if entry.kind == ROSTER_KIND:
            bodies.append(entry.body)
        elif (entry.kind == "ceremony" and entry.body.get("runbook") == REVIEW_RUNBOOK
              and entry.body.get("event") == "finished"):
            bodies.append(custodians.review_body(entry.ts, f"the custodian-review ceremony "
                                                           f"{entry.body.get('ceremony_id', '')}".strip()))
    return bodies


def read_roster(journal: Journal) -> Roster:
    return roster_from(roster_bodies(journal.entries()))


def append_roster(journal: Journal, body: Mapping[str, Any]) -> Entry:
    """Append one roster change; raises ValidationError (nothing appended) when it does not apply."""
    check_change(read_roster(journal), body)
    return journal.append(ROSTER_KIND, dict(body))


def roster_at(path: Path) -> Roster:
    """The roster the journal file at ``path`` holds (empty when there is no file)."""
    return roster_from(roster_bodies(entries_at(path) or []))


def journal_roster(*, rehearsal: bool, path: Path | None = None) -> Maybe[Roster]:
    """The roster of the app's journal (the rehearsal one in rehearsal), for the findings."""
    path = path or data_dir(rehearsal=rehearsal) / JOURNAL_FILE
    try:
        return roster_at(path)
    except OSError as error:
        return Unknown(f"The custodian roster could not be read from the journal {path} "
                       f"({error.strerror or error}).")


SEEDED = "seeded by the rehearsal scenario"


def seed_rehearsal_roster(journal: Journal, seeds: Iterable[SeedCustodian]) -> int:
    """A fresh rehearsal journal gets the scenario's custodians on its roster, each with the
    devices the world really assigned them, their factors and a simulated witness key; a
    journal that already holds a roster is left as it is. The number of entries appended."""
    from rootkeeper.journal.witness_keys import simulated_witness_key

    if not journal.rehearsal or any(entry.kind == ROSTER_KIND for entry in journal.entries()):
        return 0
    appended = 0
    for seed in seeds:
        bodies = [custodians.add_body(seed.name, seed.since.isoformat(), seed.email, note=SEEDED)]
        bodies += [custodians.attribute_body(seed.name, serial, kind, note=SEEDED) for serial, kind in seed.devices]
        bodies.append(custodians.set_factors_body(seed.name, password_access=True, mailbox_member=True,
                                                  recovery_phone=seed.phone, note=SEEDED))
        bodies.append(custodians.enroll_witness_body(seed.name, simulated_witness_key(seed.name).public_key,
                                                     note=SEEDED))
        if seed.leaving:
            bodies.append(custodians.mark_leaving_body(seed.name, note=SEEDED))
        for body in bodies:
            append_roster(journal, body)
            appended += 1
    return appended
