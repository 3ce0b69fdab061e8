"""The journal library: storage, safety of the file, import/export and statistics."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sacromassage.journal.dates import parse_when
from sacromassage.journal.entry import (
    FIELDS,
    BadImportError,
    CannotWriteError,
    NoSuchEntryError,
    NotADatabaseError,
    Outcome,
    StepOutcome,
    TooNewError,
    meets_threshold,
)
from sacromassage.journal.schema import SCHEMA_VERSION
from sacromassage.journal.stats import Outlook
from sacromassage.journal.store import Journal, journal_path
from sacromassage.journal.transfer import read_import_file, rows_to_csv
from sacromassage.model import Helper, StepTool
from tests.conftest import TRICKY_NOTES

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SACROMASSAGE_HOME", str(tmp_path))
    return tmp_path


def at(day: int, hour: int = 18) -> datetime:
    return datetime(2026, 11, day, hour, 0, tzinfo=timezone(timedelta(hours=1)))


def subprocess_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["SACROMASSAGE_HOME"] = str(home)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


# --------------------------------------------------------------------------- location


def test_path_honours_sacromassage_home(home: Path) -> None:
    assert journal_path() == home / "journal.sqlite3"


def test_path_defaults_to_the_data_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("SACROMASSAGE_HOME", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("HOME", str(tmp_path))
    path = journal_path()
    assert path.name == "journal.sqlite3"
    if sys.platform.startswith("linux"):
        assert path == tmp_path / "data" / "sacromassage" / "journal.sqlite3"
    assert path.parent.name.lower() == "sacromassage"


def test_reading_a_missing_journal_creates_nothing(tmp_path: Path) -> None:
    target = tmp_path / "not" / "yet" / "journal.sqlite3"
    with Journal.open(target) as journal:
        assert journal.list() == []
        assert journal.stats().sessions == 0
        with pytest.raises(NoSuchEntryError):
            journal.get(1)
    assert not (tmp_path / "not").exists()


def test_first_write_creates_the_directory(tmp_path: Path) -> None:
    target = tmp_path / "new" / "dir" / "journal.sqlite3"
    with Journal.open(target) as journal:
        journal.add(before=5, after=3)
    assert target.is_file()


# --------------------------------------------------------------------------- add / list


def test_add_and_get_keep_every_field(home: Path) -> None:
    with Journal.open() as journal:
        entry = journal.add(
            before=7,
            after=4,
            minutes=15,
            helper=Helper.PARTNER,
            tool=StepTool.FOAM_ROLLER,
            note="left side",
            when=at(20),
            finished=False,
            steps=[
                StepOutcome(1, "Warm up", Outcome.DONE),
                {"number": 2, "title": "Glute press", "outcome": "stopped"},
            ],
        )
        again = journal.get(entry.id)
    assert again == entry
    assert entry.when == "2026-11-20T18:00:00+01:00"
    assert entry.relief == 3
    assert entry.finished is False
    assert [step.outcome for step in entry.steps] == [Outcome.DONE, Outcome.STOPPED]
    assert len(entry.uid) == 32


def test_add_defaults_to_now_with_an_offset_to_the_second(home: Path) -> None:
    with Journal.open() as journal:
        entry = journal.add(before=3, after=2)
    moment = datetime.fromisoformat(entry.when)
    assert moment.tzinfo is not None and moment.microsecond == 0
    assert abs((datetime.now(UTC) - moment).total_seconds()) < 120
    assert entry.finished is True and entry.steps == ()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"before": 11, "after": 3}, "0 to 10"),
        ({"before": 5, "after": -1}, "0 to 10"),
        ({"before": 5, "after": 3, "minutes": 0}, "1 to 240"),
        ({"before": 5, "after": 3, "steps": [{"number": 1, "title": "x", "outcome": "?"}]}, "?"),
    ],
)
def test_add_refuses_values_out_of_range(
    home: Path, arguments: dict[str, Any], message: str
) -> None:
    with Journal.open() as journal, pytest.raises(ValueError) as caught:
        journal.add(**arguments)
    assert message in str(caught.value)
    assert not (home / "journal.sqlite3").exists() or Journal.open().count() == 0


def test_parse_when_forms() -> None:
    assert parse_when("2026-11-20T18:30:00+05:30").isoformat() == "2026-11-20T18:30:00+05:30"
    assert parse_when("2026-11-20T18:30:45.123Z").isoformat() == "2026-11-20T18:30:45+00:00"
    local = parse_when("2026-11-20T18:30")
    assert local.utcoffset() == datetime(2026, 11, 20, 18, 30).astimezone().utcoffset()
    midnight = parse_when("2026-11-20")
    assert (midnight.hour, midnight.minute, midnight.second) == (0, 0, 0)
    for bad in ("2026-13-01", "yesterday", "", "20/11/2026"):
        with pytest.raises(ValueError, match="ISO-8601"):
            parse_when(bad)


def test_list_orders_by_time_then_id_and_filters(home: Path) -> None:
    with Journal.open() as journal:
        late = journal.add(before=5, after=4, when=at(10))
        early = journal.add(before=5, after=4, when=at(1))
        same_a = journal.add(before=5, after=4, when=at(5))
        same_b = journal.add(before=5, after=4, when=at(5))
        # Same instant written with another offset sorts by the instant, not the text.
        utc = journal.add(before=5, after=4, when="2026-11-05T17:30:00+00:00")
        ids = [entry.id for entry in journal.list()]
        assert ids == [early.id, same_a.id, same_b.id, utc.id, late.id]
        assert [entry.id for entry in journal.list(last=2)] == [utc.id, late.id]
        assert journal.list(last=0) == []
        since = [entry.id for entry in journal.list(since=date(2026, 11, 5))]
        assert since == [same_a.id, same_b.id, utc.id, late.id]
        assert [entry.id for entry in journal.list(last=1, since=date(2026, 11, 2))] == [late.id]


def test_list_last_uses_the_when_index(home: Path) -> None:
    with Journal.open() as journal:
        journal.add(before=5, after=4)
    connection = sqlite3.connect(home / "journal.sqlite3")
    plan = connection.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM entries ORDER BY when_ts DESC, id DESC LIMIT 50"
    ).fetchall()
    connection.close()
    assert "entries_when" in " ".join(str(row) for row in plan)


def test_delete(home: Path) -> None:
    with Journal.open() as journal:
        keep = journal.add(before=5, after=3)
        gone = journal.add(before=6, after=3)
        journal.delete(gone.id)
        assert [entry.id for entry in journal.list()] == [keep.id]
        with pytest.raises(NoSuchEntryError, match=f"No entry with id {gone.id} in .*journal"):
            journal.delete(gone.id)
        with pytest.raises(NoSuchEntryError):
            journal.get(gone.id)
        # Ids are never reused, so an old id cannot point at a new entry.
        assert journal.add(before=1, after=1).id > gone.id


# --------------------------------------------------------------------------- the file


def test_schema_version_wal_and_index(home: Path) -> None:
    with Journal.open() as journal:
        journal.add(before=5, after=3)
    connection = sqlite3.connect(home / "journal.sqlite3")
    assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    connection.close()
    assert {"entries", "entries_when"} <= names


def test_garbage_file_is_reported_and_left_alone(home: Path) -> None:
    target = home / "journal.sqlite3"
    garbage = bytes(range(256)) * 20
    target.write_bytes(garbage)
    with pytest.raises(NotADatabaseError, match=str(target)):
        Journal.open()
    with pytest.raises(NotADatabaseError):
        Journal(target).add(before=5, after=3)
    assert target.read_bytes() == garbage


def test_foreign_sqlite_file_is_refused(home: Path) -> None:
    target = home / "journal.sqlite3"
    connection = sqlite3.connect(target)
    connection.execute("CREATE TABLE recipes (name TEXT)")
    connection.commit()
    connection.close()
    before = target.read_bytes()
    with pytest.raises(NotADatabaseError, match="not a sacromassage journal"):
        Journal.open()
    assert target.read_bytes() == before


def test_newer_schema_is_refused(home: Path) -> None:
    with Journal.open() as journal:
        journal.add(before=5, after=3)
    connection = sqlite3.connect(home / "journal.sqlite3")
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    connection.commit()
    connection.close()
    with pytest.raises(TooNewError, match="newer sacromassage"):
        Journal.open()


def test_directory_that_cannot_be_created(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "afile"
    blocker.write_text("in the way")
    monkeypatch.setenv("SACROMASSAGE_HOME", str(blocker / "sub"))
    with (
        Journal.open() as journal,
        pytest.raises(CannotWriteError, match="Cannot create the journal"),
    ):
        journal.add(before=5, after=3)
    assert blocker.read_text() == "in the way"


def test_journal_path_that_is_a_directory(home: Path) -> None:
    (home / "journal.sqlite3").mkdir()
    with pytest.raises(CannotWriteError, match="is a directory"):
        Journal.open()


# --------------------------------------------------------------------------- export / import


def fill(journal: Journal) -> None:
    for number, note in enumerate(TRICKY_NOTES, start=1):
        journal.add(
            before=number,
            after=number - 1,
            note=note,
            when=at(number),
            helper=Helper.SELF,
            steps=[StepOutcome(1, "Warm up, gently", Outcome.EASED)],
            finished=number % 2 == 0,
        )


@pytest.mark.parametrize("kind", ["json", "csv"])
def test_export_import_round_trip(tmp_path: Path, kind: str) -> None:
    with Journal.open(tmp_path / "a" / "journal.sqlite3") as journal:
        fill(journal)
        rows = journal.export_rows()
    text = rows_to_csv(rows) if kind == "csv" else json.dumps(rows, ensure_ascii=False)
    backup = tmp_path / f"backup.{kind}"
    backup.write_bytes(text.encode("utf-8"))
    with Journal.open(tmp_path / "b" / "journal.sqlite3") as other:
        assert other.import_rows(read_import_file(backup), str(backup)) == len(TRICKY_NOTES)
        assert other.import_rows(read_import_file(backup), str(backup)) == 0
        copied = other.export_rows()
    assert copied == rows
    assert [row["note"] for row in copied] == TRICKY_NOTES
    assert list(copied[0]) == list(FIELDS)


def test_rows_without_uid_are_not_duplicated(home: Path) -> None:
    rows = [{"when": "2026-11-01T10:00", "before": "6", "after": "3"}]
    with Journal.open() as journal:
        assert journal.import_rows(rows) == 1
        assert journal.import_rows(rows) == 0
        assert journal.list()[0].uid.startswith("derived-")


def test_identical_hand_made_rows_are_two_sessions(home: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "sessions.csv"
    sheet.write_text("when,before,after\n2026-11-01,5,3\n2026-11-01,5,3\n", encoding="utf-8")
    with Journal.open() as journal:
        assert journal.import_rows(read_import_file(sheet), str(sheet)) == 2
        assert journal.import_rows(read_import_file(sheet), str(sheet)) == 0
        assert journal.count() == 2


@pytest.mark.parametrize(
    ("row", "fragment"),
    [
        ({"before": 5, "after": 3}, "row 2 has no when"),
        ({"when": "soon", "before": 5, "after": 3}, "row 2 has when 'soon'"),
        ({"when": "2026-11-01", "before": 12, "after": 3}, "row 2 has before 12"),
        ({"when": "2026-11-01", "before": "x", "after": 3}, "row 2 has before 'x'"),
        ({"when": "2026-11-01", "before": "²", "after": 3}, "row 2 has before '²'"),
        ({"when": "0026-11-01", "before": 5, "after": 3}, "before 1900"),
        ({"when": "2999-11-01", "before": 5, "after": 3}, "in the future"),
        ({"when": "2026-11-01", "before": "+-5", "after": 3}, "row 2 has before '+-5'"),
        ({"when": "2026-11-01", "before": 5, "after": 3, "tool": "rock"}, "tool 'rock'"),
        ({"when": "2026-11-01", "before": 5, "after": 3, "finished": "maybe"}, "finished"),
        ({"when": "2026-11-01", "before": 5, "after": 3, "steps": "[oops"}, "steps"),
    ],
)
def test_bad_row_names_source_and_row_and_adds_nothing(
    home: Path, row: dict[str, Any], fragment: str
) -> None:
    good = {"when": "2026-11-01", "before": 5, "after": 3, "uid": "good"}
    with Journal.open() as journal:
        with pytest.raises(BadImportError) as caught:
            journal.import_rows([good, row], source="backup.json")
        assert journal.count() == 0
    assert "backup.json" in str(caught.value)
    assert fragment in str(caught.value)


def test_read_import_file_problems(tmp_path: Path) -> None:
    missing = tmp_path / "missing.json"
    with pytest.raises(BadImportError, match="missing.json: no such file"):
        read_import_file(missing)
    broken = tmp_path / "broken.json"
    broken.write_text('[{"when": ')
    with pytest.raises(BadImportError, match="broken.json: it is not valid JSON"):
        read_import_file(broken)
    wrong_shape = tmp_path / "shape.json"
    wrong_shape.write_text('{"hello": 1}')
    with pytest.raises(BadImportError, match="list of entries"):
        read_import_file(wrong_shape)
    not_ours = tmp_path / "other.csv"
    not_ours.write_text("name,price\napple,3\n")
    with pytest.raises(BadImportError, match="other.csv: it is neither JSON nor a journal CSV"):
        read_import_file(not_ours)
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(BadImportError, match="not UTF-8"):
        read_import_file(binary)
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(BadImportError, match="empty"):
        read_import_file(empty)


def test_json_detected_by_content_whatever_the_name(tmp_path: Path) -> None:
    backup = tmp_path / "backup.txt"
    backup.write_text('\ufeff [{"when": "2026-11-01", "before": 4, "after": 2}]', "utf-8")
    assert read_import_file(backup)[0]["before"] == 4


@settings(max_examples=60, deadline=None)
@given(note=st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=40))
def test_any_note_survives_csv(tmp_path_factory: pytest.TempPathFactory, note: str) -> None:
    folder = tmp_path_factory.mktemp("csv")
    row = {"when": "2026-11-01T10:00:00+00:00", "before": 5, "after": 3, "note": note, "uid": "u"}
    backup = folder / "notes.csv"
    backup.write_bytes(rows_to_csv([row]).encode("utf-8"))
    with Journal.open(folder / "journal.sqlite3") as journal:
        journal.import_rows(read_import_file(backup), str(backup))
        assert journal.list()[0].note == note


# --------------------------------------------------------------------------- statistics


@pytest.mark.parametrize(
    ("before", "after", "noticeable"),
    [
        (10, 8, True),  # 2 points
        (10, 9, False),  # 1 point, 10%
        (3, 2, True),  # 1 point but 33%
        (5, 4, False),  # 1 point, 20%
        (1, 0, True),  # all of it
        (0, 0, False),  # nothing to ease
        (2, 3, False),  # worse
    ],
)
def test_threshold(before: int, after: int, noticeable: bool) -> None:
    assert meets_threshold(before, after) is noticeable


KNOWN = [  # (day, before, after, helper, tool); relief 3, 1, 4, 0, 1, 0
    (2, 6, 3, Helper.SELF, StepTool.BALL),
    (3, 5, 4, Helper.SELF, StepTool.BALL),
    (4, 8, 4, Helper.PARTNER, StepTool.HANDS),
    (10, 4, 4, Helper.PARTNER, None),
    (11, 3, 2, None, StepTool.BALL),
    (12, 7, 7, Helper.SELF, StepTool.BALL),
]


def add_known(journal: Journal, rows: list[tuple[int, int, int, Any, Any]]) -> None:
    for day, before, after, helper, tool in rows:
        journal.add(before=before, after=after, helper=helper, tool=tool, when=at(day))


def test_stats_on_a_known_data_set(home: Path) -> None:
    with Journal.open() as journal:
        add_known(journal, KNOWN)
        stats = journal.stats()
    assert stats.sessions == 6
    assert stats.average_relief == pytest.approx(1.5)
    assert stats.median_relief == pytest.approx(1.0)
    assert stats.noticeable == 3  # 6->3, 8->4 and 3->2 (33%)
    helpers = {group.key: (group.sessions, group.average_relief) for group in stats.by_helper}
    assert helpers == {"partner": (2, 2.0), "self": (3, pytest.approx(4 / 3)), None: (1, 1.0)}
    assert [group.key for group in stats.by_helper] == ["partner", "self", None]
    tools = {group.key: (group.sessions, group.average_relief) for group in stats.by_tool}
    assert tools == {"ball": (4, 1.25), "hands": (1, 4.0), None: (1, 0.0)}
    weeks = [(w.week, w.sessions, w.average_before, w.average_after) for w in stats.weeks]
    assert [week[:2] for week in weeks] == [("2026-W45", 3), ("2026-W46", 3)]
    flat = [value for week in weeks for value in week[2:]]
    assert flat == pytest.approx([19 / 3, 11 / 3, 14 / 3, 13 / 3])
    # Half the sessions met the threshold, but the typical one did not: median relief 1
    # point, median share (20% + 33%) / 2 = 27%. Below the bar, said honestly; and ten
    # days are too few for the course over weeks.
    assert stats.relief.enough and not stats.relief.noticeable
    assert stats.outlook is Outlook.TOO_EARLY
    assert "11 more days" in stats.verdict
    data = stats.to_dict()
    assert data["median_relief"] == 1.0 and data["by_helper"][0]["helper"] == "partner"


def test_verdict_not_helping_suggests_a_clinician(home: Path) -> None:
    late = [(day, 5, 5, Helper.SELF, None) for day in (23, 24, 25)]
    with Journal.open() as journal:
        add_known(journal, [*KNOWN, *late])
        stats = journal.stats()
    assert (stats.sessions, stats.noticeable) == (9, 3)
    assert stats.course.enough and stats.course.change_points == pytest.approx(0.5)
    assert stats.outlook is Outlook.NOT_HELPING
    assert "not seem to be helping" in stats.verdict
    assert "clinician" in stats.verdict and "exercise" in stats.verdict


def test_half_good_sessions_with_a_typical_one_below_the_bar_is_not_helping(home: Path) -> None:
    rows = [(day, 8, 8, None, None) for day in (1, 2, 3)]
    rows += [(day, 8, 5, None, None) for day in (4, 5, 6)]
    with Journal.open() as journal:
        add_known(journal, rows)
        stats = journal.stats()
    assert stats.median_relief == pytest.approx(1.5)
    assert not stats.relief.noticeable


@pytest.mark.parametrize(
    ("scores", "noticeable"),
    [
        ([(6, 4)] * 6, True),  # 2 points every time
        ([(3, 2)] * 6, True),  # 1 point, but a third of the pain
        ([(8, 7)] * 6, False),  # 1 point of 8
        ([(6, 3)] * 4 + [(6, 6)] * 2, True),  # the typical session: 3 points
    ],
)
def test_relief_follows_the_typical_session(
    home: Path, scores: list[tuple[int, int]], noticeable: bool
) -> None:
    with Journal.open() as journal:
        add_known(journal, [(day, b, a, None, None) for day, (b, a) in enumerate(scores, 1)])
        assert journal.stats().relief.noticeable is noticeable


def test_verdict_too_early_below_six_sessions(home: Path) -> None:
    with Journal.open() as journal:
        add_known(journal, KNOWN[:5])
        stats = journal.stats()
    assert stats.outlook is Outlook.TOO_EARLY
    assert "too early" in stats.verdict and "Keep logging" in stats.verdict
    assert not stats.relief.enough


def test_unfinished_sessions_count(home: Path) -> None:
    with Journal.open() as journal:
        journal.add(before=6, after=2)
        journal.add(before=6, after=6, finished=False)
        stats = journal.stats()
    assert (stats.sessions, stats.finished) == (2, 1)
    assert stats.average_relief == pytest.approx(2.0)


# --------------------------------------------------------------------------- processes

WRITER = """
import sys
from sacromassage.journal.store import Journal
print("ready", flush=True)
sys.stdin.readline()
for number in range(25):
    with Journal.open() as journal:
        journal.add(before=6, after=3, note=f"{sys.argv[1]}-{number}")
print("done", flush=True)
"""


def test_concurrent_writer_processes_all_succeed(tmp_path: Path) -> None:
    env = subprocess_env(tmp_path)
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(number)],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for number in range(4)
    ]
    for worker in workers:  # every process is up before any starts writing
        assert worker.stdout is not None
        assert worker.stdout.readline().strip() == "ready"
    for worker in workers:
        assert worker.stdin is not None
        worker.stdin.write("go\n")
        worker.stdin.flush()
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        assert out.strip() == "done"
    with Journal.open(tmp_path / "journal.sqlite3") as journal:
        notes = {entry.note for entry in journal.list()}
    assert len(notes) == 100
    assert notes == {f"{worker}-{number}" for worker in range(4) for number in range(25)}


KEEP_WRITING = """
from sacromassage.journal.store import Journal
with Journal.open() as journal:
    while True:
        entry = journal.add(before=7, after=2, note="x" * 3000)
        print(entry.id, flush=True)
"""


def test_killed_writer_leaves_a_sound_journal(tmp_path: Path) -> None:
    worker = subprocess.Popen(
        [sys.executable, "-c", KEEP_WRITING],
        env=subprocess_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert worker.stdout is not None
    confirmed: list[int] = []
    try:
        while len(confirmed) < 40:
            line = worker.stdout.readline()
            assert line, "the writer stopped early"
            confirmed.append(int(line))
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
        worker.stdout.close()
    target = tmp_path / "journal.sqlite3"
    connection = sqlite3.connect(target)
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {row[0] for row in connection.execute("SELECT id FROM entries")}
    connection.close()
    assert set(confirmed) <= stored
    with Journal.open(target) as journal:
        assert journal.count() == len(stored)
        journal.add(before=3, after=1)


def test_when_words_count_back_from_an_injected_now() -> None:
    from sacromassage.journal.dates import parse_when_words, when_day

    thursday = date(2026, 11, 26)
    assert when_day("today", thursday) == thursday
    assert when_day(" Yesterday ", thursday) == date(2026, 11, 25)
    assert when_day("3 days ago", thursday) == date(2026, 11, 23)
    assert when_day("0 days ago", thursday) == thursday
    assert when_day("monday", thursday) == date(2026, 11, 23)
    assert when_day("WEDNESDAY", thursday) == date(2026, 11, 25)
    assert when_day("thursday", thursday) == date(2026, 11, 19)  # today's: a week ago
    assert when_day("Friday", thursday) == date(2026, 11, 20)
    for fuzzy in ("last monday", "mon", "3 day ago", "-1 days ago", "٣ days ago", "tomorrow"):
        assert when_day(fuzzy, thursday) is None
    moment = parse_when_words("2 days ago", datetime(2026, 11, 26, 15, 0).astimezone())
    assert moment.isoformat() == datetime(2026, 11, 24).astimezone().isoformat()
    with pytest.raises(ValueError, match="N days ago"):
        parse_when_words("last week", datetime(2026, 11, 26, 15, 0).astimezone())
    assert parse_when_words("2026-11-20").date() == date(2026, 11, 20)


def test_edit_keeps_id_and_uid_and_refuses_before_writing(home: Path) -> None:
    with Journal.open() as journal:
        entry = journal.add(before=6, after=None, tool=StepTool.BALL, when="2026-11-20T18:30")
        edited = journal.edit(entry.id, after=2, when="2026-11-21T08:00", tool=None)
        assert (edited.id, edited.uid, edited.after, edited.tool) == (entry.id, entry.uid, 2, None)
        assert edited.when.startswith("2026-11-21T08:00")
        for bad in ({"after": 11}, {"before": None}, {"minutes": 0}, {"when": "soon"}):
            with pytest.raises(ValueError):
                journal.edit(entry.id, **bad)
        with pytest.raises(NoSuchEntryError):
            journal.edit(entry.id + 1, after=3)
        assert journal.get(entry.id) == edited
        assert journal.list(since=date(2026, 11, 21)) == [edited]
