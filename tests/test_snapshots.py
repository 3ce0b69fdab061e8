"""Whole-output snapshots of the rich and plain renderers at pinned widths, no colour.

To accept an intended change, run ``SACROMASSAGE_UPDATE_SNAPSHOTS=1 pytest
tests/test_snapshots.py`` and read the diff of tests/snapshots/ before committing.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from rich.console import Console

from sacromassage.guide.engine import plan
from sacromassage.guide.knowledge import Knowledge
from sacromassage.model import (
    Answers,
    Caution,
    Diagnosis,
    Factor,
    Helper,
    OutputFormat,
    RedFlag,
    Tolerance,
    Tool,
)
from sacromassage.render import render
from sacromassage.render.document import plan_document
from sacromassage.render.rich import print_document

SNAPSHOTS = Path(__file__).parent / "snapshots"
CASES = {
    "self-ball-clear": Answers(
        diagnosis=Diagnosis.SOFT_TISSUE,
        tolerance=Tolerance.MODERATE,
        pain=4,
        helper=Helper.SELF,
        red_flags=frozenset(),
        cautions=frozenset(),
        tools=frozenset({Tool.BALL}),
    ),
    "partner-pregnant": Answers(
        diagnosis=Diagnosis.PREGNANCY_RELATED,
        tolerance=Tolerance.GENTLE,
        pain=5,
        helper=Helper.PARTNER,
        red_flags=frozenset(),
        cautions=frozenset({Caution.PREGNANT}),
        factors=frozenset({Factor.REPEATED_PREGNANCIES}),
        minutes=15,
    ),
    "therapist-inflammatory": Answers(
        diagnosis=Diagnosis.ANKYLOSING_SPONDYLITIS,
        tolerance=Tolerance.FIRM,
        pain=8,
        helper=Helper.THERAPIST,
        red_flags=frozenset(),
        cautions=frozenset(),
    ),
    "emergency": Answers(red_flags=frozenset({RedFlag.BLADDER_BOWEL, RedFlag.FEVER})),
}


def check(name: str, actual: str) -> None:
    path = SNAPSHOTS / f"{name}.txt"
    if os.environ.get("SACROMASSAGE_UPDATE_SNAPSHOTS"):
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"no snapshot {path.name}: run with SACROMASSAGE_UPDATE_SNAPSHOTS=1"
    assert actual == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("case", sorted(CASES))
def test_rich_snapshot(case: str, width: int, knowledge: Knowledge) -> None:
    console = Console(
        file=io.StringIO(),
        width=width,
        color_system=None,
        highlight=False,
        legacy_windows=False,
        force_terminal=False,
    )
    print_document(plan_document(plan(CASES[case], knowledge)), console)
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert all(len(line) <= width for line in text.splitlines())
    check(f"rich-{width}-{case}", text)


@pytest.mark.parametrize("case", sorted(CASES))
def test_plain_snapshot(case: str, knowledge: Knowledge) -> None:
    text = render(plan_document(plan(CASES[case], knowledge)), OutputFormat.PLAIN)
    assert all(len(line) <= 80 for line in text.splitlines())
    check(f"plain-{case}", text)
