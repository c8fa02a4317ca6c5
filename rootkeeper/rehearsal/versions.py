"""The moto and botocore the rehearsal world was written against, checked when a world starts.

The world extends moto's internals (rehearsal/patches.py) and shapes its errors as botocore
parses them; another version of either may change what a patch replaces without a sound.
These pins repeat pyproject.toml's (a test keeps them equal)."""

from __future__ import annotations

from importlib import metadata

from rootkeeper.core.errors import RootkeeperError

PINNED = {"moto": "5.2.5", "botocore": "1.44.8"}


class UnsupportedWorldVersions(RootkeeperError):
    """moto or botocore is not the version the rehearsal world was written against."""


def installed_version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def check_pinned_versions() -> None:
    found = {package: installed_version(package) for package in PINNED}
    if found == PINNED:
        return
    expected = " and ".join(f"{package} {version}" for package, version in PINNED.items())
    seen = " and ".join(f"{package} {version or '(not installed)'}" for package, version in found.items())
    raise UnsupportedWorldVersions(
        f"The rehearsal world needs {expected}, but this environment has {seen}: "
        "run `pip install -e .` again in rootkeeper's folder to install the pinned versions.")
