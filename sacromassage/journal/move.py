"""Move the journal, once, from where older versions kept it to the platform's data folder.

Older versions kept the journal in the per-user config folder
(:func:`sacromassage.paths.legacy_journal_dir`); it is health data, not settings, so it
now lives in the data folder. The move never loses an entry: the old file is copied
with SQLite's backup API while its write lock is held, the copy is checked with
``PRAGMA integrity_check`` and its entry count, and only then is it put in place (never
over an existing journal) and the old file removed.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Final

from sacromassage import paths
from sacromassage.journal.files import (
    PRIVATE_FILE,
    SIDE_FILES,
    create_private_file,
    make_private_folder,
)
from sacromassage.journal.schema import BUSY_TIMEOUT_SECONDS

#: In the new folder: names the old journal already reported as left behind.
NOTED_FILE: Final = ".old-journal-noted"


class _NotMovedError(Exception):
    """Why the old journal stayed where it is (a phrase for one sentence)."""


def move_old_journal() -> str | None:
    """Move an old journal to the new place if there is one; return the one sentence to
    tell the person (None when there is nothing to say)."""
    if paths.home_is_set():
        return None
    try:
        new = paths.journal_file()
        old = paths.legacy_journal_dir() / paths.JOURNAL_FILE
        if old == new or not old.is_file():
            return None
        if new.exists():
            return _note_left_behind(old, new)
    except (OSError, paths.PathError):
        return None
    try:
        entries = _move(old, new)
    except _NotMovedError as reason:
        return (
            f"Your journal at {old} could not be moved to {new} ({reason}); "
            "it was left where it is."
        )
    plural = "entry" if entries == 1 else "entries"
    return f"Moved your journal ({entries} {plural}) from {old} to {new}, the folder for app data."


def _note_left_behind(old: Path, new: Path) -> str | None:
    """Say once that both journals exist and the new one is used."""
    marker = new.parent / NOTED_FILE
    try:
        if str(old) in marker.read_text(encoding="utf-8").splitlines():
            return None
    except (OSError, UnicodeDecodeError):
        pass
    try:
        with marker.open("a", encoding="utf-8") as stream:
            stream.write(f"{old}\n")
    except OSError:
        pass
    return (
        f"Using the journal at {new}; an older journal at {old} was left where it is "
        f"(to merge it, run 'sacromassage journal export -o old.json' with "
        f"SACROMASSAGE_HOME={old.parent}, then 'sacromassage journal import old.json')."
    )


def _move(old: Path, new: Path) -> int:
    """Copy ``old`` to ``new`` safely, remove ``old``, and return the entry count."""
    temporary = new.parent / f".{new.name}.moving"
    try:
        lock = sqlite3.connect(old, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        try:
            # The write lock keeps an older sacromassage from adding an entry mid-move;
            # a second connection can still read the file to copy it.
            lock.execute("BEGIN IMMEDIATE")
            entries = _entry_count_of(old, temporary)
            _place(temporary, new)
            for suffix in SIDE_FILES:
                Path(f"{old}{suffix}").unlink(missing_ok=True)
            return entries
        finally:
            lock.close()
            temporary.unlink(missing_ok=True)
    except sqlite3.Error as error:
        raise _NotMovedError(str(error)) from None
    except OSError as error:
        raise _NotMovedError(str(error.strerror or error).lower()) from None


def _entry_count_of(old: Path, temporary: Path) -> int:
    """Copy ``old`` to ``temporary`` and return its entry count, once the copy is
    checked to hold every entry."""
    source = sqlite3.connect(old, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    try:
        entries = _entry_count(source)
        _copy(source, temporary)
    finally:
        source.close()
    copy = sqlite3.connect(temporary, isolation_level=None)
    try:
        if _entry_count(copy) != entries:
            raise _NotMovedError("the copy did not hold every entry")
    finally:
        copy.close()
    return entries


def _entry_count(connection: sqlite3.Connection) -> int:
    """The entries in a journal that passes its integrity check."""
    if connection.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
        raise _NotMovedError("it failed SQLite's integrity check")
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if not version:
        raise _NotMovedError("it is not a sacromassage journal")
    return int(connection.execute("SELECT count(*) FROM entries").fetchone()[0])


def _copy(source: sqlite3.Connection, temporary: Path) -> None:
    make_private_folder(temporary.parent)
    temporary.unlink(missing_ok=True)
    create_private_file(temporary)
    target = sqlite3.connect(temporary, isolation_level=None)
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode = DELETE")  # one file to put in place
    finally:
        target.close()
    os.chmod(temporary, PRIVATE_FILE)


def _place(temporary: Path, new: Path) -> None:
    """Put the copy at ``new`` without replacing a journal that appeared meanwhile."""
    try:
        os.link(temporary, new)
    except FileExistsError:
        raise _NotMovedError(f"a journal appeared at {new} meanwhile") from None
    except OSError:  # a file system without hard links
        if new.exists():
            raise _NotMovedError(f"a journal appeared at {new} meanwhile") from None
        os.replace(temporary, new)
