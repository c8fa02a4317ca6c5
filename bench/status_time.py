"""Wall time of `rootkeeper status`, over N runs.

    .venv/bin/python bench/status_time.py [-n 5] [--accounts N]
        a whole process: `status --json --rehearse` (interpreter start, imports, the world, every read)
    .venv/bin/python bench/status_time.py [-n 5] --latency-ms L [--workers W]
        the posture read alone, in process, against the rehearsal world with every AWS call delayed
        by L ms (as a real round trip is), with W reads in flight (default: rootkeeper's own); prints
        the calls made, their sum (calls x L, what a serial read costs), the most made by one worker
        thread (the longest chain of dependent calls, when every read has its own) and the time taken

Prints numbers only; it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time


def whole_process(options: argparse.Namespace) -> int:
    times: list[float] = []
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "ROOTKEEPER_HOME": home}
        for _ in range(options.n):
            start = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-m", "rootkeeper.cli", "status", "--json", "--rehearse", "--no-journal",
                 "--accounts", str(options.accounts)],
                capture_output=True, text=True, env=env)
            times.append(time.perf_counter() - start)
            if done.returncode not in (0, 1):
                print(done.stderr, file=sys.stderr)
                return 2
            summary = json.loads(done.stdout)["summary"]
    print(f"status --json --rehearse (accounts={options.accounts}), {options.n} runs: "
          f"min {min(times):.2f} s, median {statistics.median(times):.2f} s, max {max(times):.2f} s")
    print(f"findings: {summary}")
    return 0


def with_latency(options: argparse.Namespace) -> int:
    """Every botocore call (moto in process, or HTTP) waits L before its answer, as over a network."""
    import botocore.endpoint

    from rootkeeper.aws import posture
    from rootkeeper.aws.identity import who_am_i
    from rootkeeper.aws.session import AwsSession
    from rootkeeper.rehearsal.world import start_world

    delay, calls, lock = options.latency_ms / 1000, [0], threading.Lock()
    per_thread: dict[int, int] = {}
    original = botocore.endpoint.Endpoint._do_get_response

    def delayed(self, *args, **kwargs):
        with lock:
            calls[0] += 1
            per_thread[threading.get_ident()] = per_thread.get(threading.get_ident(), 0) + 1
        time.sleep(delay)
        return original(self, *args, **kwargs)

    botocore.endpoint.Endpoint._do_get_response = delayed
    workers = options.workers or posture.MAX_WORKERS
    times, counts, chains = [], [], []
    for _ in range(options.n):
        world = start_world("acme", options.accounts)
        try:
            session = AwsSession(world.environment("operator").target)
            identity = who_am_i(session)
            session.client("sts").get_caller_identity()  # clients warm, as the TUI's are after its first read
            calls[0] = 0
            per_thread.clear()
            start = time.perf_counter()
            posture.read_root_posture(session, identity=identity, max_workers=workers, sleep=lambda s: None)
            times.append(time.perf_counter() - start)
            counts.append(calls[0])
            chains.append(max(per_thread.values()))
        finally:
            world.stop()
    print(f"posture read, latency {options.latency_ms:.0f} ms, {workers} in flight, {options.n} runs: "
          f"{max(counts)} calls (serial: {max(counts) * delay:.2f} s), at most {max(chains)} in one worker "
          f"(with every read in flight, the longest chain: {max(chains) * delay:.2f} s); "
          f"min {min(times):.2f} s, median {statistics.median(times):.2f} s, max {max(times):.2f} s")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=5)
    parser.add_argument("--accounts", type=int, default=0)
    parser.add_argument("--latency-ms", type=float, default=None)
    parser.add_argument("--workers", type=int, default=0)
    options = parser.parse_args()
    return with_latency(options) if options.latency_ms is not None else whole_process(options)


if __name__ == "__main__":
    sys.exit(main())
