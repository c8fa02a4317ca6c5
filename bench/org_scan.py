"""`org scan` against a served rehearsal world: wall time against the ideal N x calls x L / C.

    .venv/bin/python bench/org_scan.py [--accounts 1000] [--latency-ms 100] [--concurrency 16]
                                       [--throttle 0] [--port 4616]

Starts `rootkeeper world serve` in a subprocess (N members, every call delayed L ms), then
scans every member from this process with aws/org_scan.scan_members (C calls in flight)
and prints: the wall time of the scan (listing the members is timed apart), the ideal, the
ratio, calls per second, the CPU seconds of this process and of the server, and the peak
memory (RSS high-water mark) of both. With --latency-ms 0 it measures how many calls per
second the pair can do at all. Prints numbers only; it asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def _rss_peak_mb(pid: int | str = "self") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=1000)
    parser.add_argument("--latency-ms", type=float, default=100.0)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--throttle", type=float, default=0.0)
    parser.add_argument("--port", type=int, default=4616)
    options = parser.parse_args()

    started = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "rootkeeper.cli", "world", "serve", "--port", str(options.port), "--accounts",
         str(options.accounts), "--latency-ms", str(options.latency_ms), "--throttle", str(options.throttle)],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        for line in server.stdout:
            if line.startswith("Press Ctrl-C"):
                break
        else:
            print(server.stderr.read() if server.stderr else "the world did not start", file=sys.stderr)
            return 2
        print(f"world serve --accounts {options.accounts}: serving after {time.perf_counter() - started:.2f} s")
        return _bench(options, server.pid)
    finally:
        server.terminate()
        server.wait(timeout=10)


def _bench(options: argparse.Namespace, server_pid: int) -> int:
    from rootkeeper.aws.org_scan import CALLS_PER_MEMBER, scan_members
    from rootkeeper.aws.organization import list_members
    from rootkeeper.aws.session import AwsSession
    from rootkeeper.rehearsal.remote import join_served_world

    environment = join_served_world(f"http://127.0.0.1:{options.port}")
    session = AwsSession(environment.target)
    start = time.perf_counter()
    members = [(m.account_id, m.name or m.account_id)
               for m in list_members(session, environment.management_account_id or "") if m.active]
    listing = time.perf_counter() - start
    server_cpu_before, own_cpu_before = _cpu_seconds(server_pid), time.process_time()
    start = time.perf_counter()
    results = scan_members(session, members, concurrency=options.concurrency)
    wall = time.perf_counter() - start
    server_cpu, own_cpu = _cpu_seconds(server_pid) - server_cpu_before, time.process_time() - own_cpu_before
    calls = len(members) * CALLS_PER_MEMBER
    ideal = calls * options.latency_ms / 1000 / options.concurrency
    unread = sum(1 for m in results if not m.read)
    found = sum(1 for m in results if m.has_credentials)
    print(f"listed {len(members)} members in {listing:.2f} s (ListAccounts pages, not part of the scan below)")
    print(f"scan: N={len(members)} members x {CALLS_PER_MEMBER} calls, L={options.latency_ms:g} ms, "
          f"C={options.concurrency}, throttle={options.throttle:g}")
    print(f"  wall {wall:.2f} s; ideal N x calls x L / C = {ideal:.2f} s; ratio {wall / ideal:.2f}x"
          if ideal else f"  wall {wall:.2f} s (no latency: no ideal)")
    print(f"  {calls / wall:.0f} calls/s; {found} members with root credentials, {unread} not read")
    print(f"  CPU: scanner {own_cpu:.1f} s ({own_cpu / calls * 1000:.2f} ms/call), server {server_cpu:.1f} s "
          f"({server_cpu / calls * 1000:.2f} ms/call), on {os.cpu_count()} cores")
    print(f"  peak memory (RSS high-water): scanner {_rss_peak_mb():.0f} MB, server {_rss_peak_mb(server_pid):.0f} MB"
          f" (ru_maxrss {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
