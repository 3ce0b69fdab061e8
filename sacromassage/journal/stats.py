"""What the journal adds up to: a pure function of summaries, no SQLite and no printing."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Final

from sacromassage.journal.entry import NOTICEABLE_POINTS, NOTICEABLE_SHARE
from sacromassage.model import SCHEMA_VERSION as SCHEMA_VERSION_JSON

#: Fewer sessions than this are too few to judge.
MIN_SESSIONS_FOR_VERDICT: Final = 6


class Outlook(StrEnum):
    """The gist of the verdict, for machines."""

    TOO_EARLY = "too-early"
    HELPING = "helping"
    NOT_HELPING = "not-helping"


@dataclass(frozen=True)
class GroupStats:
    """Relief for the sessions sharing one helper or one tool (``key`` None: not recorded)."""

    key: str | None
    sessions: int
    average_relief: float


@dataclass(frozen=True)
class WeekStats:
    """Average pain before and after for one ISO week, such as ``2026-W47``."""

    week: str
    sessions: int
    average_before: float
    average_after: float


@dataclass(frozen=True)
class Stats:
    """What the journal adds up to.

    Every session counts, finished or not: a session cut short is still a session the
    person did, and leaving it out would flatter the numbers. A session whose pain after
    was not recorded counts in ``sessions`` only: every average, median, group, week,
    ``noticeable`` and the verdict are over the ``recorded`` ones. ``noticeable`` is how
    many met the threshold in :func:`meets_threshold`.
    """

    sessions: int
    finished: int
    #: Sessions whose pain after was recorded: the only ones any relief figure counts.
    recorded: int
    noticeable: int
    average_before: float | None
    average_after: float | None
    average_relief: float | None
    median_relief: float | None
    by_helper: tuple[GroupStats, ...]
    by_tool: tuple[GroupStats, ...]
    weeks: tuple[WeekStats, ...]
    outlook: Outlook
    verdict: str

    def to_dict(self) -> dict[str, Any]:
        def number(value: float | None) -> float | None:
            return None if value is None else round(value, 2)

        def group(item: GroupStats, name: str) -> dict[str, Any]:
            return {
                name: item.key,
                "sessions": item.sessions,
                "average_relief": number(item.average_relief),
            }

        return {
            "schema_version": SCHEMA_VERSION_JSON,
            "sessions": self.sessions,
            "finished": self.finished,
            "recorded": self.recorded,
            "noticeable": self.noticeable,
            "average_before": number(self.average_before),
            "average_after": number(self.average_after),
            "average_relief": number(self.average_relief),
            "median_relief": number(self.median_relief),
            "by_helper": [group(item, "helper") for item in self.by_helper],
            "by_tool": [group(item, "tool") for item in self.by_tool],
            "weeks": [
                {
                    "week": week.week,
                    "sessions": week.sessions,
                    "average_before": number(week.average_before),
                    "average_after": number(week.average_after),
                }
                for week in self.weeks
            ],
            "threshold": {"points": NOTICEABLE_POINTS, "share": NOTICEABLE_SHARE},
            "outlook": self.outlook.value,
            "verdict": self.verdict,
        }


def verdict_for(
    sessions: int,
    noticeable: int,
    median_relief: float = 0.0,
    median_share: float = 0.0,
    unrecorded: int = 0,
) -> tuple[Outlook, str]:
    """The plain-words verdict over ``sessions`` with pain after recorded (``unrecorded``
    more have none and are only mentioned).

    With fewer than six sessions it is too early to judge. From six on, massage "seems
    to help" when the typical session reaches the threshold of :func:`meets_threshold`:
    the median relief is at least 2 points, or the median relief as a share of the
    pain before is at least 30%. Otherwise it may not be helping much, and the verdict
    suggests asking a clinician about other approaches.
    """
    if sessions == 0 and unrecorded:
        return Outlook.TOO_EARLY, (
            "No session has its pain after recorded yet, so it is too early to judge; "
            "give your pain after each session to see whether massage helps you."
        )
    if sessions == 0:
        return Outlook.TOO_EARLY, (
            "No sessions logged yet, so it is too early to judge; "
            "log each session to see whether massage helps you."
        )
    if sessions < MIN_SESSIONS_FOR_VERDICT:
        plural = "session" if sessions == 1 else "sessions"
        logged = "with pain after recorded" if unrecorded else "logged"
        return Outlook.TOO_EARLY, (
            f"With {sessions} {plural} {logged} it is too early to judge; keep logging "
            f"until you have at least {MIN_SESSIONS_FOR_VERDICT}."
        )
    evidence = (
        f"a typical session eased your pain by {median_relief:g} points ({median_share:.0%}), "
        f"and {noticeable} of {sessions} reached {NOTICEABLE_POINTS} points or "
        f"{NOTICEABLE_SHARE:.0%}, the size of change people usually notice "
        "(Farrar et al. 2001)"
    )
    if median_relief >= NOTICEABLE_POINTS or median_share >= NOTICEABLE_SHARE:
        return Outlook.HELPING, f"Massage seems to help you noticeably: {evidence}."
    return Outlook.NOT_HELPING, (
        f"Massage may not be helping you much: {evidence}. Consider asking a "
        "clinician about other approaches, such as exercise-based care."
    )
