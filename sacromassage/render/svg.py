"""Light, printable SVG pages: black text on white, no terminal window around it."""

from __future__ import annotations

from html import escape

from sacromassage.render.document import Document
from sacromassage.render.text import WIDTH, plain

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
    return "\n".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img">',
        f"<title>{escape(document.title, quote=False)}</title>",
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        f'<g font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" '
        f'font-size="{FONT_SIZE}" fill="#000000" xml:space="preserve">',
        *rows,
        "</g>",
        "</svg>",
    ]) + "\n"
