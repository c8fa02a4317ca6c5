"""The root posture of the members ``--accounts N`` adds: a deterministic mix, as an estate
that adopted centralized root access some time ago would show.

Most members are clean (no root credentials: the goal state); the others keep what their
creators left: a password, an access key, an MFA device, a signing certificate, or several.
Each member's lot is drawn from a hash of its index, so member 0042 looks the same in every
world of any size, and seeded straight into the world's state and moto's backends (no HTTP).
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from rootkeeper.rehearsal.root_iam import add_root_access_key
from rootkeeper.rehearsal.root_mfa_devices import add_root_mfa_device
from rootkeeper.rehearsal.state import RootSigningCertificate, WorldState

# Out of every 100 members (by a hash of the index): what their root holds.
POSTURES: tuple[tuple[int, tuple[str, ...]], ...] = (
    (70, ()),  # clean
    (12, ("password",)),
    (6, ("key",)),
    (4, ("mfa",)),
    (3, ("cert",)),
    (3, ("password", "key")),
    (2, ("password", "key", "mfa", "cert")),
)
assert sum(share for share, _ in POSTURES) == 100


def posture_of(index: int) -> tuple[str, ...]:
    """What the root of extra member ``index`` (1-based) holds."""
    lot = int.from_bytes(hashlib.sha256(f"rootkeeper-member:{index}".encode()).digest()[:4], "big") % 100
    for share, posture in POSTURES:
        if lot < share:
            return posture
        lot -= share
    raise AssertionError("unreachable")


def seed_member_postures(state: WorldState, members: list[tuple[str, str]]) -> None:
    """Give each extra member (account id, name), in order from index 1, its posture."""
    now = state.now()
    for index, (account_id, _name) in enumerate(members, start=1):
        posture = posture_of(index)
        if not posture:
            continue
        root = state.root(account_id)
        age = timedelta(days=200 + index % 1500)
        if "password" in posture:
            root.password, root.password_changed_at = f"Workload-{index:04d}-Root!", now - age
        if "key" in posture:
            key = add_root_access_key(state, root, f"AKIAWORK{index:012d}", _secret(index))
            key.create_date = now - age
        if "mfa" in posture:
            add_root_mfa_device(state, account_id, "hardware", f"workload-{index:04d}-token", now - age)
        if "cert" in posture:
            # 24 characters: AWS certificate ids are 24 to 128 (DeleteSigningCertificate refuses a shorter one)
            root.signing_certificates.append(RootSigningCertificate(f"WORKLOADCERT{index:012d}", "Active", now - age))


def _secret(index: int) -> str:
    """A rehearsal key's secret (fixed; rehearsal credentials are not secrets)."""
    return hashlib.sha256(f"rootkeeper-rehearsal:workload-root-{index}".encode()).hexdigest()[:40]
