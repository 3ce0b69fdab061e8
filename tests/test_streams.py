"""No traceback at the edges: missing or full streams, odd encodings and widths, huge
values, and an --output that would overwrite something precious.

These run the real program in a subprocess, because a closed descriptor or /dev/full is
a property of the process, not of anything CliRunner can fake.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from sacromassage.guide.knowledge import data_dir

ROOT = Path(__file__).resolve().parent.parent
RED_FLAG = ["advise", "--red-flag", "fever"]
CLEAR = [
    "advise",
    "-d",
    "soft-tissue",
    "-t",
    "gentle",
    "-p",
    "3",
    "-w",
    "self",
    "--no-red-flags",
    "--no-cautions",
    "--duration",
    "acute",
]
COMMANDS = [
    RED_FLAG,
    [*RED_FLAG, "-f", "plain"],
    [*RED_FLAG, "-f", "json"],
    CLEAR,
    ["steps"],
    ["steps", "-f", "markdown"],
    ["diagnoses"],
    ["red-flags", "-f", "json"],
    ["--help"],
    ["advise", "--help"],
    ["--version"],
]


def run(
    args: list[str],
    *,
    shell_tail: str = "",
    env: dict[str, str] | None = None,
    home: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m sacromassage ARGS`` through sh, so redirections can close streams."""
    quoted = " ".join(f"'{a}'" for a in args)
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", **(env or {})}
    if home is not None:
        environment["SACROMASSAGE_HOME"] = str(home)
    return subprocess.run(
        ["/bin/sh", "-c", f"'{sys.executable}' -m sacromassage {quoted} {shell_tail}"],
        capture_output=True,
        text=True,
        timeout=60,
        env=environment,
        stdin=subprocess.DEVNULL,
    )


def one_sentence(stderr: str) -> None:
    assert "Traceback" not in stderr and "Exception ignored" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), stderr


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_full_disk_is_one_sentence_and_exit_1(args: list[str]) -> None:
    done = run(args, shell_tail="> /dev/full")
    assert done.returncode == 1
    one_sentence(done.stderr)
    assert "No space left" in done.stderr


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_closed_stdout_is_an_error_not_a_silent_success(args: list[str]) -> None:
    done = run(args, shell_tail=">&-")
    assert done.returncode == 1
    one_sentence(done.stderr)
    assert "closed" in done.stderr


@pytest.mark.parametrize("command", ["advise", "session"])
def test_a_closed_stdin_never_gives_a_traceback(command: str) -> None:
    done = run([command], shell_tail="<&-")
    assert done.returncode == 2
    one_sentence(done.stderr)


def test_a_closed_stderr_still_gives_the_advice() -> None:
    done = run(RED_FLAG, shell_tail="2>&-")
    assert done.returncode == 0 and "get care first" in done.stdout


def test_an_ascii_terminal_gets_replacement_characters_not_a_crash() -> None:
    done = run(CLEAR, env={"PYTHONIOENCODING": "ascii"})
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "Pressure ceiling" in done.stdout


@pytest.mark.parametrize("columns", ["0", "5", "abc", ""])
def test_a_tiny_or_broken_width_counts_as_80(columns: str) -> None:
    done = run(["advise", "--red-flag", "saddle-numbness"], env={"COLUMNS": columns})
    assert done.returncode == 0, done.stderr
    assert max(len(line) for line in done.stdout.splitlines()) == 80
    words = " ".join(done.stdout.translate({ord(c): " " for c in "│╭╮╰╯─"}).split())
    assert "999" in words and "emergency department" in words


@pytest.mark.parametrize(
    "args",
    [["-d", "x" * 100_000], ["-p", "9" * 5_000], ["-p", "9223372036854775808"], ["-m", "٣٠"]],
)
def test_huge_or_foreign_values_are_usage_errors_in_a_few_lines(args: list[str]) -> None:
    done = run(["advise", *args, "--no-input"])
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert len(done.stderr) < 2_000


def test_output_never_overwrites_the_journal(tmp_path: Path) -> None:
    journal = tmp_path / "journal.sqlite3"
    journal.write_bytes(b"SQLite format 3\x00 precious")
    for name in ("journal.sqlite3", "journal.sqlite3-wal", "journal.sqlite3-shm"):
        done = run([*RED_FLAG, "-o", str(tmp_path / name)], home=tmp_path)
        assert done.returncode == 1
        one_sentence(done.stderr)
        assert "journal" in done.stderr
    assert journal.read_bytes() == b"SQLite format 3\x00 precious"
    assert not (tmp_path / "journal.sqlite3-wal").exists()


def test_output_never_overwrites_the_programs_own_data() -> None:
    target = data_dir() / "safety.toml"
    before = target.read_bytes()
    done = run([*RED_FLAG, "-o", str(target)])
    assert done.returncode == 1
    one_sentence(done.stderr)
    assert target.read_bytes() == before


def test_output_respects_a_read_only_file_and_keeps_hard_links(tmp_path: Path) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text("keep me", encoding="utf-8")
    locked.chmod(0o444)
    done = run([*RED_FLAG, "-o", str(locked)])
    assert done.returncode == 1
    one_sentence(done.stderr)
    assert locked.read_text(encoding="utf-8") == "keep me"

    original = tmp_path / "plan.txt"
    original.write_text("old", encoding="utf-8")
    link = tmp_path / "same-plan.txt"
    os.link(original, link)
    done = run([*RED_FLAG, "-f", "plain", "-o", str(link)])
    assert done.returncode == 0, done.stderr
    assert original.read_text(encoding="utf-8") == link.read_text(encoding="utf-8")
    assert "get care first" in original.read_text(encoding="utf-8")
    assert original.stat().st_ino == link.stat().st_ino


def test_output_takes_a_long_file_name(tmp_path: Path) -> None:
    target = tmp_path / ("a" * 246 + ".txt")
    done = run([*RED_FLAG, "-f", "plain", "-o", str(target)])
    assert done.returncode == 0, done.stderr
    assert stat.S_ISREG(target.stat().st_mode)


def test_output_to_an_unknown_users_home_is_one_sentence() -> None:
    done = run([*RED_FLAG, "-o", "~nosuchuser-sacromassage/plan.txt"])
    assert done.returncode == 1
    one_sentence(done.stderr)


@pytest.mark.parametrize(
    "args",
    [
        ["advise", "--" + "x" * 100_000],
        ["advise", "y" * 100_000],
        ["z" * 100_000],
        ["journal", "list", "--" + "q" * 100_000],
    ],
)
def test_typers_own_usage_errors_quote_only_a_little(args: list[str]) -> None:
    done = run(args)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and len(done.stderr) < 3_000


def test_output_never_overwrites_the_journal_by_another_name(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert run(["journal", "add", "--before", "5", "--after", "3"], home=home).returncode == 0
    journal = home / "journal.sqlite3"
    before = journal.read_bytes()
    alias = tmp_path / "alias.md"
    os.link(journal, alias)
    done = run(["red-flags", "-o", str(alias)], home=home)
    assert done.returncode == 1
    one_sentence(done.stderr)
    assert journal.read_bytes() == before


def test_output_never_overwrites_an_old_journal_or_the_saved_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SACROMASSAGE_HOME")  # the platform's folders, as for a person
    config = tmp_path / "config"
    old = config / "sacromassage" / "journal.sqlite3"
    old.parent.mkdir(parents=True)
    old.write_bytes(b"SQLite format 3\x00 old entries")
    profile = old.parent / "profile.toml"
    profile.write_text("version = 1\n", encoding="utf-8")
    env = {
        "XDG_CONFIG_HOME": str(config),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "HOME": str(tmp_path),
    }
    for target in (old, profile):
        before = target.read_bytes()
        done = run([*RED_FLAG, "-o", str(target)], env=env)
        assert done.returncode == 1, done.stderr
        one_sentence(done.stderr)
        assert target.read_bytes() == before
