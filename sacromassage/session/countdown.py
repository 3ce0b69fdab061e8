"""A step's countdown that listens: single keys act at once while the clock runs.

While a step counts down, ``space`` pauses and resumes, ``e`` eases off (this and every
later step one point lighter, never below 1), ``n`` moves on to the next step and ``h``
means "stop, it hurts". Keys pressed before a step starts are dropped, so nothing typed
earlier acts by surprise. A bell (``\\a``) rings when a step ends and halfway through a
two-sided step, with a "switch sides" line; ``quiet`` silences it.

Two ways to show time: a redrawn bar with the key line under it, or, in ``plain`` mode
(``--plain``, and automatically on ``TERM=dumb``), no redrawn bar at all but a line at the
start, halfway, ten seconds before the end and at the end, which a screen reader reads
once each instead of a row of block characters.

Waiting goes through a Clock (clock.py) and keys come from a KeySource, so tests inject both and
never wait for real seconds.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from enum import StrEnum
from typing import TYPE_CHECKING, Final, Protocol

if TYPE_CHECKING:
    from rich.console import Console

    from sacromassage.session.clock import Clock

#: How often the countdown is redrawn and the keys are read, in (session) seconds.
TICK_SECONDS: Final = 0.25
#: In plain mode, the warning line comes this long before the end.
LAST_CALL_SECONDS: Final = 10
#: Called on "e": lowers the later pressure and returns the line to show, if any.
EaseOff = Callable[[], str | None]
KEY_LINE: Final = "Keys: space pause or go on · e ease off · n next step · h stop, it hurts"


class KeySource(Protocol):
    """Single key presses, read without waiting."""

    def listening(self) -> AbstractContextManager[None]:
        """While inside, keys are read one at a time, unechoed."""
        ...

    def poll(self) -> str | None:
        """One key pressed since the last call, or None."""
        ...

    def drain(self) -> None:
        """Forget every key pressed so far."""
        ...


class NoKeys:
    """No keyboard to listen to (no terminal, or a test that presses nothing)."""

    def listening(self) -> AbstractContextManager[None]:
        return nullcontext()

    def poll(self) -> str | None:
        return None

    def drain(self) -> None:
        return None


class Action(StrEnum):
    """How a step's countdown ended."""

    TIME_UP = "time-up"
    NEXT = "next"
    HURTS = "hurts"


class Countdown:
    """Counts one step (or a get-ready pause) down on ``console``."""

    def __init__(
        self,
        console: Console,
        clock: Clock,
        keys: KeySource,
        *,
        quiet: bool = False,
        plain: bool = False,
    ) -> None:
        self.console = console
        self.clock = clock
        self.keys = keys
        self.quiet = quiet
        self.plain = plain

    def bell(self) -> None:
        """``\\a``, straight to the terminal (rich drops control codes it thinks unseen)."""
        if not self.quiet:
            self.console.file.write("\a")
            self.console.file.flush()

    def get_ready(self, label: str, seconds: float) -> None:
        """A pause to get into position: no keys, no bell."""
        if seconds <= 0:
            return
        if self.plain:
            self.console.print(f"{label} {_clock_text(seconds)}.")
            self._wait(seconds)
            return
        with self._bar(label, seconds, transient=True, keys=False) as show:
            self._run(seconds, show, ease_off=None, sides=1)

    def step(
        self, label: str, seconds: float, sides: int = 1, ease_off: EaseOff = lambda: None
    ) -> Action:
        """Count a step down, acting on keys at once; the bell rings at the end.

        ``ease_off`` is called on "e": it lowers the later pressure and returns the line
        to show.
        """
        self.keys.drain()  # nothing typed before the step acts on it
        if self.plain:
            self.console.print(f"{label}: {_clock_text(seconds)}. Go.")
            action = self._run(seconds, None, ease_off=ease_off, sides=sides)
        else:
            with self._bar(label, seconds, transient=False, keys=True) as show:
                action = self._run(seconds, show, ease_off=ease_off, sides=sides)
        if action is Action.TIME_UP:
            self.bell()
            if self.plain:
                self.console.print("Time is up.")
        return action

    # ---- the loop

    def _run(
        self,
        seconds: float,
        show: Callable[[float, bool], None] | None,
        *,
        ease_off: EaseOff | None,
        sides: int,
    ) -> Action:
        """Tick until ``seconds`` of unpaused clock time have passed or a key ends it;
        keys are read only during a step (when ``ease_off`` is given)."""
        clock = self.clock
        left, paused = float(seconds), False
        halfway_said = sides != 2
        last_call_said = seconds <= LAST_CALL_SECONDS * 2
        listen = ease_off is not None
        listener = self.keys.listening() if listen else nullcontext()
        with listener:
            while left > 0:
                if show is not None:
                    show(left, paused)
                key = self.keys.poll() if listen else None
                if key == " ":
                    paused = not paused
                    self.console.print("Paused: press space to go on." if paused else "Going on.")
                elif key in ("e", "E") and ease_off is not None:
                    line = ease_off()
                    if line:
                        self.console.print(line)
                elif key in ("n", "N"):
                    return Action.NEXT
                elif key in ("h", "H"):
                    return Action.HURTS
                before = clock.monotonic()
                clock.sleep(min(TICK_SECONDS, left) if not paused else TICK_SECONDS)
                if not paused:
                    left -= clock.monotonic() - before
                if not halfway_said and left <= seconds / 2:
                    halfway_said = True
                    self.bell()
                    self.console.print("Halfway: switch sides now.")
                elif self.plain and not last_call_said and left <= LAST_CALL_SECONDS:
                    last_call_said = True
                    self.console.print(f"{LAST_CALL_SECONDS} seconds left.")
            if show is not None:
                show(0.0, False)
        return Action.TIME_UP

    def _wait(self, seconds: float) -> None:
        clock, left = self.clock, float(seconds)
        while left > 0:
            before = clock.monotonic()
            clock.sleep(min(TICK_SECONDS, left))
            left -= clock.monotonic() - before

    @contextmanager
    def _bar(
        self, label: str, seconds: float, *, transient: bool, keys: bool
    ) -> Iterator[Callable[[float, bool], None]]:
        """A redrawn bar (and, for a step, the key line under it)."""
        from rich.console import Group
        from rich.progress import BarColumn, Progress, TextColumn
        from rich.text import Text

        class _WithKeys(Progress):
            def get_renderables(self):  # type: ignore[no-untyped-def]
                yield Group(self.make_tasks_table(self.tasks), Text(KEY_LINE, style="dim"))

        kind = _WithKeys if keys else Progress
        with kind(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.fields[left]}"),
            console=self.console,
            auto_refresh=False,
            transient=transient,
        ) as progress:
            task = progress.add_task(label, total=seconds, left=_clock_text(seconds))

            shown: list[str] = []

            def show(left: float, paused: bool) -> None:
                text = "done" if left <= 0 else _clock_text(left)
                text = f"{text} (paused)" if paused else text
                if shown[-1:] != [text]:  # redraw once a second, not at every tick
                    shown.append(text)
                    progress.update(task, completed=seconds - max(0.0, left), left=text)
                    progress.refresh()

            yield show


def _clock_text(seconds: float) -> str:
    minutes, rest = divmod(math.ceil(round(seconds, 3)), 60)
    return f"{minutes}:{rest:02d} left"
