"""The weekly check-in (``journal check-in``), the schema-4 migration that adds it with the
tallies SQLite keeps, and exports and imports that carry both kinds of item."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput
from typer.testing import Result

from sacromassage.cli import journal_common
from sacromassage.journal.entry import EXPORT_FIELDS, BadImportError
from sacromassage.journal.schema import MIGRATIONS, SCHEMA_VERSION
from sacromassage.journal.store import Journal
from sacromassage.journal.tally import summary_of
from sacromassage.journal.transfer import read_import_file, rows_to_csv
from sacromassage.journal.words import load
from sacromassage.model import Diagnosis, Helper, StepTool
from sacromassage.questions import ask_check_in
from tests.journal_harness import app, runner

START = datetime(2026, 3, 2, 18, 0).astimezone()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SACROMASSAGE_HOME", str(tmp_path))
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setattr(journal_common, "stdin_is_terminal", lambda: False)
    return tmp_path


def run(*arguments: str) -> Result:
    result = runner.invoke(app, ["journal", *arguments])
    assert "Traceback" not in result.output
    return result


def expect(result: Result, code: int) -> Result:
    assert result.exit_code == code, result.output
    return result


def at(day: int) -> str:
    return (START + timedelta(days=day)).isoformat()


def schema_3_journal(path: Path) -> None:
    """A journal as schema 3 made it (its migrations, word for word), with three entries."""
    connection = sqlite3.connect(path)
    for statements in MIGRATIONS[:3]:
        for statement in statements:
            connection.execute(statement)
    connection.executemany(
        "INSERT INTO entries (id, uid, when_text, when_ts, week, pain_before, pain_after, "
        "helper, tool, tools, finished, stopped, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?)",
        [
            (3, "u3", at(0), int((START).timestamp()), "2026-W10", 7, 4, "self", "ball",
             '["ball", "hands"]', 1, None, "first"),
            (4, "u4", at(1), int((START + timedelta(days=1)).timestamp()), "2026-W10", 6, None,
             None, None, "[]", 0, "hurt", None),
            (9, "u9", at(8), int((START + timedelta(days=8)).timestamp()), "2026-W11", 5, 5,
             "partner", None, "[]", 1, None, 'said "ouch"'),
        ],
    )  # fmt: skip
    connection.execute("PRAGMA user_version = 3")
    connection.commit()
    connection.close()


def stored(journal: Journal) -> Any:
    """The store's summary and the pure one over the same entries and check-ins."""
    return journal.summary(), summary_of(journal.list(), journal.check_ins())


# --------------------------------------------------------------------------- schema


def test_a_schema_3_journal_reads_as_it_is_then_migrates_with_nothing_lost(home: Path) -> None:
    path = home / "journal.sqlite3"
    schema_3_journal(path)
    with Journal.open(path, read_only=True) as journal:  # reading never migrates
        before = journal.list()
        assert journal.check_ins() == []
        summary, expected = stored(journal)
        assert summary == expected and summary.sessions == 3
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == 3
    connection.close()
    with Journal.open(path) as journal:
        assert journal.list() == before  # every id, uid and field kept
        summary, expected = stored(journal)
        assert summary == expected
        saved = journal.add_check_in(pain_average=5, enjoyment=4, activity=6, when=at(9))
        assert journal.check_ins() == [saved]
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert connection.execute("SELECT sum(sessions) FROM tally").fetchone()[0] == 3
    finally:
        connection.close()


def test_a_failed_check_in_migration_leaves_the_journal_as_it_was(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sacromassage.journal import schema

    path = home / "journal.sqlite3"
    schema_3_journal(path)
    broken = (*schema.MIGRATIONS[:3], (*schema.MIGRATIONS[3], "NOT SQL"))
    monkeypatch.setattr(schema, "MIGRATIONS", broken)
    with pytest.raises(Exception, match="journal"):
        Journal.open(path)
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == 3
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        assert "check_ins" not in tables and "tally" not in tables
        assert connection.execute("SELECT count(*) FROM entries").fetchone()[0] == 3
    finally:
        connection.close()


def test_the_tallies_follow_every_add_edit_delete_and_import(home: Path) -> None:
    with Journal.open(home / "journal.sqlite3") as journal:
        first = journal.add(before=6, after=3, helper=Helper.SELF, tools=[StepTool.BALL])
        journal.add(before=5, after=None, stopped="hurt", finished=False, when=at(3))  # type: ignore[arg-type]
        third = journal.add(
            before=8, after=4, helper=Helper.PARTNER, tools=[StepTool.HANDS, StepTool.BALL]
        )
        journal.add_check_in(pain_average=6, enjoyment=5, activity=7, when=at(0))
        assert stored(journal)[0] == stored(journal)[1]
        changes: list[dict[str, Any]] = [
            {"before": 9},
            {"after": None},
            {"after": 2},
            {"minutes": 20},
            {"diagnosis": Diagnosis.SOFT_TISSUE},
            {"helper": Helper.THERAPIST},
            {"helper": None},
            {"tools": [StepTool.HANDS]},
            {"tool": None, "tools": []},
            {"note": "moved"},
            {"when": at(40)},
        ]
        for change in changes:
            if change:
                journal.edit(first.id, **change)
            summary, expected = stored(journal)
            assert summary == expected, change
        journal.delete(third.id)
        assert stored(journal)[0] == stored(journal)[1]
        rows = [
            {"when": at(50 + number), "before": number, "after": number // 2, "tools": "ball"}
            for number in range(11)
        ]
        rows.append({"kind": "check-in", "when": at(60), "pain_average": 3, "enjoyment": 2,
                     "activity": 2, "change": 6})  # fmt: skip
        assert journal.import_rows(rows) == 12
        summary, expected = stored(journal)
        assert summary == expected and len(summary.check_ins) == 2
        for entry in journal.list():
            journal.delete(entry.id)
        summary = journal.summary()
        assert (summary.sessions, summary.pairs, summary.days, summary.by_tool) == (0, (), (), ())


def test_check_ins_are_checked_and_listed_oldest_first(home: Path) -> None:
    with Journal.open(home / "journal.sqlite3") as journal:
        later = journal.add_check_in(pain_average=4, enjoyment=3, activity=2, change=5, when=at(7))
        earlier = journal.add_check_in(pain_average=6, enjoyment=5, activity=4, when=at(0))
        assert journal.check_ins() == [earlier, later]
        assert later.peg == 3 and later.to_dict()["kind"] == "check-in"
        for bad in ({"pain_average": 11}, {"activity": -1}, {"change": 0}, {"change": 8}):
            values = {"pain_average": 5, "enjoyment": 5, "activity": 5, **bad}
            with pytest.raises(ValueError):
                journal.add_check_in(**values)  # type: ignore[arg-type]
        assert len(journal.check_ins()) == 2
    connection = sqlite3.connect(home / "journal.sqlite3")
    try:
        with pytest.raises(sqlite3.IntegrityError):  # the table refuses it too
            connection.execute(
                "INSERT INTO check_ins (uid, when_text, when_ts, week, pain_average, "
                "enjoyment, activity, change) VALUES ('x', 'w', 0, 'w', 5, 5, 5, 9)"
            )
    finally:
        connection.close()


# --------------------------------------------------------------------------- the command


def test_check_in_from_flags_prints_its_id(home: Path) -> None:
    result = expect(
        run("check-in", "--pain-average", "5", "--enjoyment", "4", "--activity", "6"), 0
    )
    assert result.stdout == "1\n"
    expect(
        run(
            "check-in",
            *("--pain-average", "3", "--enjoyment", "2", "--activity", "4", "--change", "6"),
            *("--when", "yesterday"),
        ),
        0,
    )
    with Journal.open(home / "journal.sqlite3", read_only=True) as journal:
        first, second = sorted(journal.check_ins(), key=lambda item: item.id)
    assert (first.pain_average, first.enjoyment, first.activity, first.change) == (5, 4, 6, None)
    assert (second.change, second.peg) == (6, 3)
    assert datetime.fromisoformat(second.when).time().hour == 0  # yesterday, local midnight


def test_check_in_without_all_answers_and_no_terminal_exits_2(home: Path) -> None:
    result = expect(run("check-in", "--pain-average", "5", "--change", "3"), 2)
    assert "--enjoyment" in result.stderr and "--activity" in result.stderr
    assert "--pain-average" not in result.stderr.split("missing", 1)[1]
    result = expect(run("check-in"), 2)
    assert len(result.stderr.strip().splitlines()) == 1 and "terminal" in result.stderr
    for arguments in (
        ("--pain-average", "11", "--enjoyment", "1", "--activity", "1"),
        ("--pain-average", "1", "--enjoyment", "1", "--activity", "1", "--change", "8"),
        ("--pain-average", "1", "--enjoyment", "1", "--activity", "1", "--when", "soon"),
        ("--list", "--activity", "3"),
    ):
        expect(run("check-in", *arguments), 2)
    assert not (home / "journal.sqlite3").exists()


def test_check_in_asks_at_a_terminal(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sacromassage.questions as questions

    asked: list[bool] = []

    def answers(
        words: object, labels: object, ask_change: bool, **io: object
    ) -> tuple[int, int, int, int | None]:
        asked.append(ask_change)
        return 7, 6, 5, 2 if ask_change else None

    monkeypatch.setattr(journal_common, "stdin_is_terminal", lambda: True)
    monkeypatch.setattr(questions, "ask_check_in", answers)
    expect(run("check-in"), 0)
    expect(run("check-in", "--change", "4"), 0)  # the change given: not asked again
    assert asked == [True, False]
    with Journal.open(home / "journal.sqlite3", read_only=True) as journal:
        assert [(c.pain_average, c.change) for c in journal.check_ins()] == [(7, 2), (7, 4)]


@pytest.fixture
def keys() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe:
        yield pipe


def test_the_check_in_questions(keys: PipeInput) -> None:
    words = load()
    keys.send_text("5\r4\r6\r" + "\x1b[B" * 4 + "\r")
    assert ask_check_in(words.check_in, words.change, True, input=keys, output=DummyOutput()) == (
        5,
        4,
        6,
        5,
    )
    keys.send_text("1\r2\r3\r" + "\x1b[A\r")  # up from the first: the last choice, skip
    assert ask_check_in(words.check_in, words.change, True, input=keys, output=DummyOutput()) == (
        1,
        2,
        3,
        None,
    )


def test_check_in_list_in_every_format(home: Path, tmp_path: Path) -> None:
    assert "No check-ins yet" in expect(run("check-in", "--list"), 0).stdout
    assert json.loads(expect(run("check-in", "--list", "-f", "json"), 0).stdout) == []
    with Journal.open(home / "journal.sqlite3") as journal:
        journal.add_check_in(pain_average=6, enjoyment=5, activity=4, when=at(0))
        journal.add_check_in(pain_average=4, enjoyment=2, activity=3, change=6, when=at(7))
    words = load()
    for form in ("rich", "plain"):
        text = expect(run("check-in", "--list", "-f", form), 0).stdout
        assert "PEG" in text and "5.0" in text and "3.0" in text
        assert words.change[6] in text
    items = json.loads(expect(run("check-in", "--list", "-f", "json"), 0).stdout)
    assert [(item["kind"], item["peg"], item["change"]) for item in items] == [
        ("check-in", 5.0, None),
        ("check-in", 3.0, 6),
    ]
    expect(run("check-in", "--list", "-o", str(tmp_path / "c.csv")), 0)
    rows = list(csv.DictReader(io.StringIO((tmp_path / "c.csv").read_text(encoding="utf-8"))))
    assert [(row["pain_average"], row["peg"], row["change"]) for row in rows] == [
        ("6", "5.0", ""),
        ("4", "3.0", "6"),
    ]


def test_stats_offers_a_check_in_until_one_is_recent(home: Path) -> None:
    words = load()
    expect(run("add", "--before", "6", "--after", "3"), 0)
    for form in ("plain", "rich"):
        assert words.check_in["never"] in expect(run("stats", "-f", form), 0).stdout
    data = json.loads(expect(run("stats", "-f", "json"), 0).stdout)
    assert (data["check_ins"], data["last_check_in"], data["check_in_due"]) == (0, None, True)
    expect(run("check-in", "--pain-average", "5", "--enjoyment", "4", "--activity", "6"), 0)
    text = expect(run("stats", "-f", "plain"), 0).stdout
    assert words.check_in["never"] not in text
    assert words.check_in["due"].split("{")[0] not in text
    data = json.loads(expect(run("stats", "-f", "json"), 0).stdout)
    assert data["check_ins"] == 1 and data["check_in_due"] is False
    assert data["last_check_in"] is not None


# --------------------------------------------------------------------------- files


def fill(journal: Journal) -> None:
    journal.add(before=6, after=3, note='=1+2, said "ouch"', when=at(0), tools=[StepTool.BALL])
    journal.add_check_in(pain_average=6, enjoyment=5, activity=4, when=at(1))
    journal.add(before=5, after=None, when=at(2))
    journal.add_check_in(pain_average=4, enjoyment=2, activity=3, change=6, when=at(8))


@pytest.mark.parametrize("kind", ["json", "csv"])
def test_sessions_and_check_ins_round_trip(tmp_path: Path, kind: str) -> None:
    with Journal.open(tmp_path / "a" / "journal.sqlite3") as journal:
        fill(journal)
        rows = journal.export_rows()
    assert [row["kind"] for row in rows] == ["session", "session", "check-in", "check-in"]
    text = rows_to_csv(rows, EXPORT_FIELDS) if kind == "csv" else json.dumps(rows)
    backup = tmp_path / f"backup.{kind}"
    backup.write_text(text, encoding="utf-8")
    with Journal.open(tmp_path / "b" / "journal.sqlite3") as other:
        assert other.import_rows(read_import_file(backup)) == 4
        assert other.import_rows(read_import_file(backup)) == 0  # duplicates by uid skipped
        assert other.export_rows() == rows
        summary = other.summary()
        assert summary == summary_of(other.list(), other.check_ins())


def test_export_command_writes_both_kinds(home: Path, tmp_path: Path) -> None:
    with Journal.open(home / "journal.sqlite3") as journal:
        fill(journal)
    items = json.loads(expect(run("export"), 0).stdout)
    assert [item["kind"] for item in items] == ["session", "session", "check-in", "check-in"]
    expect(run("export", "-o", str(tmp_path / "all.csv")), 0)
    header = (tmp_path / "all.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.split(",") == list(EXPORT_FIELDS)
    listed = json.loads(expect(run("list", "-f", "json"), 0).stdout)
    assert len(listed) == 2 and "kind" not in listed[0]  # list stays sessions only


def test_an_item_without_kind_is_a_session_and_a_bad_kind_is_refused(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "journal.sqlite3") as journal:
        assert journal.import_rows([{"when": at(0), "before": 5, "after": 2}]) == 1
        assert journal.import_rows([{"when": at(0), "before": 5, "after": 2}]) == 0
        for row, problem in (
            ({"kind": "dream", "when": at(1), "before": 5}, "kind"),
            ({"kind": "check-in", "when": at(1), "pain_average": 5, "enjoyment": 5}, "activity"),
            ({"kind": "check-in", "when": at(1), "pain_average": 5, "enjoyment": 5,
              "activity": 5, "change": 9}, "change"),
        ):  # fmt: skip
            with pytest.raises(BadImportError, match=problem):
                journal.import_rows([{"when": at(2), "before": 1, "after": 1}, row])
        assert len(journal.list()) == 1 and journal.check_ins() == []
