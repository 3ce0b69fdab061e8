"""The report for a clinician: one value built by a pure function, and its JSON contract.

:func:`build_report` takes what the CLI gathered (the journal's :class:`Stats`, the
check-ins, the sessions per ISO week, the saved answers as a :class:`Person`) and
decides every word the report shows; the renderers (``report_text`` for rich, plain
and Markdown, ``report_html`` for HTML) only lay it out. Nothing here reads the
journal, so the report is tested on hand-made values.

The trend, the sessions per week and the check-ins cover the last ``weeks`` ISO weeks
up to ``today``; the relief figures, the sessions stopped because it hurt and the
two-layer verdict are over the whole journal (the stats count them that way).
"""

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from sacromassage.journal.dates import iso_week
from sacromassage.model import SCHEMA_VERSION

if TYPE_CHECKING:
    from sacromassage.guide.knowledge import Knowledge
    from sacromassage.journal.stats import Stats, WeekStats
    from sacromassage.journal.tally import CheckIn, DayPain
    from sacromassage.journal.words import JournalWords
    from sacromassage.model import Answers

#: The report's headings and sentences in ``data/journal.toml``, table [report.text].
#: The most check-ins a printed page lists (the chart shows every week's PEG).
PRINTED_CHECK_INS: Final = 12
#: How many weeks ``--weeks`` takes at most: ten years.
MAX_WEEKS: Final = 520
DEFAULT_WEEKS: Final = 12


class ReportWords(NamedTuple):
    """The journal's words (verdict, change labels, questions, the report's own texts)
    and the guide's disclaimer."""

    journal: "JournalWords"
    disclaimer: str

    @property
    def text(self) -> Mapping[str, str]:
        return self.journal.report


class Person(NamedTuple):
    """The saved answers in words, with the ceiling and routine they give."""

    diagnosis: str
    diagnosis_name: str
    factors: tuple[str, ...]
    helper: str
    tools: tuple[str, ...]
    minutes: int
    cautions: tuple[str, ...]
    caution_names: tuple[str, ...]
    ceiling: int | None
    steps: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "diagnosis": self.diagnosis,
            "diagnosis_name": self.diagnosis_name,
            "factors": list(self.factors),
            "helper": self.helper,
            "tools": list(self.tools),
            "minutes": self.minutes,
            "cautions": list(self.cautions),
            "ceiling": self.ceiling,
            "steps": list(self.steps),
        }

    def facts(self) -> tuple[tuple[str, str], ...]:
        """Labelled lines for the screen and the page."""
        tools = ", ".join(tool.replace("-", " ") for tool in self.tools) or "hands only"
        rows = [
            ("Diagnosis", self.diagnosis_name),
            ("Other factors", ", ".join(f.replace("-", " ") for f in self.factors) or "none"),
            ("Massage by", f"{self.helper} ({tools})" if self.helper == "self" else self.helper),
            ("Session length", f"{self.minutes} min"),
            ("Cautions", "; ".join(self.caution_names) or "none"),
        ]
        if self.ceiling is not None:
            rows.append(("Pressure ceiling", f"{self.ceiling} out of 10"))
        if self.steps:
            rows.append(("Routine", "; ".join(self.steps)))
        return tuple(rows)


def person_of(saved: "Answers", knowledge: "Knowledge") -> Person:
    """The saved answers with the plan they give, screened as clear and without today's
    pain (the saved answers hold neither)."""
    from sacromassage.guide.engine import plan

    made = plan(saved._replace(red_flags=frozenset(), pain=0), knowledge)
    cautions = sorted(saved.cautions or ())
    return Person(
        diagnosis=str(saved.diagnosis),
        diagnosis_name=knowledge.diagnoses[saved.diagnosis].name if saved.diagnosis else "",
        factors=tuple(sorted(str(factor) for factor in saved.factors)),
        helper=str(saved.helper),
        tools=tuple(sorted(str(tool) for tool in saved.tools)),
        minutes=saved.minutes,
        cautions=tuple(str(caution) for caution in cautions),
        caution_names=tuple(knowledge.cautions[caution].name for caution in cautions),
        ceiling=None if made.pressure is None else made.pressure.max_discomfort,
        steps=tuple(step.title for step in made.steps),
    )


class WeekCount(NamedTuple):
    """How many sessions (pain after recorded or not) in one ISO week."""

    week: str
    monday: date
    sessions: int


def first_monday(weeks: int, today: date) -> date:
    """The Monday that begins the last ``weeks`` ISO weeks up to ``today``."""
    return today - timedelta(days=today.weekday(), weeks=max(1, weeks) - 1)


def weekly_counts(days: "Iterable[DayPain]", since: date | None = None) -> dict[str, int]:
    """Sessions per ISO week (``2026-W10``) from the per-day tallies the store keeps,
    counting only the days from ``since`` on (a long journal has many days)."""
    counts: Counter[str] = Counter()
    for item in days:
        if since is not None and item.day < since:
            continue
        counts[iso_week(item.day)] += item.sessions
    return dict(counts)


class Report(NamedTuple):
    """Everything the report shows, decided here; renderers only lay it out."""

    generated: date
    weeks: int
    start: date
    person: Person | None
    sessions_per_week: tuple[WeekCount, ...]
    trend: "tuple[WeekStats, ...]"
    check_ins: "tuple[CheckIn, ...]"
    stats: "Stats"
    questions: tuple[str, ...]
    disclaimer: str
    #: Every heading and sentence, filled in: keys of ``words.REPORT_KEYS``.
    text: Mapping[str, str]
    #: The global impression of change in words, 1 to 7.
    change: Mapping[int, str]

    @property
    def sessions_in_window(self) -> int:
        return sum(week.sessions for week in self.sessions_per_week)

    def peg_by_week(self) -> dict[str, float]:
        """The mean PEG of each week's check-ins, for the chart."""
        found: dict[str, list[float]] = {}
        for item in self.check_ins:
            found.setdefault(iso_week(item.day), []).append(item.peg)
        return {week: sum(values) / len(values) for week, values in found.items()}


class Figures(NamedTuple):
    """What the journal says: its stats, check-ins and sessions per ISO week."""

    stats: "Stats"
    check_ins: "Sequence[CheckIn]"
    sessions_per_week: Mapping[str, int]


def build_report(
    figures: Figures, person: Person | None, weeks: int, today: date, words: ReportWords
) -> Report:
    """The report over the last ``weeks`` ISO weeks up to ``today`` (see the module)."""
    stats, check_ins, sessions_per_week = figures
    weeks = max(1, weeks)
    start = first_monday(weeks, today)
    window = []
    for number in range(weeks):
        monday = start + timedelta(weeks=number)
        label = iso_week(monday)
        window.append(WeekCount(label, monday, sessions_per_week.get(label, 0)))
    labels = {week.week for week in window}
    shown = [item for item in check_ins if start <= item.day <= today]
    text = dict(words.text)
    total = sum(week.sessions for week in window)
    text["period"] = text["period"].format(
        today=today.isoformat(), weeks=weeks, start=start.isoformat(), end=today.isoformat()
    )
    text["what"] = text["what"].format(weeks=weeks)
    text["regularity"] = text["regularity"].format(
        sessions=f"{total} {'session' if total == 1 else 'sessions'}",
        weeks=weeks,
        per_week=f"{total / weeks:.1f}".removesuffix(".0"),
        empty=sum(1 for week in window if not week.sessions),
    )
    text["check-ins-cut"] = text["check-ins-cut"].format(
        shown=min(PRINTED_CHECK_INS, len(shown)), count=len(shown)
    )
    text["stopped"] = text["stopped"].format(stopped=stats.stopped_hurt, sessions=stats.sessions)
    return Report(
        generated=today,
        weeks=weeks,
        start=start,
        person=person,
        sessions_per_week=tuple(window),
        trend=tuple(week for week in stats.weeks if week.week in labels),
        check_ins=tuple(sorted(shown, key=lambda item: (item.when, item.id))),
        stats=stats,
        questions=words.journal.questions,
        disclaimer=words.disclaimer,
        text=text,
        change=words.journal.change,
    )


def report_dict(report: Report) -> dict[str, Any]:
    """The JSON contract (schema_version 1); see the README, "journal report"."""
    stats = report.stats.to_dict()
    return {
        "schema_version": SCHEMA_VERSION,
        "generated": report.generated.isoformat(),
        "weeks": report.weeks,
        "from": report.start.isoformat(),
        "to": report.generated.isoformat(),
        "profile": None if report.person is None else report.person.to_dict(),
        "sessions_per_week": [
            {"week": week.week, "monday": week.monday.isoformat(), "sessions": week.sessions}
            for week in report.sessions_per_week
        ],
        "trend": [week for week in stats["weeks"] if week["week"] in _labels(report)],
        "check_ins": [
            {**item.to_dict(), "change_words": report.change.get(item.change or 0)}
            for item in report.check_ins
        ],
        "sessions": stats["sessions"],
        "by_helper": stats["by_helper"],
        "by_tool": stats["by_tool"],
        "stopped_hurt": stats["stopped_hurt"],
        "relief": stats["relief"],
        "course": stats["course"],
        "outlook": stats["outlook"],
        "verdict": stats["verdict"],
        "questions": list(report.questions),
        "disclaimer": report.disclaimer,
    }


def _labels(report: Report) -> set[str]:
    return {week.week for week in report.sessions_per_week}


def change_text(report: Report, item: "CheckIn") -> str:
    """The impression of change as ``5: Moderately better…``, or ``-`` if not given."""
    if item.change is None:
        return "-"
    return f"{item.change}: {report.change.get(item.change, '')}".rstrip(": ")


def group_rows(report: Report) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """Relief by helper and by tool as (title, rows of name, sessions, average relief)."""
    groups = []
    for title, items in (("Helper", report.stats.by_helper), ("Tool", report.stats.by_tool)):
        rows = [
            (item.key or "not recorded", str(item.sessions), f"{item.average_relief:+.1f}")
            for item in items
        ]
        if rows:
            groups.append((title, rows))
    return groups


def check_in_rows(report: Report) -> list[tuple[str, ...]]:
    """Each check-in as cells: date, the PEG with its three answers, the impression of
    change."""
    return [
        (
            item.day.isoformat(),
            f"{item.peg:.1f} ({item.pain_average}, {item.enjoyment}, {item.activity})",
            change_text(report, item),
        )
        for item in report.check_ins
    ]


CHECK_IN_HEADERS: Final = ("Date", "PEG (pain, life, activity)", "Change since starting (1-7)")
GROUP_HEADERS: Final = ("Sessions", "Average relief")
