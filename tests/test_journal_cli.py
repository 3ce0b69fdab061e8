"""`sacromassage journal ...` end to end through typer's CliRunner.

The journal sub-app is mounted on a tiny app of its own here, so these tests do not
depend on the rest of the program.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from sacromassage.cli import journal_common
from tests.conftest import TRICKY_NOTES
from tests.journal_harness import expect, run

ROOT = Path(__file__).resolve().parent.parent
LIST_KEYS = {"id", "when", "before", "after", "minutes", "diagnosis", "helper", "tool", "note"}


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv("SACROMASSAGE_HOME", str(folder))
    monkeypatch.setenv("COLUMNS", "120")
    return folder


def flat(text: str) -> str:
    """Error panels drawn by rich, with the frame removed and the words rejoined."""
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", text).split())


def add(*arguments: str) -> int:
    result = expect(run("add", *arguments), 0)
    return int(result.stdout.strip())


def listed(*arguments: str) -> list[dict[str, Any]]:
    data = json.loads(expect(run("list", "--format", "json", *arguments), 0).stdout)
    assert isinstance(data, list)
    return data


# --------------------------------------------------------------------------- path / help


def test_path_honours_sacromassage_home(home: Path) -> None:
    result = expect(run("path"), 0)
    assert result.stdout == f"{home / 'journal.sqlite3'}\n"


def test_no_arguments_shows_help() -> None:
    result = run()
    assert result.exit_code in (0, 2)
    for command in ("add", "list", "show", "delete", "export", "import", "stats", "path"):
        assert command in result.output


@pytest.mark.parametrize(
    "command",
    [
        "path",
        "add",
        "edit",
        "check-in",
        "list",
        "show",
        "delete",
        "export",
        "import",
        "stats",
        "remind",
    ],
)
def test_every_help_leads_with_examples(command: str) -> None:
    result = expect(run(command, "--help"), 0)
    text = result.stdout
    assert "Examples:" in text
    examples = text[text.index("Examples:") :]
    assert examples.count(f"sacromassage journal {command}") >= 2


def test_the_module_stays_light_at_start_up() -> None:
    code = (
        "import sys, sacromassage.cli.journal\n"
        "heavy = ['sqlite3', 'sacromassage.journal.store', 'rich', 'csv', 'json']\n"
        "print([name for name in heavy if name in sys.modules])"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    output = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert output.strip() == "[]"


# --------------------------------------------------------------------------- add / list


def test_add_prints_the_id_and_list_json_has_every_field(home: Path) -> None:
    first = add("--before", "6", "--after", "3")
    second = add(
        "--before", "7", "--after", "2", "--minutes", "20", "--diagnosis", "Laxity",
        "--helper", "partner", "--tool", "foam-roller", "--note", "better",
        "--when", "2026-11-20T18:30:00+01:00",
    )  # fmt: skip
    assert (first, second) == (1, 2)
    entries = listed()
    assert [entry["id"] for entry in entries] == [2, 1]  # oldest first; 2 is dated earlier
    entry = entries[0]
    assert LIST_KEYS | {"finished", "relief", "steps", "uid"} <= set(entry)
    assert entry == entry | {
        "when": "2026-11-20T18:30:00+01:00",
        "before": 7,
        "after": 2,
        "relief": 5,
        "minutes": 20,
        "diagnosis": "laxity",
        "helper": "partner",
        "tool": "foam-roller",
        "note": "better",
        "finished": True,
        "steps": [],
    }
    assert entries[1]["minutes"] is None and entries[1]["note"] is None


def test_when_forms(home: Path) -> None:
    add("--before", "5", "--after", "4", "--when", "2026-11-20")
    add("--before", "5", "--after", "4", "--when", "2026-11-21T07:15")
    whens = [entry["when"] for entry in listed()]
    assert whens[0].startswith("2026-11-20T00:00:00")
    assert re.fullmatch(r"2026-11-21T07:15:00[+-]\d\d:\d\d", whens[1])


def test_list_last_and_since(home: Path) -> None:
    for day in range(1, 10):
        add("--before", "5", "--after", "3", "--when", f"2026-11-0{day}T12:00")
    assert [entry["id"] for entry in listed("--last", "3")] == [7, 8, 9]
    assert [entry["id"] for entry in listed("--since", "2026-11-08")] == [8, 9]
    result = expect(run("list", "--since", "last week"), 2)
    assert "YYYY-MM-DD" in flat(result.stderr)


def test_list_csv_header_and_columns(home: Path) -> None:
    add("--before", "6", "--after", "3", "--note", "a, b")
    text = expect(run("list", "--format", "csv"), 0).stdout
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0][:5] == ["id", "uid", "when", "before", "after"]
    assert LIST_KEYS | {"finished"} <= set(rows[0])
    record = dict(zip(rows[0], rows[1], strict=True))
    assert (record["id"], record["before"], record["after"], record["note"]) == (
        "1", "6", "3", "a, b",
    )  # fmt: skip
    assert record["finished"] == "true" and record["minutes"] == ""


def test_empty_journal_in_every_format(home: Path) -> None:
    assert expect(run("list", "--format", "json"), 0).stdout.strip() == "[]"
    csv_text = expect(run("list", "--format", "csv"), 0).stdout
    assert csv_text.strip().splitlines() == [",".join(journal_cli_fields())]
    for output_format in ("rich", "plain"):
        assert "No sessions logged yet" in expect(run("list", "--format", output_format), 0).stdout
    assert not (home / "journal.sqlite3").exists()


def journal_cli_fields() -> tuple[str, ...]:
    from sacromassage.journal.entry import FIELDS

    return FIELDS


def test_plain_and_rich_lists_show_the_entries(home: Path) -> None:
    add("--before", "6", "--after", "3", "--note", "[bold]literal[/bold]\nsecond line")
    plain = expect(run("list", "--format", "plain"), 0).stdout
    lines = plain.splitlines()
    assert lines[0].split()[:5] == ["ID", "When", "Before", "After", "Relief"]
    assert lines[1].split()[0] == "1" and "+3" in lines[1]
    assert "[bold]literal[/bold] / second line" in lines[1]
    rich_text = expect(run("list"), 0).stdout
    assert "[bold]literal[/bold]" in rich_text and "Relief" in rich_text


@pytest.mark.parametrize(
    ("arguments", "fragments"),
    [
        (["--before", "11", "--after", "3"], ["--before", "whole number from 0 to 10"]),
        (["--before", "5", "--after", "-1"], ["--after", "from 0 to 10"]),
        (["--before", "5", "--after", "3", "--minutes", "0"], ["--minutes", "from 1 to 240"]),
        (["--before", "five", "--after", "3"], ["--before", "from 0 to 10"]),
        (["--before", "5", "--after", "3", "--helper", "slef"], ["'self'", "partner"]),
        (["--before", "5", "--after", "3", "--tool", "bal"], ["'ball'", "massage-cane"]),
        (["--before", "5", "--after", "3", "--diagnosis", "nope"], ["laxity"]),
        (["--before", "5", "--after", "3", "--when", "2026-13-40"], ["ISO-8601", "2026-11-20"]),
        (["--after", "3"], ["--before"]),
    ],
)
def test_usage_errors_exit_2_naming_valid_values(
    home: Path, arguments: list[str], fragments: list[str]
) -> None:
    result = expect(run("add", *arguments), 2)
    for fragment in fragments:
        assert fragment in flat(result.stderr)
    assert result.stdout == ""
    assert not (home / "journal.sqlite3").exists()


def test_unknown_format_exits_2() -> None:
    result = expect(run("list", "--format", "jsno"), 2)
    assert "'json'" in flat(result.stderr)


# --------------------------------------------------------------------------- show / delete


def test_show_prints_everything_including_steps(home: Path) -> None:
    from sacromassage.journal.store import Journal

    with Journal.open() as journal:
        entry = journal.add(
            before=6,
            after=4,
            note="first\nsecond",
            finished=False,
            steps=[
                {"number": 1, "title": "Warm up", "outcome": "done"},
                {"number": 2, "title": "Ball on the glute", "outcome": "stopped"},
            ],
        )
    text = expect(run("show", str(entry.id)), 0).stdout
    for fragment in (
        f"Entry {entry.id}",
        entry.when,
        "6 before, 4 after",
        "no, cut short",
        "first",
        "second",
        "1. Warm up - done",
        "2. Ball on the glute - stopped",
        entry.uid,
    ):
        assert fragment in text


def test_show_unknown_id_exits_2_naming_the_file(home: Path) -> None:
    add("--before", "6", "--after", "3")
    result = expect(run("show", "7"), 2)
    assert result.stderr.strip() == f"Error: No entry with id 7 in {home / 'journal.sqlite3'}."


def test_delete_with_yes(home: Path) -> None:
    add("--before", "6", "--after", "3")
    keep = add("--before", "5", "--after", "3")
    assert expect(run("delete", "1", "--yes"), 0).stdout == "Deleted entry 1.\n"
    assert [entry["id"] for entry in listed()] == [keep]
    expect(run("delete", "1", "--yes"), 2)  # no such entry: a wrong value


def test_delete_without_a_terminal_needs_yes(home: Path) -> None:
    add("--before", "6", "--after", "3")
    result = expect(run("delete", "1"), 2)
    assert "--yes" in result.stderr
    assert len(listed()) == 1


def test_delete_on_a_terminal_asks(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(journal_common, "stdin_is_terminal", lambda: True)
    add("--before", "6", "--after", "3")
    refused = expect(run("delete", "1", input="n\n"), 0)
    assert "Delete entry 1" in refused.stdout and "Nothing deleted" in refused.stderr
    assert len(listed()) == 1
    accepted = expect(run("delete", "1", input="y\n"), 0)
    assert "Deleted entry 1." in accepted.stdout
    assert listed() == []


def test_ctrl_d_at_the_delete_question_deletes_nothing(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(journal_common, "stdin_is_terminal", lambda: True)
    add("--before", "6", "--after", "3")
    stopped = expect(run("delete", "1", input=""), 130)  # end of input, as Ctrl-D
    assert "Nothing deleted" in stopped.stderr and "Aborted" not in stopped.output
    assert len(listed()) == 1


# --------------------------------------------------------------------------- the file


def test_not_a_database_exits_1_and_leaves_the_file(home: Path) -> None:
    home.mkdir()
    target = home / "journal.sqlite3"
    garbage = b"this is not sqlite\x00\xff" * 100
    target.write_bytes(garbage)
    for arguments in (["list"], ["add", "--before", "5", "--after", "3"], ["stats"]):
        result = expect(run(*arguments), 1)
        assert str(target) in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert target.read_bytes() == garbage


def test_unwritable_location_exits_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "afile"
    blocker.write_text("x")
    monkeypatch.setenv("SACROMASSAGE_HOME", str(blocker / "sub"))
    result = expect(run("add", "--before", "5", "--after", "3"), 1)
    assert result.stderr.startswith("Error: Cannot create the journal at ")
    assert str(blocker / "sub" / "journal.sqlite3") in result.stderr
    assert result.stdout == ""


# --------------------------------------------------------------------------- export / import


@pytest.mark.parametrize("kind", ["json", "csv"])
def test_tricky_notes_survive_add_list_export_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    monkeypatch.setenv("SACROMASSAGE_HOME", str(tmp_path / "one"))
    for note in TRICKY_NOTES:
        add("--before", "6", "--after", "3", "--note", note)
    assert [entry["note"] for entry in listed()] == TRICKY_NOTES
    listed_csv = expect(run("list", "--format", "csv"), 0).stdout_bytes.decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(listed_csv, newline="")))
    assert [row["note"] for row in rows] == TRICKY_NOTES

    backup = tmp_path / f"backup.{kind}"
    expect(run("export", "--format", kind, "-o", str(backup)), 0)

    monkeypatch.setenv("SACROMASSAGE_HOME", str(tmp_path / "two"))
    result = expect(run("import", str(backup)), 0)
    assert result.stdout == f"Added {len(TRICKY_NOTES)} entries; 0 were already in the journal.\n"
    assert [entry["note"] for entry in listed()] == TRICKY_NOTES
    again = expect(run("import", str(backup)), 0)
    assert again.stdout == f"Added 0 entries; {len(TRICKY_NOTES)} were already in the journal.\n"
    assert len(listed()) == len(TRICKY_NOTES)

    copy = tmp_path / f"copy.{kind}"
    expect(run("export", "--format", kind, "-o", str(copy)), 0)
    assert copy.read_bytes() == backup.read_bytes()


def test_export_to_stdout_defaults_to_json(home: Path) -> None:
    add("--before", "6", "--after", "3")
    data = json.loads(expect(run("export"), 0).stdout)
    assert data[0]["uid"] and data[0]["steps"] == [] and data[0]["finished"] is True


def test_export_to_an_unwritable_place_exits_1(home: Path, tmp_path: Path) -> None:
    add("--before", "6", "--after", "3")
    result = expect(run("export", "-o", str(tmp_path / "nope" / "x" / "backup.json")), 1)
    assert "backup.json" in result.stderr


def test_import_merges_with_existing_entries(home: Path, tmp_path: Path) -> None:
    add("--before", "6", "--after", "3")
    backup = tmp_path / "backup.json"
    expect(run("export", "-o", str(backup)), 0)
    add("--before", "4", "--after", "3")
    hand_made = tmp_path / "hand.csv"
    hand_made.write_text("when,before,after,note\n2026-11-01,7,5,from paper\n", "utf-8")
    assert "Added 0 entries; 1 was already" in expect(run("import", str(backup)), 0).stdout
    assert "Added 1 entry; 0 were already" in expect(run("import", str(hand_made)), 0).stdout
    assert "Added 0 entries; 1 was already" in expect(run("import", str(hand_made)), 0).stdout
    assert [entry["note"] for entry in listed()] == ["from paper", None, None]


def test_import_problems_exit_1_naming_the_file(home: Path, tmp_path: Path) -> None:
    missing = tmp_path / "missing.json"
    result = expect(run("import", str(missing)), 1)
    assert str(missing) in result.stderr and "no such file" in result.stderr

    broken = tmp_path / "broken.json"
    broken.write_text("[{", "utf-8")
    assert str(broken) in expect(run("import", str(broken)), 1).stderr

    bad_row = tmp_path / "bad.csv"
    bad_row.write_text("when,before,after\n2026-11-01,5,3\n2026-11-02,eleven,3\n", "utf-8")
    message = expect(run("import", str(bad_row)), 1).stderr
    assert str(bad_row) in message and "row 2" in message and "'eleven'" in message
    assert listed() == []


# --------------------------------------------------------------------------- stats


KNOWN = [  # relief 3, 1, 4, 0, 1, 0 -> mean 1.5, median 1, 3 of 6 noticeable
    ("2026-11-02T18:00", "6", "3", "self", "ball"),
    ("2026-11-03T18:00", "5", "4", "self", "ball"),
    ("2026-11-04T18:00", "8", "4", "partner", "hands"),
    ("2026-11-10T18:00", "4", "4", "partner", "ball"),
    ("2026-11-11T18:00", "3", "2", "self", "ball"),
    ("2026-11-12T18:00", "7", "7", "self", "ball"),
]


def add_known(rows: list[tuple[str, str, str, str, str]]) -> None:
    for when, before, after, helper, tool in rows:
        add("--before", before, "--after", after, "--helper", helper, "--tool", tool,
            "--when", when)  # fmt: skip


def test_stats_json_on_a_known_data_set(home: Path) -> None:
    add_known(KNOWN)
    data = json.loads(expect(run("stats", "--format", "json"), 0).stdout)
    assert data["sessions"] == 6
    assert data["average_relief"] == 1.5 and data["median_relief"] == 1.0
    assert data["noticeable"] == 3
    assert data["by_helper"] == [
        {"helper": "partner", "sessions": 2, "average_relief": 2.0},
        {"helper": "self", "sessions": 4, "average_relief": 1.25},
    ]
    assert data["by_tool"] == [
        {"tool": "ball", "sessions": 5, "average_relief": 1.0},
        {"tool": "hands", "sessions": 1, "average_relief": 4.0},
    ]
    assert [week["week"] for week in data["weeks"]] == ["2026-W45", "2026-W46"]
    assert data["weeks"][0] == {
        "week": "2026-W45",
        "sessions": 3,
        "average_before": 6.33,
        "average_after": 3.67,
    }
    # Half the sessions were good, but the typical one eased pain by 1 point (27%).
    assert data["outlook"] == "too-early" and data["relief"]["noticeable"] is False
    assert data["course"]["enough"] is False and "more days" in data["verdict"]


def test_stats_text_draws_the_weekly_trend(home: Path) -> None:
    add_known(KNOWN)
    for output_format in ("plain", "rich"):
        text = expect(run("stats", "--format", output_format), 0).stdout
        assert "Sessions:        6" in text
        assert "Median relief:   +1.0 points" in text
        assert re.search(r"2026-W45  before ██████▌ +6\.3  after ███▌ +3\.7  \(3\)", text)
        assert re.search(r"2026-W46  before ████▌ +4\.7  after ████▌ +4\.3  \(3\)", text)
        assert "partner" in text and "hands" in text
        assert "It is too early to say" in " ".join(text.split())


def test_stats_verdicts(home: Path) -> None:
    add_known(KNOWN)
    text = " ".join(expect(run("stats", "--format", "plain"), 0).stdout.split())
    assert "It is too early to say" in text and "11 more days to go" in text
    # Three more weeks with lower pain before: both layers now reach 2 points.
    add_known([(f"2026-11-{day}T18:00", "3", "1", "self", "hands") for day in range(20, 26)])
    text = " ".join(expect(run("stats", "--format", "plain"), 0).stdout.split())
    assert "Massage seems to go with feeling better" in text
    assert "went from 5.5 in the first two weeks to 3 in the last two" in text
    assert "not that massage caused it" in text


def test_stats_on_an_empty_journal(home: Path) -> None:
    data = json.loads(expect(run("stats", "--format", "json"), 0).stdout)
    assert data["sessions"] == 0 and data["median_relief"] is None
    assert "No sessions logged yet" in expect(run("stats"), 0).stdout


def test_stats_trend_draws_only_recent_weeks_unless_asked(home: Path) -> None:
    for when in ("2026-10-20T09:00", "2026-11-03T09:00", "2026-11-10T09:00"):
        add("--before", "6", "--after", "3", "--when", when)
    recent = expect(run("stats", "--format", "plain", "--weeks", "2"), 0).stdout
    assert "the last 2 of 4" in recent  # W44 had no sessions but is a week all the same
    assert "2026-W43" not in recent and "2026-W45" in recent and "2026-W46" in recent
    everything = expect(run("stats", "--format", "plain", "--weeks", "0"), 0).stdout
    assert all(week in everything for week in ("2026-W43", "2026-W45", "2026-W46"))
    data = json.loads(expect(run("stats", "--format", "json", "--weeks", "1"), 0).stdout)
    assert len(data["weeks"]) == 3


def test_stats_trend_shows_empty_weeks_and_json_has_a_schema(home: Path) -> None:
    for day in ("2026-10-01", "2026-10-20"):
        expect(run("add", "--before", "6", "--after", "4", "--when", day), 0)
    text = expect(run("stats", "--format", "plain"), 0).stdout
    weeks = [line.split()[0] for line in text.splitlines() if line.startswith("2026-W")]
    assert weeks == ["2026-W40", "2026-W41", "2026-W42", "2026-W43"]
    assert "2026-W41  no sessions" in text
    data = json.loads(expect(run("stats", "--format", "json"), 0).stdout)
    assert data["schema_version"] == 1
    assert [week["week"] for week in data["weeks"]] == ["2026-W40", "2026-W43"]


def test_a_date_in_the_future_is_refused(home: Path) -> None:
    result = expect(run("add", "--before", "6", "--after", "4", "--when", "2999-01-01"), 2)
    assert "in the future" in flat(result.stderr)
    assert not (home / "journal.sqlite3").exists()


def test_list_shows_every_time_in_local_time(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        add("--before", "6", "--after", "3", "--when", "2026-11-20T08:00+09:00")
        add("--before", "6", "--after", "3", "--when", "2026-11-19T23:30:00Z")
        text = expect(run("list", "--format", "plain"), 0).stdout
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    assert text.index("2026-11-19 23:00") < text.index("2026-11-19 23:30")


def test_reading_through_a_file_in_the_way_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "afile"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("SACROMASSAGE_HOME", str(blocker / "home"))
    for command in (["list"], ["stats"]):
        result = expect(run(*command), 1)
        assert "is a file, not a folder" in flat(result.stderr)


def test_filters_that_match_nothing_say_so(home: Path) -> None:
    add("--before", "6", "--after", "3", "--when", "2026-11-01")
    text = expect(run("list", "--since", "2026-11-20", "--format", "plain"), 0).stdout
    assert "No sessions match; 1 session is in the journal" in text
    assert "No sessions match" in expect(run("list", "--last", "0"), 0).stdout


# --------------------------------------------------------------------------- -f and -o everywhere


def test_add_takes_the_short_flags_of_advise_and_logs_a_therapist_visit(home: Path) -> None:
    entry_id = add("--before", "6", "--after", "4", "-w", "therapist", "-m", "45", "-d", "laxity")
    data = json.loads(expect(run("show", str(entry_id), "-f", "json"), 0).stdout)
    assert (data["helper"], data["minutes"], data["diagnosis"]) == ("therapist", 45, "laxity")


def test_every_read_takes_format_and_output(home: Path, tmp_path: Path) -> None:
    add("--before", "6", "--after", "3")
    listed = json.loads(expect(run("list", "-f", "json"), 0).stdout)
    assert [entry["before"] for entry in listed] == [6]
    expect(run("list", "-o", str(tmp_path / "list.txt")), 0)
    assert "ID" in (tmp_path / "list.txt").read_text(encoding="utf-8")
    expect(run("list", "-o", str(tmp_path / "list.csv")), 0)
    assert (tmp_path / "list.csv").read_text(encoding="utf-8").startswith("id,")
    expect(run("show", "1", "-o", str(tmp_path / "one.json")), 0)
    assert json.loads((tmp_path / "one.json").read_text(encoding="utf-8"))["after"] == 3
    expect(run("stats", "-o", str(tmp_path / "stats.json")), 0)
    assert "outlook" in json.loads((tmp_path / "stats.json").read_text(encoding="utf-8"))
    expect(run("stats", "-o", str(tmp_path / "stats.out")), 0)  # unknown: rich, no colour
    assert "\x1b[" not in (tmp_path / "stats.out").read_text(encoding="utf-8")
    expect(run("export", "-o", str(tmp_path / "backup.csv")), 0)
    assert (tmp_path / "backup.csv").read_text(encoding="utf-8").startswith("kind,id,")
    for written in tmp_path.glob("*.*"):
        assert written.stat().st_mode & 0o077 == 0, written  # health data: private


@pytest.mark.parametrize(
    ("command", "name"), [("stats", "s.csv"), ("export", "e.html"), ("show 1", "one.md")]
)
def test_a_known_extension_a_command_cannot_write_is_exit_2(
    home: Path, tmp_path: Path, command: str, name: str
) -> None:
    add("--before", "6", "--after", "3")
    result = expect(run(*command.split(), "-o", str(tmp_path / name)), 2)
    assert "--format" in flat(result.stderr)
    assert not (tmp_path / name).exists()


def test_add_when_words_use_the_injected_now(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import datetime

    monkeypatch.setattr(journal_common, "now", lambda: datetime(2026, 11, 26, 15, 0).astimezone())
    for words in ("yesterday", "Thursday", "1 days ago"):
        expect(run("add", "--before", "5", "--after", "3", "--when", words), 0)
    expect(run("add", "--before", "5", "--when", "monday"), 0)
    rows = json.loads(expect(run("list", "-f", "json"), 0).stdout)
    when = [datetime.fromisoformat(row["when"]).astimezone() for row in rows]
    assert [moment.strftime("%Y-%m-%d %H:%M") for moment in when] == [
        "2026-11-19 00:00",
        "2026-11-23 00:00",
        "2026-11-25 00:00",
        "2026-11-25 00:00",
    ]
    bad = expect(run("add", "--before", "5", "--when", "last tuesday"), 2)
    assert "yesterday" in bad.stderr and "weekday" in bad.stderr


def test_edit_changes_only_the_flags_given_and_keeps_uid(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import datetime

    monkeypatch.setattr(journal_common, "now", lambda: datetime(2026, 11, 26, 15, 0).astimezone())
    entry_id = add("--before", "6", "--minutes", "15", "-w", "self", "--note", "drive")
    other = add("--before", "4", "--after", "4")
    [old, _] = listed()
    assert old["after"] is None
    expect(run("edit", str(entry_id), "--after", "3", "--when", "yesterday"), 0)
    [new, untouched] = listed()
    assert new["uid"] == old["uid"] and new["id"] == entry_id
    assert (new["before"], new["after"], new["relief"], new["minutes"]) == (6, 3, 3, 15)
    assert (new["helper"], new["note"]) == ("self", "drive")
    assert datetime.fromisoformat(new["when"]).astimezone().strftime("%Y-%m-%d %H:%M") == (
        "2026-11-25 00:00"
    )
    assert untouched["id"] == other and untouched["before"] == 4
    expect(
        run("edit", str(entry_id), "--tool", "ball", "--note", "", "-m", "20", "-d", "laxity"), 0
    )
    [new, _] = listed()
    assert (new["tool"], new["note"], new["minutes"], new["after"]) == ("ball", None, 20, 3)
    assert new["diagnosis"] == "laxity"


def test_edit_refuses_an_unknown_id_bad_values_and_no_flags(home: Path) -> None:
    missing = expect(run("edit", "7", "--after", "3"), 2)  # no journal yet
    assert "No entry with id 7" in missing.stderr
    assert not (home / "journal.sqlite3").exists()
    entry_id = add("--before", "6", "--after", "3")
    result = expect(run("edit", "9", "--after", "2"), 2)
    assert result.stderr.strip() == f"Error: No entry with id 9 in {home / 'journal.sqlite3'}."
    expect(run("edit", str(entry_id), "--after", "11"), 2)
    expect(run("edit", str(entry_id), "--tool", "hammer"), 2)
    expect(run("edit", str(entry_id), "--when", "last monday"), 2)
    assert "Nothing to change" in expect(run("edit", str(entry_id)), 2).stderr
    assert [(row["before"], row["after"]) for row in listed()] == [(6, 3)]
