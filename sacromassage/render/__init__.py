"""Renderers: lay out a plan (or a listing) as rich, plain, markdown, json, html or svg.

``document`` turns what the engine decided into titled sections; each renderer only
formats those sections. Rich is imported only by the renderers that draw with it; the
HTML handout and the SVG pages use the standard library alone.
"""

from __future__ import annotations

from sacromassage.model import OutputFormat
from sacromassage.render.document import Document


def render(document: Document, fmt: OutputFormat) -> str:
    """Render a document (not JSON: that is made from the plan itself) to text."""
    if fmt is OutputFormat.PLAIN:
        from sacromassage.render.text import plain

        return plain(document)
    if fmt is OutputFormat.MARKDOWN:
        from sacromassage.render.text import markdown

        return markdown(document)
    if fmt not in (OutputFormat.HTML, OutputFormat.SVG):
        raise ValueError(f"render() does not draw {fmt}; use the rich console or json")
    from sacromassage.render import svg

    # A routine is shown on the body map, numbered; anything else is text alone.
    steps = svg.document_steps(document)
    if fmt is OutputFormat.HTML:
        from sacromassage.render.html import figure, html

        return html(document, figure(svg.numbered_drawing(steps)) if steps else "")
    return svg.map_page(document, steps) if steps else svg.text_page(document)
