"""Session time: the Clock a session waits on, and the real one with its time scale.

Waiting goes through a :class:`Clock`, so tests inject a fake one and never wait for
real seconds.

Testing aid: the environment variable ``SACROMASSAGE_TIME_SCALE`` (a positive number,
default 1) scales every wait of the real clock. ``SACROMASSAGE_TIME_SCALE=0.01`` makes a
two-minute step pass in 1.2 real seconds; the session still counts and logs it as two
minutes (time spent answering a question is scaled up the same way). Anything that
is not a positive number is ignored. It is meant for automated tests of the real
program, not for massage.
"""

from __future__ import annotations

import time
from typing import Protocol

from sacromassage.paths import time_scale


class Clock(Protocol):
    """Session time: what the timer reads and how it waits."""

    def monotonic(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...


class RealClock:
    """The wall clock, with every wait multiplied by the time scale (a testing aid).

    ``monotonic`` is divided by the same factor, so the session still measures the
    time it meant to wait: a scaled-down minute still counts as a minute.
    """

    def __init__(self, scale: float | None = None) -> None:
        self.scale = time_scale() if scale is None else scale

    def monotonic(self) -> float:
        return time.monotonic() / self.scale

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            time.sleep(seconds * self.scale)
