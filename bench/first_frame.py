"""Time to the TUI's first frame, from process start, over N runs of `rootkeeper rehearse`.

Each run gets a pseudo-terminal (120x40) so Textual draws for real. The app, told by
ROOTKEEPER_BENCH_FIRST_FRAME, writes the seconds since ROOTKEEPER_BENCH_T0 (taken here just
before the spawn) and whether boto3/moto were already imported, then exits.

    .venv/bin/python bench/first_frame.py [-n 10] [-- extra rootkeeper args]

Budget (DESIGN.md): within 0.6 s on a 2-core machine, boto3 and moto not imported. Prints
numbers only; it asserts nothing.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import pty
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def one_run(command: list[str], timeout: float = 20.0) -> dict:
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    with tempfile.TemporaryDirectory() as tmp:
        result_path = Path(tmp) / "first-frame.json"
        env = dict(os.environ, ROOTKEEPER_BENCH_FIRST_FRAME=str(result_path), ROOTKEEPER_HOME=str(Path(tmp) / "home"),
                   TERM="xterm-256color")
        env["ROOTKEEPER_BENCH_T0"] = repr(time.monotonic())
        process = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT,
                                   close_fds=True)
        os.close(slave)
        deadline = time.monotonic() + timeout
        while process.poll() is None and time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    os.read(master, 65536)  # drain the terminal so the app never blocks writing
                except OSError:
                    break
        if process.poll() is None:
            process.kill()
        process.wait()
        os.close(master)
        if not result_path.exists():
            raise RuntimeError(f"no first-frame report (exit code {process.returncode})")
        return json.loads(result_path.read_text())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--runs", type=int, default=10)
    parser.add_argument("extra", nargs="*", help="arguments after `rootkeeper` (default: rehearse)")
    args = parser.parse_args()
    command = [sys.executable, "-m", "rootkeeper.cli", *(args.extra or ["rehearse"])]
    one_run(command)  # warm the OS file cache and .pyc files; not counted
    runs = [one_run(command) for _ in range(args.runs)]
    seconds = sorted(run["seconds"] for run in runs)
    print(f"first frame of `{' '.join(command[1:])}` over {len(runs)} runs: "
          f"min {seconds[0]:.3f} s, median {statistics.median(seconds):.3f} s, max {seconds[-1]:.3f} s "
          f"(budget 0.6 s)")
    for module in ("boto3", "botocore", "moto"):
        imported = sum(run[f"{module}_imported"] for run in runs)
        print(f"{module} imported at first frame: {imported}/{len(runs)} runs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
