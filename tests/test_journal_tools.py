"""Every tool of a session (``--tool`` repeats): storage, the schema-3 migration of
older journals, exports, imports and edits. Nothing recorded is ever dropped."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from sacromassage.journal.entry import JournalError
from sacromassage.journal.schema import SCHEMA_VERSION
from sacromassage.journal.store import Journal
from sacromassage.journal.transfer import read_import_file, rows_to_csv
from sacromassage.model import StepTool
from tests.journal_harness import app, runner

#: The journal as version 2 of the schema made it, word for word.
SCHEMA_2 = """
CREATE TABLE entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uid TEXT NOT NULL UNIQUE,
    when_text TEXT NOT NULL,
    when_ts INTEGER NOT NULL,
    week TEXT NOT NULL,
    pain_before INTEGER NOT NULL CHECK (pain_before BETWEEN 0 AND 10),
    pain_after INTEGER CHECK (pain_after IS NULL OR pain_after BETWEEN 0 AND 10),
    minutes INTEGER CHECK (minutes IS NULL OR minutes BETWEEN 1 AND 240),
    diagnosis TEXT,
    helper TEXT,
    tool TEXT,
    note TEXT,
    finished INTEGER NOT NULL DEFAULT 1 CHECK (finished IN (0, 1)),
    steps TEXT NOT NULL DEFAULT '[]',
    stopped TEXT
);
CREATE INDEX entries_when ON entries (when_ts, id);
PRAGMA user_version = 2;
"""


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SACROMASSAGE_HOME", str(tmp_path))
    return tmp_path


def run(*arguments: str) -> Result:
    result = runner.invoke(app, ["journal", *arguments])
    assert "Traceback" not in result.output
    return result


def old_journal(path: Path) -> None:
    """A version-2 journal: one entry with a tool, one without, one with a newer key."""
    connection = sqlite3.connect(path)
    connection.executescript(SCHEMA_2)
    connection.executemany(
        "INSERT INTO entries (id, uid, when_text, when_ts, week, pain_before, pain_after, "
        "tool, stopped) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (2, "uid-a", "2026-11-02T18:00:00+01:00", 1793638800, "2026-W45", 6, 3, "ball", None),
            (
                5,
                "uid-b",
                "2026-11-03T18:00:00+01:00",
                1793725200,
                "2026-W45",
                5,
                None,
                None,
                "hurt",
            ),
            (6, "uid-c", "2026-11-04T18:00:00+01:00", 1793811600, "2026-W45", 5, 4, 'a"x', None),
        ],
    )
    connection.commit()
    connection.close()


def test_a_schema_2_journal_is_read_unchanged_then_migrates_with_nothing_lost(home: Path) -> None:
    path = home / "journal.sqlite3"
    old_journal(path)
    with Journal.open(path, read_only=True) as journal:  # reading never migrates
        assert [entry.tools for entry in journal.list()] == [(StepTool.BALL,), (), ('a"x',)]
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == 2
    connection.close()
    with Journal.open(path) as journal:
        first, second, third = journal.list()
        added = journal.add(before=4, after=2, tools=[StepTool.HANDS, StepTool.BALL])
    assert (first.id, first.uid, first.tool, first.tools) == (
        2,
        "uid-a",
        StepTool.BALL,
        (StepTool.BALL,),
    )
    assert (second.id, second.tool, second.tools, second.after, second.stopped) == (
        5,
        None,
        (),
        None,
        "hurt",
    )
    assert (third.tool, third.tools) == ('a"x', ('a"x',))  # a newer version's key is kept
    assert added.id == 7 and added.tools == (StepTool.HANDS, StepTool.BALL)
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = connection.execute("SELECT id, tool, tools FROM entries ORDER BY id").fetchall()
        assert stored == [
            (2, "ball", '["ball"]'),
            (5, None, "[]"),
            (6, 'a"x', '["a\\"x"]'),
            (7, "hands", '["hands", "ball"]'),
        ]
    finally:
        connection.close()


def test_a_failed_tools_migration_leaves_the_journal_as_it_was(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sacromassage.journal import schema as journal_module

    path = home / "journal.sqlite3"
    old_journal(path)
    broken = (*journal_module.MIGRATIONS[:2], (journal_module.MIGRATIONS[2][0], "NOT SQL"))
    monkeypatch.setattr(journal_module, "MIGRATIONS", broken)
    with pytest.raises(JournalError):
        Journal.open(path)
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == 2
        columns = {row[1] for row in connection.execute("PRAGMA table_info(entries)")}
        assert "tools" not in columns
        assert connection.execute("SELECT count(*) FROM entries").fetchone()[0] == 3
    finally:
        connection.close()


def listed() -> list[dict[str, Any]]:
    result = run("list", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, list)
    return data


def test_tool_repeats_on_add_and_edit_and_every_one_is_kept(home: Path) -> None:
    added = run("add", "--before", "6", "--after", "3", "--tool", "ball", "--tool", "Hands")
    assert added.exit_code == 0, added.output
    assert run("add", "--before", "5", "--tool", "ball", "--tool", "ball").exit_code == 0
    first, second = listed()
    assert (first["tool"], first["tools"]) == ("ball", ["ball", "hands"])
    assert (second["tool"], second["tools"]) == ("ball", ["ball"])
    assert list(first)[list(first).index("tool") + 1] == "tools"
    edited = run("edit", "2", "--tool", "foam-roller", "--tool", "massage-cane")
    assert edited.exit_code == 0, edited.output
    assert listed()[1]["tools"] == ["foam-roller", "massage-cane"]
    assert run("edit", "1", "--after", "2").exit_code == 0  # tools untouched
    assert listed()[0]["tools"] == ["ball", "hands"]
    bad = run("add", "--before", "5", "--tool", "ball", "--tool", "hammer")
    assert bad.exit_code == 2 and "massage-cane" in bad.stderr
    assert len(listed()) == 2
    shown = run("list", "-f", "plain")
    assert "ball;hands" in shown.stdout or "ball, hands" in shown.stdout


def test_tools_round_trip_through_json_and_csv(home: Path, tmp_path: Path) -> None:
    with Journal.open() as journal:
        journal.add(before=6, after=3, tools=[StepTool.BALL, StepTool.HANDS], when="2026-11-02")
        journal.add(before=5, after=4, tool=StepTool.FOAM_ROLLER, when="2026-11-03")
        journal.add(before=5, after=5, when="2026-11-04")
        rows = journal.export_rows()
    text = rows_to_csv(rows)
    header = next(csv.reader(io.StringIO(text)))
    assert header[header.index("tool") + 1] == "tools"
    assert [row["tools"] for row in csv.DictReader(io.StringIO(text))] == [
        "ball;hands",
        "foam-roller",
        "",
    ]
    for name, content in (("backup.json", json.dumps(rows)), ("backup.csv", text)):
        other = tmp_path / f"other-{name}.sqlite3"
        file = tmp_path / name
        file.write_text(content, encoding="utf-8")
        with Journal.open(other) as journal:
            assert journal.import_rows(read_import_file(file)) == 3
            again = journal.export_rows()
        assert [(row["uid"], row["tool"], row["tools"]) for row in again] == [
            (row["uid"], row["tool"], row["tools"]) for row in rows
        ]


def test_import_falls_back_to_tool_and_keeps_a_tool_missing_from_tools(
    home: Path, tmp_path: Path
) -> None:
    file = tmp_path / "hand-made.json"
    file.write_text(
        json.dumps(
            [
                {"when": "2026-11-02", "before": 6, "after": 3, "tool": "ball"},
                {"when": "2026-11-03", "before": 6, "after": 3, "tool": "hands", "tools": ["ball"]},
                {"when": "2026-11-04", "before": 6, "after": 3, "tools": ["ball", "hands"]},
            ]
        ),
        encoding="utf-8",
    )
    with Journal.open() as journal:
        assert journal.import_rows(read_import_file(file)) == 3
        assert journal.import_rows(read_import_file(file)) == 0  # derived uids are stable
        rows = journal.export_rows()
    assert [(row["tool"], row["tools"]) for row in rows] == [
        ("ball", ["ball"]),
        ("hands", ["hands", "ball"]),
        ("ball", ["ball", "hands"]),
    ]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([{"when": "2026-11-02", "before": 6, "tools": ["x"]}]))
    with Journal.open() as journal, pytest.raises(Exception, match="row 1 has a tool 'x'"):
        journal.import_rows(read_import_file(bad))
