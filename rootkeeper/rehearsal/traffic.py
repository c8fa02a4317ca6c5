"""How the rehearsal world answers like a busy AWS: a delay on every call (AWS round trips
take tens to hundreds of milliseconds) and a share of calls refused with ``Throttling``.

Applied once, at the world's request gate (root_sts.setup_class), so it holds in process
(``rehearse``, tests) and served (``world serve --latency-ms L --throttle P``) alike. Which
calls are throttled is drawn from a seeded generator: the same seed gives the same sequence
of answers for the same sequence of calls.
"""

from __future__ import annotations

import random
import threading
import time
from dataclasses import dataclass, field

from rootkeeper.core.errors import ValidationError
from rootkeeper.rehearsal.aws_errors import aws_error

DEFAULT_THROTTLE_SEED = 12


@dataclass
class TrafficShaping:
    latency_ms: float = 0.0
    throttle: float = 0.0  # share of calls, 0..1, answered with Throttling
    seed: int = DEFAULT_THROTTLE_SEED
    calls: int = 0  # calls that reached the gate
    throttled: int = 0  # of which refused with Throttling
    _random: random.Random = field(init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        if not 0.0 <= self.latency_ms <= 60_000:
            raise ValidationError("--latency-ms must be between 0 and 60000.")
        if not 0.0 <= self.throttle <= 1.0:
            raise ValidationError("--throttle must be a share between 0 and 1 (e.g. 0.2 for one call in five).")
        self._random = random.Random(self.seed)

    def admit(self, service: str | None) -> None:
        """Delay the call, then maybe refuse it as AWS does when a caller goes too fast."""
        with self._lock:
            self.calls += 1
            refuse = self.throttle > 0 and self._random.random() < self.throttle
            if refuse:
                self.throttled += 1
        if self.latency_ms:
            time.sleep(self.latency_ms / 1000)  # outside the lock: calls in flight wait side by side
        if refuse:
            raise aws_error(service, "Throttling", "Rate exceeded", 400)
