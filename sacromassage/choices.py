"""The CLI's edge: read flags, and report what went wrong.

typer's own choice errors list the options but never guess what was meant, so every
keyed flag is read as text and checked here, with a difflib suggestion. ``fail`` is the
one way both command modules report an error: one sentence on stderr, a named exit code.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from enum import StrEnum
from typing import NoReturn, TypeVar

import typer

from sacromassage.model import ExitCode, whole_number

E = TypeVar("E", bound=StrEnum)


def keys(kind: type[StrEnum]) -> str:
    """Every valid value of ``kind``, comma-separated, for help texts."""
    return ", ".join(member.value for member in kind)


def suggest(value: str, valid: Iterable[str]) -> str | None:
    """The valid key closest to ``value``: one it begins, else the nearest likely typo."""
    cleaned = value.strip().lower()
    options = list(valid)
    if cleaned:
        starts = [option for option in options if option.startswith(cleaned)]
        if starts:
            return starts[0]
    matches = difflib.get_close_matches(cleaned, options, n=1, cutoff=0.5)
    return matches[0] if matches else None


def invalid_message(value: str, valid: list[str]) -> str:
    """One sentence naming the bad value, the closest valid one and all valid ones."""
    guess = suggest(value, valid)
    hint = f" Did you mean '{guess}'?" if guess else ""
    return f"'{value}' is not valid.{hint} Valid values: {', '.join(valid)}."


def parse_choice(value: str, kind: type[E], flag: str) -> E:
    """Return the member of ``kind`` whose value is ``value`` (case-insensitive).

    Raises ``typer.BadParameter`` (exit 2) naming the flag, a suggestion and every
    valid value.
    """
    cleaned = value.strip().lower()
    for member in kind:
        if member.value == cleaned:
            return member
    raise typer.BadParameter(invalid_message(value, [m.value for m in kind]), param_hint=flag)


def parse_choices(values: Iterable[str], kind: type[E], flag: str) -> frozenset[E]:
    """Parse a repeatable flag; order and repeats do not matter."""
    return frozenset(parse_choice(value, kind, flag) for value in values)


def parse_whole(value: str, low: int, high: int, flag: str) -> int:
    """Read a whole number within [low, high]; exit 2 naming the range otherwise."""
    number = whole_number(value)
    if number is not None and low <= number <= high:
        return number
    shown = value if len(value) <= 40 else f"{value[:37]}..."
    raise typer.BadParameter(
        f"'{shown}' is not valid. Give a whole number from {low} to {high}.", param_hint=flag
    )


def fail(message: str, code: ExitCode = ExitCode.ERROR) -> NoReturn:
    """Print ``Error: message`` to stderr and exit with ``code``."""
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(code=code)
