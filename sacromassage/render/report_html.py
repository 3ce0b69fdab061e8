"""The clinician report as one HTML5 page: the handout's stylesheet, tables, and the
weekly trend as an inline SVG chart. No script and nothing fetched; every text that
may come from a file (keys) is escaped. Prints on two pages; no sideways scrolling on
a 390-pixel phone."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape
from math import ceil
from typing import Final

from sacromassage.render.html import STYLE, page
from sacromassage.render.journal import layers
from sacromassage.render.report import (
    CHECK_IN_HEADERS,
    GROUP_HEADERS,
    PRINTED_CHECK_INS,
    Report,
    check_in_rows,
    group_rows,
)

REPORT_STYLE: Final = (
    STYLE
    + """
.period { color: #444; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; margin: .4rem 0; }
th, td { text-align: left; vertical-align: top; padding: .15rem .5rem .15rem 0;
         border-bottom: 1px solid #ccc; overflow-wrap: anywhere; }
td:first-child, td:nth-child(2) { white-space: nowrap; }
th { font-weight: 600; }
.groups { display: flex; flex-wrap: wrap; align-items: flex-start; gap: 0 1.5rem; }
.groups table { flex: 1 1 14rem; width: auto; }
figure.chart svg { max-width: 40rem; }
.note { font-size: .85rem; color: #444; }
@media print {
  table { font-size: 8pt; margin: 2pt 0; }
  th, td { padding: 0 4pt 0 0; }
  figure { margin: 4pt 0; }
  figure.chart svg { max-width: 15cm; }
  .note, .period { font-size: 7.5pt; color: #000; }
  table, figure { break-inside: avoid; page-break-inside: avoid; }
}"""
)

# The chart's geometry, in its own units (the page scales it to the width it has).
WIDTH, LEFT, RIGHT = 480, 30, 8
PAIN_TOP, PAIN_BOTTOM = 26, 146
BARS_TOP, BARS_BOTTOM = 170, 206
HEIGHT = 226
MOST_LABELS = 8
MONTHS: Final = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
BEFORE, AFTER, PEG, BARS = "#b3261e", "#2e7d32", "#0b4f8a", "#9e9e9e"


def html_report(report: Report) -> str:
    """The report as a standalone HTML5 page."""
    text = report.text
    body = [f'<p class="period">{escape(text["period"])}</p>']
    body += _section(text["who"], _who(report), "calm")
    what = [
        _p(text["regularity"] if report.sessions_in_window else text["no-sessions"]),
        _p(text["stopped"]),
        f'<figure class="chart">\n{trend_chart(report)}\n'
        f"<figcaption>{escape(text['trend-caption'])}</figcaption>\n</figure>",
        f"<h3>{escape(text['check-ins'])}</h3>",
    ]
    if report.check_ins:
        rows = check_in_rows(report)
        what.append(_table(CHECK_IN_HEADERS, rows[-PRINTED_CHECK_INS:]))
        if len(rows) > PRINTED_CHECK_INS:
            what.append(_p(text["check-ins-cut"], "note"))
        what.append(_p(text["check-ins-note"], "note"))
    else:
        what.append(_p(text["no-check-ins"]))
    what.append(f"<h3>{escape(text['relief'])}</h3>")
    groups = group_rows(report)
    if groups:
        tables = [_table((title, *GROUP_HEADERS), rows) for title, rows in groups]
        what.append('<div class="groups">' + "".join(tables) + "</div>")
    what.append(_p(text["relief-note"] if groups else text["no-relief"], "note"))
    body += _section(text["what"], what)
    found = layers(report.stats)
    meaning = [
        _p(found[0]),
        "<ul>" + "".join(f"<li>{escape(line.strip())}</li>" for line in found[1:]) + "</ul>",
        _p(report.stats.verdict),
    ]
    body += _section(text["meaning"], meaning, "warning")
    questions = "".join(f"<li>{escape(question)}</li>" for question in report.questions)
    body += _section(text["questions"], [f"<ol>{questions}</ol>"])
    body += _section(text["disclaimer"], [_p(report.disclaimer)], "quiet")
    return page(text["title"], body, REPORT_STYLE)


def _who(report: Report) -> list[str]:
    if report.person is None:
        return [_p(report.text["no-profile"])]
    facts = "".join(
        f"<dt>{escape(label)}:</dt><dd>{escape(value)}</dd>"
        for label, value in report.person.facts()
    )
    return [f'<dl class="facts">{facts}</dl>', _p(report.text["ceiling-note"], "note")]


def _section(title: str, parts: list[str], tone: str = "info") -> list[str]:
    return [f'<section class="{tone}">', f"<h2>{escape(title)}</h2>", *parts, "</section>"]


def _p(words: str, css: str = "") -> str:
    kind = f' class="{css}"' if css else ""
    return f"<p{kind}>{escape(words)}</p>"


def _table(headers: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> str:
    head = "".join(f'<th scope="col">{escape(cell)}</th>' for cell in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def trend_chart(report: Report) -> str:
    """The weekly trend as SVG: pain before (solid) and after (dashed), the PEG (squares)
    on one 0-10 scale, and each week's sessions as bars below."""
    weeks = report.sessions_per_week
    cell = (WIDTH - LEFT - RIGHT) / len(weeks)
    trend = {week.week: week for week in report.trend}
    pegs = report.peg_by_week()

    def x(index: int) -> float:
        return LEFT + (index + 0.5) * cell

    def y(pain: float) -> float:
        return PAIN_BOTTOM - (PAIN_BOTTOM - PAIN_TOP) * max(0.0, min(10.0, pain)) / 10

    marks = _grid()
    before = [(i, trend[w.week].average_before) for i, w in enumerate(weeks) if w.week in trend]
    after = [(i, trend[w.week].average_after) for i, w in enumerate(weeks) if w.week in trend]
    marks += _line(before, x, y, BEFORE, "")
    marks += _line(after, x, y, AFTER, ' stroke-dasharray="5 3"')
    for index, week in enumerate(weeks):
        if week.week in pegs:
            cy = y(pegs[week.week])
            marks.append(
                f'<rect x="{x(index) - 3.5:.1f}" y="{cy - 3.5:.1f}" width="7" height="7" '
                f'fill="{PEG}"/>'
            )
    most = max((week.sessions for week in weeks), default=0)
    step = max(1, ceil(len(weeks) / MOST_LABELS))
    for index, week in enumerate(weeks):
        if week.sessions:
            height = (BARS_BOTTOM - BARS_TOP) * week.sessions / max(most, 1)
            marks.append(
                f'<rect x="{x(index) - cell * 0.3:.1f}" y="{BARS_BOTTOM - height:.1f}" '
                f'width="{cell * 0.6:.1f}" height="{height:.1f}" fill="{BARS}"/>'
            )
        if (len(weeks) - 1 - index) % step == 0:
            day = week.monday
            marks.append(
                f'<text x="{x(index):.1f}" y="{HEIGHT - 6}" text-anchor="middle">'
                f"{day.day} {MONTHS[day.month - 1]}</text>"
            )
    marks.append(
        f'<text x="{LEFT - 4}" y="{BARS_TOP + 8}" text-anchor="end">{most}</text>'
        f'<text x="{LEFT - 4}" y="{BARS_BOTTOM}" text-anchor="end">0</text>'
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="trend-title">\n<title id="trend-title">'
        f"{escape(report.text['trend'])}</title>\n"
        f'<g font-family="sans-serif" font-size="11" fill="#000">\n'
        + "\n".join(marks)
        + "\n</g>\n</svg>"
    )


def _grid() -> list[str]:
    marks = []
    for pain in (0, 5, 10):
        level = PAIN_BOTTOM - (PAIN_BOTTOM - PAIN_TOP) * pain / 10
        marks.append(
            f'<line x1="{LEFT}" y1="{level:g}" x2="{WIDTH - RIGHT}" y2="{level:g}" '
            'stroke="#ccc" stroke-width="1"/>'
            f'<text x="{LEFT - 4}" y="{level + 4:g}" text-anchor="end">{pain}</text>'
        )
    legend = (
        (LEFT, BEFORE, "", "before"),
        (LEFT + 110, AFTER, ' stroke-dasharray="5 3"', "after"),
    )
    for left, colour, dash, label in legend:
        marks.append(
            f'<line x1="{left}" y1="10" x2="{left + 24}" y2="10" stroke="{colour}" '
            f'stroke-width="2"{dash}/><text x="{left + 30}" y="14">{label}</text>'
        )
    marks.append(
        f'<rect x="{LEFT + 206}" y="6" width="7" height="7" fill="{PEG}"/>'
        f'<text x="{LEFT + 218}" y="14">PEG</text>'
        f'<rect x="{LEFT + 280}" y="5" width="9" height="9" fill="{BARS}"/>'
        f'<text x="{LEFT + 294}" y="14">sessions</text>'
    )
    return marks


def _line(
    points: list[tuple[int, float]],
    x: Callable[[int], float],
    y: Callable[[float], float],
    colour: str,
    dash: str,
) -> list[str]:
    """Dots for each week, joined where the weeks follow one another."""
    marks = []
    runs: list[list[tuple[int, float]]] = []
    for index, value in points:
        if runs and runs[-1][-1][0] == index - 1:
            runs[-1].append((index, value))
        else:
            runs.append([(index, value)])
    for run in runs:
        if len(run) > 1:
            path = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in run)
            marks.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>'
            )
        marks += [
            f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="2.5" fill="{colour}"/>' for i, v in run
        ]
    return marks
