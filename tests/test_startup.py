"""Start-up stays lean: a flag-only advise imports neither questionary nor the journal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Runs the real entry point (_entry.main: GC paused while loading, only the command run
# is built), then reports which heavy modules ended up loaded.
PROBE = """
import atexit, json, sys
heavy = ["questionary", "prompt_toolkit", "sqlite3", "sacromassage.journal.store",
         "sacromassage.session.flow", "sacromassage.questions", "rich.table", "rich.console",
         "tomllib"]
atexit.register(lambda: print("LOADED", json.dumps([m for m in heavy if m in sys.modules]),
                              file=sys.stderr))
sys.argv = ["sacromassage", *sys.argv[1:]]
from sacromassage._entry import main
main()
"""
ARGS = [
    "advise",
    "-d",
    "laxity",
    "-t",
    "gentle",
    "-p",
    "3",
    "-w",
    "self",
    "--no-red-flags",
    "--no-cautions",
]


def loaded(*args: str, cache: Path) -> list[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SACROMASSAGE_CACHE": str(cache)}
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stderr  # a usage error would load nothing at all
    line = next(x for x in result.stderr.splitlines() if x.startswith("LOADED "))
    names: list[str] = json.loads(line.removeprefix("LOADED "))
    return names


@pytest.mark.parametrize("fmt", ["json", "plain", "markdown", "rich"])
def test_flag_only_advise_never_loads_the_questionnaire_or_journal(
    fmt: str, tmp_path: Path
) -> None:
    names = loaded(*ARGS, "--format", fmt, cache=tmp_path)
    assert not {"questionary", "prompt_toolkit", "sacromassage.questions"} & set(names)
    assert not {"sqlite3", "sacromassage.journal.store", "sacromassage.session.flow"} & set(names)


def test_json_does_not_even_load_rich_and_the_cache_spares_tomllib(tmp_path: Path) -> None:
    loaded(*ARGS, "--format", "json", cache=tmp_path)  # the first run fills the cache
    names = loaded(*ARGS, "--format", "json", cache=tmp_path)
    assert "rich.table" not in names and "rich.console" not in names
    assert "tomllib" not in names


def test_building_only_the_running_command_keeps_help_and_suggestions(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SACROMASSAGE_CACHE": str(tmp_path)}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "sacromassage", *args],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )

    assert "Examples:" in run("advise", "--help").stdout
    top = run("--help").stdout
    assert all(name in top for name in ("advise", "steps", "session", "journal"))
    typo = run("advice")
    assert typo.returncode == 2 and "advise" in typo.stderr
