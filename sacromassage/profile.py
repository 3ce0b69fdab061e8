"""Remembered answers: ``profile.toml`` in the settings folder (``paths.config_dir``).

What is remembered is what rarely changes: the diagnosis and its factors, the pressure,
the helper and tools, the minutes and the cautions. Never the red flags (asked every
time), today's pain, or how long the pain has lasted and the inflammatory screen (they
change with time, and the screen guards safety like the red flags do).

Start-up stays cheap: saving first compares the bytes it would write with the file's,
and tomllib is imported only to read a profile that exists and differs. A damaged
profile, or one written by a newer version, is a :class:`ProfileError` (one sentence)
and is never overwritten.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Final

from sacromassage.errors import SacromassageError
from sacromassage.model import (
    MAX_MINUTES,
    MIN_MINUTES,
    Answers,
    Caution,
    Diagnosis,
    Factor,
    Helper,
    Tolerance,
    Tool,
)
from sacromassage.paths import PROFILE_FILE, PathError, config_dir

#: The profile format this version writes; a higher one is refused, never overwritten.
PROFILE_VERSION: Final = 1
#: The answers a profile holds, in the order they are written.
REMEMBERED: Final = ("diagnosis", "factors", "tolerance", "helper", "tools", "minutes", "cautions")
#: The largest profile read: far more than any real one.
MAX_PROFILE_BYTES: Final = 64 * 1024


class ProfileError(SacromassageError):
    """A profile that cannot be read or written; the message is one sentence."""


def profile_path() -> Path:
    """Where the saved answers live; a location that cannot be worked out is a
    :class:`ProfileError`."""
    try:
        return config_dir() / PROFILE_FILE
    except PathError as error:
        raise ProfileError(str(error)) from None


def remembered(answers: Answers) -> Answers | None:
    """The part of ``answers`` worth remembering, or None if they are not complete (a red
    flag, or something never answered)."""
    if answers.red_flags is None or answers.red_flags or answers.missing():
        return None
    return Answers(
        diagnosis=answers.diagnosis,
        tolerance=answers.tolerance,
        helper=answers.helper,
        cautions=answers.cautions,
        factors=answers.factors,
        tools=answers.tools,
        minutes=answers.minutes,
    )


def fill(answers: Answers, saved: Answers, given: frozenset[str]) -> Answers:
    """``answers`` with every remembered answer the flags did not give (``given`` holds
    the names they gave) taken from ``saved``."""
    changes = {name: getattr(saved, name) for name in REMEMBERED if name not in given}
    return answers._replace(**changes)


def summary(saved: Answers) -> str:
    """The saved answers in one line: "soft-tissue, moderate pressure, by yourself with a
    ball, 10 min, no cautions"."""
    diagnosis = str(saved.diagnosis)
    if saved.factors:
        diagnosis += f" ({', '.join(sorted(saved.factors))})"
    parts = [diagnosis, f"{saved.tolerance} pressure"]
    if saved.helper is Helper.SELF:
        tools = sorted(tool.value.replace("-", " ") for tool in saved.tools)
        parts.append(
            "by yourself with " + (" and ".join(f"a {t}" for t in tools) if tools else "your hands")
        )
    elif saved.helper is Helper.PARTNER:
        parts.append("with a partner")
    elif saved.helper is Helper.THERAPIST:
        parts.append("with a massage therapist")
    parts.append(f"{saved.minutes} min")
    parts.append(
        "cautions: " + ", ".join(sorted(saved.cautions or ())) if saved.cautions else "no cautions"
    )
    return ", ".join(parts)


def to_dict(saved: Answers) -> dict[str, Any]:
    """The saved answers as JSON-ready values (the keys the flags take)."""
    return {
        "diagnosis": str(saved.diagnosis),
        "factors": sorted(saved.factors),
        "tolerance": str(saved.tolerance),
        "helper": str(saved.helper),
        "tools": sorted(saved.tools),
        "minutes": saved.minutes,
        "cautions": sorted(saved.cautions or ()),
    }


def render(saved: Answers) -> str:
    """The profile file's text: the same answers always give the same bytes."""
    lines = [
        "# Your saved answers for sacromassage: 'sacromassage profile' shows them,",
        "# 'sacromassage profile --forget' deletes this file.",
        f"version = {PROFILE_VERSION}",
    ]
    for key, value in to_dict(saved).items():
        if isinstance(value, list):
            lines.append(f"{key} = [{', '.join(f'{chr(34)}{item}{chr(34)}' for item in value)}]")
        elif isinstance(value, int):
            lines.append(f"{key} = {value}")
        else:
            lines.append(f'{key} = "{value}"')
    return "\n".join(lines) + "\n"


def _read_bytes(path: Path) -> bytes | None:
    try:
        with open(path, "rb") as stream:
            return stream.read(MAX_PROFILE_BYTES + 1)
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise ProfileError(
            f"The saved answers at {path} are a folder, not a file; it was left untouched."
        ) from None
    except OSError as error:
        raise ProfileError(
            f"The saved answers at {path} cannot be read ({error.strerror or error})."
        ) from None


def load(path: Path | None = None) -> Answers | None:
    """The saved answers, or None if there are none. Raises :class:`ProfileError` for a
    damaged profile or one a newer sacromassage wrote."""
    where = profile_path() if path is None else path
    data = _read_bytes(where)
    return None if data is None else _parse(data, where)


def _parse(data: bytes, path: Path) -> Answers:
    import tomllib

    damaged = (
        f"The saved answers at {path} are damaged, so they were not used and were "
        "left untouched; 'sacromassage profile --forget' deletes them"
    )
    if len(data) > MAX_PROFILE_BYTES:
        raise ProfileError(f"{damaged} (the file is far too large).")
    try:
        table = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ProfileError(f"{damaged} ({error}).") from None
    version = table.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ProfileError(f"{damaged} (it has no version).")
    if version > PROFILE_VERSION:
        raise ProfileError(
            f"The saved answers at {path} were written by a newer sacromassage (profile "
            f"version {version}, this one knows up to {PROFILE_VERSION}), so they were not "
            "used and were left untouched; please upgrade sacromassage."
        )
    try:
        minutes = table["minutes"]
        if (
            not isinstance(minutes, int)
            or isinstance(minutes, bool)
            or not MIN_MINUTES <= minutes <= MAX_MINUTES
        ):
            raise ValueError(f"minutes {minutes!r}")
        return Answers(
            diagnosis=Diagnosis(table["diagnosis"]),
            tolerance=Tolerance(table["tolerance"]),
            helper=Helper(table["helper"]),
            cautions=frozenset(Caution(item) for item in _items(table, "cautions")),
            factors=frozenset(Factor(item) for item in _items(table, "factors")),
            tools=frozenset(Tool(item) for item in _items(table, "tools")),
            minutes=minutes,
        )
    except KeyError as error:
        raise ProfileError(f"{damaged} (it has no {error.args[0]}).") from None
    except (ValueError, TypeError) as error:
        raise ProfileError(f"{damaged} ({error}).") from None


def _items(table: dict[str, Any], key: str) -> list[Any]:
    value = table[key]
    if not isinstance(value, list):
        raise ValueError(f"{key} is not a list")
    return value


def save_if_changed(answers: Answers, path: Path | None = None) -> bool:
    """Remember ``answers`` (see :func:`remembered`) if they are complete and differ from
    the saved ones; returns whether the file was written. The file is written whole or
    not at all (a temporary file renamed over it), readable by this user only. Raises
    :class:`ProfileError` for a damaged or newer profile (left untouched) or a failed
    write."""
    saved = remembered(answers)
    if saved is None:
        return False
    where = profile_path() if path is None else path
    text = render(saved).encode("utf-8")
    existing = _read_bytes(where)
    if existing == text:
        return False
    if existing is not None and _parse(existing, where) == saved:
        return False  # the same answers, written by hand in another layout: keep it
    _write_atomically(where, text)
    return True


def _write_atomically(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        # A file object writes every byte (os.write may stop short) and closes the handle.
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except OSError as error:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise ProfileError(
            f"Could not save your answers to {path} ({error.strerror or error})."
        ) from None


def forget(path: Path | None = None) -> Path | None:
    """Delete the saved answers; returns the file deleted, or None if there was none."""
    where = profile_path() if path is None else path
    try:
        where.unlink()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise ProfileError(
            f"Could not delete the saved answers at {where} ({error.strerror or error})."
        ) from None
    return where
