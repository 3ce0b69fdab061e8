"""The clinician report as text: plain (80 columns), rich (the same lines, styled) and
Markdown (tables a clinician's notes can take)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sacromassage.render.journal import bar, layers, printable
from sacromassage.render.report import (
    CHECK_IN_HEADERS,
    GROUP_HEADERS,
    Report,
    check_in_rows,
    group_rows,
)
from sacromassage.render.text import _md_escape, wrap

if TYPE_CHECKING:
    from sacromassage.journal.stats import WeekStats

#: The most sessions a week's bar draws one mark each for.
MOST_MARKS = 14


def report_lines(report: Report) -> list[tuple[str, str]]:
    """(text, rich style) pairs, as :func:`sacromassage.render.journal.rich_stats` takes
    them; plain output ignores the styles."""
    text = report.text
    lines: list[tuple[str, str]] = [(text["title"], "bold"), ("=" * len(text["title"]), "")]
    lines += _paragraph(text["period"])
    lines += _heading(text["who"])
    if report.person is None:
        lines += _paragraph(text["no-profile"])
    else:
        for label, value in report.person.facts():
            lines += [(line, "") for line in wrap(value, f"  {label + ':':<18}")]
        lines += _paragraph(text["ceiling-note"], "dim")
    lines += _heading(text["what"])
    lines += _paragraph(text["regularity"] if report.sessions_in_window else text["no-sessions"])
    lines += _paragraph(text["stopped"])
    lines += [("", ""), (text["trend"] + ":", "bold")]
    trend = {week.week: week for week in report.trend}
    pegs = report.peg_by_week()
    for week in report.sessions_per_week:
        lines.append(_week_line(week.week, week.sessions, trend.get(week.week), pegs))
    lines += _heading(text["check-ins"])
    if report.check_ins:
        lines += _table(CHECK_IN_HEADERS, check_in_rows(report))
        lines += _paragraph(text["check-ins-note"], "dim")
    else:
        lines += _paragraph(text["no-check-ins"])
    lines += _heading(text["relief"])
    groups = group_rows(report)
    for title, rows in groups:
        lines += _table((title, *GROUP_HEADERS), [(printable(n), s, r) for n, s, r in rows])
        lines.append(("", ""))
    lines += _paragraph(text["relief-note"] if groups else text["no-relief"], "dim")
    lines += _heading(text["meaning"])
    found = layers(report.stats)
    lines += [(line, "bold" if not index else "") for index, line in enumerate(found)]
    lines.append(("", ""))
    lines += [(line, "verdict") for line in wrap(report.stats.verdict)]
    lines += _heading(text["questions"])
    for number, question in enumerate(report.questions, start=1):
        lines += [(line, "") for line in wrap(question, f"{number}. ")]
    lines += _heading(text["disclaimer"])
    lines += _paragraph(report.disclaimer, "dim")
    while lines and not lines[-1][0]:
        lines.pop()
    return lines


def _heading(title: str) -> list[tuple[str, str]]:
    return [("", ""), (title, "bold"), ("-" * min(len(title), 80), "")]


def _paragraph(words: str, style: str = "") -> list[tuple[str, str]]:
    return [(line, style) for line in wrap(words)]


def _week_line(
    label: str, sessions: int, week: WeekStats | None, pegs: dict[str, float]
) -> tuple[str, str]:
    marks = "■" * min(sessions, MOST_MARKS) + ("+" if sessions > MOST_MARKS else "")
    start = f"{label}  {sessions:>3} {marks:<{MOST_MARKS + 1}}"
    peg = f"  PEG {pegs[label]:.1f}" if label in pegs else ""
    if week is None:
        words = "no sessions" if not sessions else "no pain after recorded"
        return (f"{start} {words}{peg}", "dim")
    return (
        f"{start} before {bar(week.average_before)} {week.average_before:4.1f}"
        f"  after {bar(week.average_after)} {week.average_after:4.1f}{peg}",
        "week",
    )


def _table(headers: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> list[tuple[str, str]]:
    every = [headers, *rows]
    widths = [max(len(row[column]) for row in every) for column in range(len(headers))]
    lines = []
    for number, row in enumerate(every):
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=True)]
        lines.append(("  " + "  ".join(cells).rstrip(), "bold" if not number else ""))
    return lines


def plain_report(report: Report) -> str:
    """The report as plain text."""
    return "\n".join(text for text, _ in report_lines(report)) + "\n"


def rich_report(report: Report) -> Any:
    """The report as one styled rich text."""
    from sacromassage.render.journal import rich_stats

    return rich_stats(report.stats, report_lines(report))


def markdown_report(report: Report) -> str:
    """The report as GitHub-flavoured Markdown, its trend as a table."""
    text = report.text
    out = [f"# {text['title']}", "", text["period"], "", f"## {text['who']}", ""]
    if report.person is None:
        out += [text["no-profile"], ""]
    else:
        out += [f"- **{label}:** {_md(value)}" for label, value in report.person.facts()]
        out += ["", f"_{text['ceiling-note']}_", ""]
    out += [f"## {text['what']}", ""]
    out += [text["regularity"] if report.sessions_in_window else text["no-sessions"], ""]
    out += [text["stopped"], "", f"### {text['trend']}", ""]
    trend = {week.week: week for week in report.trend}
    pegs = report.peg_by_week()
    rows = []
    for week in report.sessions_per_week:
        found = trend.get(week.week)
        rows.append(
            (
                week.week,
                week.monday.isoformat(),
                str(week.sessions),
                "-" if found is None else f"{found.average_before:.1f}",
                "-" if found is None else f"{found.average_after:.1f}",
                f"{pegs[week.week]:.1f}" if week.week in pegs else "-",
            )
        )
    out += _md_table(("Week", "Monday", "Sessions", "Pain before", "Pain after", "PEG"), rows)
    out += [f"### {text['check-ins']}", ""]
    if report.check_ins:
        out += _md_table(CHECK_IN_HEADERS, check_in_rows(report))
        out += [f"_{text['check-ins-note']}_", ""]
    else:
        out += [text["no-check-ins"], ""]
    out += [f"### {text['relief']}", ""]
    groups = group_rows(report)
    for title, group in groups:
        out += _md_table((title, *GROUP_HEADERS), group)
    out += [f"_{text['relief-note'] if groups else text['no-relief']}_", ""]
    out += [f"## {text['meaning']}", ""]
    found_layers = layers(report.stats)
    out += [f"**{found_layers[0]}**", ""]
    out += [f"- {line.strip()}" for line in found_layers[1:]]
    out += ["", report.stats.verdict, "", f"## {text['questions']}", ""]
    out += [f"{number}. {q}" for number, q in enumerate(report.questions, start=1)]
    out += ["", f"## {text['disclaimer']}", "", f"_{report.disclaimer}_"]
    return "\n".join(out) + "\n"


def _md(value: str) -> str:
    """A value that may come from a file someone else wrote: no markup, no table breaks."""
    escaped = printable(value).replace("\\", "\\\\")
    for char in "*_`[]<>#":
        escaped = escaped.replace(char, "\\" + char)
    return _md_escape(escaped)


def _md_table(headers: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + " --- |" * len(headers)]
    lines += ["| " + " | ".join(_md(cell) for cell in row) + " |" for row in rows]
    return [*lines, ""]
