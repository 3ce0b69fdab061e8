"""Start-up stays lean: a flag-only advise imports neither questionary nor the journal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROBE = """
import sys
from sacromassage.cli import app
try:
    app(sys.argv[1:], prog_name="sacromassage")
except SystemExit:
    pass
heavy = ["questionary", "prompt_toolkit", "sqlite3", "sacromassage.journal",
         "sacromassage.session", "sacromassage.questions", "rich.table", "rich.console"]
print("LOADED", __import__("json").dumps([m for m in heavy if m in sys.modules]),
      file=sys.stderr)
"""
ARGS = ["advise", "-d", "laxity", "-t", "gentle", "-p", "3", "-w", "self", "--no-red-flags",
        "--no-cautions"]


def loaded(*args: str) -> list[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True,
                            text=True, env=env, check=False)
    line = next(x for x in result.stderr.splitlines() if x.startswith("LOADED "))
    names: list[str] = json.loads(line.removeprefix("LOADED "))
    return names


@pytest.mark.parametrize("fmt", ["json", "plain", "markdown", "rich"])
def test_flag_only_advise_never_loads_the_questionnaire_or_journal(fmt: str) -> None:
    names = loaded(*ARGS, "--format", fmt)
    assert not {"questionary", "prompt_toolkit", "sacromassage.questions"} & set(names)
    assert not {"sqlite3", "sacromassage.journal", "sacromassage.session"} & set(names)


def test_json_does_not_even_load_rich() -> None:
    names = loaded(*ARGS, "--format", "json")
    assert "rich.table" not in names and "rich.console" not in names
