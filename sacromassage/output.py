"""Deliver rendered text to stdout or to a file, never leaving half a file behind."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

from sacromassage.errors import SacromassageError

PRIVATE_MODE = 0o600


class OutputError(SacromassageError):
    """The output file could not be written; the message is one sentence for stderr."""


def write_text(text: str, path: str | Path | None, *, private: bool = False) -> None:
    """Write ``text`` to ``path``; to stdout when ``path`` is None or ``-``.

    ``private`` (health data, such as a journal export) makes a written file 0600,
    readable by this user only, whatever the umask and whatever it was before.

    A regular file is written to a temporary neighbour and renamed into place, so it is
    replaced whole or not at all, and keeps its permissions (a new one gets the usual
    ones for this user). A symlink is followed and its target replaced. Anything else
    that exists (a device such as /dev/stdout, a named pipe), and a file with other hard
    links, is written in place, so the links still share it.

    Refused, in one sentence: the journal and its side files, the program's own data, a
    file this user may not write, and a symlink owned by someone else in a sticky folder
    such as /tmp (the kernel protects those links; following them here would not).
    """
    if path is None or str(path) == "-":
        _write_stdout(text)
        return
    if not str(path).strip():
        raise OutputError("--output needs a file name (or - for the screen).")
    try:
        _write_file(text, Path(path), private)
    except (ValueError, UnicodeError):  # a NUL byte or an unencodable character
        raise OutputError(
            f"Cannot write to {str(path)[:60]!r}: that is not a usable file name."
        ) from None


def _write_file(text: str, path: Path, private: bool) -> None:
    try:
        expanded = path.expanduser()
    except RuntimeError:
        raise OutputError(f"Cannot write to {path}: no such user's home folder.") from None
    _refuse_foreign_link(expanded, path)
    target = Path(os.path.realpath(expanded))
    _refuse_protected(target, path)
    try:
        existing = target.stat()
    except FileNotFoundError:
        existing = None
    except OSError as error:
        raise OutputError(f"Cannot write to {path}: {error.strerror or error}.") from None
    if existing is not None and stat.S_ISDIR(existing.st_mode):
        raise OutputError(f"Cannot write to {path}: it is a directory.")
    read_only = existing is not None and (
        not os.access(target, os.W_OK)
        or (existing.st_uid == os.geteuid() and not existing.st_mode & stat.S_IWUSR)
    )
    if read_only:
        raise OutputError(f"Cannot write to {path}: you do not have permission to change it.")
    if existing is not None and (not stat.S_ISREG(existing.st_mode) or existing.st_nlink > 1):
        _write_in_place(text, target, path)
        return
    mode = None if existing is None else stat.S_IMODE(existing.st_mode)
    _replace(text, target, path, PRIVATE_MODE if private else mode)


def _refuse_foreign_link(path: Path, shown: Path) -> None:
    """A symlink in a sticky folder that belongs to neither this user nor the folder's
    owner is what the kernel's protected_symlinks rule guards against: do not follow it."""
    try:
        link = path.lstat()
        if not stat.S_ISLNK(link.st_mode):
            return
        folder = path.parent.stat()
    except OSError:
        return
    if folder.st_mode & stat.S_ISVTX and link.st_uid not in (os.geteuid(), folder.st_uid):
        raise OutputError(
            f"Cannot write to {shown}: it is a link owned by someone else in a shared folder."
        )


def _precious_files() -> list[Path]:
    """The journal (here and where older versions kept it), its side files, and the saved
    answers: health data that an --output must never replace."""
    from sacromassage.paths import (
        JOURNAL_FILE,
        PROFILE_FILE,
        PathError,
        config_dir,
        journal_file,
        legacy_journal_dir,
    )

    files: list[Path] = []
    for locate in (journal_file, lambda: legacy_journal_dir() / JOURNAL_FILE):
        try:
            journal = locate()
        except PathError:  # no journal can be found there, so none can be overwritten
            continue
        files += [
            journal,
            journal.with_name(journal.name + "-wal"),
            journal.with_name(journal.name + "-shm"),
        ]
    try:
        files.append(config_dir() / PROFILE_FILE)
    except PathError:
        pass
    return files


def _same_file(target: Path, other: Path) -> bool:
    """The same path, or the same file by another name (a hard link)."""
    if target == Path(os.path.realpath(other)):
        return True
    try:
        return os.path.samestat(target.stat(), other.stat())
    except OSError:
        return False


def _refuse_protected(target: Path, shown: Path) -> None:
    """Never overwrite the journal (or its -wal/-shm files), the saved answers or the
    program's own data, by any name."""
    from sacromassage.paths import data_dir

    if any(_same_file(target, precious) for precious in _precious_files()):
        raise OutputError(
            f"Cannot write to {shown}: that is your journal or your saved answers. "
            "Choose another file name."
        )
    protected = [Path(os.path.realpath(data_dir())), Path(os.path.realpath(__file__)).parent]
    if any(target == folder or folder in target.parents for folder in protected):
        raise OutputError(
            f"Cannot write to {shown}: that is part of sacromassage itself. "
            "Choose another file name."
        )


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
        raise OutputError(f"Cannot write to standard output: {error.strerror or error}.") from None


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
        # A short name: the target's own name may already be near the 255-byte limit.
        handle, temporary = tempfile.mkstemp(prefix=".sacromassage-", dir=target.parent)
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
