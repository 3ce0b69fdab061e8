"""Remembered answers: saved after advise and session, reused with --saved, offered on a
terminal, shown and forgotten with `sacromassage profile`."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput
from typer.testing import CliRunner, Result

from sacromassage import paths
from sacromassage.cli.app import app
from sacromassage.guide.knowledge import Knowledge
from sacromassage.model import (
    Answers,
    Caution,
    Diagnosis,
    Duration,
    Helper,
    RedFlag,
    Tolerance,
    Tool,
)
from sacromassage.questions import ask

runner = CliRunner()
DOWN, UP, SPACE, ENTER = "\x1b[B", "\x1b[A", " ", "\r"
NONE_OF_THESE = UP + SPACE + ENTER
FLAGS = [
    "-d",
    "soft-tissue",
    "-t",
    "moderate",
    "-p",
    "4",
    "-w",
    "self",
    "--tool",
    "ball",
    "--no-red-flags",
    "--no-cautions",
]
SAVED = Answers(
    diagnosis=Diagnosis.SOFT_TISSUE,
    tolerance=Tolerance.MODERATE,
    helper=Helper.SELF,
    cautions=frozenset(),
    tools=frozenset({Tool.BALL}),
)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SACROMASSAGE_HOME", str(tmp_path))
    return tmp_path


def invoke(*arguments: str) -> Result:
    result = runner.invoke(app, list(arguments))
    assert "Traceback" not in result.output
    return result


def plan_answers(result: Result) -> dict[str, object]:
    assert result.exit_code == 0, result.output
    answers: dict[str, object] = json.loads(result.stdout)["answers"]
    return answers


def test_config_dir_follows_the_xdg_rule_and_home_wins(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("SACROMASSAGE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    for value, expected in (
        (str(tmp_path / "conf"), tmp_path / "conf"),
        ("", tmp_path / ".config"),
        ("relative", tmp_path / ".config"),
    ):
        monkeypatch.setenv("XDG_CONFIG_HOME", value)
        assert paths.config_dir() == expected / "sacromassage"
    monkeypatch.setenv("SACROMASSAGE_HOME", str(tmp_path / "mine"))
    assert paths.config_dir() == tmp_path / "mine"


def test_complete_answers_are_saved_privately_without_red_flags_or_pain(home: Path) -> None:
    plan_answers(invoke("advise", *FLAGS, "-f", "json", "--duration", "acute"))
    profile = home / "profile.toml"
    assert stat.S_IMODE(profile.stat().st_mode) == 0o600
    text = profile.read_text(encoding="utf-8")
    assert 'diagnosis = "soft-tissue"' in text and 'tools = ["ball"]' in text
    assert "version = 1" in text
    assert "pain" not in text and "red" not in text and "acute" not in text
    shown = invoke("profile", "-f", "plain")
    assert shown.exit_code == 0
    assert (
        "In one line: soft-tissue, moderate pressure, by yourself with a ball, 10 min, no cautions"
    ) in shown.stdout


def test_unchanged_answers_are_not_written_again(home: Path) -> None:
    plan_answers(invoke("advise", *FLAGS, "-f", "json"))
    profile = home / "profile.toml"
    os.utime(profile, (1_000_000, 1_000_000))
    plan_answers(invoke("advise", *FLAGS, "-p", "7", "-f", "json"))  # pain is not saved
    assert profile.stat().st_mtime == 1_000_000
    plan_answers(invoke("advise", *FLAGS, "-t", "gentle", "-f", "json"))
    assert 'tolerance = "gentle"' in profile.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "arguments",
    [
        [*FLAGS, "--no-save"],
        ["--red-flag", "fever"],  # a red flag: nothing else was asked, nothing to remember
    ],
)
def test_nothing_is_saved_with_no_save_or_a_red_flag(arguments: list[str], home: Path) -> None:
    plan_answers(invoke("advise", *arguments, "-f", "json"))
    assert not (home / "profile.toml").exists()


def test_saved_fills_every_answer_the_flags_leave_out(home: Path) -> None:
    with_caution = [flag for flag in FLAGS if flag != "--no-cautions"]
    plan_answers(invoke("advise", *with_caution, "--caution", "pregnant", "-m", "15", "-f", "json"))
    reused = plan_answers(invoke("advise", "--saved", "--no-red-flags", "-p", "4", "-f", "json"))
    assert reused["diagnosis"] == "soft-tissue" and reused["tools"] == ["ball"]
    assert (reused["cautions"], reused["minutes"], reused["pain"]) == (["pregnant"], 15, 4)
    flags_win = plan_answers(
        invoke(
            "advise",
            "--saved",
            "--no-red-flags",
            "-p",
            "2",
            "-t",
            "gentle",
            "--no-cautions",
            "-f",
            "json",
            "--no-save",
        )
    )
    assert (flags_win["tolerance"], flags_win["cautions"]) == ("gentle", [])
    assert flags_win["helper"] == "self"


def test_saved_still_needs_the_red_flags_and_pain(home: Path) -> None:
    plan_answers(invoke("advise", *FLAGS, "-f", "json"))
    result = invoke("advise", "--saved", "-f", "json")
    assert result.exit_code == 2
    assert "--pain 0-10" in result.stderr and "--no-red-flags" in result.stderr


def test_saved_without_a_profile_exits_2_saying_so(home: Path) -> None:
    result = invoke("advise", "--saved", "--no-red-flags", "-p", "4", "-f", "json")
    assert result.exit_code == 2
    assert "no saved answers yet" in result.stderr and "profile.toml" in result.stderr


def test_forget_deletes_the_saved_answers(home: Path) -> None:
    plan_answers(invoke("advise", *FLAGS, "-f", "json"))
    result = invoke("profile", "--forget")
    assert result.exit_code == 0 and "Forgot your saved answers" in result.stdout
    assert not (home / "profile.toml").exists()
    assert "no saved answers to forget" in invoke("profile", "--forget").stdout
    empty = json.loads(invoke("profile", "-f", "json").stdout)
    assert empty["saved"] is None and empty["path"] == str(home / "profile.toml")


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("diagnosis = [unclosed\n", "damaged"),
        ('version = 1\ndiagnosis = "broken-leg"\n', "damaged"),
        ("version = 99\n", "newer sacromassage (profile version 99"),
    ],
)
def test_a_damaged_or_newer_profile_is_reported_and_left_untouched(
    content: str, words: str, home: Path
) -> None:
    profile = home / "profile.toml"
    profile.write_text(content, encoding="utf-8")
    kept = invoke("advise", *FLAGS, "-f", "json")
    assert kept.exit_code == 0
    assert words in kept.stderr and len(kept.stderr.strip().splitlines()) == 1
    assert profile.read_text(encoding="utf-8") == content
    for arguments in (["advise", "--saved", "--no-red-flags", "-p", "4"], ["profile"]):
        refused = invoke(*arguments)
        assert refused.exit_code == 1 and words in refused.stderr
    assert profile.read_text(encoding="utf-8") == content


# --------------------------------------------------------------------------- on a terminal


@pytest.fixture
def keys() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe:
        yield pipe


UNANSWERED = Answers()


def asked(
    pipe: PipeInput,
    knowledge: Knowledge,
    typed: str,
    partial: Answers = UNANSWERED,
    given: frozenset[str] = frozenset(),
) -> Answers:
    pipe.send_text(typed)
    return ask(partial, knowledge, saved=SAVED, given=given, input=pipe, output=DummyOutput())


def test_yes_takes_the_saved_answers_after_the_red_flags(
    keys: PipeInput, knowledge: Knowledge
) -> None:
    typed = (
        NONE_OF_THESE  # red flags: always asked
        + ENTER  # "Use your saved answers?": Yes
        + ENTER  # how long: the first (acute): never saved
        + "3"
        + ENTER
    )  # pain: never saved
    answers = asked(keys, knowledge, typed)
    assert answers == SAVED._replace(red_flags=frozenset(), pain=3, duration=Duration.ACUTE)


def test_change_some_walks_the_questions_with_the_saved_answers_as_defaults(
    keys: PipeInput, knowledge: Knowledge
) -> None:
    typed = (
        NONE_OF_THESE
        + DOWN
        + ENTER  # Change some
        + ENTER  # cautions: "none of these" ticked already: keep
        + ENTER  # diagnosis: soft-tissue highlighted already: keep
        + ENTER  # factors: none ticked: keep
        + ENTER  # how long: acute
        + "5"
        + ENTER  # pain
        + UP
        + ENTER  # pressure: from moderate (the default) up to gentle
        + ENTER  # helper: self highlighted already
        + DOWN
        + SPACE
        + ENTER
    )  # tools: ball ticked already; tick the foam roller too
    answers = asked(keys, knowledge, typed)
    assert answers == SAVED._replace(
        red_flags=frozenset(),
        pain=5,
        duration=Duration.ACUTE,
        tolerance=Tolerance.GENTLE,
        tools=frozenset({Tool.BALL, Tool.FOAM_ROLLER}),
    )


def test_start_again_asks_as_if_nothing_was_saved(keys: PipeInput, knowledge: Knowledge) -> None:
    typed = (
        NONE_OF_THESE
        + DOWN
        + DOWN
        + ENTER  # Start again
        + SPACE
        + ENTER  # cautions: the first (pregnant)
        + DOWN
        + ENTER  # diagnosis: the second
        + ENTER
        + "2"
        + ENTER  # how long, pain
        + ENTER
        + DOWN
        + ENTER
    )  # gentle, a partner
    answers = asked(keys, knowledge, typed)
    assert answers.cautions == frozenset({Caution.PREGNANT})
    assert answers.diagnosis is not Diagnosis.SOFT_TISSUE
    assert (answers.tolerance, answers.helper) == (Tolerance.GENTLE, Helper.PARTNER)


def test_a_red_flag_ends_the_questions_before_any_offer(
    keys: PipeInput, knowledge: Knowledge
) -> None:
    answers = asked(keys, knowledge, SPACE + ENTER)  # the first red flag
    assert answers.red_flags and answers.diagnosis is None
    assert next(iter(answers.red_flags)) in RedFlag


def test_flags_win_over_the_saved_answers(keys: PipeInput, knowledge: Knowledge) -> None:
    partial = Answers(tolerance=Tolerance.FIRM, minutes=20)
    answers = asked(
        keys,
        knowledge,
        NONE_OF_THESE + ENTER + ENTER + "3" + ENTER,
        partial,
        given=frozenset({"tolerance", "minutes"}),
    )
    assert (answers.tolerance, answers.minutes, answers.diagnosis) == (
        Tolerance.FIRM,
        20,
        Diagnosis.SOFT_TISSUE,
    )
