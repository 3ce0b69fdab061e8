"""The README is part of the contract: its examples run and every command is documented."""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path

import pytest
import typer
from typer.main import get_command
from typer.testing import CliRunner

from sacromassage.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
EXAMPLES = [
    line.removeprefix("$ ") for line in README.splitlines() if line.startswith("$ sacromassage")
]
# These need a person at a terminal; without one they must refuse with exit 2.
NEEDS_A_TERMINAL = {
    "advise",
    "session",
    "session --no-timer",
    "session --plain --quiet --ready 30",
    "journal delete 3",
}
runner = CliRunner()


def command_names() -> list[str]:
    """Every command and journal command, as help lists them (the journal group loads
    only when asked for, so it is asked for here)."""
    group = get_command(app)
    context = typer.Context(group)
    names = []
    for name in group.list_commands(context):  # type: ignore[attr-defined]
        command = group.get_command(context, name)  # type: ignore[attr-defined]
        names.append(name)
        names += [f"{name} {sub}" for sub in getattr(command, "commands", {})]
    return names


def test_there_are_examples() -> None:
    assert len(EXAMPLES) >= 20


def test_readme_examples_run_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run every ``$ sacromassage`` line top to bottom, in one folder and one journal."""
    monkeypatch.chdir(tmp_path)
    for line in EXAMPLES:
        words = shlex.split(line, comments=True)[1:]
        redirect = words.index(">") if ">" in words else None
        args = words[:redirect] if redirect is not None else words
        result = runner.invoke(app, args)
        assert "Traceback" not in result.output, line
        if " ".join(args) in NEEDS_A_TERMINAL:
            assert result.exit_code == 2, f"{line}\n{result.output}"
            assert "terminal" in result.stderr or "--yes" in result.stderr
        else:
            assert result.exit_code == 0, f"{line}\n{result.output}"
        if redirect is not None:
            (tmp_path / words[redirect + 1]).write_text(result.stdout, encoding="utf-8")


@pytest.mark.parametrize("name", command_names())
def test_every_command_is_documented(name: str) -> None:
    assert re.search(rf"\$ sacromassage {re.escape(name)}\b", README), name


def test_ci_runs_the_readme_test_command() -> None:
    blocks = re.findall(r"```bash\n(.*?)\n```", README, flags=re.S)
    test_command = next(b for b in blocks if "pytest" in b)
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def _flag_rows() -> dict[str, str]:
    """The README's advise flag table: the first cell's flags, each mapped to its row."""
    rows: dict[str, str] = {}
    section = README.split("## Using it", 1)[1].split("### Exit codes", 1)[0]
    for line in section.splitlines():
        if line.startswith("| `--"):
            first = line.split("|")[1]
            for flag in re.findall(r"`(--[a-z-]+|-[a-z])", first):
                rows[flag] = line
    return rows


def test_the_flag_table_matches_the_code() -> None:
    """Every advise option is in the table, and every key the code accepts is in its row."""
    from sacromassage.model import (
        PLAN_FORMATS,
        Caution,
        Diagnosis,
        Duration,
        Factor,
        Helper,
        IbpItem,
        RedFlag,
        Tolerance,
        Tool,
    )

    rows = _flag_rows()
    advise = get_command(app).commands["advise"]  # type: ignore[attr-defined]
    for option in advise.params:
        long = [name for name in option.opts if name.startswith("--")]
        if long and long[0] not in ("--help",):
            assert long[0] in rows, f"{long[0]} is missing from the README's flag table"
    keyed: list[tuple[str, Iterable[StrEnum]]] = [
        ("--diagnosis", Diagnosis),
        ("--tolerance", Tolerance),
        ("--helper", Helper),
        ("--red-flag", RedFlag),
        ("--caution", Caution),
        ("--factor", Factor),
        ("--tool", Tool),
        ("--duration", Duration),
        ("--ibp", IbpItem),
        ("--format", PLAN_FORMATS),
    ]
    for flag, kind in keyed:
        for member in kind:
            assert f"`{member.value}`" in rows[flag], f"{member.value} missing for {flag}"
