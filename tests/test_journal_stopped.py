"""Pain after that was never given (``after: null``) and why a session stopped early
(``stopped``): storage, the migration of older journals, exports, imports and stats."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from sacromassage.journal.entry import JournalError, Outcome, StepOutcome, Stopped
from sacromassage.journal.schema import SCHEMA_VERSION
from sacromassage.journal.store import Journal
from sacromassage.journal.transfer import read_import_file, rows_to_csv
from sacromassage.model import Helper, StepTool
from tests.journal_harness import app, runner

#: The journal as version 1 of the schema made it, word for word.
SCHEMA_1 = """
CREATE TABLE entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uid TEXT NOT NULL UNIQUE,
    when_text TEXT NOT NULL,
    when_ts INTEGER NOT NULL,
    week TEXT NOT NULL,
    pain_before INTEGER NOT NULL CHECK (pain_before BETWEEN 0 AND 10),
    pain_after INTEGER NOT NULL CHECK (pain_after BETWEEN 0 AND 10),
    minutes INTEGER CHECK (minutes IS NULL OR minutes BETWEEN 1 AND 240),
    diagnosis TEXT,
    helper TEXT,
    tool TEXT,
    note TEXT,
    finished INTEGER NOT NULL DEFAULT 1 CHECK (finished IN (0, 1)),
    steps TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX entries_when ON entries (when_ts, id);
PRAGMA user_version = 1;
"""


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SACROMASSAGE_HOME", str(tmp_path))
    return tmp_path


def at(day: int) -> datetime:
    return datetime(2026, 11, day, 18, 0, tzinfo=timezone(timedelta(hours=1)))


def old_journal(path: Path) -> None:
    """A version-1 journal with two entries (ids 3 and 7: a deleted one left a gap)."""
    connection = sqlite3.connect(path)
    connection.executescript(SCHEMA_1)
    steps = json.dumps([{"number": 1, "title": "Warm up", "outcome": "done"}])
    connection.executemany(
        "INSERT INTO entries (id, uid, when_text, when_ts, week, pain_before, pain_after, "
        "minutes, diagnosis, helper, tool, note, finished, steps) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                3,
                "uid-a",
                "2026-11-02T18:00:00+01:00",
                1793638800,
                "2026-W45",
                6,
                3,
                12,
                "soft-tissue",
                "self",
                "ball",
                "after the drive",
                1,
                steps,
            ),
            (
                7,
                "uid-b",
                "2026-11-03T18:00:00+01:00",
                1793725200,
                "2026-W45",
                5,
                5,
                None,
                None,
                "partner",
                None,
                None,
                0,
                "[]",
            ),
        ],
    )
    connection.commit()
    connection.close()


def test_an_old_journal_migrates_with_nothing_lost(home: Path) -> None:
    path = home / "journal.sqlite3"
    old_journal(path)
    with Journal.open(path) as journal:
        first, second = journal.list()
        added = journal.add(before=4, after=None, stopped=Stopped.INTERRUPTED, when=at(5))
    assert (first.id, first.uid, first.before, first.after, first.minutes) == (3, "uid-a", 6, 3, 12)
    assert (first.helper, first.tool, first.note, first.finished) == (
        Helper.SELF,
        StepTool.BALL,
        "after the drive",
        True,
    )
    assert first.steps == (StepOutcome(1, "Warm up", Outcome.DONE),) and first.stopped is None
    assert (first.tools, second.tools) == ((StepTool.BALL,), ())
    assert (second.id, second.after, second.finished, second.stopped) == (7, 5, False, None)
    assert added.id == 8  # AUTOINCREMENT's memory survives the rebuild: no id is reused
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        indexes = {row[1] for row in connection.execute("PRAGMA index_list(entries)")}
        assert "entries_when" in indexes
    finally:
        connection.close()


def test_a_failed_migration_leaves_the_old_journal_as_it_was(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sacromassage.journal import schema as journal_module

    path = home / "journal.sqlite3"
    old_journal(path)
    broken = (*journal_module.MIGRATIONS[:1], (*journal_module.MIGRATIONS[1][:-1], "NOT SQL"))
    monkeypatch.setattr(journal_module, "MIGRATIONS", broken)
    with pytest.raises(JournalError):
        Journal.open(path)
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == 1
        assert connection.execute("SELECT count(*) FROM entries").fetchone()[0] == 2
    finally:
        connection.close()


def test_after_null_and_stopped_are_stored_and_exported(home: Path, tmp_path: Path) -> None:
    with Journal.open() as journal:
        journal.add(before=6, after=None, stopped=Stopped.INTERRUPTED, finished=False, when=at(2))
        journal.add(before=5, after=6, stopped=Stopped.HURT, finished=False, when=at(3))
        journal.add(before=5, after=4, stopped=Stopped.SKIPPED_REST, finished=False, when=at(4))
        journal.add(before=5, after=2, when=at(5))
        rows = journal.export_rows()
    assert [(row["after"], row["relief"], row["stopped"]) for row in rows] == [
        (None, None, "interrupted"),
        (6, -1, "hurt"),
        (4, 1, "skipped-rest"),
        (2, 3, None),
    ]
    assert list(rows[0])[-2:] == ["stopped", "steps"]
    text = rows_to_csv(rows)
    records = list(csv.DictReader(io.StringIO(text)))
    assert (records[0]["after"], records[0]["relief"], records[0]["stopped"]) == (
        "",
        "",
        "interrupted",
    )
    assert records[3]["stopped"] == ""
    for name, content in (("back.json", json.dumps(rows)), ("back.csv", text)):
        (tmp_path / name).write_text(content, encoding="utf-8", newline="")
        with Journal(tmp_path / f"{name}.sqlite3") as copy:
            assert copy.import_rows(read_import_file(tmp_path / name)) == 4
            assert [(e.after, e.stopped) for e in copy.list()] == [
                (None, Stopped.INTERRUPTED),
                (6, Stopped.HURT),
                (4, Stopped.SKIPPED_REST),
                (2, None),
            ]


def test_an_item_without_stopped_imports_as_null(tmp_path: Path) -> None:
    source = tmp_path / "hand.json"
    source.write_text(
        json.dumps(
            [
                {"when": "2026-11-02", "before": 6, "after": 3},
                {"when": "2026-11-03", "before": 6, "after": None},
            ]
        )
    )
    with Journal(tmp_path / "j.sqlite3") as journal:
        assert journal.import_rows(read_import_file(source)) == 2
        assert [(e.after, e.stopped) for e in journal.list()] == [(3, None), (None, None)]


def test_an_unknown_stopped_value_is_refused_on_import(tmp_path: Path) -> None:
    from sacromassage.journal.entry import BadImportError

    with Journal(tmp_path / "j.sqlite3") as journal, pytest.raises(BadImportError) as caught:
        journal.import_rows([{"when": "2026-11-02", "before": 6, "after": 3, "stopped": "bored"}])
    assert "row 1 has stopped 'bored', expected one of hurt, interrupted, skipped-rest" in str(
        caught.value
    )


def test_hand_made_rows_keep_the_uid_they_had_before_stopped_existed(tmp_path: Path) -> None:
    """A CSV without uids imported before this version adds nothing when imported again."""
    row = {"when": "2026-11-02T18:00:00+01:00", "before": "6", "after": "3"}
    with Journal(tmp_path / "j.sqlite3") as journal:
        journal.import_rows([row])
        [entry] = journal.list()
    # The uid version 1 derived for this row (sha256 of its content, unchanged since).
    assert (
        entry.uid
        == "derived-"
        + __import__("hashlib")
        .sha256(
            json.dumps(
                ["2026-11-02T18:00:00+01:00", 6, 3, None, None, None, None, None, 1, "[]"]
            ).encode()
        )
        .hexdigest()[:32]
    )


def test_stats_leave_unrecorded_sessions_out_of_every_relief_figure(home: Path) -> None:
    with Journal.open() as journal:
        for day in range(2, 9):  # seven sessions, each easing pain by 3
            journal.add(before=6, after=3, helper=Helper.SELF, tool=StepTool.BALL, when=at(day))
        journal.add(
            before=9,
            after=None,
            helper=Helper.SELF,
            tool=StepTool.BALL,
            stopped=Stopped.INTERRUPTED,
            finished=False,
            when=at(9),
        )
        journal.add(before=8, after=None, helper=Helper.PARTNER, when=at(23))
        stats = journal.stats()
    assert (stats.sessions, stats.recorded, stats.noticeable) == (9, 7, 7)
    assert (stats.average_before, stats.average_after) == (6, 3)
    assert stats.average_relief == stats.median_relief == 3
    assert [(g.key, g.sessions, g.average_relief) for g in stats.by_helper] == [("self", 7, 3)]
    assert [(w.week, w.sessions) for w in stats.weeks] == [("2026-W45", 7)]
    # 21 days: the course is judged, and pain before rose from 6 to 8 over the weeks.
    assert stats.outlook.value == "relief-only" and "7 of 7" in stats.verdict
    data = stats.to_dict()
    assert (data["sessions"], data["recorded"]) == (9, 7)


def test_stats_with_no_pain_after_at_all_say_so(home: Path) -> None:
    with Journal.open() as journal:
        journal.add(before=6, after=None, when=at(2))
        stats = journal.stats()
    assert stats.recorded == 0 and stats.average_relief is None
    assert "relief is judged from 6 sessions with pain after recorded" in stats.verdict
    assert "there are 0 so far" in stats.verdict


def test_list_show_and_stats_say_not_recorded(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    with Journal.open() as journal:
        journal.add(before=6, after=3, when=at(2))
        journal.add(before=7, after=None, stopped=Stopped.INTERRUPTED, finished=False, when=at(3))
    plain = runner.invoke(app, ["journal", "list", "--format", "plain"])
    assert plain.exit_code == 0
    row = plain.stdout.splitlines()[2]
    assert "not recorded" in row and "+" not in row and "None" not in row
    rich = runner.invoke(app, ["journal", "list"])
    assert rich.exit_code == 0 and "not recorded" in rich.stdout
    shown = runner.invoke(app, ["journal", "show", "2"])
    assert shown.exit_code == 0
    assert "Pain:      7 before, after not recorded" in shown.stdout
    assert "Stopped:   interrupted" in shown.stdout and "None" not in shown.stdout
    assert "Stopped:   -" in runner.invoke(app, ["journal", "show", "1"]).stdout
    stats = runner.invoke(app, ["journal", "stats", "--format", "plain"])
    assert stats.exit_code == 0
    assert (
        "Sessions:        2 (1 cut short; 1 with pain after not recorded, left out of every figure)"
    ) in stats.stdout
    assert "Noticeable:      1 of 1 sessions" in stats.stdout
    assert "Average relief:  +3.0 points" in stats.stdout
    exported = json.loads(runner.invoke(app, ["journal", "export"]).stdout)
    assert exported[1]["after"] is None and exported[1]["stopped"] == "interrupted"


def test_journal_add_logs_a_therapist_visit(home: Path) -> None:
    result = runner.invoke(
        app,
        ["journal", "add", "--before", "6", "--after", "3", "-w", "therapist", "--minutes", "60"],
    )
    assert result.exit_code == 0, result.output
    with Journal.open() as journal:
        [entry] = journal.list()
    assert (entry.helper, entry.minutes, entry.stopped) == (Helper.THERAPIST, 60, None)


def test_journal_add_without_after_logs_it_as_not_recorded(home: Path) -> None:
    """So the by-hand line a session prints after an unsaved Ctrl-C can be pasted as is."""
    result = runner.invoke(
        app,
        [
            "journal",
            "add",
            "--before",
            "6",
            "--minutes",
            "3",
            "--note",
            "guided session, unfinished (stopped: interrupted)",
        ],
    )
    assert result.exit_code == 0, result.output
    with Journal.open() as journal:
        [entry] = journal.list()
    assert (entry.before, entry.after, entry.relief) == (6, None, None)


def test_an_old_journal_is_read_without_being_changed(home: Path) -> None:
    path = home / "journal.sqlite3"
    old_journal(path)
    listed = runner.invoke(app, ["journal", "list", "--format", "json"])
    assert listed.exit_code == 0, listed.output
    assert [(e["id"], e["after"], e["stopped"]) for e in json.loads(listed.stdout)] == [
        (3, 3, None),
        (7, 5, None),
    ]
    assert "Pain:      5 before, 5 after" in runner.invoke(app, ["journal", "show", "7"]).stdout
    stats = json.loads(runner.invoke(app, ["journal", "stats", "--format", "json"]).stdout)
    assert (stats["sessions"], stats["recorded"]) == (2, 2)
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == 1
    finally:
        connection.close()
