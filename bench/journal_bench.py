"""Journal benchmark: append latency, and `audit verify` speed against bare Ed25519.

    .venv/bin/python bench/journal_bench.py [--appends 1000] [--entries 100000]

Appends go through Journal.append (lock, tail re-read, guard, sign, one fsync'd write,
head mirrored in the keyring) with an in-memory keyring backend, so the keyring's own cost
(a D-Bus round trip with a Secret Service) is not counted. The verify journal is written
with the same format functions, in one go, to save 100,000 fsyncs.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import keyring
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from keyring.backend import KeyringBackend

from rootkeeper.journal import Actor, Journal, verify_journal
from rootkeeper.journal.format import GENESIS_PREV, b64, canonical, key_fingerprint, line_hash, signed_line, unsigned_entry
from rootkeeper.journal.keys import Head, raw_public_bytes


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.values: dict = {}

    def get_password(self, service, username):
        return self.values.get((service, username))

    def set_password(self, service, username, password):
        self.values[(service, username)] = password

    def delete_password(self, service, username):
        self.values.pop((service, username), None)


ACTOR = Actor("Olivia Operator", "olivia", "laptop-7", "arn:aws:iam::123456789012:root", "123456789012")


def step_body(index: int) -> dict:
    return {"actor": ACTOR.to_json(), "runbook": "root-mfa", "step": f"step-{index % 7}", "step_kind": "check",
            "outcome": "success", "evidence": {"account_mfa_enabled": 1, "devices_visible": 1, "index": index},
            "note": "verified with the witness beside me", "witness": "Bob Witness", "ceremony_id": f"c-{index // 7}"}


def bench_appends(directory: Path, count: int) -> list[float]:
    journal = Journal.open(rehearsal=False, path=directory / "append.jsonl")
    latencies = []
    for index in range(count):
        start = time.perf_counter()
        journal.append("step", step_body(index))
        latencies.append(time.perf_counter() - start)
    assert journal.verify().ok
    return latencies


def write_big_journal(path: Path, count: int) -> tuple[Ed25519PrivateKey, Head, list[tuple[bytes, bytes]]]:
    key = Ed25519PrivateKey.generate()
    fingerprint = key_fingerprint(raw_public_bytes(key.public_key()))
    prev, lines, pairs = GENESIS_PREV, [], []
    for seq in range(count):
        kind, body = ("genesis", {"public_key": b64(raw_public_bytes(key.public_key()))}) if seq == 0 else (
            "step", step_body(seq))
        unsigned = unsigned_entry(seq=seq, ts="2025-03-01T09:00:00.000000Z", kind=kind, prev=prev,
                                  key=fingerprint, body=body)
        signature = key.sign(canonical(unsigned))
        signed, line = signed_line(unsigned, signature)
        pairs.append((signature, signed))
        lines.append(line)
        prev = line_hash(line)
    path.write_bytes(b"".join(line + b"\n" for line in lines))
    return key, Head(count - 1, prev), pairs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--appends", type=int, default=1000)
    parser.add_argument("--entries", type=int, default=100_000)
    args = parser.parse_args()
    keyring.set_keyring(MemoryKeyring())
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        latencies = sorted(bench_appends(directory, args.appends))
        ms = [value * 1000 for value in latencies]
        print(f"append ({args.appends} entries, fsync'd, {directory}): mean {statistics.mean(ms):.3f} ms, "
              f"p50 {ms[len(ms) // 2]:.3f} ms, p99 {ms[int(len(ms) * 0.99) - 1]:.3f} ms")

        path = directory / "big.jsonl"
        key, head, pairs = write_big_journal(path, args.entries)
        size_mb = path.stat().st_size / 1e6
        start = time.perf_counter()
        report = verify_journal(path, public_key=key.public_key(), expected_head=head)
        verify_seconds = time.perf_counter() - start
        assert report.ok and report.entries == args.entries, report.problems[:3]

        public = key.public_key()
        start = time.perf_counter()
        for signature, signed in pairs:
            public.verify(signature, signed)
        bare_seconds = time.perf_counter() - start
    journal_rate, bare_rate = args.entries / verify_seconds, args.entries / bare_seconds
    print(f"verify ({args.entries} entries, {size_mb:.1f} MB): {journal_rate:,.0f} entries/s ({verify_seconds:.2f} s)")
    print(f"bare Ed25519 verify, same messages: {bare_rate:,.0f} verifies/s ({bare_seconds:.2f} s)")
    print(f"ratio: {journal_rate / bare_rate:.0%} of bare Ed25519")


if __name__ == "__main__":
    main()
