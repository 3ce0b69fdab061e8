"""The journal commands mounted on a tiny app of their own, as the journal tests drive
them (so they do not depend on the whole program's app)."""

from __future__ import annotations

import typer
from typer.testing import CliRunner, Result

from sacromassage.cli.journal import journal_app

app = typer.Typer()
app.add_typer(journal_app, name="journal")


@app.callback()
def _root() -> None:
    """Test harness."""


runner = CliRunner()


def run(*arguments: str, input: str | None = None) -> Result:
    return runner.invoke(app, ["journal", *arguments], input=input)


def expect(result: Result, code: int) -> Result:
    """The exit status is ``code`` and no exception escaped (no traceback)."""
    assert result.exit_code == code, (result.stdout, result.stderr, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    return result
