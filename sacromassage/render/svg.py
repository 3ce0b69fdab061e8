"""Light, printable SVG pages: black text on white, no terminal window around it."""

from __future__ import annotations

from html import escape

from sacromassage.model import Step
from sacromassage.render.document import Document
from sacromassage.render.text import WIDTH, plain, wrap

FONT_SIZE = 13
LINE_HEIGHT = 18
# A monospaced character is about 0.6 of the font size wide.
CHAR_WIDTH = FONT_SIZE * 0.6
MARGIN = 24


def text_page(document: Document) -> str:
    """The document's plain text (80 columns) as an SVG page; headings in bold."""
    raw = plain(document).splitlines()
    lines: list[tuple[str, bool]] = []
    for number, line in enumerate(raw):
        following = raw[number + 1] if number + 1 < len(raw) else ""
        if line and set(line) <= {"-", "="}:
            continue  # the underline of the heading above: bold says it instead
        lines.append((line, bool(following) and set(following) <= {"-", "="}))
    width = round(WIDTH * CHAR_WIDTH + 2 * MARGIN)
    height = len(lines) * LINE_HEIGHT + 2 * MARGIN
    rows = []
    for number, (line, heading) in enumerate(lines):
        if not line.strip():
            continue
        y = MARGIN + (number + 1) * LINE_HEIGHT - 4
        weight = ' font-weight="bold"' if heading else ""
        rows.append(f'<text x="{MARGIN}" y="{y}"{weight}>{escape(line, quote=False)}</text>')
    return (
        "\n".join(
            [
                f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
                f'viewBox="0 0 {width} {height}" role="img">',
                f"<title>{escape(document.title, quote=False)}</title>",
                f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
                f'<g font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" '
                f'font-size="{FONT_SIZE}" fill="#000000" xml:space="preserve">',
                *rows,
                "</g>",
                "</svg>",
            ]
        )
        + "\n"
    )


LEGEND = (
    "Numbers: the steps, on the area each one works.",
    "Green: work here. Red, dashed: never press there.",
    "Dark marks: bones to find your way by (dimples, top of the pelvis, hip points).",
)
NUMBER_GAP = 19
PER_ROW = 4


def numbered_drawing(steps: tuple[Step, ...]) -> str:
    """The body map (data/body-map.svg) with each step's number on its zone."""
    from xml.etree import ElementTree

    from sacromassage.guide.knowledge import map_drawing

    drawing = map_drawing()
    root = ElementTree.fromstring(drawing)
    anchors = {
        group.get("id"): (
            float(group.get("data-x") or 0),
            float(group.get("data-y") or 0),
            int(group.get("data-per-row") or PER_ROW),
        )
        for group in root.iter("{http://www.w3.org/2000/svg}g")
        if group.get("class") == "work"
    }
    by_zone: dict[str, list[int]] = {}
    for step in steps:
        if step.zone in anchors:
            by_zone.setdefault(step.zone, []).append(step.number)
    marks = []
    for zone, numbers in by_zone.items():
        x0, y0, per_row = anchors[zone]
        rows = [numbers[i : i + per_row] for i in range(0, len(numbers), per_row)]
        for row_number, row in enumerate(rows):
            y = y0 + (row_number - (len(rows) - 1) / 2) * NUMBER_GAP
            for place, number in enumerate(row):
                x = x0 + (place - (len(row) - 1) / 2) * NUMBER_GAP
                marks.append(
                    f'<circle cx="{x:g}" cy="{y:g}" r="8.5" fill="#ffffff" stroke="#000000" '
                    f'stroke-width="1.5"/><text x="{x:g}" y="{y + 3.8:g}" '
                    f'text-anchor="middle">{number}</text>'
                )
    numbers_layer = (
        '<g id="step-numbers" font-family="sans-serif" font-size="11" '
        f'font-weight="bold" fill="#000000">{"".join(marks)}</g>\n'
    )
    end = drawing.rindex("</svg>")
    return drawing[:end] + numbers_layer + drawing[end:]


def map_page(document: Document, steps: tuple[Step, ...]) -> str:
    """A printable page: the numbered body map, a legend, then each step's number and title."""
    map_width, map_height = 480, 360
    lines = [*LEGEND, ""]
    for step in steps:
        lines += wrap(f"{step.number}. {step.title}", rest="    ", width=64)
    height = map_height + len(lines) * LINE_HEIGHT + MARGIN
    rows = [
        f'<text x="{MARGIN}" y="{map_height + (number + 1) * LINE_HEIGHT}">'
        f"{escape(line, quote=False)}</text>"
        for number, line in enumerate(lines)
        if line
    ]
    inner = numbered_drawing(steps)
    return (
        "\n".join(
            [
                f'<svg xmlns="http://www.w3.org/2000/svg" width="{map_width}" height="{height}" '
                f'viewBox="0 0 {map_width} {height}" role="img">',
                f"<title>{escape(document.title, quote=False)}: where to press</title>",
                f'<rect width="{map_width}" height="{height}" fill="#ffffff"/>',
                inner.rstrip("\n"),
                '<g font-family="sans-serif" font-size="12" fill="#000000" xml:space="preserve">',
                *rows,
                "</g>",
                "</svg>",
            ]
        )
        + "\n"
    )


def document_steps(document: Document) -> tuple[Step, ...]:
    """Every step the document shows (a plan or routine has them in one section)."""
    return tuple(step for section in document.sections for step in section.steps)
