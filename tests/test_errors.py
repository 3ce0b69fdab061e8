"""Every error a person can meet reaches the command line in one place: the group."""

from __future__ import annotations

import pytest
import typer
from typer.testing import CliRunner

from sacromassage.cli.choices import ShortErrorsGroup
from sacromassage.errors import SacromassageError, UsageError
from sacromassage.journal.entry import JournalError, NoSuchEntryError
from sacromassage.model import ExitCode
from sacromassage.output import OutputError
from sacromassage.paths import PathError

app = typer.Typer(cls=ShortErrorsGroup)
PROBLEM: list[BaseException] = []


@app.command()
def boom() -> None:
    raise PROBLEM[0]


@app.command()
def calm() -> None:
    """A second command, so typer keeps the group and its names."""
    typer.echo("fine")


@pytest.mark.parametrize(
    ("problem", "code"),
    [
        (JournalError("The journal is damaged."), ExitCode.ERROR),
        (NoSuchEntryError("No entry with id 9."), ExitCode.USAGE),
        (OutputError("Cannot write x."), ExitCode.ERROR),
        (PathError("No home."), ExitCode.ERROR),
        (UsageError("Not that."), ExitCode.USAGE),
    ],
)
def test_an_error_is_one_sentence_and_its_exit_code(problem: SacromassageError, code: int) -> None:
    PROBLEM[:] = [problem]
    result = CliRunner().invoke(app, ["boom"])
    assert result.exit_code == code
    assert result.stderr == f"Error: {problem}\n"
    assert result.stdout == ""
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_ctrl_c_in_a_command_is_130() -> None:
    PROBLEM[:] = [KeyboardInterrupt()]
    result = CliRunner().invoke(app, ["boom"])
    assert result.exit_code == ExitCode.INTERRUPTED
    assert "Traceback" not in result.output


def test_a_programming_error_is_not_hidden() -> None:
    PROBLEM[:] = [RuntimeError("a bug")]
    result = CliRunner().invoke(app, ["boom"])
    assert isinstance(result.exception, RuntimeError)
