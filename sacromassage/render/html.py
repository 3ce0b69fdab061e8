"""A printable HTML5 handout: semantic markup, one embedded stylesheet, no script.

Readable on a phone (nothing has a fixed width; long addresses wrap) and on paper
(black on white, no step split across a page). Nothing is fetched: the only addresses
are links to the sources, which a reader may follow.
"""

from __future__ import annotations

from html import escape

from sacromassage.model import Source, Step
from sacromassage.render.document import Document, Section, step_facts

STYLE = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; padding: 1rem; background: #fff; color: #111;
       font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 44rem; margin: 0 auto; }
h1, h2, h3, p, li, dt, dd, a { overflow-wrap: anywhere; }
h1 { font-size: 1.5rem; line-height: 1.25; margin: 0 0 1rem; }
h2 { font-size: 1.2rem; line-height: 1.3; margin: 0 0 .5rem; }
h3 { font-size: 1.05rem; margin: 0 0 .25rem; }
section { border-left: .3rem solid #2a6fb0; padding: .1rem 0 .1rem .8rem; margin: 1.5rem 0; }
section.danger { border-color: #b3261e; }
section.warning { border-color: #b26a00; }
section.calm { border-color: #2e7d32; }
section.quiet { border-color: #888; font-size: .9rem; }
p { margin: .4rem 0; }
ul, ol { padding-left: 1.4rem; margin: .4rem 0; }
ol.steps { padding-left: 1.8rem; }
ol.steps > li { margin: 1rem 0; break-inside: avoid; page-break-inside: avoid; }
dl.facts { margin: .25rem 0; }
dl.facts dt { font-weight: 600; float: left; clear: left; margin-right: .4rem; }
dl.facts dd { margin: 0 0 .1rem; }
dl.terms dt { font-weight: 600; margin-top: .5rem; }
dl.terms dd { margin: 0 0 .25rem 1rem; }
.closing { font-style: italic; }
figure { margin: 1rem 0; break-inside: avoid; page-break-inside: avoid; }
figure svg { display: block; width: 100%; max-width: 30rem; height: auto; }
figcaption { font-size: .9rem; }
a { color: #0b4f8a; }
@page { size: auto; margin: 12mm; }
@media print {
  body { padding: 0; font-size: 9pt; line-height: 1.3; color: #000; background: #fff; }
  main { max-width: none; }
  h1 { font-size: 14pt; margin-bottom: 4pt; }
  h2 { font-size: 11pt; }
  h3 { font-size: 9.5pt; }
  section { border-left: 1.5pt solid #000; margin: 6pt 0; padding-left: 6pt; }
  section.quiet { border-left-style: dotted; font-size: 8pt; }
  p, ul, ol { margin: 2pt 0; }
  ol.steps > li { margin: 4pt 0; }
  a { color: #000; text-decoration: none; }
  h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
  li, p { orphans: 3; widows: 3; }
  figure svg { max-width: 9cm; }
}
""".strip()


def html(document: Document, figure: str = "") -> str:
    """The document as a standalone HTML5 page; ``figure`` (trusted SVG markup with its
    caption, made by this package) goes just before the routine's steps."""
    parts = []
    for section in document.sections:
        parts += _section(section, figure if section.steps else "")
    return page(document.title, parts)


def page(title: str, body: list[str], style: str = STYLE) -> str:
    """A standalone HTML5 page: ``title`` as its title and first heading, then ``body``
    (trusted markup) in ``<main>``, with one embedded stylesheet and no script."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>\n{style}\n</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{escape(title)}</h1>",
        *body,
        "</main>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def figure(drawing: str) -> str:
    """The numbered body map with a caption saying how to read it."""
    caption = (
        "Where each step is done: the numbers are the steps below. Green: work here. "
        "Red, dashed: never press there. Dark marks: bones to find your way by."
    )
    return f"<figure>\n{drawing.strip()}\n<figcaption>{escape(caption)}</figcaption>\n</figure>"


def _section(section: Section, figure: str) -> list[str]:
    parts = [f'<section class="{section.tone.value}">', f"<h2>{escape(section.title)}</h2>"]
    parts += [f"<p>{escape(paragraph)}</p>" for paragraph in section.paragraphs]
    for bullets in section.lists:
        if bullets.label:
            parts.append(f"<p><strong>{escape(bullets.label)}</strong></p>")
        parts.append("<ul>")
        parts += [f"<li>{escape(item)}</li>" for item in bullets.items]
        parts.append("</ul>")
    if section.steps:
        if figure:
            parts.append(figure)
        parts.append('<ol class="steps">')
        parts += [_step(step) for step in section.steps]
        parts.append("</ol>")
    if section.cited:
        parts.append("<ul>")
        parts += [f"<li>{_source(source)}</li>" for source in section.cited]
        parts.append("</ul>")
    elif section.terms:
        parts.append('<dl class="terms">')
        for term, meaning in section.terms:
            parts.append(f"<dt>{escape(term)}</dt><dd>{escape(meaning)}</dd>")
        parts.append("</dl>")
    parts += [f'<p class="closing">{escape(paragraph)}</p>' for paragraph in section.closing]
    parts.append("</section>")
    return parts


def _step(step: Step) -> str:
    facts = "".join(
        f"<dt>{escape(label)}:</dt><dd>{escape(text)}</dd>" for label, text in step_facts(step)
    )
    instructions = "".join(f"<li>{escape(text)}</li>" for text in step.instructions)
    return (
        f'<li id="step-{step.number}" value="{step.number}">'
        f"<h3>{escape(step.title)}</h3>"
        f'<dl class="facts">{facts}</dl><ul>{instructions}</ul></li>'
    )


def _source(source: Source) -> str:
    """A source by its title and year, linked where it has an address (never its key)."""
    text = f"{escape(source.title)} ({source.year})"
    where = source.url or (f"https://doi.org/{source.doi}" if source.doi else "")
    if not where:
        return text
    return f'{text} <a href="{escape(where)}">{escape(where)}</a>'
