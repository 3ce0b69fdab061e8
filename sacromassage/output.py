"""Deliver rendered text to stdout or to a file, never leaving half a file behind."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

PRIVATE_MODE = 0o600


class OutputError(Exception):
    """The output file could not be written; the message is one sentence for stderr."""


def write_text(text: str, path: str | Path | None, *, private: bool = False) -> None:
    """Write ``text`` to ``path``; to stdout when ``path`` is None or ``-``.

    ``private`` (health data, such as a journal export) makes a written file 0600,
    readable by this user only, whatever the umask and whatever it was before.

    A regular file is written to a temporary neighbour and renamed into place, so it is
    replaced whole or not at all, and keeps its permissions (a new one gets the usual
    ones for this user). A symlink is followed and its target replaced. Anything else
    that exists (a device such as /dev/stdout, a named pipe) is written in place.
    """
    if path is None or str(path) == "-":
        _write_stdout(text)
        return
    if not str(path).strip():
        raise OutputError("--output needs a file name (or - for the screen).")
    path = Path(path)
    target = Path(os.path.realpath(path.expanduser()))
    try:
        existing = target.stat()
    except FileNotFoundError:
        existing = None
    except OSError as error:
        raise OutputError(f"Cannot write to {path}: {error.strerror or error}.") from None
    if existing is not None and stat.S_ISDIR(existing.st_mode):
        raise OutputError(f"Cannot write to {path}: it is a directory.")
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        _write_in_place(text, target, path)
        return
    mode = None if existing is None else stat.S_IMODE(existing.st_mode)
    _replace(text, target, path, PRIVATE_MODE if private else mode)


def _write_stdout(text: str) -> None:
    """Write to stdout; a closed pipe stays quiet (the reader has all it wanted), any
    other failure, such as a full disk behind a redirect, is one clear sentence."""
    if sys.stdout is None:
        raise OutputError("Cannot write the output: standard output is closed.")
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        raise OutputError(
            f"Cannot write to standard output: {error.strerror or error}."
        ) from None


def _write_in_place(text: str, target: Path, shown: Path) -> None:
    try:
        with target.open("w", encoding="utf-8", newline="") as stream:
            stream.write(text)
    except OSError as error:
        raise OutputError(f"Cannot write to {shown}: {error.strerror or error}.") from None


def _replace(text: str, target: Path, shown: Path, mode: int | None) -> None:
    import tempfile  # only when writing a file: it is slow to import

    if not target.parent.is_dir():
        raise OutputError(f"Cannot write to {shown}: the folder {target.parent} does not exist.")
    try:  # mkstemp makes the file 0600, so nothing is readable by others mid-write
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    except OSError as error:
        raise OutputError(f"Cannot write to {shown}: {error.strerror or error}.") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(f"Cannot write to {shown}: {error.strerror or error}.") from None
