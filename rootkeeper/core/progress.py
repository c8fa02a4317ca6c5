"""A ceremony's progress on disk, so that one interrupted by a crash or a closed terminal
is offered for resumption, or clean-up, the next time rootkeeper starts.

Progress holds non-secret facts only. Every write is atomic (temp file, fsync, rename)
and is refused if a live secret of the ceremony appears anywhere in it.
"""

from __future__ import annotations

import enum
import json
import os
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Mapping

from rootkeeper.core.datadir import data_dir
from rootkeeper.core.errors import RootkeeperError
from rootkeeper.core.runbook import Runbook
from rootkeeper.core.secretbox import SecretBox
from rootkeeper.core.step_contract import Declared, StepResult

FORMAT = 1
_CEREMONY_ID = re.compile(r"^[0-9a-f][0-9a-f-]{7,63}$")


class ProgressStatus(enum.StrEnum):
    IN_PROGRESS = "in-progress"  # offer: resume, or clean up
    CLEANUP_PENDING = "cleanup-pending"  # aborted, but an undo failed: offer clean-up again


@dataclass(frozen=True)
class SavedCeremony:
    ceremony_id: str
    runbook_id: str
    current_index: int
    started_at: datetime
    updated_at: datetime
    facts: Mapping[str, Any] = field(default_factory=dict)
    results: tuple[StepResult, ...] = ()
    status: ProgressStatus = ProgressStatus.IN_PROGRESS
    # What steps declared they were about to create, not yet removed by an undo (see Declared).
    declared: tuple[Declared, ...] = ()

    def runbook_in(self, runbooks: Mapping[str, Runbook]) -> Runbook:
        """The runbook this ceremony ran, as this version of rootkeeper defines it; a
        RootkeeperError when it is unknown or the saved progress does not fit it."""
        runbook = runbooks.get(self.runbook_id)
        if runbook is None:
            raise RootkeeperError(f"This ceremony ran runbook {self.runbook_id!r}, which this version of "
                                  "rootkeeper does not know.", hint="Discard it, and check AWS by hand.")
        unknown = {result.step_id for result in self.results} - {step.id for step in runbook.steps}
        if unknown or not 0 <= self.current_index <= len(runbook.steps):
            raise RootkeeperError(f"This ceremony's saved progress does not match runbook {runbook.id!r} "
                                  "as this version of rootkeeper defines it.",
                                  hint="Discard it, and check AWS by hand.")
        return runbook

    def to_json(self) -> dict[str, Any]:
        return {"format": FORMAT, "ceremony_id": self.ceremony_id, "runbook_id": self.runbook_id,
                "status": self.status.value, "current_index": self.current_index,
                "started_at": self.started_at.isoformat(), "updated_at": self.updated_at.isoformat(),
                "facts": dict(self.facts), "results": [result.to_json() for result in self.results],
                "declared": [item.to_json() for item in self.declared]}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SavedCeremony:
        if data.get("format") != FORMAT:
            raise ValueError(f"unknown progress format {data.get('format')!r}")
        return cls(ceremony_id=data["ceremony_id"], runbook_id=data["runbook_id"],
                   current_index=int(data["current_index"]),
                   started_at=datetime.fromisoformat(data["started_at"]),
                   updated_at=datetime.fromisoformat(data["updated_at"]),
                   facts=dict(data.get("facts", {})),
                   results=tuple(StepResult.from_json(item) for item in data.get("results", [])),
                   status=ProgressStatus(data.get("status", ProgressStatus.IN_PROGRESS.value)),
                   declared=tuple(Declared.from_json(item) for item in data.get("declared", [])))


class ProgressStore:
    """One JSON file per unfinished ceremony in ``directory``."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    @classmethod
    def in_data_dir(cls, *, rehearsal: bool) -> ProgressStore:
        return cls(data_dir(rehearsal=rehearsal) / "ceremonies")

    def path_of(self, ceremony_id: str) -> Path:
        if not _CEREMONY_ID.match(ceremony_id):
            raise ValueError(f"not a ceremony id: {ceremony_id!r}")
        return self.directory / f"{ceremony_id}.json"

    def save(self, saved: SavedCeremony, *, secrets: SecretBox | None = None) -> Path:
        """Write atomically; raise SecretLeakError (writing nothing) if a live secret is in it."""
        text = json.dumps(saved.to_json(), sort_keys=True, indent=1, ensure_ascii=False)
        if secrets is not None:
            secrets.guard(text, where="the ceremony's progress file")
        path = self.path_of(saved.ceremony_id)
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        temp = self.directory / f".{saved.ceremony_id}.{os.getpid()}.tmp"
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text + "\n")
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, path)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
        _fsync_directory(self.directory)
        return path

    def load(self, ceremony_id: str) -> SavedCeremony:
        return SavedCeremony.from_json(json.loads(self.path_of(ceremony_id).read_text(encoding="utf-8")))

    def unfinished(self) -> list[SavedCeremony]:
        """Every ceremony to offer at start-up, the most recently touched first."""
        found = []
        for path in self._files():
            try:
                found.append(SavedCeremony.from_json(json.loads(path.read_text(encoding="utf-8"))))
            except (OSError, ValueError, KeyError, TypeError):
                continue  # listed by damaged() instead
        return sorted(found, key=lambda saved: saved.updated_at, reverse=True)

    def damaged(self) -> list[Path]:
        """Progress files that cannot be read (edited by hand, or from another version)."""
        bad = []
        for path in self._files():
            try:
                SavedCeremony.from_json(json.loads(path.read_text(encoding="utf-8")))
            except (OSError, ValueError, KeyError, TypeError):
                bad.append(path)
        return bad

    def discard(self, ceremony_id: str) -> None:
        self.path_of(ceremony_id).unlink(missing_ok=True)
        if self.directory.exists():
            _fsync_directory(self.directory)

    def _files(self) -> list[Path]:
        if not self.directory.is_dir():
            return []
        return sorted(path for path in self.directory.glob("*.json") if not path.name.startswith("."))


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable (POSIX); Windows cannot open a directory, and needs not."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
