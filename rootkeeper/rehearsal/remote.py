"""Joining a world that `rootkeeper world serve` is serving, from another process.

The TUI then works on the served world exactly as on an in-process one (console simulator
included), and the AWS CLI pointed at the same endpoint sees what the ceremonies did. A
served world outlives the TUI, so a ceremony interrupted by a closed terminal can be
resumed or cleaned up against the same state."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from datetime import datetime
from typing import Any

from rootkeeper.core.environment import AwsTarget, Environment, RehearsalIdentity, SeedCustodian
from rootkeeper.core.errors import EndpointError, RootkeeperError

REGION = "us-east-1"


def custodian_as_json(custodian: SeedCustodian) -> dict[str, Any]:
    return {"name": custodian.name, "email": custodian.email, "since": custodian.since.isoformat(),
            "devices": [list(device) for device in custodian.devices], "phone": custodian.phone,
            "leaving": custodian.leaving}


def custodian_from_json(item: dict[str, Any]) -> SeedCustodian:
    return SeedCustodian(name=item["name"], email=item["email"], since=datetime.fromisoformat(item["since"]),
                         devices=tuple((serial, kind) for serial, kind in item.get("devices", ())),
                         phone=item.get("phone"), leaving=bool(item.get("leaving")))


def join_served_world(endpoint_url: str, identity: str | None = None, timeout: float = 10.0) -> Environment:
    base = endpoint_url.rstrip("/")
    try:
        with urllib.request.urlopen(base + "/_rootkeeper/world", timeout=timeout) as response:
            world = json.loads(response.read())["result"]
    except (urllib.error.URLError, ValueError, KeyError) as failure:
        raise EndpointError(f"No rehearsal world answers at {base} ({getattr(failure, 'reason', failure)}).",
                            hint="Start one with `rootkeeper world serve`, or drop --endpoint-url to rehearse "
                                 "in-process.") from None
    identities = {
        name: RehearsalIdentity(name=name, description=item["description"], account_id=item["account_id"],
                                target=AwsTarget(region=REGION, endpoint_url=base,
                                                 access_key_id=item["access_key_id"],
                                                 secret_access_key=item["secret_access_key"]))
        for name, item in world["identities"].items()
    }
    chosen = identity or "operator"
    if chosen not in identities:
        raise RootkeeperError(f"The served world has no identity '{chosen}'.",
                              hint=f"Choose one of: {', '.join(identities)}.")
    from rootkeeper.rehearsal.console import HttpConsoleSimulator

    return Environment(target=identities[chosen].target, rehearsal=True, scenario=world["scenario"],
                       console=HttpConsoleSimulator(base), identities=identities,
                       management_account_id=world["management_account_id"],
                       seed_custodians=tuple(custodian_from_json(c) for c in world.get("seed_custodians", ())))
