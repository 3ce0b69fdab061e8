"""Deliver rendered text to stdout or to a file, never leaving half a file behind."""

from __future__ import annotations

import os
import sys
from pathlib import Path


class OutputError(Exception):
    """The output file could not be written; the message is one sentence for stderr."""


def write_text(text: str, path: Path | None) -> None:
    """Write ``text`` to ``path``, or to stdout when ``path`` is None.

    A file is written to a temporary neighbour and renamed into place, so an existing
    file is replaced whole or not at all.
    """
    if path is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    import tempfile  # only when writing a file: it is slow to import

    target = path.expanduser()
    if target.is_dir():
        raise OutputError(f"Cannot write to {path}: it is a directory.")
    directory = target.parent if str(target.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=directory)
    except OSError as error:
        raise OutputError(f"Cannot write to {path}: {error.strerror or error}.") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(f"Cannot write to {path}: {error.strerror or error}.") from None
