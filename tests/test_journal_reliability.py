"""Nothing lost, nothing leaked, no traceback: the journal's side of issue 8.

Locations, the one-time move of an old journal, private files, foreign files,
read-only journals, rows this version does not know, CSV safety, numbers and
output failures, each driven through the CLI.
"""

from __future__ import annotations

import os
import re
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from sacromassage import paths
from tests.journal_harness import expect, run


@pytest.fixture
def user(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh user home with no SACROMASSAGE_HOME and no XDG variables."""
    home = tmp_path / "user"
    home.mkdir()
    monkeypatch.delenv("SACROMASSAGE_HOME", raising=False)
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(tmp_path)
    return home


def count(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return int(connection.execute("SELECT count(*) FROM entries").fetchone()[0])


# --------------------------------------------------------------------------- locations


@pytest.mark.parametrize("value", ["", "relative/folder"])
def test_an_empty_or_relative_xdg_variable_means_the_default(
    user: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, value)
    expect(run("add", "--before", "5", "--after", "3"), 0)
    assert not (tmp_path / "sacromassage").exists()
    assert not (tmp_path / "relative").exists()
    monkeypatch.delenv("SACROMASSAGE_CACHE")
    assert paths.cache_dir() == user / ".cache" / "sacromassage"
    assert count(user / ".local" / "share" / "sacromassage" / "journal.sqlite3") == 1


def test_an_absolute_xdg_data_home_is_used(
    user: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    result = expect(run("path"), 0)
    assert result.stdout.strip() == str(tmp_path / "data" / "sacromassage" / "journal.sqlite3")


def test_an_unknown_user_in_sacromassage_home_is_one_sentence(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SACROMASSAGE_HOME", "~nosuchuser-sacromassage/journal")
    for arguments in (["path"], ["list"], ["add", "--before", "5", "--after", "3"]):
        result = expect(run(*arguments), 1)
        assert "nosuchuser-sacromassage" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


def test_every_sacromassage_variable_is_read_in_paths_only() -> None:
    package = Path(paths.__file__).parent
    reading = re.compile(r"(environ|getenv)\W[^\n]*['\"](SACROMASSAGE|XDG)_")
    readers = [
        source.name
        for source in package.rglob("*.py")
        if reading.search(source.read_text(encoding="utf-8")) and source.name != "paths.py"
    ]
    assert readers == []


# --------------------------------------------------------------------------- the move


def old_journal(user: Path, entries: int) -> Path:
    """A journal where older versions kept it (~/.config/sacromassage), in WAL mode
    with its last entries still in the -wal file."""
    from sacromassage.journal.store import Journal

    path = user / ".config" / "sacromassage" / "journal.sqlite3"
    with Journal.open(path) as journal:
        for number in range(entries):
            journal.add(before=6, after=number % 7, note=f"old {number}")
    return path


def new_place(user: Path) -> Path:
    return user / ".local" / "share" / "sacromassage" / "journal.sqlite3"


def test_an_old_journal_is_moved_once_with_every_entry(user: Path) -> None:
    old = old_journal(user, 25)
    result = expect(run("list", "--format", "json"), 0)
    assert result.stdout.count('"uid"') == 25
    assert "Moved your journal (25 entries)" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not old.exists() and not Path(f"{old}-wal").exists()
    assert count(new_place(user)) == 25
    again = expect(run("add", "--before", "5", "--after", "2"), 0)
    assert again.stderr == ""
    assert count(new_place(user)) == 26
    assert expect(run("path"), 0).stdout.strip() == str(new_place(user))


def test_an_existing_new_journal_is_never_overwritten(user: Path) -> None:
    old = old_journal(user, 3)
    new_place(user).parent.mkdir(parents=True)
    from sacromassage.journal.store import Journal

    with Journal.open(new_place(user)) as journal:
        journal.add(before=4, after=4)
    first = expect(run("list", "--format", "json"), 0)
    assert first.stdout.count('"uid"') == 1
    assert "left where it is" in first.stderr
    assert len(first.stderr.strip().splitlines()) == 1
    assert count(old) == 3 and count(new_place(user)) == 1
    assert expect(run("list", "--format", "json"), 0).stderr == ""  # said once


def test_a_foreign_file_in_the_old_place_is_not_moved(user: Path) -> None:
    old = user / ".config" / "sacromassage" / "journal.sqlite3"
    old.parent.mkdir(parents=True)
    with sqlite3.connect(old) as connection:
        connection.execute("CREATE TABLE other (x)")
    before = old.read_bytes()
    result = expect(run("list"), 0)
    assert "could not be moved" in result.stderr
    assert old.read_bytes() == before
    assert not new_place(user).exists()


# --------------------------------------------------------------------------- privacy


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv("SACROMASSAGE_HOME", str(folder))
    return folder


@pytest.fixture
def open_umask() -> Iterator[None]:
    previous = os.umask(0)
    try:
        yield
    finally:
        os.umask(previous)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
@pytest.mark.usefixtures("open_umask")
def test_the_journal_and_its_exports_are_private_whatever_the_umask(
    home: Path, tmp_path: Path
) -> None:
    from sacromassage.journal.store import Journal

    expect(run("add", "--before", "5", "--after", "3"), 0)
    with Journal.open(home / "journal.sqlite3") as journal:  # keeps -wal and -shm open
        journal.add(before=4, after=2)
        assert mode(home) == 0o700
        for suffix in ("", "-wal", "-shm"):
            assert mode(Path(f"{home / 'journal.sqlite3'}{suffix}")) == 0o600, suffix
    for kind in ("json", "csv"):
        target = tmp_path / f"backup.{kind}"
        target.write_text("old")
        os.chmod(target, 0o644)
        expect(run("export", "--format", kind, "-o", str(target)), 0)
        assert mode(target) == 0o600
        fresh = tmp_path / f"fresh.{kind}"
        expect(run("export", "--format", kind, "-o", str(fresh)), 0)
        assert mode(fresh) == 0o600


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_an_existing_journal_is_tightened_on_open(home: Path) -> None:
    expect(run("add", "--before", "5", "--after", "3"), 0)
    os.chmod(home, 0o755)
    os.chmod(home / "journal.sqlite3", 0o644)
    expect(run("list"), 0)
    assert mode(home) == 0o700
    assert mode(home / "journal.sqlite3") == 0o600


# --------------------------------------------------------------------------- opening


def test_a_foreign_sqlite_file_is_left_untouched(home: Path) -> None:
    home.mkdir()
    path = home / "journal.sqlite3"
    with sqlite3.connect(path) as connection:  # another program's database, versioned
        connection.execute("CREATE TABLE notes (body TEXT)")
        connection.execute("PRAGMA user_version = 3")
    connection.close()
    before = path.read_bytes()
    for arguments in (
        ["list"],
        ["stats"],
        ["export"],
        ["add", "--before", "5", "--after", "3"],
        ["delete", "--yes", "1"],
    ):
        result = expect(run(*arguments), 1)
        assert "not a sacromassage journal" in result.stderr
    assert path.read_bytes() == before
    assert not Path(f"{path}-wal").exists()


@pytest.mark.skipif(
    sys.platform == "win32" or os.geteuid() == 0,
    reason="POSIX permissions; root can write anywhere",
)
def test_a_read_only_journal_can_be_listed_and_exported(home: Path) -> None:
    for number in range(3):
        expect(run("add", "--before", "6", "--after", str(number)), 0)
    os.chmod(home / "journal.sqlite3", 0o400)
    os.chmod(home, 0o500)
    try:
        assert expect(run("list", "--format", "json"), 0).stdout.count('"uid"') == 3
        assert expect(run("export"), 0).stdout.count('"uid"') == 3
        expect(run("stats"), 0)
        expect(run("show", "1"), 0)
        assert "Cannot" in expect(run("add", "--before", "5", "--after", "3"), 1).stderr
    finally:
        os.chmod(home, 0o700)


def test_reading_commands_write_nothing(home: Path) -> None:
    for number in range(3):
        expect(run("add", "--before", "6", "--after", str(number)), 0)
    path = home / "journal.sqlite3"
    before = path.read_bytes()
    for arguments in (
        ["list"],
        ["list", "--format", "csv"],
        ["show", "2"],
        ["stats"],
        ["export"],
        ["path"],
    ):
        expect(run(*arguments), 0)
        assert path.read_bytes() == before
        wal = Path(f"{path}-wal")
        assert not wal.exists() or wal.stat().st_size == 0, arguments


# --------------------------------------------------------------------------- unknown rows


def tamper(home: Path, statement: str) -> None:
    """Change the journal behind the program's back, as a newer version or damage would."""
    with sqlite3.connect(home / "journal.sqlite3") as connection:
        connection.execute(statement)
    connection.close()


def test_rows_this_version_does_not_know_never_crash(home: Path) -> None:
    for number in range(3):
        expect(run("add", "--before", "6", "--after", str(number), "--helper", "self"), 0)
    tamper(
        home,
        "UPDATE entries SET diagnosis = 'from-the-future', helper = 'robot', "
        "tool = 'laser' WHERE id = 1",
    )
    tamper(home, 'UPDATE entries SET steps = \'[{"number": 1, "titl\' WHERE id = 2')
    tamper(home, "UPDATE entries SET note = CAST(X'6869FF' AS TEXT) WHERE id = 3")
    listed = expect(run("list", "--format", "plain"), 0)
    assert "robot" in listed.stdout and "laser" in listed.stdout
    assert "Entry 2 has damaged steps" in listed.stderr
    shown = expect(run("show", "1"), 0)
    assert "from-the-future" in shown.stdout
    assert "Entry 2 has damaged steps" in expect(run("show", "2"), 0).stderr
    expect(run("show", "3"), 0)
    for kind in ("json", "csv"):
        exported = expect(run("export", "--format", kind), 0)
        assert "from-the-future" in exported.stdout
        assert "Entry 2 has damaged steps" in exported.stderr
    expect(run("stats"), 0)
    expect(run("delete", "--yes", "2"), 0)
    expect(run("delete", "--yes", "1"), 0)
    assert count(home / "journal.sqlite3") == 1


def test_notes_reach_the_terminal_escaped(home: Path, tmp_path: Path) -> None:
    note = "fine\x1b[2J\x1b[31mSTOP: see a doctor now\x07\u202eevil"
    expect(run("add", "--before", "6", "--after", "3", "--note", note), 0)
    for arguments in (["list"], ["list", "--format", "plain"], ["show", "1"]):
        result = expect(run(*arguments), 0)
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout
        assert "\u202e" not in result.stdout
        assert "\\x1b[2J" in result.stdout.replace("\n", "")
    exported = expect(run("export"), 0)
    assert "\\u001b[2J" in exported.stdout  # JSON keeps the note exact


def test_lone_surrogates_in_a_note_never_crash(home: Path) -> None:
    expect(run("add", "--before", "6", "--after", "3", "--note", "bad \udcff byte"), 0)
    result = expect(run("show", "1"), 0)
    assert "bad \ufffd byte" in result.stdout


# --------------------------------------------------------------------------- CSV and imports


FORMULAS = [
    '=HYPERLINK("http://evil","click")',
    "+1+1",
    "-2",
    "@SUM(A1)",
    "\tx",
    "\rx",
    "'=already quoted",
    "''+twice",
    "'just a quote",
    "plain",
]


def test_csv_exports_neutralise_formulas_and_round_trip_exactly(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import csv
    import io
    import json

    for note in FORMULAS:
        expect(run("add", "--before", "6", "--after", "3", "--note", note), 0)
    exported = expect(run("export", "--format", "csv"), 0).stdout
    notes = [row["note"] for row in csv.DictReader(io.StringIO(exported, newline=""))]
    for cell in notes:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    backup = tmp_path / "backup.csv"
    backup.write_text(exported, encoding="utf-8", newline="")
    monkeypatch.setenv("SACROMASSAGE_HOME", str(tmp_path / "other"))
    expect(run("import", str(backup)), 0)
    again = json.loads(expect(run("export"), 0).stdout)
    assert [row["note"] for row in again] == FORMULAS


def test_a_csv_export_with_a_long_note_re_imports(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    note = "x" * 200_000
    expect(run("add", "--before", "6", "--after", "3", "--note", note), 0)
    backup = tmp_path / "long.csv"
    expect(run("export", "--format", "csv", "-o", str(backup)), 0)
    monkeypatch.setenv("SACROMASSAGE_HOME", str(tmp_path / "other"))
    assert "Added 1 entry" in expect(run("import", str(backup)), 0).stdout
    assert count(tmp_path / "other" / "journal.sqlite3") == 1


@pytest.mark.parametrize(
    "content",
    [
        "[" * 100_000 + "]" * 100_000,
        '[{"when": "2026-01-01", "before": ' + "9" * 5000 + ', "after": 3}]',
        '[{"when": "2026-01-01", "before": 92233720368547758080, "after": 3}]',
        '[{"when": "2026-01-01", "before": 5, "after": 3, "note": "\\ud800 lone"}]',
        "when,before,after\n2026-01-01," + "9" * 5000 + ",3\n",
        "when,before,after\n2026-01-01,\u0663,3\n",
        "when,before,after\n2026-01-01,1_0,3\n",
    ],
)
def test_hostile_imports_are_one_sentence_or_clean(
    home: Path, tmp_path: Path, content: str
) -> None:
    source = tmp_path / ("hostile.csv" if content.startswith("when") else "hostile.json")
    source.write_text(content, encoding="utf-8")
    result = run("import", str(source))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    if result.exit_code:
        expect(result, 1)
        assert len(result.stderr.strip().splitlines()) == 1
        assert len(result.stderr) < 400
    else:
        assert "\ufffd lone" in expect(run("export"), 0).stdout


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_import_reads_only_regular_files(home: Path, device: str) -> None:
    result = expect(run("import", device), 1)
    assert "not a regular file" in result.stderr


def test_import_refuses_a_huge_file(home: Path, tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    with big.open("wb") as stream:
        stream.truncate(51 * 1024 * 1024)  # sparse: no real disk used
    assert "larger than 50 MB" in expect(run("import", str(big)), 1).stderr


# --------------------------------------------------------------------------- numbers


HUGE = ["9223372036854775808", "9" * 5000, "\u0663", "1_0", "\uff11"]


@pytest.mark.parametrize("value", HUGE)
def test_numbers_out_of_reach_are_a_range_sentence(home: Path, value: str) -> None:
    for number in range(4):
        expect(run("add", "--before", "6", "--after", str(number)), 0)
    for arguments in (
        ["list", "--last", value],
        ["stats", "--weeks", value],
        ["show", value],
        ["delete", "--yes", value],
        ["add", "--before", value, "--after", "3"],
        ["add", "--before", "5", "--after", "3", "--minutes", value],
    ):
        result = expect(run(*arguments), 2)
        words = " ".join(re.sub(r"[│╭╮╰╯─]", " ", result.stderr).split()).lower()
        assert "give a whole number from" in words, arguments
        assert len(result.stderr) < 1000
    assert count(home / "journal.sqlite3") == 4  # `delete --yes ٣` deleted entry 3


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_since_at_the_ends_of_the_calendar(home: Path, day: str) -> None:
    expect(run("add", "--before", "6", "--after", "3"), 0)
    expect(run("list", "--since", day), 0)


def test_no_such_entry_is_a_wrong_value(home: Path) -> None:
    expect(run("add", "--before", "6", "--after", "3"), 0)
    expect(run("show", "99"), 2)
    expect(run("delete", "--yes", "99"), 2)


def test_the_rich_list_is_capped_with_a_note(home: Path) -> None:
    import time

    from sacromassage.journal.store import Journal

    with Journal.open(home / "journal.sqlite3") as journal:
        journal.import_rows(
            {
                "when": f"2026-01-01T{hour:02d}:{minute:02d}",
                "before": 6,
                "after": 3,
                "uid": f"u{hour}-{minute}",
            }
            for hour in range(10)
            for minute in range(60)
        )
    started = time.monotonic()
    result = expect(run("list"), 0)
    assert time.monotonic() - started < 5
    assert "Showing the newest 200 sessions" in result.stderr
    assert result.stdout.count("2026-01-01") == 200
    assert expect(run("list", "--format", "plain"), 0).stdout.count("2026-01-01") == 600


# --------------------------------------------------------------------------- exit paths


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_add_to_a_full_disk_says_the_entry_was_saved(home: Path) -> None:
    import subprocess

    root = Path(__file__).resolve().parent.parent
    env = dict(os.environ, SACROMASSAGE_HOME=str(home), PYTHONPATH=str(root))
    with open("/dev/full", "w") as full:
        finished = subprocess.run(
            [
                sys.executable,
                "-m",
                "sacromassage",
                "journal",
                "add",
                "--before",
                "6",
                "--after",
                "3",
            ],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            timeout=60,
        )
    assert finished.returncode == 1
    assert finished.stderr.startswith("Error: Saved as entry 1, but the id could not be printed")
    assert "Traceback" not in finished.stderr and "Exception ignored" not in finished.stderr
    assert len(finished.stderr.strip().splitlines()) == 1
    assert count(home / "journal.sqlite3") == 1
