"""When a session happened: reading ISO-8601 dates and the few words ``--when`` takes."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from datetime import time as clock
from typing import Final

WHEN_FORMAT_HINT: Final = (
    "Use ISO-8601, such as 2026-11-20, 2026-11-20T18:30 or 2026-11-20T18:30:00+01:00"
)


EARLIEST_YEAR: Final = 1900


def parse_when(text: str) -> datetime:
    """Read an ISO-8601 date or date-time; a date means local midnight and a time
    without an offset is local time. Raises ``ValueError`` naming the valid format."""
    cleaned = text.strip()
    try:
        if len(cleaned) == 10:
            moment = datetime.combine(date.fromisoformat(cleaned), clock())
        else:
            moment = datetime.fromisoformat(cleaned)
        moment = aware(moment)
        moment.timestamp()  # years the clock cannot represent fail here, not later
    except (ValueError, OverflowError, OSError):
        raise ValueError(f"'{text}' is not a date or time. {WHEN_FORMAT_HINT}.") from None
    # A year before 1900 or a time more than a day ahead (slack for time zones) is a
    # typo, not a session: refuse it here so both `add` and `import` do.
    if moment.year < EARLIEST_YEAR:
        raise ImplausibleWhenError(text, f"before {EARLIEST_YEAR} (check the year)")
    if moment > datetime.now(moment.tzinfo) + timedelta(days=1):
        raise ImplausibleWhenError(text, "in the future (give when the session happened)")
    return moment


#: Weekday names ``--when`` takes, Monday first (as ``date.weekday()`` counts).
WEEKDAYS: Final = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WHEN_WORDS_HINT: Final = (
    "or exactly today, yesterday, N days ago (N a whole number) or a weekday name "
    "(monday to sunday: the most recent one past)"
)


def when_day(text: str, today: date) -> date | None:
    """The day named by ``today``, ``yesterday``, ``N days ago`` (ASCII digits) or a
    weekday name (case-insensitive; the most recent one before ``today``, so today's
    weekday means a week ago); None for anything else, nothing fuzzier."""
    words = text.strip().lower().split()
    if words == ["today"]:
        return today
    if words == ["yesterday"]:
        return today - timedelta(days=1)
    if len(words) == 1 and words[0] in WEEKDAYS:
        back = (today.weekday() - WEEKDAYS.index(words[0])) % 7 or 7
        return today - timedelta(days=back)
    if (
        len(words) == 3
        and words[1:] == ["days", "ago"]
        and words[0].isascii()
        and words[0].isdigit()
        and len(words[0]) <= 6  # a million days: far before 1900, refused below
    ):
        return today - timedelta(days=int(words[0]))
    return None


def parse_when_words(text: str, moment: datetime | None = None) -> datetime:
    """:func:`parse_when`, and also the words of :func:`when_day` counted back from
    ``moment`` (default: now); a bare day means local midnight, like a date."""
    current = now() if moment is None else aware(moment)
    try:
        day = when_day(text, current.astimezone().date())
    except OverflowError:
        day = None
    if day is None:
        try:
            return parse_when(text)
        except ImplausibleWhenError:
            raise
        except ValueError:
            raise ValueError(
                f"'{text}' is not a date or time. {WHEN_FORMAT_HINT}, {WHEN_WORDS_HINT}."
            ) from None
    return parse_when(day.isoformat())


class ImplausibleWhenError(ValueError):
    """A real date and time, but not one a session can have happened at."""

    def __init__(self, text: str, reason: str) -> None:
        super().__init__(f"'{text}' is {reason}. {WHEN_FORMAT_HINT}.")
        self.reason = reason


def aware(moment: datetime) -> datetime:
    """To the second, with a UTC offset; a naive time is taken as local time."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        moment = moment.astimezone()
    return moment.replace(microsecond=0)


def now() -> datetime:
    return aware(datetime.now().astimezone())


def iso_week(moment: date) -> str:
    """The ISO week of a day or a moment, as the journal labels weeks: ``2026-W05``."""
    year, week, _ = moment.isocalendar()
    return f"{year:04d}-W{week:02d}"
