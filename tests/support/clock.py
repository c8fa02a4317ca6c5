"""The clock the ceremony tests share with the rehearsal world and the app: a millisecond
further at every reading, so every timestamp differs while TOTP windows hold still."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

START = datetime(2025, 3, 14, 9, 26, 0, tzinfo=timezone.utc)


class StepClock:
    """``advance`` moves it by hand (an AssumeRoot session expiring, a code window passing)."""

    def __init__(self, start: datetime = START) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(milliseconds=1)
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)
