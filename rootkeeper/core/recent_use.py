""""Root not used in the last 90 days", judged on every source that knows of root use.

The credential report forgets a deleted key's last use: once the root keys are gone, a
root that signed API calls minutes ago looks unused for months. So the report is one
source among three: the app's own journal (its entries made with a root session) and
CloudTrail's event history (``userIdentity.type = Root``). Any source showing recent use
fails the control; a pass names what it rests on and which source could not be read.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from rootkeeper.core.controls import Status
from rootkeeper.core.posture import RootCredentialRow, RootPosture, RootUse, RootUseSource, Unknown

_USE_COLUMNS = ("password_last_used", "access_key_")


def report_uses(row: RootCredentialRow) -> list[RootUse]:
    """The root uses the credential report's row records (sign-in and each key's last use)."""
    uses = []
    if row.password_last_used is not None:
        uses.append(RootUse(row.password_last_used, RootUseSource.CREDENTIAL_REPORT, "console sign-in"))
    for key in row.access_keys:
        if key.last_used is not None:
            name = key.key_id or f"slot {key.slot}"
            uses.append(RootUse(key.last_used, RootUseSource.CREDENTIAL_REPORT, f"access key {name}"))
    return uses


def judge_recent_use(p: RootPosture, now: datetime, window: timedelta) -> tuple[Status, str]:
    row = p.credential_row if isinstance(p.credential_row, RootCredentialRow) else None
    from_report = report_uses(row) if row else []
    others = [use for use in (p.journal_root_use, p.cloudtrail_root_use) if isinstance(use, RootUse)]
    known = from_report + others
    latest = max(known, key=lambda use: use.when) if known else None
    as_of = f" (credential report of {row.report_generated:%Y-%m-%d})" if row and row.report_generated else ""
    if latest is not None and now - latest.when < window:
        text = _last_used(latest, now, as_of)
        if latest.source is not RootUseSource.CREDENTIAL_REPORT:
            text += _report_says(row, from_report, now, window)
        return Status.FAIL, text
    notes = _other_sources(p)
    if row is None:
        reason = p.credential_row.reason if isinstance(p.credential_row, Unknown) else "No credential report row."
        return Status.UNKNOWN, " ".join([reason, *notes])
    problem = row.unreadable_among(*_USE_COLUMNS)
    if problem:
        return Status.UNKNOWN, " ".join([f"No recent root use is known, but the credential report could not be "
                                         f"read in full{as_of}: {problem}.", *notes])
    if latest is None:
        return Status.PASS, " ".join([f"No root use is recorded{as_of}.", *notes])
    return Status.PASS, " ".join([_last_used(latest, now, as_of), *notes])


def _last_used(use: RootUse, now: datetime, as_of: str) -> str:
    if use.source is RootUseSource.CREDENTIAL_REPORT:
        return f"Root last used {use.when:%Y-%m-%d} by {use.how}, {max(0, (now - use.when).days)} days ago{as_of}."
    return f"Root last used {_moment(use.when)} by {use.how}, {_age(now - use.when)} ago, per {use.source.value}."


def _report_says(row: RootCredentialRow | None, from_report: list[RootUse], now: datetime,
                 window: timedelta) -> str:
    """Why the credential report disagrees, when it does."""
    if row is None:
        return " The credential report could not be read."
    latest = max(from_report, key=lambda use: use.when) if from_report else None
    if latest is not None and now - latest.when < window:
        return ""
    said = f"its latest is {latest.when:%Y-%m-%d}" if latest else "it records no root use"
    return f" The credential report alone would pass ({said}): it forgets the last use of deleted keys."


def _other_sources(p: RootPosture) -> list[str]:
    notes = []
    journal, trail = p.journal_root_use, p.cloudtrail_root_use
    if journal is None:
        notes.append("This app's journal records no root session for this account.")
    elif isinstance(journal, RootUse):
        notes.append(f"This app's journal: last root session {_moment(journal.when)}.")
    elif not journal.reason.startswith("The app's journal was not read"):
        notes.append(journal.reason)
    if trail is None:
        notes.append("CloudTrail event history shows no root activity in its 90 days.")
    elif isinstance(trail, RootUse):
        notes.append(f"CloudTrail: last root activity {_moment(trail.when)}.")
    elif not trail.reason.startswith("CloudTrail was not read"):
        notes.append(f"CloudTrail could not be read ({trail.reason.rstrip('.')}), so root use by since-deleted "
                     "keys may not show.")
    return notes


def _moment(when: datetime) -> str:
    return f"{when:%Y-%m-%d %H:%M} UTC"


def _age(age: timedelta) -> str:
    age = max(age, timedelta(0))
    if age.days >= 1:
        return f"{age.days} day{'s' if age.days != 1 else ''}"
    hours, minutes = divmod(int(age.total_seconds()) // 60, 60)
    if hours:
        return f"{hours} hour{'s' if hours != 1 else ''}"
    if minutes == 0:
        return "under a minute"
    return f"{minutes} minute{'s' if minutes != 1 else ''}"
