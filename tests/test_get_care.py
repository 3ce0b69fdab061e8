"""A red flag: the advice is short and final, and what to do stays on the screen.

With any red flag the text output has no routine, no massage tips and no "later" panel.
At 80 columns one red flag takes at most 20 lines in rich and plain, and the last lines
say what to do and how soon.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pexpect
import pyte
import pytest
from rich.console import Console

from sacromassage.guide.engine import plan
from sacromassage.model import Answers, OutputFormat, RedFlag, When
from sacromassage.render import render
from sacromassage.render.document import plan_document
from sacromassage.render.rich import print_document
from tests.conftest import KNOWLEDGE

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 20
MASSAGE_WORDS = (
    "your routine",
    "pressure ceiling",
    "later, once",
    "no pain, no gain",
    "stop any massage if",
)


def rich_text(flags: frozenset[RedFlag], width: int = 80) -> str:
    console = Console(file=io.StringIO(), width=width, color_system=None, highlight=False)
    print_document(plan_document(plan(Answers(red_flags=flags), KNOWLEDGE)), console)
    assert isinstance(console.file, io.StringIO)
    return console.file.getvalue()


def plain_text(flags: frozenset[RedFlag]) -> str:
    return render(plan_document(plan(Answers(red_flags=flags), KNOWLEDGE)), OutputFormat.PLAIN)


@pytest.mark.parametrize("flag", list(RedFlag))
@pytest.mark.parametrize("draw", [rich_text, plain_text])
def test_one_red_flag_fits_twenty_lines_and_ends_with_what_to_do(
    flag: RedFlag, draw: object
) -> None:
    assert callable(draw)
    text: str = draw(frozenset({flag}))
    lines = text.rstrip("\n").splitlines()
    assert len(lines) <= MAX_LINES, text
    info = KNOWLEDGE.red_flags[flag]
    how_soon = KNOWLEDGE.when[info.when]
    tail = " ".join(" ".join(line.strip(" │╭╮╰╯─") for line in lines[-6:]).split())
    assert how_soon.label in tail
    assert " ".join(how_soon.action.split())[:40] in tail
    if info.when is When.NOW:
        assert "999" in tail and "911" in tail and "112" in tail
    lowered = text.lower()
    assert not any(word in lowered for word in MASSAGE_WORDS), text


@pytest.mark.parametrize("fmt", [OutputFormat.MARKDOWN, OutputFormat.HTML])
def test_other_text_formats_carry_no_massage_either(fmt: OutputFormat) -> None:
    text = render(
        plan_document(plan(Answers(red_flags=frozenset({RedFlag.FEVER})), KNOWLEDGE)), fmt
    ).lower()
    assert KNOWLEDGE.when[When.TODAY].label.lower() in text
    assert not any(word in text for word in MASSAGE_WORDS)


@pytest.mark.pty
def test_a_red_flag_answered_in_a_small_terminal_leaves_what_to_do_on_screen() -> None:
    columns, rows = 80, 24
    env = {
        **os.environ,
        "COLUMNS": str(columns),
        "LINES": str(rows),
        "TERM": "xterm",
        "NO_COLOR": "1",
        "PYTHONPATH": str(ROOT),
        "PROMPT_TOOLKIT_NO_CPR": "1",
    }
    child = pexpect.spawn(
        sys.executable,
        ["-m", "sacromassage", "advise"],
        env=env,
        encoding="utf-8",
        timeout=20,
        dimensions=(rows, columns),
    )
    screen = pyte.Screen(columns, rows)
    stream = pyte.Stream(screen)
    child.expect("Safety first")
    stream.feed(child.before + child.after)
    child.send(" \r")  # tick the first warning sign (numb saddle area) and confirm
    child.expect(pexpect.EOF)
    stream.feed(child.before)
    child.close()
    assert child.exitstatus == 0
    shown = "\n".join(screen.display)
    flat = " ".join(shown.translate({ord(c): " " for c in "│╭╮╰╯─"}).split()).lower()
    assert "get care" in flat, shown
    assert KNOWLEDGE.when[When.NOW].label.lower() in flat, shown
    assert "999" in flat and "emergency department" in flat, shown
