"""A weekly reminder as an RFC 5545 calendar file, written with the standard library.

The event starts at a floating local time (no time zone): calendar apps show it at the
chosen hour wherever the computer is, and nothing has to be looked up or fetched.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from typing import Final

#: Day keys ``--days`` takes, Monday first, and their RFC 5545 BYDAY codes.
DAY_KEYS: Final = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
BYDAY: Final = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_FULL_NAMES: Final = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)
#: What a reminder tells you to run: red flags are asked every time, so no shortcuts.
SESSION_COMMAND: Final = "sacromassage session"
SUMMARY: Final = "SI joint self-massage session"
#: How long the event lasts in the calendar.
EVENT_MINUTES: Final = 15
_TIME = re.compile(r"([0-9]{1,2}):([0-9]{2})")


def parse_days(text: str) -> tuple[int, ...]:
    """Weekday numbers (Monday 0) from ``mon,wed,fri`` (full names too, any case), in
    week order, each once; ValueError naming the valid values otherwise."""
    found: set[int] = set()
    for part in text.split(","):
        word = part.strip().lower()
        if word in DAY_KEYS:
            found.add(DAY_KEYS.index(word))
        elif word in _FULL_NAMES:
            found.add(_FULL_NAMES.index(word))
        else:
            shown = part.strip()[:40]
            raise ValueError(
                f"'{shown}' is not a day. Give days separated by commas, each one of: "
                f"{', '.join(DAY_KEYS)} (such as mon,wed,fri)."
            )
    return tuple(sorted(found))


def parse_time(text: str) -> clock:
    """``19:00`` (24-hour HH:MM, 00:00 to 23:59); ValueError naming the format otherwise."""
    match = _TIME.fullmatch(text.strip())
    if match is not None:
        hour, minute = int(match[1]), int(match[2])
        if hour <= 23 and minute <= 59:  # noqa: PLR2004 - the clock's own limits
            return clock(hour, minute)
    raise ValueError(
        f"'{text[:40]}' is not a time. Give 24-hour HH:MM from 00:00 to 23:59, such as 19:00."
    )


def first_day(days: Iterable[int], at: clock, now: datetime) -> date:
    """The first of ``days`` whose reminder at ``at`` is still ahead of ``now`` (local,
    naive), so DTSTART is itself one of the recurring occurrences."""
    chosen = set(days)
    day = now.date()
    for _ in range(8):
        if day.weekday() in chosen and datetime.combine(day, at) > now:
            return day
        day += timedelta(days=1)
    raise ValueError("No day was given.")


def _escaped(text: str) -> str:
    """A TEXT value (RFC 5545 3.3.11)."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _folded(line: str) -> str:
    """One content line folded at 75 octets (RFC 5545 3.1), never inside a character."""
    pieces: list[str] = []
    current, size, limit = "", 0, 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            current, size, limit = " ", 1, 75
        current += char
        size += width
    pieces.append(current)
    return "\r\n".join(pieces)


def calendar(
    days: Iterable[int],
    at: clock,
    now: datetime | None = None,
    uid: str | None = None,
) -> str:
    """The calendar file: one weekly event on ``days`` at ``at`` (floating local time).

    ``now`` (naive local time; default: now) picks the first occurrence; DTSTAMP is its
    UTC moment. Lines end in CRLF, as RFC 5545 requires.
    """
    weekdays = sorted(set(days))
    if not weekdays:
        raise ValueError("No day was given.")
    moment = datetime.now() if now is None else now
    local = moment.astimezone().replace(tzinfo=None) if moment.tzinfo else moment
    stamp = moment.astimezone(UTC) if moment.tzinfo else moment.astimezone().astimezone(UTC)
    start = datetime.combine(first_day(weekdays, at, local), at)
    description = (
        "Time for your SI joint self-massage. Run:\n"
        f"{SESSION_COMMAND}\n"
        "It asks about red flags first, every time; stop if anything hurts. Afterwards "
        "'sacromassage journal stats' shows whether it is helping."
    )
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//sacromassage//journal remind//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{uid or uuid.uuid4().hex}@sacromassage",
        f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
        f"DTSTART:{start:%Y%m%dT%H%M%S}",
        f"DURATION:PT{EVENT_MINUTES}M",
        f"RRULE:FREQ=WEEKLY;BYDAY={','.join(BYDAY[day] for day in weekdays)}",
        f"SUMMARY:{_escaped(SUMMARY)}",
        f"DESCRIPTION:{_escaped(description)}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(f"{_folded(line)}\r\n" for line in lines)
