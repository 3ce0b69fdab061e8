"""advise and session take the same answer options, declared once; errors name the flag."""

from __future__ import annotations

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from sacromassage.cli.app import app

runner = CliRunner()


def options(command: str) -> dict[str, tuple[str | None, str | None]]:
    group = get_command(app)
    params = group.commands[command].params  # type: ignore[attr-defined]
    return {param.opts[0]: (param.help, param.metavar) for param in params}


def test_session_takes_every_answer_option_of_advise_as_declared() -> None:
    advise, session = options("advise"), options("session")
    answers = {flag: shown for flag, shown in advise.items() if flag in session}
    assert len(answers) == 16  # 14 answers, --saved and --no-save
    assert all(session[flag] == shown for flag, shown in answers.items())
    assert list(answers) == [flag for flag in session if flag in answers]  # the same order


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["advise", "-p", "11"], "'--pain' / '-p'"),
        (["advise", "--tool", "rollr"], "'--tool'"),
        (["steps", "-m", "x"], "'--minutes' / '-m'"),
        (["session", "--ready", "500"], "'--ready'"),
        (["map", "-f", "json"], "'--format' / '-f'"),
    ],
)
def test_a_wrong_value_names_its_flag_and_exits_2(args: list[str], named: str) -> None:
    result = runner.invoke(app, args, terminal_width=200)
    assert result.exit_code == 2
    assert named in result.stderr


def test_a_missing_answer_names_the_flags_as_declared() -> None:
    result = runner.invoke(app, ["advise", "--no-input", "--no-red-flags"])
    assert result.exit_code == 2
    for shown in ("--diagnosis KEY", "--pain 0-10", "--caution KEY or --no-cautions"):
        assert shown in result.stderr
