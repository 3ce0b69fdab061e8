"""`sacromassage journal remind`: an RFC 5545 calendar file, parsed by icalendar."""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path
from typing import Any

import icalendar
import pytest
from typer.testing import Result

from sacromassage.cli import journal_common
from sacromassage.journal.remind import calendar, first_day
from tests.journal_harness import app, runner

#: A Thursday afternoon, local time.
NOW = datetime(2026, 11, 26, 15, 0)


@pytest.fixture(autouse=True)
def fixed_now(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SACROMASSAGE_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(journal_common, "now", lambda: NOW)


def run(*arguments: str) -> Result:
    result = runner.invoke(app, ["journal", "remind", *arguments])
    assert "Traceback" not in result.output
    return result


def event_of(text: str) -> Any:
    """The one event (as Any: icalendar's property types are a union per name)."""
    parsed = icalendar.Calendar.from_ical(text)
    events = list(parsed.walk("VEVENT"))
    assert len(events) == 1
    event = events[0]
    assert isinstance(event, icalendar.Event)
    return event


def test_remind_writes_a_weekly_event_a_calendar_library_reads(tmp_path: Path) -> None:
    target = tmp_path / "sessions.ics"
    result = run("--days", "fri,MON,wed,mon", "--time", "19:00", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert "sessions.ics" in result.stderr and result.stdout == ""
    raw = target.read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    event = event_of(raw.decode("utf-8"))
    rule = event["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"] and rule["BYDAY"] == ["MO", "WE", "FR"]
    start = event.decoded("DTSTART")
    assert start.tzinfo is None  # floating local time: 19:00 wherever the computer is
    assert start == datetime(2026, 11, 27, 19, 0)  # the first Friday ahead of Thursday
    assert start.time() == time(19, 0)
    description = str(event["DESCRIPTION"])
    assert "sacromassage session" in description
    assert "--saved" not in description and "--no-red-flags" not in description
    assert str(event["UID"]) and event.decoded("DTSTAMP").tzinfo is not None


def test_remind_prints_to_stdout_without_o() -> None:
    result = run("--days", "thursday", "--time", "7:05")
    assert result.exit_code == 0, result.output
    event = event_of(result.stdout)
    assert event["RRULE"]["BYDAY"] == ["TH"]
    assert event.decoded("DTSTART") == datetime(2026, 12, 3, 7, 5)  # today's 7:05 has passed


def test_first_day_can_be_today_when_the_time_is_still_ahead() -> None:
    assert first_day([3], time(19, 0), NOW).isoformat() == "2026-11-26"
    assert first_day([3], time(14, 0), NOW).isoformat() == "2026-12-03"
    text = calendar([0, 2], time(6, 0), now=NOW, uid="fixed")
    assert "UID:fixed@sacromassage\r\n" in text and "DTSTART:20261130T060000\r\n" in text


@pytest.mark.parametrize(
    ("arguments", "names"),
    [
        (("--days", "mon,funday", "--time", "19:00"), ("--days", "mon, tue, wed", "sun")),
        (("--days", "", "--time", "19:00"), ("--days", "sun")),
        (("--days", "mon", "--time", "24:00"), ("--time", "HH:MM", "23:59")),
        (("--days", "mon", "--time", "7pm"), ("--time", "HH:MM")),
        (("--days", "mon", "--time", "١٩:٠٠"), ("--time",)),
    ],
)
def test_bad_days_or_time_are_exit_2_naming_the_valid_values(
    arguments: tuple[str, ...], names: tuple[str, ...], tmp_path: Path
) -> None:
    target = tmp_path / "sessions.ics"
    result = run(*arguments, "-o", str(target))
    assert result.exit_code == 2, result.output
    for name in names:
        assert name in result.stderr
    assert not target.exists()


def test_remind_will_not_write_over_the_journal(tmp_path: Path) -> None:
    journal = tmp_path / "home" / "journal.sqlite3"
    added = runner.invoke(app, ["journal", "add", "--before", "5", "--after", "3"])
    assert added.exit_code == 0, added.output
    before = journal.read_bytes()
    result = run("--days", "mon", "--time", "19:00", "-o", str(journal))
    assert result.exit_code != 0 and journal.read_bytes() == before
