"""The Organizations screen with N members: how long the UI thread is busy with them.

    .venv/bin/python bench/org_screen.py [--accounts 1000]

Headless (App.run_test), on the tests' fakes (no AWS): N scan results are handed to the
screen's inbox as a scan's workers would, and the screen drains them on its timer. Prints
the longest single drain (the longest the UI cannot answer a key while results stream in),
the time to show all N, and the time of a filter change, a select-all and a cursor move with
N rows. Prints numbers only; it asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def members(count: int):
    from rootkeeper.core.org_root import MemberRoot

    for index in range(count):
        dirty = index % 3 == 0
        yield MemberRoot(f"5{index:011d}", f"workload-{index:05d}", password=dirty,
                         access_keys=(f"AKIAWORK{index:012d}",) if index % 7 == 0 else ())


async def measure(count: int) -> None:
    from rootkeeper.ui import org_work
    from rootkeeper.ui.org_screen import OrganizationsScreen
    from tests.ui.test_posture_screen import build

    drains: list[float] = []
    original = OrganizationsScreen._drain

    def timed_drain(self) -> None:
        started = time.perf_counter()
        original(self)
        drains.append(time.perf_counter() - started)

    OrganizationsScreen._drain = timed_drain  # before the screen's timer binds it
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.press("o")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, OrganizationsScreen)
        results = list(members(count))
        screen._inbox.put(org_work.ScanStart("314159265358", tuple((m.account_id, m.name) for m in results)))
        started = time.perf_counter()
        # a scan at 16 in flight and 100 ms per call reads ~30 members a second; stream faster: 200 per 0.1 s
        for offset in range(0, count, 200):
            for member in results[offset:offset + 200]:
                screen._inbox.put(member)
            await asyncio.sleep(0.1)
        table = screen.query_one("#org-members")
        while table.row_count < count:
            await asyncio.sleep(0.05)
        shown = time.perf_counter() - started
        timings = {}
        for label, key in (("filter change (f)", "f"), ("select all (a)", "a"), ("cursor move (down)", "down")):
            started = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            timings[label] = time.perf_counter() - started
    print(f"members: {count}")
    print(f"all rows shown after streaming: {shown:.2f} s; drains: {len(drains)}, longest {max(drains) * 1000:.0f} ms, "
          f"mean {sum(drains) / len(drains) * 1000:.0f} ms (empty drains included)")
    for label, seconds in timings.items():
        print(f"{label}: {seconds * 1000:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=1000)
    asyncio.run(measure(parser.parse_args().accounts))


if __name__ == "__main__":
    main()
