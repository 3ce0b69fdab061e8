"""Plain text and Markdown: no colour, no box drawing, stable bytes for scripts and files."""

from __future__ import annotations

import re
from collections.abc import Callable

from sacromassage.render.document import Document, Section, step_facts

WIDTH = 80
# textwrap's chunks: runs of ASCII white space, and the words between them.
_SPACES = re.compile(r"([\t\n\x0b\x0c\r ]+)")


def wrap(text: str, first: str = "", rest: str | None = None, width: int = WIDTH) -> list[str]:
    """Wrap ``text`` to ``width`` terminal cells after a first-line prefix, hanging under
    it by default.

    The lines are textwrap's (``break_on_hyphens=False``) but measured in cells, not code
    points: a double-width word (痛み) takes two columns a character, so no line is wider
    than the panel that frames it, and no word is cut off.
    """
    cell_len = _cells(text + first + (rest or ""))
    # re.split with a group: the runs of space stand at the odd places.
    parts = _SPACES.split(text.expandtabs())
    chunks = [" " * len(part) if index % 2 else part for index, part in enumerate(parts) if part]
    chunks.reverse()
    lines: list[str] = []
    while chunks:
        indent = first if not lines else (" " * cell_len(first) if rest is None else rest)
        room = width - cell_len(indent)
        if lines and not chunks[-1].strip():
            chunks.pop()  # a line never starts with the space that ended the last one
        line: list[str] = []
        used = 0
        while chunks:
            size = cell_len(chunks[-1])
            if used + size > room:
                break
            used += size
            line.append(chunks.pop())
        if chunks and cell_len(chunks[-1]) > room:
            # A word wider than a line: as much of it as fits (one character at least).
            word = chunks[-1]
            fits = _fitting(word, 1 if room < 1 else room - used, cell_len)
            head = fits or ("" if line else word[:1])
            line.append(head)
            chunks[-1] = word[len(head) :]
            if not chunks[-1]:
                chunks.pop()  # all of it fitted (textwrap would loop on an empty rest)
        if line and not line[-1].strip():
            line.pop()
        if line:
            lines.append(indent + "".join(line))
    return lines or [first.rstrip()]


def _cells(text: str) -> Callable[[str], int]:
    """How to count the cells ``text`` takes on a terminal: ASCII is one a character, so
    plain text, HTML and SVG load rich only for other text."""
    if text.isascii():
        return len
    from rich.cells import cell_len

    def count(chunk: str) -> int:
        return len(chunk) if chunk.isascii() else cell_len(chunk)

    return count


def _fitting(word: str, cells: int, cell_len: Callable[[str], int]) -> str:
    """The longest start of ``word`` that takes at most ``cells`` cells."""
    used = 0
    for index, char in enumerate(word):
        used += cell_len(char)
        if used > cells:
            return word[:index]
    return word


def _plain_section(section: Section) -> list[str]:
    lines = [section.title, "-" * min(len(section.title), WIDTH)]
    for paragraph in section.paragraphs:
        lines += [*wrap(paragraph), ""]
    for bullets in section.lists:
        if bullets.label:
            lines.append(bullets.label)
        for item in bullets.items:
            lines += wrap(item, "  - ")
        lines.append("")
    for step in section.steps:
        # Details line up under the title, however many digits the step number has.
        indent = " " * len(f"{step.number}. ")
        lines += wrap(f"{step.number}. {step.title}", rest=indent)
        for label, text in step_facts(step):
            lines += wrap(text, f"{indent}{label + ':':<7}", indent + " " * 7)
        for instruction in step.instructions:
            lines += wrap(instruction, f"{indent}  - ")
        lines.append("")
    if section.terms:
        key_width = min(max(len(key) for key, _ in section.terms), 24)
        for key, meaning in section.terms:
            lines += wrap(meaning, f"  {key.ljust(key_width)}  ", " " * (key_width + 4))
        lines.append("")
    for paragraph in section.closing:
        lines += [*wrap(paragraph), ""]
    if lines[-1] != "":
        lines.append("")
    return lines


def plain(document: Document) -> str:
    """Plain text wrapped at 80 columns: headings underlined, lists with dashes."""
    lines = [document.title, "=" * len(document.title), ""]
    for section in document.sections:
        lines += _plain_section(section)
    if document.footer:
        lines += wrap(document.footer)
    return "\n".join(lines).rstrip("\n") + "\n"


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|")


def markdown(document: Document) -> str:
    """GitHub-flavoured Markdown, suitable for a handout or a note to a clinician."""
    lines = [f"# {document.title}", ""]
    for section in document.sections:
        lines += [f"## {section.title}", ""]
        for paragraph in section.paragraphs:
            lines += [paragraph, ""]
        for bullets in section.lists:
            if bullets.label:
                lines += [bullets.label, ""]
            lines += [f"- {item}" for item in bullets.items]
            lines.append("")
        for step in section.steps:
            lines += [f"### {step.number}. {step.title}", ""]
            lines += [f"- **{label}:** {text}" for label, text in step_facts(step)]
            lines.append("")
            lines += [f"{n}. {text}" for n, text in enumerate(step.instructions, start=1)]
            lines.append("")
        if section.terms:
            lines += ["| key | meaning |", "| --- | --- |"]
            lines += [f"| `{key}` | {_md_escape(text)} |" for key, text in section.terms]
            lines.append("")
        for paragraph in section.closing:
            lines += [f"_{paragraph}_", ""]  # closing notes are set apart, as in rich
    if document.footer:
        lines += [f"_{document.footer}_", ""]
    return "\n".join(lines).rstrip("\n") + "\n"
