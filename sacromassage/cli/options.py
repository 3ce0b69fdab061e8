"""The options more than one command takes, each declared once, and the groups of them.

An option's flag names, metavar, help and parser live in its ``typer.Option``; code that
must name a flag (an error, a hint) reads it back with :func:`flag`. A command may take a
group of options (a NamedTuple whose fields are Annotated options, like ``AnswerFlags``)
as one parameter: :func:`takes_groups` shows typer each option of the group.
"""

import functools
import inspect
from collections.abc import Callable, Iterable
from typing import Annotated, Any, TypeVar, get_type_hints

import typer
from typer.models import OptionInfo

from sacromassage.cli.choices import choice, keys, whole
from sacromassage.model import (
    MAX_MINUTES,
    MIN_MINUTES,
    PLAN_FORMATS,
    Caution,
    Diagnosis,
    Helper,
    OutputFormat,
    Tolerance,
    Tool,
)

R = TypeVar("R")
K = TypeVar("K", bound=Any)


def keyed(kind: Iterable[K], *names: str, about: str) -> Any:
    """An option that takes a key of ``kind``; its help ends with every valid key."""
    return typer.Option(*names, metavar="KEY", help=f"{about}: {keys(kind)}.", parser=choice(kind))


def format_option(kind: Iterable[K], help_text: str) -> Any:
    """``-f/--format`` for a command that writes the formats of ``kind``."""
    return typer.Option("--format", "-f", metavar="FORMAT", help=help_text, parser=choice(kind))


def helper_option(help_text: str) -> Any:
    return typer.Option("--helper", "-w", metavar="KEY", help=help_text, parser=choice(Helper))


def minutes_option(help_text: str) -> Any:
    return typer.Option(
        "--minutes",
        "-m",
        metavar=f"{MIN_MINUTES}-{MAX_MINUTES}",
        help=help_text,
        parser=whole(MIN_MINUTES, MAX_MINUTES),
    )


TOLERANCE = keyed(Tolerance, "--tolerance", "-t", about="How much pressure you like")

DiagnosisOpt = Annotated[
    Diagnosis | None, keyed(Diagnosis, "--diagnosis", "-d", about="Your diagnosis")
]
ToleranceOpt = Annotated[Tolerance | None, TOLERANCE]
CautionOpt = Annotated[
    list[Caution] | None, keyed(Caution, "--caution", about="A caution that applies (repeatable)")
]
ToolOpt = Annotated[
    list[Tool] | None,
    keyed(Tool, "--tool", about="A tool you have (repeatable; none means hands only)"),
]
MinutesOpt = Annotated[
    int, minutes_option(f"Time you have, in minutes ({MIN_MINUTES}-{MAX_MINUTES}).")
]
FormatOpt = Annotated[
    OutputFormat | None,
    format_option(
        PLAN_FORMATS,
        f"Output: {keys(PLAN_FORMATS)} (default: from the --output file's extension, else rich).",
    ),
]
OutputOpt = Annotated[
    str | None,
    typer.Option(
        "--output", "-o", metavar="FILE", help="Write to FILE instead of the screen ('-': screen)."
    ),
]
NoInputOpt = Annotated[
    bool, typer.Option("--no-input", help="Never ask questions; fail if an answer is missing.")
]


def _option(alias: Any) -> OptionInfo:
    return next(item for item in alias.__metadata__ if isinstance(item, OptionInfo))


def flag(alias: Any) -> str:
    """The long flag an Annotated option declares: ``flag(DiagnosisOpt)`` is ``--diagnosis``."""
    return str(_option(alias).default)


def usage(alias: Any) -> str:
    """The flag with its metavar, as a script passes it: ``--diagnosis KEY``."""
    return f"{flag(alias)} {_option(alias).metavar}"


def _is_group(kind: Any) -> bool:
    """A group of options: a NamedTuple (its fields are Annotated options)."""
    return isinstance(kind, type) and issubclass(kind, tuple) and hasattr(kind, "_fields")


@functools.cache
def _group_parameters(kind: Any) -> list[inspect.Parameter]:
    """The options of a group as parameters (read once: advise and session share one)."""
    fields = get_type_hints(kind, include_extras=True)
    return [
        inspect.Parameter(
            name,
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
            default=kind._field_defaults[name],
            annotation=fields[name],
        )
        for name in kind._fields
    ]


def takes_groups(command: Callable[..., R]) -> Callable[..., R]:
    """``command`` with each parameter typed as a group of options shown to typer as the
    group's options, in place and in order; the command still gets the group, built."""
    hints = get_type_hints(command, include_extras=True)
    parameters: list[inspect.Parameter] = []
    groups: dict[str, Any] = {}
    for parameter in inspect.signature(command).parameters.values():
        kind = hints[parameter.name]
        if not _is_group(kind):
            parameters.append(
                parameter.replace(kind=inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=kind)
            )
            continue
        groups[parameter.name] = kind
        parameters += _group_parameters(kind)

    @functools.wraps(command)
    def run(**options: Any) -> R:
        for name, group in groups.items():
            options[name] = group(*(options.pop(field) for field in group._fields))
        return command(**options)

    run.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    run.__annotations__ = {parameter.name: parameter.annotation for parameter in parameters}
    return run


def _reflow(text: str) -> str:
    """Join the lines of each prose paragraph (typer keeps them as hard line breaks,
    which look ragged once rich wraps them again); ``\\b`` blocks stay as written."""
    paragraphs = inspect.cleandoc(text).split("\n\n")
    return "\n\n".join(
        part if part.startswith("\b") else " ".join(part.split("\n")) for part in paragraphs
    )


def tidy_help(typer_app: typer.Typer) -> None:
    """Reflow the help of ``typer_app``'s commands, callback and group (see _reflow)."""
    for info in typer_app.registered_commands:
        text = info.help or (info.callback.__doc__ if info.callback else None)
        if isinstance(text, str):
            info.help = _reflow(text)
    callback = typer_app.registered_callback
    if callback is not None and callback.callback is not None and callback.callback.__doc__:
        callback.help = _reflow(callback.callback.__doc__)
    if isinstance(typer_app.info.help, str):
        typer_app.info.help = _reflow(typer_app.info.help)
