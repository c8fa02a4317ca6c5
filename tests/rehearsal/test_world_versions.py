"""The rehearsal world starts only on the moto and botocore it was written against."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from rootkeeper import cli
from rootkeeper.rehearsal import versions
from rootkeeper.rehearsal.versions import PINNED, UnsupportedWorldVersions
from rootkeeper.rehearsal.world import start_world

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


@pytest.fixture
def moto_upgraded(monkeypatch):
    found = {"moto": "5.3.0", "botocore": PINNED["botocore"]}
    monkeypatch.setattr(versions, "installed_version", found.get)


def test_the_pins_are_pyprojects():
    dependencies = tomllib.loads(PYPROJECT.read_text())["project"]["dependencies"]
    assert f"moto[server]=={PINNED['moto']}" in dependencies
    assert f"botocore=={PINNED['botocore']}" in dependencies
    assert f"boto3=={PINNED['botocore']}" in dependencies  # boto3 and botocore are released together


def test_the_installed_versions_are_the_pinned_ones():
    assert {package: versions.installed_version(package) for package in PINNED} == PINNED
    versions.check_pinned_versions()


def test_another_moto_is_refused_with_one_line_saying_what_to_do(moto_upgraded):
    with pytest.raises(UnsupportedWorldVersions) as refused:
        start_world("acme")
    message = str(refused.value)
    assert "\n" not in message
    assert "moto 5.2.5" in message and "moto 5.3.0" in message
    assert f"botocore {PINNED['botocore']}" in message
    assert "pip install -e ." in message


def test_a_missing_botocore_is_named(monkeypatch):
    monkeypatch.setattr(versions, "installed_version", {"moto": PINNED["moto"]}.get)
    with pytest.raises(UnsupportedWorldVersions, match=r"botocore \(not installed\)"):
        versions.check_pinned_versions()


@pytest.mark.parametrize("argv", [["world", "serve", "--port", "0"], ["status", "--rehearse", "--no-journal"]])
def test_the_cli_exits_2_with_the_guards_line(moto_upgraded, capsys, argv):
    assert cli.main(argv) == 2
    out, err = capsys.readouterr()
    assert err.count("\n") == 1
    assert "needs moto 5.2.5" in err and "has moto 5.3.0" in err and "pip install -e ." in err
    assert "Traceback" not in err and "Rehearsal world" not in out
