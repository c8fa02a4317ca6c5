"""The first-frame benchmark hook (bench/first_frame.py).

With ROOTKEEPER_BENCH_FIRST_FRAME=<path>, the app writes, once its first frame is drawn,
the seconds since ROOTKEEPER_BENCH_T0 (a time.monotonic() taken by the benchmark just
before it spawned us: system-wide on Linux) and whether boto3/moto were imported, then exits.
"""

from __future__ import annotations

import json
import os
import sys
import time

from textual.app import App

BENCH_OUTPUT = "ROOTKEEPER_BENCH_FIRST_FRAME"
BENCH_T0 = "ROOTKEEPER_BENCH_T0"


def report_if_benchmarking(app: App) -> bool:
    """Call once the first frame is drawn. True when benchmarking: the report is written and
    the app is exiting, so the caller must not start any work."""
    path = os.environ.get(BENCH_OUTPUT)
    if not path:
        return False
    start = float(os.environ.get(BENCH_T0, "nan"))
    result = {
        "seconds": time.monotonic() - start,
        "boto3_imported": "boto3" in sys.modules,
        "botocore_imported": "botocore" in sys.modules,
        "moto_imported": "moto" in sys.modules,
    }
    with open(path, "w", encoding="utf-8") as out:
        json.dump(result, out)
    app.exit(0)
    return True
