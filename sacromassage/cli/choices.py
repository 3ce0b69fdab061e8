"""The CLI's edge: read flags, and report what went wrong.

typer's own choice errors list the options but never guess what was meant, so every
keyed flag is read as text and checked here, with a difflib suggestion. ``fail`` is the
one way both command modules report an error: one sentence on stderr, a named exit code.
"""

import difflib
from collections.abc import Callable, Iterable
from enum import StrEnum
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import typer
from typer.core import TyperGroup

from sacromassage.model import ExitCode, whole_number

E = TypeVar("E", bound=StrEnum)


def keys(kind: Iterable[StrEnum]) -> str:
    """Every valid value of ``kind``, comma-separated, for help texts."""
    return ", ".join(member.value for member in kind)


# Words people use for a key, each mapped to the key they mean: offered as "did you
# mean", never accepted silently (a script should spell the key).
SYNONYMS = {
    "medium": "moderate",
    "normal": "moderate",
    "light": "gentle",
    "soft": "gentle",
    "hard": "firm",
    "strong": "firm",
    "deep": "firm",
    "friend": "partner",
    "spouse": "partner",
    "wife": "partner",
    "husband": "partner",
    "family": "partner",
    "someone": "partner",
    "me": "self",
    "myself": "self",
    "alone": "self",
    "masseur": "therapist",
    "masseuse": "therapist",
    "physio": "therapist",
    "professional": "therapist",
    "tennis-ball": "ball",
    "lacrosse-ball": "ball",
    "roller": "foam-roller",
    "cane": "massage-cane",
    "theracane": "massage-cane",
    "hook": "massage-cane",
    "text": "plain",
    "txt": "plain",
    "md": "markdown",
    "htm": "html",
    "muscle": "soft-tissue",
    "muscular": "soft-tissue",
    "stiff": "hypomobility",
    "loose": "laxity",
    "as": "ankylosing-spondylitis",
    "ra": "rheumatoid-arthritis",
    "oa": "osteoarthritis",
    "pregnancy": "pregnancy-related",
    "none": "unknown",
    "blood-thinner": "blood-thinners",
    "anticoagulants": "blood-thinners",
    "warfarin": "blood-thinners",
    "surgery": "recent-surgery",
    "pregnancy-now": "pregnant",
}


def suggest(value: str, valid: Iterable[str]) -> str | None:
    """The valid key closest to ``value``: a word meaning it, one it begins, else the
    nearest likely typo."""
    cleaned = value.strip().lower()
    options = list(valid)
    meant = SYNONYMS.get(cleaned.replace(" ", "-"))
    if meant in options:
        return meant
    if cleaned:
        starts = [option for option in options if option.startswith(cleaned)]
        if starts:
            return starts[0]
    matches = difflib.get_close_matches(cleaned, options, n=1, cutoff=0.5)
    return matches[0] if matches else None


SHOWN_LENGTH = 40


def shown(value: str) -> str:
    """A value as quoted in an error: cut short, so a huge argument cannot flood the screen."""
    return value if len(value) <= SHOWN_LENGTH else value[:SHOWN_LENGTH] + "…"


def invalid_message(value: str, valid: list[str]) -> str:
    """One sentence naming the bad value, the closest valid one and all valid ones."""
    guess = suggest(value[:100], valid)
    hint = f" Did you mean '{guess}'?" if guess else ""
    return f"'{shown(value)}' is not valid.{hint} Valid values: {', '.join(valid)}."


def parse_choice(value: str, kind: Iterable[E], flag: str | None = None) -> E:
    """Return the member of ``kind`` whose value is ``value`` (case-insensitive).

    Raises ``typer.BadParameter`` (exit 2) naming the flag, a suggestion and every
    valid value. Without ``flag``, click names the option it was reading.
    """
    cleaned = value.strip().lower()
    for member in kind:
        if member.value == cleaned:
            return member
    raise typer.BadParameter(invalid_message(value, [m.value for m in kind]), param_hint=flag)


def parse_choices(
    values: Iterable[str], kind: Iterable[E], flag: str | None = None
) -> frozenset[E]:
    """Parse a repeatable flag; order and repeats do not matter."""
    return frozenset(parse_choice(value, kind, flag) for value in values)


def parse_whole(value: str, low: int, high: int, flag: str | None = None) -> int:
    """Read a whole number within [low, high]; exit 2 naming the range otherwise."""
    number = whole_number(value)
    if number is not None and low <= number <= high:
        return number
    raise typer.BadParameter(
        f"'{shown(value)}' is not valid. Give a whole number from {low} to {high}.", param_hint=flag
    )


def choice(kind: Iterable[E]) -> Callable[[str], E]:
    """A typer ``parser=`` for a keyed option: click fills in the flag's name in errors."""

    def parse(value: str) -> E:
        return parse_choice(str(value), kind)

    return parse


def whole(low: int, high: int) -> Callable[[str], int]:
    """A typer ``parser=`` for a whole number within [low, high] (a default may be an int)."""

    def parse(value: str) -> int:
        return parse_whole(str(value), low, high)

    return parse


class ShortErrorsGroup(TyperGroup):
    """The one place a command's errors become an exit: a
    :class:`~sacromassage.errors.SacromassageError` is ``Error: <its sentence>`` on stderr
    and its exit code, Ctrl-C is 130, and usage errors quote at most a short piece of
    what was typed (typer would echo a 100,000-character option or command name whole).
    ``main()`` in cli/app.py adds what happens outside a command (streams, Ctrl-C early)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except Exception as error:
            _shorten(error)
            raise

    def invoke(self, ctx: Any) -> Any:
        from sacromassage.errors import SacromassageError

        try:
            return super().invoke(ctx)
        except SacromassageError as error:
            fail(str(error), error.exit_code)
        except KeyboardInterrupt:
            typer.echo("", err=True)
            raise typer.Exit(code=ExitCode.INTERRUPTED) from None
        except Exception as error:
            _shorten(error)
            raise


MAX_ERROR_LENGTH = 200


def _shorten(error: Exception) -> None:
    message = getattr(error, "message", None)
    if isinstance(message, str) and len(message) > MAX_ERROR_LENGTH:
        error.message = message[:MAX_ERROR_LENGTH] + "…"  # type: ignore[attr-defined]


def fail(message: str, code: int = ExitCode.ERROR) -> NoReturn:
    """Print ``Error: message`` to stderr and exit with ``code``."""
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(code=code)


# What a file name's extension asks for, as a format key; the same keys in every command.
EXTENSION_FORMATS = {
    ".html": "html",
    ".htm": "html",
    ".svg": "svg",
    ".md": "markdown",
    ".markdown": "markdown",
    ".json": "json",
    ".txt": "plain",
    ".csv": "csv",
}


def chosen_format(
    value: str | None,
    output: str | None,
    kind: Iterable[E],
    default: E,
    flag: str = "'--format' / '-f'",
) -> E:
    """The format to write: ``--format`` when given, else the ``--output`` file's extension.

    ``value`` is None when the flag was not given. An extension in ``EXTENSION_FORMATS``
    that ``kind`` cannot write is exit 2 naming the formats it can; any other extension
    (or the screen) gives ``default``.
    """
    if value is not None:
        return parse_choice(value, kind, flag)
    if output is None or output == "-":
        return default
    suffix = Path(output).suffix.lower()
    wanted = EXTENSION_FORMATS.get(suffix)
    if wanted is None:
        return default
    for member in kind:
        if member.value == wanted:
            return member
    fail(
        f"this command cannot write {wanted} (asked for by the name '{shown(output)}'). "
        f"Give --format with one of: {keys(kind)}.",
        ExitCode.USAGE,
    )
