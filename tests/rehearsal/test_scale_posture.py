"""`--accounts N`: the added members' root postures are a fixed mix, most of them clean."""

from __future__ import annotations

from collections import Counter

from rootkeeper.rehearsal.scale_posture import posture_of
from rootkeeper.rehearsal.world import start_world


def _held(root) -> tuple[str, ...]:
    kinds = (("password", root.password is not None), ("key", bool(root.key_ids)),
             ("mfa", bool(root.mfa_devices)), ("cert", bool(root.signing_certificates)))
    return tuple(kind for kind, present in kinds if present)


def test_the_added_members_hold_a_deterministic_mix(request):
    world = start_world(accounts=400)
    request.addfinalizer(world.stop)
    extra = world.member_account_ids[4:]
    assert len(extra) == 400 and extra[0] == "500000000001"
    held = {account: _held(world.state.roots[account]) for account in extra}
    assert [held[account] for account in extra] == [posture_of(index) for index in range(1, 401)]
    counts = Counter(held.values())
    assert 240 <= counts[()] <= 320  # most are clean (70 in 100)
    assert {("password",), ("key",), ("mfa",), ("cert",), ("password", "key"),
            ("password", "key", "mfa", "cert")} <= set(counts)
    # Root keys are real keys of the world: the door knows whose they are.
    keyed = next(account for account in extra if "key" in held[account])
    key_id = world.state.roots[keyed].key_ids[0]
    assert world.state.root_account_of_key(key_id) == keyed


def test_a_member_looks_the_same_in_a_world_of_any_size(request):
    small = start_world(accounts=30)
    small_held = [_held(small.state.roots[a]) for a in small.member_account_ids[4:]]
    small.stop()
    large = start_world(accounts=60)
    request.addfinalizer(large.stop)
    assert [_held(large.state.roots[a]) for a in large.member_account_ids[4:34]] == small_held
