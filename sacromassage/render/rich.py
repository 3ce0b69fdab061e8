"""Calm rich panels for the terminal, and the same panels as plain characters for a file.

Panel bodies are wrapped here by ``render.text.wrap`` (hanging indents for lists and
steps, measured in terminal cells), and each panel is drawn here as rich segments: the
frame of ``rich.panel.Panel`` (rounded box, a bold title on the left of the top border,
one column of padding each side), the same characters and styles, without its general
machinery (padding, measuring and rendering the body twice over, title text layout).
Laying the panels out with rich tables, Text wrapping or even ``Panel`` looks the same
but takes several times longer, and this runs at every start of ``advise``.
"""

from __future__ import annotations

import io

from rich.box import ROUNDED
from rich.cells import cell_len, set_cell_size
from rich.console import Console, ConsoleOptions, Group, RenderResult
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
BOLD = Style(bold=True)
BULLET = "•"


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

    def segment_lines(self) -> list[list[Segment]]:
        styles = {
            name: Style.parse(name) if name else None
            for name in {style for line in self.lines for _, style in line}
        }
        return [[Segment(text, styles[style]) for text, style in line] for line in self.lines]


def _cells(text: str) -> int:
    """``cell_len``, knowing that the bullet takes one cell: rich would load its unicode
    width table (about a millisecond) for the bullet, the only character in a panel that
    its quick check for narrow text does not cover."""
    return cell_len(text.replace(BULLET, "")) + text.count(BULLET)


class _Panel:
    """One section framed as ``Panel(body, title=..., title_align="left", padding=(0, 1))``
    would frame it, at the full width it is given (as ``Panel`` expands)."""

    def __init__(self, title: str, body: _Body, border: str) -> None:
        self.title = title
        self.body = body
        self.border = border

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        inner = width - FRAME
        border = console.get_style(self.border)
        box = ROUNDED.substitute(options, safe=console.safe_box)
        new_line = Segment.line()
        if not self.title or inner <= 0:
            yield Segment(box.get_top([width - 2]), border)
        else:
            title = f" {self.title.replace(chr(10), ' ')} "
            excess = inner - cell_len(title)
            yield Segment(box.top_left + box.top, border)
            yield Segment(title if excess >= 0 else set_cell_size(title, inner), border + BOLD)
            if excess > 0:
                yield Segment(box.top * excess, border)
            yield Segment(box.top + box.top_right, border)
        yield new_line
        if inner >= 1:  # rich renders nothing into less than one column
            left = Segment(box.mid_left, border)
            right = Segment(box.mid_right, border)
            null = Style.null()
            space = Segment(" ", null)
            for line in self.body.segment_lines():
                used = sum(_cells(text) for text, _, _ in line)
                if used < inner:
                    line.append(Segment(" " * (inner - used), null))
                elif used > inner:  # wider than the panel (double-width text): cropped
                    line = Segment.adjust_line_length(line, inner, null)
                yield left
                yield space
                yield from line
                yield space
                yield right
                yield new_line
        yield Segment(box.get_bottom([width - 2]), border)
        yield new_line


def _section(section: Section, width: int) -> _Panel:
    body = _Body(width - FRAME)
    for paragraph in section.paragraphs:
        body.add(paragraph)
    for bullets in section.lists:
        if bullets.label:
            body.blank()
            body.add(bullets.label, style="bold")
        for item in bullets.items:
            body.add(item, f"{BULLET} ")
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
    return _Panel(section.title, body, BORDER[section.tone])


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
