"""The world changes moto when it starts, never when a module of it is imported; its patches
come off again (revert), and applying them twice changes nothing.

Each check runs in a fresh interpreter: in this one, an earlier test has started a world."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

# Fingerprints every attribute of every moto module and of every class they define: what it
# is (its id) and, for a plain dict or list (a route table, a list of services), what it holds.
FINGERPRINT = textwrap.dedent("""
    import importlib, inspect, json, pkgutil, sys

    def fingerprint():
        seen = {}
        for name, module in sorted(sys.modules.items()):
            if not (name == "moto" or name.startswith("moto.")) or module is None:
                continue
            owners = [(name, module)] + [(f"{name}.{k}", v) for k, v in vars(module).items()
                                         if inspect.isclass(v) and v.__module__ == name]
            for owner_name, owner in owners:
                for key, value in list(vars(owner).items()):
                    held = sorted(map(repr, value)) if type(value) in (dict, list) else None
                    seen[f"{owner_name}:{key}"] = (id(value), held)
        import logging
        for name, logger in logging.Logger.manager.loggerDict.items():
            if name.startswith("moto") and isinstance(logger, logging.Logger):
                seen[f"logger {name}"] = (id(vars(logger).get("filter")), [id(f) for f in logger.filters])
        return seen

    def changed(before, after):
        return sorted(key for key in before.keys() | after.keys() if before.get(key) != after.get(key))

    def import_rehearsal():
        import rootkeeper.rehearsal
        return [importlib.import_module(f"rootkeeper.rehearsal.{m.name}")
                for m in pkgutil.iter_modules(rootkeeper.rehearsal.__path__)]
""")


def run(script: str) -> dict:
    done = subprocess.run([sys.executable, "-c", FINGERPRINT + textwrap.dedent(script)], capture_output=True,
                          text=True, timeout=240)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def moto_modules_the_world_imports() -> list[str]:
    return run("""
        import_rehearsal()
        print(json.dumps({"modules": sorted(n for n in sys.modules if n == "moto" or n.startswith("moto."))}))
    """)["modules"]


def test_importing_the_world_changes_nothing_in_moto_and_starting_it_does():
    modules = moto_modules_the_world_imports()
    result = run(f"""
        for name in {modules!r}:
            importlib.import_module(name)
        before = fingerprint()
        import_rehearsal()
        after_import = fingerprint()
        from rootkeeper.rehearsal import patches
        from rootkeeper.rehearsal.world import start_world
        world = start_world("acme")
        started = fingerprint()
        import boto3
        root = world.identities["root"].target
        sts = boto3.client("sts", region_name="us-east-1", aws_access_key_id=root.access_key_id,
                           aws_secret_access_key=root.secret_access_key)
        arn = sts.get_caller_identity()["Arn"]
        world.stop()
        print(json.dumps({{"on_import": changed(before, after_import), "on_start": changed(before, started),
                          "applied": patches.applied(), "arn": arn}}))
    """)
    assert result["on_import"] == []
    assert "moto.iam.responses.IamResponse:list_access_keys" in result["on_start"]
    assert "moto.core.responses.BaseResponse:setup_class" in result["on_start"]
    assert "moto.account.urls:url_paths" in result["on_start"]
    assert "logger moto.iam.access_control" in result["on_start"]
    assert result["applied"] is True
    assert result["arn"] == "arn:aws:iam::314159265358:root"


def test_the_patches_apply_once_and_revert_to_plain_moto():
    result = run("""
        import_rehearsal()
        from rootkeeper.rehearsal import patches
        from rootkeeper.rehearsal.world import WORLD_PATCHES, extend_moto
        before = fingerprint()
        extend_moto()
        applied = fingerprint()
        extend_moto()
        again = fingerprint()
        patches.revert()
        reverted = fingerprint()
        print(json.dumps({"applied": changed(before, applied), "again": changed(applied, again),
                          "reverted": changed(before, reverted), "targets": len({(id(p.owner), None if isinstance(p.owner, dict) else p.name)
                                         for p in WORLD_PATCHES}),
                          "still_applied": patches.applied()}))
    """)
    assert len(result["applied"]) == result["targets"]  # the routes of one table show as one change
    assert result["again"] == []
    assert result["reverted"] == []
    assert result["still_applied"] is False
