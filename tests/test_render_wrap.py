"""Pre-wrapped text is measured in terminal cells: double-width words are never cut off."""

from __future__ import annotations

import io
import re
import string
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console

from sacromassage.render.document import Bullets, Document, Section, Tone
from sacromassage.render.rich import print_document
from sacromassage.render.text import plain, wrap

# Japanese words (two cells a character), an emoji and plain words, mixed.
WORDS = [f"痛み{n}" for n in range(12)] + ["🙂ok", "腰", "仙腸関節の痛みが強い時は休む", "rest"]
TEXT = " ".join(WORDS)
DOCUMENT = Document(
    title="痛みのガイド",
    sections=(
        Section(
            title="仙腸関節",
            tone=Tone.INFO,
            paragraphs=(TEXT,),
            lists=(Bullets("", (TEXT,)),),
            closing=(TEXT,),
        ),
    ),
)


def words_in(text: str) -> list[str]:
    return re.findall(r"[^\s│╭╮╰╯─•]+", text)


@pytest.mark.parametrize("width", [24, 30, 41, 80])
def test_every_double_width_word_reaches_the_screen_whole(width: int) -> None:
    buffer = io.StringIO()
    print_document(DOCUMENT, Console(file=buffer, width=width, color_system=None))
    shown = buffer.getvalue()
    found = words_in(shown)
    for word in WORDS:
        if cell_len(word) <= width - 6:  # a word wider than a panel line is split, not lost
            assert found.count(word) == 3, (word, shown)
    assert "".join(found).count("仙腸関節の痛みが強い時は休む") == 3
    assert all(cell_len(line) <= width for line in shown.splitlines())


@pytest.mark.parametrize("width", [4, 5, 7, 20])
def test_wrap_never_makes_a_line_wider_than_asked_nor_drops_a_character(width: int) -> None:
    lines = wrap(TEXT, "• ", width=width)
    assert "".join(lines).replace("•", "").replace(" ", "") == TEXT.replace(" ", "")
    assert all(cell_len(line) <= width for line in lines)


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet=string.ascii_letters + "  \t\n-.,", max_size=200),
    first=st.sampled_from(["", "  - ", "label ", "12. "]),
    rest=st.sampled_from([None, "", "    "]),
    width=st.integers(min_value=8, max_value=80),
)
def test_ascii_wraps_as_textwrap_did(text: str, first: str, rest: str | None, width: int) -> None:
    hanging = " " * len(first) if rest is None else rest
    expected = textwrap.wrap(
        text, width, initial_indent=first, subsequent_indent=hanging, break_on_hyphens=False
    ) or [first.rstrip()]
    assert wrap(text, first, rest, width) == expected


def test_plain_text_keeps_every_word() -> None:
    assert words_in(plain(DOCUMENT)).count("痛み11") == 3
