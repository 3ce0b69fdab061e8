"""The two-layer verdict as a pure function, on hand-made journals: every outlook key and
the boundaries (exactly 2 points, exactly 30%, 21 days less one, six entries less one)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from sacromassage.journal.entry import Entry
from sacromassage.journal.stats import Measure, Outlook, Stats, summarise
from sacromassage.journal.store import Journal
from sacromassage.journal.tally import CheckIn, summary_of, weighted_median
from sacromassage.journal.words import load
from sacromassage.model import Helper, StepTool

START = datetime(2026, 3, 2, 18, 0).astimezone()
TODAY = date(2026, 6, 1)
WORDS = load()


def session(day: int, before: int, after: int | None, **extra: object) -> Entry:
    when = (START + timedelta(days=day)).isoformat()
    return Entry(id=day + 1, uid=f"u{day}", when=when, before=before, after=after, **extra)  # type: ignore[arg-type]


def check_in(
    day: int, average: int, enjoyment: int, activity: int, change: int | None = None
) -> CheckIn:
    when = (START + timedelta(days=day)).isoformat()
    return CheckIn(day + 1, f"c{day}", when, average, enjoyment, activity, change)


def stats_of(entries: list[Entry], check_ins: list[CheckIn] | None = None) -> Stats:
    return summarise(summary_of(entries, check_ins or []), WORDS, TODAY)


def course(first: int, last: int, relief: int, *, span: int = 28, count: int = 8) -> list[Entry]:
    """``count`` sessions over ``span`` days: the first half begin at pain ``first``, the
    second half at ``last``; each eases pain by ``relief``."""
    days = [round(index * span / (count - 1)) for index in range(count)]
    half = count // 2
    return [
        session(day, first if index < half else last, (first if index < half else last) - relief)
        for index, day in enumerate(days)
    ]


# --------------------------------------------------------------------------- outlook keys


def test_helping_when_both_layers_are_noticeable() -> None:
    stats = stats_of(course(7, 4, relief=2))
    assert stats.course.enough and stats.course.noticeable
    assert stats.course.measure is Measure.PAIN_BEFORE
    assert (stats.course.baseline, stats.course.latest, stats.course.change_points) == (7, 4, 3)
    assert stats.relief.noticeable
    assert stats.outlook is Outlook.HELPING
    assert stats.verdict.startswith(WORDS.outlooks[Outlook.HELPING])
    assert "not that massage caused it" in stats.verdict


def test_relief_only_when_sessions_ease_pain_but_the_weeks_do_not() -> None:
    stats = stats_of(course(6, 6, relief=3))
    assert stats.relief.noticeable and not stats.course.noticeable
    assert stats.course.change_points == 0
    assert stats.outlook is Outlook.RELIEF_ONLY
    assert "no change" in stats.verdict


def test_improving_when_the_weeks_improve_but_sessions_bring_little() -> None:
    stats = stats_of(course(8, 5, relief=1))
    assert stats.course.noticeable and not stats.relief.noticeable
    assert stats.outlook is Outlook.IMPROVING


def test_not_helping_when_neither_layer_moves() -> None:
    stats = stats_of(course(7, 7, relief=1))
    assert stats.outlook is Outlook.NOT_HELPING
    assert "clinician" in stats.verdict


def test_too_early_on_an_empty_journal() -> None:
    stats = stats_of([])
    assert (stats.sessions, stats.recorded) == (0, 0)
    assert stats.outlook is Outlook.TOO_EARLY
    assert stats.course.to_dict()["measure"] is None
    assert stats.check_in_due
    assert "21 days" in stats.verdict


def test_too_early_says_how_much_more_is_needed() -> None:
    stats = stats_of([session(0, 6, 3), session(5, 6, 3)])
    assert stats.outlook is Outlook.TOO_EARLY
    assert "16 more days and 4 more entries to go" in stats.verdict
    assert (
        "judged from 6 sessions with pain after recorded, and there are 2 so far" in stats.verdict
    )


# --------------------------------------------------------------------------- boundaries


@pytest.mark.parametrize(("span", "enough"), [(20, False), (21, True)])
def test_the_course_needs_21_days(span: int, enough: bool) -> None:
    stats = stats_of(course(7, 4, relief=2, span=span))
    assert stats.course.days == span
    assert stats.course.enough is enough
    assert (stats.outlook is Outlook.TOO_EARLY) is not enough


@pytest.mark.parametrize(("count", "enough"), [(5, False), (6, True)])
def test_the_course_needs_six_entries(count: int, enough: bool) -> None:
    stats = stats_of(course(7, 4, relief=2, count=count))
    assert stats.course.enough is enough


def test_check_ins_count_as_entries_for_the_course() -> None:
    sessions = course(7, 4, relief=2, count=4)
    assert not stats_of(sessions).course.enough
    stats = stats_of(sessions, [check_in(1, 5, 5, 5), check_in(27, 5, 5, 5)])
    assert stats.course.entries == 6 and stats.course.enough


@pytest.mark.parametrize(
    ("first", "last", "noticeable"),
    [
        (9, 7, True),  # exactly 2 points (22%)
        (10, 9, False),  # 1 point of 10: 10%
        (5, 4, False),  # 1 point of 5: 20%
    ],
)
def test_a_change_of_exactly_two_points_is_noticeable(
    first: int, last: int, noticeable: bool
) -> None:
    assert stats_of(course(first, last, relief=0)).course.noticeable is noticeable


def test_exactly_thirty_percent_is_noticeable_and_just_under_is_not() -> None:
    # Pain before: medians 5 (first two weeks) and 3.5 (last two): 1.5 points, 30%.
    exactly = [session(day, 5, 5) for day in (0, 3, 6, 9)]
    exactly += [session(day, b, b) for day, b in ((21, 3), (24, 4), (27, 3), (28, 4))]
    course_30 = stats_of(exactly).course
    assert (course_30.baseline, course_30.latest) == (5, 3.5)
    assert course_30.change_percent == pytest.approx(30.0)
    assert course_30.noticeable
    # The PEG in thirds: 5 -> 11/3 is 1.33 points, 26.7%: just under.
    sessions = course(6, 6, relief=0)
    under = stats_of(sessions, [check_in(0, 5, 5, 5), check_in(28, 4, 4, 3)]).course
    assert under.measure is Measure.PEG
    assert under.latest == pytest.approx(11 / 3)
    assert not under.noticeable
    # 5 -> 10/3 is 1.67 points, 33%: over.
    over = stats_of(sessions, [check_in(0, 5, 5, 5), check_in(28, 4, 3, 3)]).course
    assert over.change_points == pytest.approx(5 / 3)
    assert over.noticeable


def test_relief_right_after_at_exactly_two_points_or_thirty_percent() -> None:
    two = stats_of([session(day, 9, 7) for day in range(6)])
    assert two.relief.noticeable and two.relief.median_points == 2
    share = stats_of([session(day, 10, 7) for day in range(6)])
    assert share.relief.noticeable
    under = stats_of([session(day, 7, 6) for day in range(6)])  # 1 of 7: 14%
    assert not under.relief.noticeable
    five = stats_of([session(day, 9, 7) for day in range(5)])
    assert not five.relief.enough and not five.relief.noticeable


def test_the_peg_is_used_only_when_both_windows_hold_a_check_in() -> None:
    sessions = course(7, 4, relief=2)
    one = stats_of(sessions, [check_in(0, 6, 6, 6)])
    assert one.course.measure is Measure.PAIN_BEFORE
    both = stats_of(sessions, [check_in(0, 6, 6, 6), check_in(27, 6, 6, 6)])
    assert both.course.measure is Measure.PEG
    assert both.course.change_points == 0 and both.outlook is Outlook.RELIEF_ONLY


def test_a_session_without_pain_after_counts_for_the_course_only() -> None:
    entries = course(7, 4, relief=2) + [session(14, 8, None)]
    stats = stats_of(entries)
    assert (stats.sessions, stats.recorded) == (9, 8)
    assert stats.course.entries == 9


def test_check_in_due_after_a_week() -> None:
    recent = CheckIn(1, "c", datetime(2026, 5, 27, 9).astimezone().isoformat(), 5, 5, 5, 4)
    assert not summarise(summary_of([], [recent]), WORDS, date(2026, 6, 1)).check_in_due
    assert summarise(summary_of([], [recent]), WORDS, date(2026, 6, 4)).check_in_due
    assert recent.peg == 5 and recent.to_dict()["kind"] == "check-in"


def test_weighted_median() -> None:
    assert weighted_median([]) is None
    assert weighted_median([(3.0, 1)]) == 3
    assert weighted_median([(1.0, 1), (5.0, 1)]) == 3
    assert weighted_median([(1.0, 3), (5.0, 1)]) == 1
    assert weighted_median([(2.0, 2), (4.0, 2)]) == 3
    assert weighted_median([(9.0, 0), (1.0, 1)]) == 1


# --------------------------------------------------------------------------- JSON contract


def test_json_has_relief_and_course() -> None:
    data = stats_of(course(7, 4, relief=2)).to_dict()
    assert data["outlook"] == "helping" and isinstance(data["verdict"], str)
    assert set(data["course"]) >= {
        "measure",
        "baseline",
        "latest",
        "change_points",
        "change_percent",
        "noticeable",
        "weeks",
    }
    assert data["course"]["measure"] == "pain-before"
    assert data["course"]["change_points"] == 3 and data["course"]["weeks"] == 4
    assert data["course"]["change_percent"] == pytest.approx(42.86)
    assert data["relief"]["median_points"] == 2 and data["relief"]["noticeable"] is True


# --------------------------------------------------------------------------- SQL agrees


def test_the_store_tallies_match_the_pure_summary(tmp_path: Path) -> None:
    entries = [
        session(0, 6, 3, helper=Helper.SELF, tools=(StepTool.BALL, StepTool.HANDS)),
        session(1, 5, None, helper=Helper.PARTNER),
        session(9, 8, 4, helper=Helper.PARTNER, tools=(StepTool.HANDS,)),
        session(12, 4, 4, stopped="hurt", finished=False),
        session(30, 3, 2, tools=(StepTool.BALL,)),
    ]
    with Journal.open(tmp_path / "journal.sqlite3") as journal:
        for entry in entries:
            journal.add(
                before=entry.before,
                after=entry.after,
                helper=entry.helper,  # type: ignore[arg-type]
                tools=entry.tools,  # type: ignore[arg-type]
                when=entry.when,
                finished=entry.finished,
                stopped=entry.stopped,  # type: ignore[arg-type]
            )
        stored = journal.summary()
    expected = summary_of(entries)
    assert stored == expected
    assert stored.stopped_hurt == 1
    tools = {group.key: group.sessions for group in stored.by_tool}
    assert tools == {"ball": 2, "hands": 2, None: 1}  # every tool counts, not just the first


def test_the_sessions_between_the_windows_count_as_entries(tmp_path: Path) -> None:
    """Only the windows' days are kept, yet every session counts towards six entries."""
    entries = [session(day, 6, 3) for day in (0, 1, 20, 25, 30, 58, 60)]
    summary = summary_of(entries)
    assert [item.day.toordinal() - summary.days[0].day.toordinal() for item in summary.days] == [
        0,
        1,
        58,
        60,
    ]
    stats = summarise(summary, WORDS, TODAY)
    assert stats.course.entries == 7 and stats.course.enough
    with Journal.open(tmp_path / "journal.sqlite3") as journal:
        journal.import_rows([{"when": entry.when, "before": 6, "after": 3} for entry in entries])
        assert journal.summary() == summary


def test_a_summary_can_hold_only_the_newest_weeks(tmp_path: Path) -> None:
    from sacromassage.journal.totals import Weeks

    days = (0, 1, 8, 29, 36, 37)  # ISO weeks with sessions: 1, 2, 5 and 6 of them
    with Journal.open(tmp_path / "journal.sqlite3") as journal:
        for day in days:
            journal.add(before=6, after=3, when=(START + timedelta(days=day)).isoformat())
        every = journal.summary()
        newest = journal.summary(Weeks(newest=2))
        since = journal.summary(Weeks(since=every.weeks[2].week))
    assert len(every.weeks) == 4
    assert newest.weeks == every.weeks[-2:]
    assert since.weeks == every.weeks[2:]
    assert newest.first_week == every.first_week == every.weeks[0].week
    assert newest._replace(weeks=every.weeks) == every  # nothing else changes


def test_the_words_file_is_checked_naming_the_key(tmp_path: Path) -> None:
    from sacromassage.guide.knowledge import KnowledgeError
    from sacromassage.paths import data_dir

    text = (data_dir() / "journal.toml").read_text(encoding="utf-8")
    (tmp_path / "journal.toml").write_text(text.replace("relief-only = ", "relief-onl = ", 1))
    with pytest.raises(
        KnowledgeError, match=r"journal\.toml: \[outlooks\] relief-only: is missing"
    ):
        load(tmp_path)
    other = tmp_path / "other"
    other.mkdir()
    (other / "journal.toml").write_text(text.replace("[layers]", "[layers]\nrelif = 'x'", 1))
    with pytest.raises(KnowledgeError, match=r"\[layers\] relif: is not a known field"):
        load(other)
