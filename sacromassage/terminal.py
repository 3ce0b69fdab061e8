"""The terminal edge: the only place that asks ``isatty`` or builds a terminal Console.

Every stream may be missing (``advise <&-`` starts Python with ``sys.stdin`` set to
None), closed, full (``> /dev/full``) or unable to encode (``PYTHONIOENCODING=ascii``).
``prepare`` makes all of these ordinary: a missing stdin reads as end of input, a missing
stdout fails its first write with one clear sentence, text that the encoding cannot hold
is replaced instead of crashing, and a width under 20 columns counts as 80, so nothing is
ever squeezed to nothing (even emergency advice).
"""

from __future__ import annotations

import errno
import io
import os
import sys
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

MIN_WIDTH = 20
DEFAULT_WIDTH = 80


class _Closed(io.TextIOBase):
    """Stands in for a stream the program was started without."""

    def __init__(self, name: str) -> None:
        self._name = name

    def isatty(self) -> bool:
        return False

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> str:
        return ""

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        return ""

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, f"standard {self._name} is closed")

    def fileno(self) -> int:
        raise OSError(errno.EBADF, f"standard {self._name} is closed")


def prepare() -> None:
    """Make missing streams, narrow widths and poor encodings safe before anything runs."""
    if sys.stdin is None:
        sys.stdin = _Closed("input")
    if sys.stdout is None:
        sys.stdout = _Closed("output")
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives as long as the process
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")
    for name in ("COLUMNS", "LINES"):
        value = os.environ.get(name)
        if value is not None and not (
            value.isascii() and value.isdigit() and int(value) >= MIN_WIDTH
        ):
            os.environ[name] = str(DEFAULT_WIDTH if name == "COLUMNS" else 24)


def _is_terminal(stream: object) -> bool:
    try:
        return bool(stream is not None and stream.isatty())  # type: ignore[attr-defined]
    except (OSError, ValueError, AttributeError):
        return False


def stdin_is_terminal() -> bool:
    return _is_terminal(sys.stdin)


def stdout_is_terminal() -> bool:
    return _is_terminal(sys.stdout)


def stderr_is_terminal() -> bool:
    return _is_terminal(sys.stderr)


def can_prompt(no_input: bool = False) -> bool:
    """Questions are asked only when stdin is a terminal and the person did not say no."""
    return not no_input and stdin_is_terminal()


def stdout_console() -> Console:
    """The console for the screen: rich decides colour from the TTY and honours NO_COLOR."""
    from rich.console import Console

    return Console(highlight=False)


def stderr_console() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def silence_stdout() -> None:
    """Point stdout at /dev/null after it failed, so the exit flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        sys.stdout = _Closed("output")


def plain_wanted() -> bool:
    """A terminal that cannot redraw (``TERM=dumb``) gets the plain, line-by-line mode."""
    return os.environ.get("TERM", "") == "dumb"


class TerminalKeys:
    """Single key presses from the terminal, read without waiting (see countdown.py).

    While listening, the terminal is in cbreak mode (keys arrive one at a time, not
    echoed) and is put back as it was afterwards, whatever happens.
    """

    def listening(self) -> AbstractContextManager[None]:
        return self._cbreak()

    @contextmanager
    def _cbreak(self) -> Iterator[None]:
        if sys.platform == "win32" or not stdin_is_terminal():
            yield
            return
        import termios
        import tty

        fd = sys.stdin.fileno()
        saved = termios.tcgetattr(fd)
        try:
            tty.setcbreak(fd)
            yield
        finally:
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)

    def poll(self) -> str | None:
        if not stdin_is_terminal():
            return None
        try:
            if sys.platform == "win32":
                import msvcrt

                return msvcrt.getwch() if msvcrt.kbhit() else None
            import select

            fd = sys.stdin.fileno()
            if not select.select([fd], [], [], 0)[0]:
                return None
            return os.read(fd, 1).decode("utf-8", "replace")
        except (OSError, ValueError):
            return None

    def drain(self) -> None:
        discard_typeahead()


def discard_typeahead() -> None:
    """Drop keys typed ahead, so a stray Enter cannot answer a question not yet seen."""
    try:
        if not stdin_is_terminal():
            return
        if sys.platform == "win32":
            import msvcrt

            while msvcrt.kbhit():
                msvcrt.getwch()
        else:
            import termios

            termios.tcflush(sys.stdin.fileno(), termios.TCIFLUSH)
    except (OSError, ValueError):
        pass  # no terminal to flush after all: nothing was typed ahead
