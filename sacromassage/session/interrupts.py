"""Interruptions during a session: SIGTERM and SIGHUP end it like Ctrl-C, and all three
can be held back for the moment the journal entry is being written."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


class Hangup(KeyboardInterrupt):
    """SIGTERM or SIGHUP: like Ctrl-C, but nobody may be at the terminal to answer."""


class _Held:
    """Whether interruptions are being held back, and whether one arrived meanwhile."""

    active = False
    pending: type[KeyboardInterrupt] | None = None


@contextmanager
def interruptions_held() -> Iterator[None]:
    """Hold SIGINT, SIGTERM and SIGHUP back while the entry is written; one that came
    in the meantime interrupts straight after, when the entry is safely saved."""
    _Held.active, _Held.pending = True, None
    try:
        yield
    finally:
        _Held.active = False
    pending = _take_pending()
    if pending is not None:
        raise pending


def _take_pending() -> type[KeyboardInterrupt] | None:
    """The interruption that came while held, if any (set by the signal handler)."""
    pending, _Held.pending = _Held.pending, None
    return pending


@contextmanager
def signals_as_interrupts() -> Iterator[None]:
    """While the session runs, SIGTERM and SIGHUP raise :class:`Hangup`, a
    KeyboardInterrupt like Ctrl-C (and Ctrl-C too goes through here, so the final save
    can hold all three back)."""
    import signal

    def interrupt(number: int, frame: object) -> None:
        kind = KeyboardInterrupt if number == signal.SIGINT else Hangup
        if _Held.active:
            _Held.pending = _Held.pending or kind
            return
        raise kind

    names = ("SIGINT", "SIGTERM", "SIGHUP")
    wanted = [getattr(signal, name) for name in names if hasattr(signal, name)]
    try:
        previous = {number: signal.signal(number, interrupt) for number in wanted}
    except ValueError:  # not the main thread (as in some tests): leave signals alone
        previous = {}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
