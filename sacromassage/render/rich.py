"""Calm rich panels for the terminal, and the same panels as plain characters for a file.

Panel bodies are wrapped here by ``render.text.wrap`` (hanging indents for lists and
steps, measured in terminal cells) and handed to rich as ready, styled lines that it only
frames: laying them out with rich tables or Text wrapping looks the same but takes
several times longer, and this runs at every start of ``advise``.
"""

from __future__ import annotations

import io

from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.panel import Panel
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from sacromassage.render.document import Document, Section, Tone, step_facts
from sacromassage.render.text import wrap

BORDER = {
    Tone.DANGER: "red",
    Tone.WARNING: "yellow",
    Tone.INFO: "cyan",
    Tone.CALM: "green",
    Tone.QUIET: "bright_black",
}
# A panel's border and padding take two columns on each side.
FRAME = 4


class _Body:
    """A panel's lines, already wrapped; each line is a list of (text, style) pieces."""

    def __init__(self, width: int) -> None:
        self.width = max(20, width)
        self.lines: list[list[tuple[str, str]]] = []

    def blank(self) -> None:
        if self.lines:
            self.lines.append([])

    def add(
        self,
        words: str,
        first: str = "",
        rest: str | None = None,
        style: str = "",
        label_style: str = "",
    ) -> None:
        for number, line in enumerate(wrap(words, first, rest, self.width)):
            if number == 0 and first and label_style:
                self.lines.append([(line[: len(first)], label_style), (line[len(first) :], style)])
            else:
                self.lines.append([(line, style)])

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        styles = {
            name: Style.parse(name) if name else None
            for name in {style for line in self.lines for _, style in line}
        }
        for line in self.lines:
            for text, style in line:
                yield Segment(text, styles[style])
            yield Segment.line()


def _section(section: Section, width: int) -> Panel:
    body = _Body(width - FRAME)
    for paragraph in section.paragraphs:
        body.add(paragraph)
    for bullets in section.lists:
        if bullets.label:
            body.blank()
            body.add(bullets.label, style="bold")
        for item in bullets.items:
            body.add(item, "• ")
    for step in section.steps:
        body.blank()
        body.add(f"{step.number}. {step.title}", style="bold")
        for label, text in step_facts(step):
            body.add(text, f"{label:<6}", label_style="dim")
        for instruction in step.instructions:
            body.add(instruction, "      - ")
    if section.terms:
        key_width = min(max(len(key) for key, _ in section.terms), 24)
        for key, meaning in section.terms:
            body.add(meaning, f"{key.ljust(key_width)}  ", label_style="bold")
    if section.closing:
        body.blank()
    for paragraph in section.closing:
        body.add(paragraph, style="italic")
    return Panel(
        body,
        title=Text(section.title, style="bold"),
        title_align="left",
        border_style=BORDER[section.tone],
        padding=(0, 1),
    )


def print_document(document: Document, console: Console) -> None:
    """One panel per section, under a bold title line, at the console's width."""
    panels = [_section(section, console.width) for section in document.sections]
    footer = [Text(document.footer, style="dim")] if document.footer else []
    console.print(Group(Text(document.title, style="bold"), *panels, *footer))


def to_text(document: Document, width: int = 80) -> str:
    """The panels as plain characters (no colour codes), for ``--format rich -o FILE``."""
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        color_system=None,
        highlight=False,
        force_terminal=False,
        legacy_windows=False,
    )
    print_document(document, console)
    return buffer.getvalue()
