"""The journal is health data: its folder is private (0700) and its files (0600)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

PRIVATE_FOLDER: Final = 0o700
PRIVATE_FILE: Final = 0o600
SIDE_FILES: Final = ("", "-wal", "-shm")


def make_private_folder(folder: Path) -> None:
    """Create ``folder`` (and its parents) if needed and make it private (0700), whatever
    the umask; raises OSError if it cannot be created."""
    folder.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
    _tighten(folder, PRIVATE_FOLDER)


def tighten_journal(path: Path) -> None:
    """Make the journal's folder 0700 and the journal and its side files 0600, where
    they exist and belong to this user; a read-only place is left as it is."""
    _tighten(path.parent, PRIVATE_FOLDER)
    for suffix in SIDE_FILES:
        _tighten(Path(f"{path}{suffix}"), PRIVATE_FILE)


def _tighten(path: Path, mode: int) -> None:
    try:
        if path.stat().st_mode & 0o777 & ~mode:
            os.chmod(path, mode)
    except OSError:
        pass  # missing, someone else's, or read-only: nothing to tighten here


def create_private_file(path: Path) -> None:
    """Create an empty ``path`` readable by this user only, unless it exists; SQLite
    then gives its -wal and -shm files the same permissions."""
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        return
    os.close(handle)
    os.chmod(path, PRIVATE_FILE)
