"""Where rootkeeper keeps its files: the platform's user data directory, or
$ROOTKEEPER_HOME. Rehearsal data lives in a subdirectory of its own, apart from real data."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path


def data_home() -> Path:
    override = os.environ.get("ROOTKEEPER_HOME")
    return Path(override).expanduser() if override else user_data_path("rootkeeper", appauthor=False)


def data_dir(*, rehearsal: bool) -> Path:
    """The directory for real work, or the one for rehearsal; created on demand."""
    path = data_home() / ("rehearsal" if rehearsal else "live")
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path
