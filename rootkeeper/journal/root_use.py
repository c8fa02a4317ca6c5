"""What the journal knows of root use: its latest entry made with a root session.

Every step, ceremony and check entry names the AWS identity in use (``actor.aws_arn``,
``actor.identity_arn`` or, for checks, ``identity_arn``). An entry made as
``arn:aws:iam::<account>:root`` — the root's own key, or an sts:AssumeRoot session on a
member — is root use the app saw itself, whatever the credential report later forgets.

Reading is read-only: no lock file, no key, no keyring; an unparsable line is skipped.
A forged entry could only make root look *more* recently used, never less.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable

from rootkeeper.core.datadir import data_dir
from rootkeeper.core.posture import Maybe, RootUse, RootUseSource, Unknown
from rootkeeper.journal.format import Entry, entries_at
from rootkeeper.journal.journal import JOURNAL_FILE

_ROOT_ARN = re.compile(r"^arn:aws[\w-]*:iam::(\d{12}):root$")


def root_arn_of(body: dict[str, Any]) -> str | None:
    """The root ARN an entry was made as, or None when it was made as anyone else."""
    actor = body.get("actor") if isinstance(body.get("actor"), dict) else {}
    for arn in (actor.get("aws_arn"), actor.get("identity_arn"), body.get("identity_arn")):
        if isinstance(arn, str) and _ROOT_ARN.match(arn):
            return arn
    return None


def latest_root_use(entries: Iterable[Entry], account_id: str) -> RootUse | None:
    latest: RootUse | None = None
    for entry in entries:
        if entry.kind == "genesis" or not isinstance(entry.body, dict):
            continue
        arn = root_arn_of(entry.body)
        match = _ROOT_ARN.match(arn) if arn else None
        if match is None or match.group(1) != account_id:
            continue
        when = _when(entry.ts)
        if when is not None and (latest is None or when > latest.when):
            latest = RootUse(when, RootUseSource.JOURNAL, _what(entry))
    return latest


def read_root_use(path: Path, account_id: str) -> RootUse | None:
    """The latest root use the journal file at ``path`` records for the account."""
    entries = entries_at(path)
    return None if entries is None else latest_root_use(entries, account_id)


def journal_root_use(account_id: str, *, rehearsal: bool, path: Path | None = None) -> Maybe[RootUse | None]:
    """What the app's own journal (the rehearsal one in rehearsal) knows of the account's
    root use, for RootPosture.journal_root_use."""
    path = path or data_dir(rehearsal=rehearsal) / JOURNAL_FILE
    try:
        return read_root_use(path, account_id)
    except OSError as error:
        return Unknown(f"The app's journal {path} could not be read ({error.strerror or error}).")


def _what(entry: Entry) -> str:
    body = entry.body
    if entry.kind == "step":
        return f"a root session of this app (step {body.get('step', '?')} of {body.get('runbook', '?')})"
    if entry.kind == "ceremony":
        return f"a root session of this app ({body.get('runbook', '?')} {body.get('event', '')})".replace(" )", ")")
    if entry.kind == "check":
        return "a root session of this app (a posture check)"
    return f"a root session of this app ({entry.kind})"


def _when(ts: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(ts.replace("Z", "+00:00"))
    except (AttributeError, ValueError):
        return None
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)
