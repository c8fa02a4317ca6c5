"""Wall time of `rootkeeper status --json --rehearse` (a whole process: interpreter start,
imports, the rehearsal world, every posture read), over N runs.

    .venv/bin/python bench/status_time.py [-n 5] [--accounts N]

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
import time


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=5)
    parser.add_argument("--accounts", type=int, default=0)
    options = parser.parse_args()
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


if __name__ == "__main__":
    sys.exit(main())
