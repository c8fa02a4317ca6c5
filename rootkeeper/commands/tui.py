"""`rootkeeper` and `rootkeeper rehearse`: the TUI, against AWS or the rehearsal world.

Nothing heavy is imported here: the rehearsal world (moto) is started by the environment
factory, which the app runs in a worker after its first frame.
"""

from __future__ import annotations

import sys

from rootkeeper.core.environment import AwsTarget, Environment


def run_live(target: AwsTarget) -> int:
    from rootkeeper.ui.app import make_app

    app = make_app(lambda: Environment(target=target))
    return _run(app)


def rehearsal_factory(scenario: str, accounts: int, identity: str | None, endpoint_url: str | None = None):
    """The environment factory for a rehearsal: starts the world (slow: moto) when called,
    or joins the one `rootkeeper world serve` serves at ``endpoint_url``."""

    def start() -> Environment:
        if endpoint_url:
            from rootkeeper.rehearsal.remote import join_served_world

            return with_seeded_roster(join_served_world(endpoint_url, identity))
        from rootkeeper.rehearsal.world import start_world

        world = start_world(scenario=scenario, accounts=accounts)
        try:
            return with_seeded_roster(world.environment(identity or "operator"))  # its close() stops the world
        except BaseException:
            world.stop()
            raise

    return start


def with_seeded_roster(environment: Environment) -> Environment:
    """A scenario with custodians puts them on a fresh rehearsal journal's roster (once)."""
    if environment.rehearsal and environment.seed_custodians:
        from rootkeeper.journal import Journal
        from rootkeeper.journal.roster import seed_rehearsal_roster

        seed_rehearsal_roster(Journal.open(rehearsal=True), environment.seed_custodians)
    return environment


def run_rehearsal(scenario: str, accounts: int, identity: str | None, endpoint_url: str | None = None,
                  drill: str | None = None) -> int:
    from rootkeeper.ui.app import make_app

    if drill is not None:
        from rootkeeper.core.runbooks import RUNBOOKS

        drillable = sorted(runbook.id for runbook in RUNBOOKS.values() if runbook.incident)
        if drill not in drillable:
            print(f"--drill: {drill!r} is not a break-glass runbook. Drillable: {', '.join(drillable)}.",
                  file=sys.stderr)
            return 2
    app = make_app(rehearsal_factory(scenario, accounts, identity, endpoint_url), expected_scenario=scenario,
                   drill=drill)
    return _run(app)


def _run(app) -> int:
    try:
        result = app.run()
    finally:
        app.connection.close()  # idempotent: on_unmount closed it already unless the app crashed
    if app.crash_line:  # an unexpected exception: its traceback is in the log file this line names
        print(app.crash_line, file=sys.stderr)
        return 2
    return result if isinstance(result, int) else (app.return_code or 0)
