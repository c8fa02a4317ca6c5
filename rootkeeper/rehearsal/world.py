"""The rehearsal world: moto with the AWS root user, seeded with a scenario.

In process (``serve=False``), moto's mock intercepts every boto3 call made in this
process, so ``endpoint_url`` is None. Served (``serve=True``), the world listens on
``host:port`` and any AWS client pointed at ``endpoint_url`` reaches it.

One world at a time per process: moto's state is global. ``stop()`` resets it. Every
start checks moto's and botocore's versions; the first applies the world's patches to moto.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable

from moto import mock_aws
from moto.core.base_backend import BackendDict
from moto.moto_api._internal import mock_random
from moto.organizations.models import organizations_backends
from moto.s3.models import s3_backends

from rootkeeper.core.environment import AwsTarget, ConsoleSimulator, Environment, RehearsalIdentity, SeedCustodian
from rootkeeper.core.errors import ValidationError
from rootkeeper.rehearsal import (account_contacts, alert_delivery, cloudtrail, credential_report, door, event_patterns,
                                  mfa_codes, org_root_features, patches, root_iam, root_mfa_devices, root_sts,
                                  state as world_state)
from rootkeeper.rehearsal.alert_inbox import AlertEmail, inbox_of
from rootkeeper.rehearsal.console import RehearsalConsole
from rootkeeper.rehearsal.remote import custodian_as_json
from rootkeeper.rehearsal.scenario_custodians import seed_custodians
from rootkeeper.rehearsal.scenarios import Custodian, SeededScenario, seed_acme, seed_acme_central_off
from rootkeeper.rehearsal import server as world_server
from rootkeeper.rehearsal.server import WorldServer
from rootkeeper.rehearsal.traffic import DEFAULT_THROTTLE_SEED, TrafficShaping
from rootkeeper.rehearsal.versions import check_pinned_versions

REGION = "us-east-1"
SCENARIOS: dict[str, Callable[[world_state.WorldState, int], SeededScenario]] = {
    "acme": seed_acme,  # the default; its custodians scenario adds the people who hold root
    "custodians": seed_custodians,
    "acme-central-off": seed_acme_central_off,  # acme before centralized root access was turned on
}
RANDOM_SEED = 20240611  # fixed: organization ids and other moto-drawn values repeat run to run
# Every change the world makes to moto, applied by start_world (importing changes nothing).
WORLD_PATCHES = [*door.PATCHES, *root_sts.PATCHES, *root_iam.PATCHES, *mfa_codes.PATCHES, *credential_report.PATCHES,
                 *org_root_features.PATCHES, *account_contacts.PATCHES, *cloudtrail.PATCHES,
                 *root_mfa_devices.PATCHES, *event_patterns.PATCHES, *world_server.PATCHES]


def extend_moto() -> None:
    """Check moto's and botocore's versions, then apply the world's patches (once)."""
    check_pinned_versions()
    patches.apply(WORLD_PATCHES)


def _reset_moto() -> None:
    BackendDict.reset()
    # These registries live on the BackendDict objects and survive BackendDict.reset().
    organizations_backends.master_accounts.clear()
    getattr(s3_backends, "bucket_accounts", {}).clear()
    credential_report.reset()


@dataclass
class World:
    scenario: str
    management_account_id: str
    member_account_ids: list[str]
    console: ConsoleSimulator
    identities: dict[str, RehearsalIdentity]
    custodians: list[Custodian]
    state: world_state.WorldState = field(repr=False)
    seed_custodians: tuple[SeedCustodian, ...] = ()
    endpoint_url: str | None = None
    _server: WorldServer | None = field(default=None, repr=False)
    _mock: object | None = field(default=None, repr=False)
    _stopped: bool = False

    def environment(self, identity: str = "operator") -> Environment:
        if identity not in self.identities:
            raise ValidationError(f"The {self.scenario} scenario has no identity {identity!r}.",
                                  hint=f"Choose one of: {', '.join(self.identities)}.")
        return Environment(target=self.identities[identity].target, rehearsal=True, scenario=self.scenario,
                           console=self.console, identities=dict(self.identities),
                           management_account_id=self.management_account_id, close=self.stop,
                           seed_custodians=self.seed_custodians)

    def on_alert_email(self, listener: Callable[[AlertEmail], None]) -> None:
        """``listener`` is called with each alert email root activity sends from now on (any thread)."""
        inbox_of(self.state).listeners.append(listener)

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        if self._server is not None:
            self._server.stop()
        if self._mock is not None:
            self._mock.stop()  # type: ignore[attr-defined]
        if world_state.active() is self.state:
            world_state.deactivate()
        _reset_moto()


def start_world(scenario: str = "acme", accounts: int = 0, *, serve: bool = False, host: str = "127.0.0.1",
                port: int = 0, clock: Callable[[], datetime] | None = None, latency_ms: float = 0.0,
                throttle: float = 0.0, throttle_seed: int = DEFAULT_THROTTLE_SEED) -> World:
    if scenario not in SCENARIOS:
        raise ValidationError(f"There is no rehearsal scenario {scenario!r}.",
                              hint=f"Choose one of: {', '.join(sorted(SCENARIOS))}.")
    if accounts < 0:
        raise ValidationError("--accounts must be zero or more.")
    traffic = TrafficShaping(latency_ms=latency_ms, throttle=throttle, seed=throttle_seed)  # validates first
    extend_moto()
    previous = world_state.active()
    if previous is not None:
        world_state.deactivate()
    _reset_moto()
    mock = None
    if not serve:
        mock = mock_aws()
        mock.start()
    mock_random.seed(RANDOM_SEED)
    # Seeding goes straight to moto's backends: the traffic shaping holds for callers only.
    state = world_state.WorldState(clock=clock or world_state.system_clock, traffic=traffic)
    world_state.activate(state)
    alert_delivery.install(state)  # root activity reaches the alert inbox, by EventBridge or a CIS alarm
    console = RehearsalConsole(state)
    server = None
    try:
        seeded: SeededScenario = SCENARIOS[scenario](state, accounts)
        if serve:
            server = WorldServer(console, host, port)
            server.start()
    except BaseException:
        if mock is not None:
            mock.stop()
        world_state.deactivate()
        _reset_moto()
        raise
    endpoint = server.endpoint_url if server else None
    identities = {
        key.name: RehearsalIdentity(
            name=key.name, description=key.description, account_id=key.account_id,
            target=AwsTarget(region=REGION, endpoint_url=endpoint, access_key_id=key.access_key_id,
                             secret_access_key=key.secret_access_key))
        for key in seeded.identities
    }
    public_console: ConsoleSimulator = console
    if server is not None:
        server.middleware.description = describe_world(scenario, seeded.management_account_id, identities,
                                                       seeded.seed_custodians)
    if endpoint:
        from rootkeeper.rehearsal.console import HttpConsoleSimulator

        public_console = HttpConsoleSimulator(endpoint)
    return World(scenario=scenario, management_account_id=seeded.management_account_id,
                 member_account_ids=seeded.member_account_ids, console=public_console, identities=identities,
                 custodians=seeded.custodians, state=state, seed_custodians=seeded.seed_custodians,
                 endpoint_url=endpoint, _server=server, _mock=mock)


def describe_world(scenario: str, management_account_id: str, identities: dict[str, RehearsalIdentity],
                   seed_custodians: tuple[SeedCustodian, ...] = ()) -> dict:
    """What a served world tells a client that joins it (`rootkeeper rehearse --endpoint-url`).
    The keys are the scenario's practice keys, printed by `world serve` anyway."""
    return {"scenario": scenario, "management_account_id": management_account_id,
            "seed_custodians": [custodian_as_json(c) for c in seed_custodians],
            "identities": {name: {"description": i.description, "account_id": i.account_id,
                                  "access_key_id": i.target.access_key_id,
                                  "secret_access_key": i.target.secret_access_key}
                           for name, i in identities.items()}}
