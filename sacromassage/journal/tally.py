"""The tallies the journal's figures are computed from: small whatever its size.

The store keeps them in SQLite (see :mod:`sacromassage.journal.store`);
:func:`summary_of` builds the same from entries in memory, for tests and checks.
"""

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Final, NamedTuple

if TYPE_CHECKING:
    from sacromassage.journal.entry import Entry

#: The baseline is the first this-many days, the latest the last this-many.
WINDOW_DAYS: Final = 14


class Pair(NamedTuple):
    """How many recorded sessions had this pain before and after."""

    before: int
    after: int
    sessions: int


class Group(NamedTuple):
    """Recorded sessions sharing one helper or one tool (``key`` None: not recorded)."""

    key: str | None
    sessions: int
    total_relief: int


class WeekTally(NamedTuple):
    """One ISO week's recorded sessions: their count and summed pain before and after."""

    week: str
    sessions: int
    total_before: int
    total_after: int


class DayPain(NamedTuple):
    """How many sessions on ``day`` (local date) began at pain ``before``."""

    day: date
    before: int
    sessions: int


class CheckIn(NamedTuple):
    """One weekly check-in: the PEG's three 0-10 answers for the past week, and the
    global impression of change since starting (1-7; None if not given)."""

    id: int
    uid: str
    when: str
    pain_average: int
    enjoyment: int
    activity: int
    change: int | None = None

    @property
    def peg(self) -> float:
        """The PEG score: the mean of the three answers (Krebs et al. 2009)."""
        return (self.pain_average + self.enjoyment + self.activity) / 3

    @property
    def day(self) -> date:
        return local_day(self.when)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": "check-in",
            "id": self.id,
            "uid": self.uid,
            "when": self.when,
            "pain_average": self.pain_average,
            "enjoyment": self.enjoyment,
            "activity": self.activity,
            "peg": round(self.peg, 2),
            "change": self.change,
        }


class Summary(NamedTuple):
    """Everything :func:`summarise` needs; small whatever the journal's size."""

    sessions: int
    finished: int
    #: Sessions that ended because it hurt.
    stopped_hurt: int
    pairs: tuple[Pair, ...]
    by_helper: tuple[Group, ...]
    #: Every tool of a session counts for that tool.
    by_tool: tuple[Group, ...]
    weeks: tuple[WeekTally, ...]
    #: Pain before of the sessions (recorded after or not) in the course's two windows
    #: (see :func:`windows`), by day: all the course needs, however long the journal.
    days: tuple[DayPain, ...]
    check_ins: tuple[CheckIn, ...]
    #: The first ISO week with a recorded session, even when ``weeks`` holds only the
    #: newest ones ("": none).
    first_week: str = ""


def windows(first: date, last: date) -> tuple[date, date]:
    """The course's windows for entries from ``first`` to ``last`` (local days): the
    baseline is before the first day returned, the latest after the second."""
    return first + timedelta(days=WINDOW_DAYS), last - timedelta(days=WINDOW_DAYS)


def in_windows(days: Sequence[DayPain], check_ins: Sequence[CheckIn]) -> tuple[DayPain, ...]:
    """The ``days`` (sorted) that fall in the course's windows (see :data:`Summary`)."""
    every = [item.day for item in days] + [item.day for item in check_ins]
    if not every:
        return ()
    early_end, late_start = windows(min(every), max(every))
    return tuple(item for item in days if item.day < early_end or item.day > late_start)


def weighted_median(values: Iterable[tuple[float, int]]) -> float | None:
    """The median of values given with how often each occurs (None for none at all);
    with an even count, the mean of the two middle values."""
    ordered = sorted((value, count) for value, count in values if count > 0)
    total = sum(count for _, count in ordered)
    if not total:
        return None
    low_rank, high_rank = (total - 1) // 2, total // 2
    low = high = None
    seen = 0
    for value, count in ordered:
        if low is None and low_rank < seen + count:
            low = value
        if high_rank < seen + count:
            high = value
            break
        seen += count
    if low is None or high is None:  # the ranks are below the total: never reached
        raise ValueError("the ranks are out of range")
    return (low + high) / 2


def summary_of(entries: "Iterable[Entry]", check_ins: Iterable[CheckIn] = ()) -> Summary:
    """A :class:`Summary` of entries in memory (the store tallies in SQL instead)."""
    from collections import Counter

    from sacromassage.journal.dates import iso_week

    pairs: Counter[tuple[int, int]] = Counter()
    helpers: dict[str | None, list[int]] = {}
    tools: dict[str | None, list[int]] = {}
    weeks: dict[str, list[int]] = {}
    days: Counter[tuple[date, int]] = Counter()
    sessions = finished = hurt = 0
    kept = tuple(check_ins)
    for entry in entries:
        sessions += 1
        finished += entry.finished
        hurt += entry.stopped == "hurt"
        days[(local_day(entry.when), entry.before)] += 1
        if entry.after is None:
            continue
        drop = entry.before - entry.after
        pairs[(entry.before, entry.after)] += 1
        _tally(helpers, None if entry.helper is None else str(entry.helper), drop)
        for tool in entry.tools or (None,):
            _tally(tools, None if tool is None else str(tool), drop)
        week = weeks.setdefault(iso_week(datetime.fromisoformat(entry.when)), [0, 0, 0])
        week[0] += 1
        week[1] += entry.before
        week[2] += entry.after
    return Summary(
        sessions=sessions,
        finished=finished,
        stopped_hurt=hurt,
        pairs=tuple(Pair(b, a, n) for (b, a), n in sorted(pairs.items())),
        by_helper=_group_tuple(helpers),
        by_tool=_group_tuple(tools),
        weeks=tuple(WeekTally(week, *totals) for week, totals in sorted(weeks.items())),
        first_week=min(weeks, default=""),
        days=in_windows(
            [DayPain(day, before, n) for (day, before), n in sorted(days.items())], kept
        ),
        check_ins=kept,
    )


def local_day(when: str) -> date:
    """The local calendar day of an ISO-8601 time (as ``--since`` counts days)."""
    return datetime.fromisoformat(when).astimezone().date()


def _tally(groups: dict[str | None, list[int]], key: str | None, drop: int) -> None:
    totals = groups.setdefault(key, [0, 0])
    totals[0] += 1
    totals[1] += drop


def _group_tuple(groups: Mapping[str | None, list[int]]) -> tuple[Group, ...]:
    ordered = sorted(groups.items(), key=lambda item: (item[0] is None, item[0] or ""))
    return tuple(Group(key, count, total) for key, (count, total) in ordered)
