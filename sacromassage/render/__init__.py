"""Renderers: lay out a plan (or a listing) as rich, plain, markdown, json, html or svg.

``document`` turns what the engine decided into titled sections; each renderer only
formats those sections. Rich is imported only by the renderers that draw with it.
"""

from __future__ import annotations

from sacromassage.model import OutputFormat
from sacromassage.render.document import Document

# HTML and SVG are pictures of the rich output at this fixed width, so the same
# answers always give the same bytes.
EXPORT_WIDTH = 100


def render(document: Document, fmt: OutputFormat) -> str:
    """Render a document (not JSON: that is made from the plan itself) to text."""
    if fmt is OutputFormat.PLAIN:
        from sacromassage.render.text import plain

        return plain(document)
    if fmt is OutputFormat.MARKDOWN:
        from sacromassage.render.text import markdown

        return markdown(document)
    from sacromassage.render import rich as rich_render

    if fmt is OutputFormat.HTML:
        return rich_render.export(document, EXPORT_WIDTH, svg=False)
    if fmt is OutputFormat.SVG:
        return rich_render.export(document, EXPORT_WIDTH, svg=True)
    raise ValueError(f"render() does not draw {fmt}; use the rich console or json")
