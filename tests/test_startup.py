"""Start-up stays lean: a flag-only advise imports neither questionary nor the journal."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console, ConsoleOptions, RenderResult
from rich.panel import Panel
from rich.segment import Segment
from rich.text import Text

from sacromassage.guide.engine import plan
from sacromassage.guide.knowledge import Knowledge
from sacromassage.model import Answers, Diagnosis, Helper, Tolerance, Tool
from sacromassage.render import rich as rich_render
from sacromassage.render.document import Bullets, Document, Section, Tone, plan_document

ROOT = Path(__file__).resolve().parent.parent
# Runs the real entry point (_entry.main: GC paused while loading, only the command run
# is built), then reports which heavy modules ended up loaded.
PROBE = """
import atexit, json, sys
heavy = ["questionary", "prompt_toolkit", "sqlite3", "sacromassage.journal.store",
         "sacromassage.session.flow", "sacromassage.questions", "rich.table", "rich.console",
         "tomllib", "sacromassage.cli.journal", "sacromassage.cli.journal_report",
         "sacromassage.cli.journal_entries", "sacromassage.cli.journal_views"]
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
    assert not [name for name in names if name.startswith("sacromassage.cli.journal")]


def test_a_journal_command_loads_only_its_own_module(tmp_path: Path) -> None:
    names = loaded("journal", "path", cache=tmp_path)
    assert "sacromassage.cli.journal_entries" in names
    assert not {"sacromassage.cli.journal_report", "sacromassage.cli.journal_views"} & set(names)


def test_json_does_not_even_load_rich_and_the_cache_spares_tomllib(tmp_path: Path) -> None:
    loaded(*ARGS, "--format", "json", cache=tmp_path)  # the first run fills the cache
    names = loaded(*ARGS, "--format", "json", cache=tmp_path)
    assert "rich.table" not in names and "rich.console" not in names
    assert "tomllib" not in names


GC_PROBE = """
import atexit, gc, sys
collections = []
gc.callbacks.append(lambda phase, info: phase == "stop" and collections.append(info))
atexit.register(lambda: print("COLLECTIONS", len(collections), file=sys.stderr))
sys.argv = ["sacromassage", *sys.argv[1:]]
from sacromassage._entry import main
main()
"""


def test_a_flag_only_advise_ends_before_the_first_garbage_collection(tmp_path: Path) -> None:
    """_entry.py raises the collector's threshold so a short command never pays for it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SACROMASSAGE_CACHE": str(tmp_path)}
    # Compiling a module allocates a lot, so the first run writes the .pyc files (as pip
    # does on install) and the knowledge cache; the second is what every later start is.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    for _ in range(2):
        result = subprocess.run(
            [sys.executable, "-c", GC_PROBE, *ARGS, "--format", "rich"],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
    assert result.returncode == 0, result.stderr
    assert "COLLECTIONS 0" in result.stderr.splitlines()


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


class _Lines:
    """A panel body as rich's own ``Panel`` would receive it."""

    def __init__(self, segments: list[Segment]) -> None:
        self.segments = segments

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from self.segments


def _as_rich_would(section: Section, width: int) -> Panel:
    drawn = rich_render._section(section, width)
    return Panel(
        _Lines([part for line in drawn.body.segment_lines() for part in (*line, Segment.line())]),
        title=Text(section.title, style="bold"),
        title_align="left",
        border_style=rich_render.BORDER[section.tone],
        padding=(0, 1),
    )


ODD = Document(
    "odd",
    (
        Section("x" * 120, Tone.DANGER, ("a long title is cut at the frame " * 4,)),
        Section("日本語", Tone.QUIET, ("二倍幅の文字は枠を越えれば切られる。" * 6,)),
        Section("", Tone.CALM, closing=("no title",)),
        Section("line\nbreak", Tone.WARNING, lists=(Bullets("label", ("é" * 30,)),)),
    ),
)


@pytest.mark.parametrize("encoding", ["utf-8", "ascii"])
@pytest.mark.parametrize("colours", [None, "standard", "truecolor"])
def test_panels_drawn_by_hand_are_what_rich_panel_draws(
    colours: str | None, encoding: str, knowledge: Knowledge
) -> None:
    """render/rich.py frames panels itself (rich's Panel costs milliseconds at start-up);
    every byte must match what ``rich.panel.Panel`` gives, at any width and colouring."""
    answers = Answers(
        diagnosis=Diagnosis.SOFT_TISSUE,
        tolerance=Tolerance.MODERATE,
        pain=4,
        helper=Helper.SELF,
        red_flags=frozenset(),
        cautions=frozenset(),
        tools=frozenset({Tool.BALL}),
    )
    documents = [plan_document(plan(answers, knowledge)), ODD]
    for width in (1, 4, 5, 6, 11, 24, 80, 123):
        for document in documents:
            drawn, expected = (
                Console(
                    file=io.TextIOWrapper(io.BytesIO(), encoding=encoding, errors="replace"),
                    width=width,
                    color_system=colours,  # type: ignore[arg-type]
                    force_terminal=colours is not None,
                    highlight=False,
                    legacy_windows=False,
                )
                for _ in range(2)
            )
            for section in document.sections:
                drawn.print(rich_render._section(section, width), crop=False)
                expected.print(_as_rich_would(section, width), crop=False)
            for console in (drawn, expected):
                console.file.flush()
            assert drawn.file.buffer.getvalue() == expected.file.buffer.getvalue(), width  # type: ignore[attr-defined]
