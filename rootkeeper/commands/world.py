"""`rootkeeper world serve`: the rehearsal world as a local AWS endpoint.

moto is imported through rootkeeper.rehearsal only (the import-linter contract)."""

from __future__ import annotations

import argparse
import errno
import os
import signal
import sys
import threading


def run_world(args: argparse.Namespace) -> int:
    if args.world_command != "serve":
        print(f"Unknown world action {args.world_command!r}; try `rootkeeper world serve`.", file=sys.stderr)
        return 2
    from rootkeeper.core.errors import RootkeeperError
    from rootkeeper.rehearsal.world import start_world

    try:
        world = start_world(args.scenario, args.accounts, serve=True, host=args.host, port=args.port,
                            latency_ms=args.latency_ms, throttle=args.throttle, throttle_seed=args.throttle_seed)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            print(f"Port {args.port} on {args.host} is already in use: choose another with --port.", file=sys.stderr)
        else:
            print(f"The rehearsal world could not listen on {args.host}:{args.port} ({error.strerror}).",
                  file=sys.stderr)
        return 2
    except RootkeeperError as error:
        print(str(error), file=sys.stderr)
        return 2
    stopping = threading.Event()  # listening before "Press Ctrl-C" is printed: a reader may act on it at once
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    try:
        _print_how_to_use(world)
    except BrokenPipeError:
        # `world serve | head -1`: the reader took what it wanted and left. Stop quietly, as
        # `yes | head -1` does; the world cannot be used by anyone who never saw its keys.
        world.stop()
        _silence_stdout()
        return 0
    try:
        while not stopping.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        world.stop()
    try:
        print("Rehearsal world stopped.", flush=True)
    except BrokenPipeError:
        _silence_stdout()
    return 0


def _print_how_to_use(world) -> None:
    print(f"Rehearsal world '{world.scenario}' serving at {world.endpoint_url}"
          f" (management account {world.management_account_id}, {len(world.member_account_ids)} members).")
    traffic = world.state.traffic
    if traffic.latency_ms or traffic.throttle:
        print(f"Every call is delayed {traffic.latency_ms:g} ms; a share of {traffic.throttle:g} of calls is answered "
              f"with Throttling (seed {traffic.seed}).")
    print("Point an AWS client at it as one of these identities:\n")
    for identity in world.identities.values():
        target = identity.target
        print(f"# {identity.name}: {identity.description}")
        print(f"export AWS_ENDPOINT_URL={world.endpoint_url}")
        print(f"export AWS_ACCESS_KEY_ID={target.access_key_id}")
        print(f"export AWS_SECRET_ACCESS_KEY={target.secret_access_key}")
        print(f"export AWS_DEFAULT_REGION={target.region}\n")
    print("Press Ctrl-C to stop.", flush=True)


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's last flush does not raise on the closed pipe."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)

