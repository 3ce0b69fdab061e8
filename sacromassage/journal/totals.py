"""The journal's totals read from SQLite: the tallies its triggers keep (schema 4 on),
or, for an older journal opened for reading as it is, counted from the entries.

Every function takes an open connection and returns the small values of
:mod:`sacromassage.journal.tally`; the caller turns SQLite errors into journal errors.
"""

import sqlite3
from datetime import date
from typing import Final, NamedTuple

from sacromassage.journal.schema import COLUMNS
from sacromassage.journal.tally import (
    CheckIn,
    DayPain,
    Group,
    Pair,
    Summary,
    WeekTally,
    in_windows,
    windows,
)


class Weeks(NamedTuple):
    """Which ISO weeks a summary holds: from ``since`` on (such as ``2026-W10``), and only
    the ``newest`` N logged ones (0: no limit). Drawing a few weeks of a journal that
    spans years need not read them all."""

    since: str = ""
    newest: int = 0


ALL_WEEKS: Final = Weeks()


def kept_summary(
    connection: sqlite3.Connection, check_ins: tuple[CheckIn, ...], weeks: Weeks
) -> Summary:
    """The summary from the tally tables (see :data:`~sacromassage.journal.schema.TALLIES`),
    with only the ISO weeks ``weeks`` asks for."""
    recorded = "WHERE after >= 0"
    sessions, finished, hurt = connection.execute(
        "SELECT total(sessions), total(sessions * finished), "
        "total(sessions * (stopped = 'hurt')) FROM tally"
    ).fetchone()
    pairs = connection.execute(
        f"SELECT before, after, sum(sessions) FROM tally {recorded} "
        "GROUP BY before, after ORDER BY before, after"
    ).fetchall()
    helpers = connection.execute(
        f"SELECT nullif(helper, ''), sum(sessions), sum(sessions * (before - after)) "
        f"FROM tally {recorded} GROUP BY helper ORDER BY helper = '', helper"
    ).fetchall()
    tools = connection.execute(
        "SELECT nullif(tool, ''), sessions, total_relief FROM tally_tools ORDER BY tool = '', tool"
    ).fetchall()
    weeks_from = weeks.since
    if weeks.newest:  # the newest N logged weeks hold every logged week of the last N
        found = connection.execute(
            "SELECT week FROM tally_weeks ORDER BY week DESC LIMIT 1 OFFSET ?",
            (weeks.newest - 1,),
        ).fetchone()
        weeks_from = max(weeks_from, found[0] if found else "")
    first = connection.execute("SELECT min(week) FROM tally_weeks").fetchone()[0] or ""
    weekly = connection.execute(
        "SELECT * FROM tally_weeks WHERE week >= ? ORDER BY week", (weeks_from,)
    ).fetchall()
    # Only the days the course looks at: a long journal has many thousands.
    # Two queries: SQLite finds a lone min() or max() in the index, but not the pair.
    ends = [
        connection.execute(f"SELECT {end}(day) FROM tally_days").fetchone()[0]
        for end in ("min", "max")
    ]
    span = [date.fromisoformat(day) for day in ends if day is not None]
    span += [item.day for item in check_ins]
    early_end, late_start = windows(min(span), max(span)) if span else (date.min,) * 2
    days = connection.execute(
        "SELECT * FROM tally_days WHERE day < ?1 UNION ALL SELECT * FROM tally_days "
        "WHERE day > ?2 AND day >= ?1 ORDER BY day, before",  # two index ranges
        (early_end.isoformat(), late_start.isoformat()),
    ).fetchall()
    return Summary(
        sessions=int(sessions),
        finished=int(finished),
        stopped_hurt=int(hurt),
        pairs=tuple(map(Pair._make, pairs)),
        by_helper=tuple(map(Group._make, helpers)),
        by_tool=tuple(map(Group._make, tools)),
        weeks=tuple(map(WeekTally._make, weekly)),
        days=tuple(DayPain(date.fromisoformat(d), before, n) for d, before, n in days),
        check_ins=check_ins,
        first_week=first,
    )


def counted_summary(connection: sqlite3.Connection, columns: str) -> Summary:
    """The summary of an older journal read as it is: counted from its entries."""
    current = columns == COLUMNS
    # An older journal opened for reading lacks tools (and schema 1 lacks stopped).
    tools = "tools" if current else "CASE WHEN tool IS NULL THEN '[]' ELSE json_array(tool) END"
    stopped = "stopped" if "stopped" in columns.split(", ") else "NULL"
    recorded = "WHERE pain_after IS NOT NULL"
    drop = "pain_before - pain_after"
    sessions, finished, hurt = connection.execute(
        f"SELECT count(*), total(finished), total({stopped} = 'hurt') FROM entries"
    ).fetchone()
    pairs = connection.execute(
        f"SELECT pain_before, pain_after, count(*) FROM entries {recorded} "
        "GROUP BY pain_before, pain_after"
    ).fetchall()
    helpers = connection.execute(
        f"SELECT helper, count(*), total({drop}) FROM entries {recorded} "
        "GROUP BY helper ORDER BY helper IS NULL, helper"
    ).fetchall()
    by_tool = connection.execute(
        f"SELECT value, count(*), total({drop}) FROM entries, json_each({tools}) "
        f"{recorded} GROUP BY value ORDER BY value"
    ).fetchall()
    no_tool = connection.execute(
        f"SELECT count(*), total({drop}) FROM entries {recorded} AND {tools} = '[]'"
    ).fetchone()
    weeks = connection.execute(
        f"SELECT week, count(*), total(pain_before), total(pain_after) FROM entries "
        f"{recorded} GROUP BY week ORDER BY week"
    ).fetchall()
    days = connection.execute(
        "SELECT date(when_ts, 'unixepoch', 'localtime') AS day, pain_before, count(*) "
        "FROM entries GROUP BY day, pain_before ORDER BY day, pain_before"
    ).fetchall()
    tool_groups = [Group(key, count, int(total)) for key, count, total in by_tool]
    if no_tool[0]:
        tool_groups.append(Group(None, no_tool[0], int(no_tool[1])))
    return Summary(
        sessions=sessions,
        finished=int(finished),
        stopped_hurt=int(hurt),
        pairs=tuple(Pair(*row) for row in pairs),
        by_helper=tuple(Group(key, count, int(total)) for key, count, total in helpers),
        by_tool=tuple(tool_groups),
        weeks=tuple(WeekTally(w, n, int(b), int(a)) for w, n, b, a in weeks),
        days=in_windows([DayPain(date.fromisoformat(d), before, n) for d, before, n in days], ()),
        check_ins=(),
        first_week=weeks[0][0] if weeks else "",
    )


def kept_days(connection: sqlite3.Connection, since: date) -> tuple[DayPain, ...]:
    """Sessions by day and pain before from ``since`` on, from the day tallies."""
    rows = connection.execute(
        "SELECT * FROM tally_days WHERE day >= ? ORDER BY day, before", (since.isoformat(),)
    ).fetchall()
    return tuple(DayPain(date.fromisoformat(d), before, n) for d, before, n in rows)


def counted_days(connection: sqlite3.Connection, since_ts: int) -> tuple[DayPain, ...]:
    """The same, counted from the entries of an older journal (no tallies)."""
    rows = connection.execute(
        "SELECT date(when_ts, 'unixepoch', 'localtime') AS day, pain_before, count(*) "
        "FROM entries WHERE when_ts >= ? GROUP BY day, pain_before ORDER BY day, pain_before",
        (since_ts,),
    ).fetchall()
    return tuple(DayPain(date.fromisoformat(d), before, n) for d, before, n in rows)
