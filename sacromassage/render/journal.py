"""Journal screens: the session table, one entry in full, and the stats with their weekly trend."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping

    from sacromassage.journal.entry import Entry
    from sacromassage.journal.stats import Stats, WeekStats
    from sacromassage.journal.tally import CheckIn


def as_text(renderable: Any) -> str:
    """A rich renderable as plain characters, for a file."""
    import io

    from rich.console import Console

    buffer = io.StringIO()
    Console(file=buffer, width=100, color_system=None, highlight=False).print(renderable)
    return buffer.getvalue()


def short_when(entry: Entry | CheckIn) -> str:
    """``2026-11-20 18:30`` in this computer's time zone, like ``--since`` and the order
    of the list (JSON and CSV keep each entry's own offset); a damaged time as it is."""
    from datetime import datetime

    try:
        moment = datetime.fromisoformat(entry.when).astimezone()
    except (ValueError, OverflowError, OSError):
        return printable(entry.when)
    return moment.strftime("%Y-%m-%d %H:%M")


def one_line(text: str | None) -> str:
    if not text:
        return ""
    return printable(" / ".join(part for part in text.splitlines() if part.strip()))


_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def printable(text: str) -> str:
    """``text`` safe for a terminal: control, format and unassigned characters are
    shown escaped (ESC as ``\\x1b``), so a note can never clear the screen or imitate
    the program's own output."""
    import unicodedata

    if text.isprintable():
        return text
    return "".join(
        _escaped(char)
        if char != "\u200d" and unicodedata.category(char) in _HIDDEN_CATEGORIES
        else char
        for char in text
    )


def _escaped(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def number(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def signed(value: float | None) -> str:
    return "-" if value is None else f"{value:+.1f}"


LIST_HEADERS = ("ID", "When", "Before", "After", "Relief", "Min", "Helper", "Tool", "Done", "Note")


#: How a pain after that was never given is shown; stats leave such entries out.
NOT_RECORDED = "not recorded"


def after_text(entry: Entry) -> str:
    return NOT_RECORDED if entry.after is None else str(entry.after)


def tools_text(entry: Entry) -> str:
    """Every tool of the entry, the first first ("" for none)."""
    every = entry.tools or (() if entry.tool is None else (entry.tool,))
    return ", ".join(printable(str(tool)) for tool in every)


def entry_cells(entry: Entry) -> list[str]:
    return [
        str(entry.id),
        short_when(entry),
        str(entry.before),
        after_text(entry),
        "" if entry.relief is None else f"{entry.relief:+d}",
        "" if entry.minutes is None else str(entry.minutes),
        "" if entry.helper is None else printable(str(entry.helper)),
        tools_text(entry),
        "yes" if entry.finished else "no",
        one_line(entry.note),
    ]


def plain_table(entries: list[Entry]) -> str:
    return aligned(
        [list(LIST_HEADERS), *(entry_cells(entry) for entry in entries)], {0, 2, 3, 4, 5}
    )


def aligned(rows: list[list[str]], numeric: set[int]) -> str:
    """Rows of cells (the header first) as plain text columns; ``numeric`` columns
    to the right."""
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [
            cell.rjust(width) if column in numeric else cell.ljust(width)
            for column, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines) + "\n"


def rich_table(entries: list[Entry]) -> Any:
    from rich.table import Table
    from rich.text import Text

    # No rules and single-space gaps leave room for notes at 80 columns.
    table = Table(
        title="Sessions",
        title_justify="left",
        box=None,
        pad_edge=False,
        collapse_padding=True,
        header_style="bold underline",
    )
    for header in LIST_HEADERS:
        numeric = header in ("ID", "Before", "After", "Relief", "Min")
        # Short columns never wrap; only the note folds when the terminal is narrow.
        table.add_column(
            header,
            justify="right" if numeric else "left",
            overflow="fold",
            no_wrap=header != "Note",
            min_width=10 if header == "Note" else None,
        )
    for entry in entries:
        cells = [Text(cell) for cell in entry_cells(entry)]
        relief = entry.relief or 0
        cells[4].stylize("green" if entry.noticeable else ("red" if relief < 0 else ""))
        if not entry.finished:
            cells[8].stylize("yellow")
        table.add_row(*cells)
    return table


CHECK_IN_HEADERS = ("ID", "When", "Pain", "Enjoy", "Activity", "PEG", "Change")


def check_in_table(check_ins: list[CheckIn], labels: Mapping[int, str], *, rich: bool) -> Any:
    """The check-ins as a plain text table, or (``rich``) a rich table: the three
    answers, the PEG (their mean) and the change since starting, in words."""
    rows = [
        [
            str(item.id),
            short_when(item),
            str(item.pain_average),
            str(item.enjoyment),
            str(item.activity),
            f"{item.peg:.1f}",
            "-" if item.change is None else f"{item.change} {labels.get(item.change, '')}".strip(),
        ]
        for item in check_ins
    ]
    if not rich:
        return aligned([list(CHECK_IN_HEADERS), *rows], {0, 2, 3, 4, 5})
    from rich.table import Table

    table = Table(
        title="Weekly check-ins",
        title_justify="left",
        box=None,
        pad_edge=False,
        header_style="bold underline",
    )
    for header in CHECK_IN_HEADERS:
        table.add_column(
            header, justify="left" if header in ("When", "Change") else "right", overflow="fold"
        )
    for row in rows:
        table.add_row(*row)
    return table


BAR_WIDTH = 10


def bar(value: float) -> str:
    """A 0-10 value as a bar of up to ten blocks, in half-block steps."""
    halves = max(0, min(2 * BAR_WIDTH, int(value * 2 + 0.5)))
    text = "█" * (halves // 2) + ("▌" if halves % 2 else "")
    return text.ljust(BAR_WIDTH)


def calendar_weeks(
    weeks: tuple[WeekStats, ...], newest: int = 0, first: str = ""
) -> tuple[int, list[tuple[str, WeekStats | None]]]:
    """How many ISO weeks there are from the first logged one to the last, and the
    newest ``newest`` of them (0: all) with None for empty weeks, so the trend is drawn
    against real time instead of closing up the gaps. Only the weeks drawn are walked:
    a journal may span many years."""
    from datetime import date, timedelta

    from sacromassage.journal.dates import iso_week

    def monday(label: str) -> date:
        year, week = label.split("-W")
        return date.fromisocalendar(int(year), int(week), 1)

    start, last = monday(first or weeks[0].week), monday(weeks[-1].week)
    every = (last - start).days // 7 + 1
    count = every if not newest else min(newest, every)
    shown = weeks[-count:]  # at most one logged week for each week drawn
    logged = {week.week: week for week in shown}
    result: list[tuple[str, WeekStats | None]] = []
    day = last - timedelta(weeks=count - 1)
    while day <= last:
        label = iso_week(day)
        result.append((label, logged.get(label)))
        day += timedelta(days=7)
    return every, result


def stats_lines(stats: Stats, weeks: int) -> list[tuple[str, str]]:
    """(text, rich style) pairs; plain output ignores the styles. Only the newest
    ``weeks`` weeks are drawn (0: all of them)."""
    lines: list[tuple[str, str]] = []
    cut_short, unrecorded = stats.sessions - stats.finished, stats.sessions - stats.recorded
    notes = [f"{cut_short} cut short"] if cut_short else []
    if unrecorded:
        notes.append(f"{unrecorded} with pain after {NOT_RECORDED}, left out of every figure")
    extra = f" ({'; '.join(notes)})" if notes else ""
    lines.append((f"Sessions:        {stats.sessions}{extra}", "bold"))
    if not stats.sessions:
        lines.append(
            ("No sessions logged yet; add one with: sacromassage journal add --before 6", "")
        )
    if stats.sessions:
        lines.append(
            (
                f"Average pain:    {number(stats.average_before)} before, "
                f"{number(stats.average_after)} after",
                "",
            )
        )
        lines.append((f"Average relief:  {signed(stats.average_relief)} points", ""))
        lines.append((f"Median relief:   {signed(stats.median_relief)} points", ""))
        lines.append(
            (
                f"Noticeable:      {stats.noticeable} of {stats.recorded} sessions "
                "eased pain by 2+ points or 30%+",
                "",
            )
        )
    for title, groups in (("helper", stats.by_helper), ("tool", stats.by_tool)):
        if not groups:
            continue
        lines.append(("", ""))
        lines.append((f"Relief by {title}:", "bold"))
        width = max(len(group.key or "not recorded") for group in groups)
        for group in groups:
            name = group.key or "not recorded"
            lines.append(
                (
                    f"  {name:<{width}}  {signed(group.average_relief):>5} points  "
                    f"({group.sessions} {'session' if group.sessions == 1 else 'sessions'})",
                    "",
                )
            )
    if stats.weeks:
        every, shown = calendar_weeks(stats.weeks, weeks, stats.first_week)
        lines.append(("", ""))
        if len(shown) < every:
            heading = (
                f"Pain by ISO week, the last {len(shown)} of {every} "
                "(average 0-10; --weeks 0 shows all):"
            )
        else:
            heading = "Pain by ISO week (average, 0-10):"
        lines.append((heading, "bold"))
        for label, week in shown:
            if week is None:
                lines.append((f"{label}  no sessions", "dim"))
                continue
            lines.append(
                (
                    f"{label}  before {bar(week.average_before)} {week.average_before:4.1f}"
                    f"  after {bar(week.average_after)} {week.average_after:4.1f}"
                    f"  ({week.sessions})",
                    "week",
                )
            )
    lines.append(("", ""))
    lines.extend((line, "bold" if not index else "") for index, line in enumerate(layers(stats)))
    if stats.check_in_prompt:
        lines.append((stats.check_in_prompt, "dim"))
    lines.append(("", ""))
    lines.append((stats.verdict, "verdict"))
    return lines


def layers(stats: Stats) -> list[str]:
    """The two layers of the verdict as figures, a heading first."""
    relief, course = stats.relief, stats.course
    lines = ["Does massage help? Two layers:"]
    if relief.enough:
        lines.append(
            f"  Right after:  typical relief {signed(relief.median_points)} points "
            f"({relief.to_dict()['median_percent']:.0f}%)"
            + (", noticeable" if relief.noticeable else ", below 2 points or 30%")
        )
    else:
        lines.append(f"  Right after:  {relief.sessions} of 6 sessions needed")
    if course.enough and course.change_points is not None:
        measure = "PEG" if course.measure == "peg" else "pain before"
        lines.append(
            f"  Over weeks:   {measure} {number(course.baseline)} -> {number(course.latest)} "
            f"({signed(-course.change_points)} points over {course.weeks} weeks)"
            + (", noticeable" if course.noticeable else "")
        )
    else:
        lines.append(
            f"  Over weeks:   not yet ({course.days} of 21 days, {course.entries} of 6 entries)"
        )
    return lines


def rich_stats(stats: Stats, lines: list[tuple[str, str]]) -> Any:
    """The lines as one styled text: one render is much faster than many."""
    from rich.text import Text

    verdict_style = {"helping": "bold green", "not-helping": "bold yellow"}.get(
        stats.outlook.value, "bold"
    )
    output = Text()
    for text, style in lines:
        start = len(output)
        if style == "week":
            output.append(text)
            before_at = start + text.index("before ") + len("before ")
            after_at = start + text.index("after ") + len("after ")
            output.stylize("red", before_at, before_at + BAR_WIDTH)
            output.stylize("green", after_at, after_at + BAR_WIDTH)
        else:
            output.append(text, style=verdict_style if style == "verdict" else style)
        output.append("\n")
    output.rstrip()
    return output
