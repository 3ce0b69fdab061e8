"""A whole guided session in a real pseudo-terminal, with time scaled down."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pexpect
import pytest

pytestmark = pytest.mark.pty

ROOT = Path(__file__).resolve().parent.parent
ENTER, DOWN = "\r", "\x1b[B"
TIMEOUT = 20
ARGS = (
    "session",
    "-d",
    "soft-tissue",
    "-t",
    "gentle",
    "-w",
    "self",
    "--no-red-flags",
    "--no-cautions",
    "-m",
    "5",
    "--duration",
    "acute",
)


def environment(home: Path, scale: str) -> dict[str, str]:
    return {
        **os.environ,
        "SACROMASSAGE_TIME_SCALE": scale,
        "SACROMASSAGE_HOME": str(home),
        "PYTHONPATH": str(ROOT),
        "NO_COLOR": "1",
        "COLUMNS": "100",
        "LINES": "40",
        "TERM": "xterm",
        "PROMPT_TOOLKIT_NO_CPR": "1",
    }


def spawn(home: Path, scale: str) -> pexpect.spawn:
    return pexpect.spawn(
        sys.executable,
        ["-m", "sacromassage", *ARGS],
        env=environment(home, scale),
        encoding="utf-8",
        timeout=TIMEOUT,
        dimensions=(40, 100),
    )


def journal(home: Path) -> list[dict[str, Any]]:
    done = subprocess.run(
        [sys.executable, "-m", "sacromassage", "journal", "list", "--format", "json"],
        env=environment(home, "1"),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=True,
    )
    entries: list[dict[str, Any]] = json.loads(done.stdout)
    return entries


def test_a_whole_session_ends_up_in_the_journal(tmp_path: Path) -> None:
    child = spawn(tmp_path, "0.001")
    transcript = []
    child.expect("How bad is your pain")  # the questionnaire: --pain was not given
    child.send("6" + ENTER)  # that is pain "now": not asked again
    step = 1
    # Each check-in names its step, so the echo of the one just answered never matches.
    while child.expect([f"Step {step} is over. How did it feel", "How is your pain now"]) == 0:
        transcript.append(child.before or "")
        child.send(ENTER)  # the first choice: fine
        step += 1
    transcript.append(child.before or "")
    child.send("3" + ENTER)
    child.expect("Saved in your journal as entry")
    child.expect(pexpect.EOF)
    transcript.append(child.before or "")
    child.close()
    output = "".join(transcript)
    assert child.exitstatus == 0, output
    assert "Traceback" not in output
    assert "Step 1 of" in output
    [entry] = journal(tmp_path)
    assert (entry["before"], entry["after"], entry["finished"]) == (6, 3, True)
    assert len(entry["steps"]) == step - 1 > 1
    assert {item["outcome"] for item in entry["steps"]} == {"done"}
    assert entry["diagnosis"] == "soft-tissue" and entry["helper"] == "self"


def test_ctrl_c_during_a_step_saves_it_unfinished(tmp_path: Path) -> None:
    child = spawn(tmp_path, "0.05")  # a 60 s step takes 3 real seconds
    child.expect("How bad is your pain")
    child.send("5" + ENTER)
    child.expect("Step 1 of")
    child.expect(r"Step 1: .*left")  # the countdown bar is running
    child.send(DOWN * 3 + ENTER)  # typed ahead: must not answer "stop, it hurts"
    child.expect("Step 1 is over. How did it feel")
    child.send(ENTER)  # fine
    child.expect("Step 2 of")
    child.expect(r"Step 2: .*left")
    child.sendcontrol("c")
    child.expect("Pain now, 0–10 \\(Enter to skip\\)")
    child.send(ENTER)  # skipped: not recorded
    child.expect("saved as unfinished")
    child.expect(pexpect.EOF)
    output = child.before or ""
    child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in output and "KeyboardInterrupt" not in output
    [entry] = journal(tmp_path)
    assert entry["finished"] is False and entry["stopped"] == "interrupted"
    assert (entry["before"], entry["after"]) == (5, None)
    outcomes = [(step["number"], step["outcome"]) for step in entry["steps"]]
    assert outcomes[0] == (1, "done")
    assert outcomes[1:] and all(outcome == "skipped" for _, outcome in outcomes[1:])


def test_h_during_the_first_step_stops_with_the_advice(tmp_path: Path) -> None:
    child = spawn(tmp_path, "0.05")
    child.expect("How bad is your pain")
    child.send("6" + ENTER)
    child.expect(r"Step 1: .*left")  # the countdown is running
    child.expect("h stop, it hurts")  # the key line under the bar
    child.send("h")
    child.expect("It hurt: what to do now")
    child.expect("Stop massaging now")
    child.expect("How is your pain now")
    child.send("7" + ENTER)
    child.expect("Saved in your journal as entry")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    [entry] = journal(tmp_path)
    assert (entry["before"], entry["after"], entry["finished"]) == (6, 7, False)
    assert entry["stopped"] == "hurt"
    assert entry["steps"][0] == {**entry["steps"][0], "number": 1, "outcome": "stopped"}


def test_a_dumb_terminal_gets_lines_not_a_bar(tmp_path: Path) -> None:
    env = {**environment(tmp_path, "0.01"), "TERM": "dumb"}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "sacromassage", *ARGS, "--quiet"],
        env=env,
        encoding="utf-8",
        timeout=TIMEOUT,
        dimensions=(40, 100),
    )
    child.expect("How bad is your pain")
    child.send("5" + ENTER)
    child.expect(r"Step 1: .*\. Go\.")
    child.expect("Time is up.")
    output = child.before or ""
    child.sendcontrol("c")
    child.expect("Pain now")
    child.sendcontrol("c")  # a second Ctrl-C leaves at once
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "━" not in output
    [entry] = journal(tmp_path)
    assert (entry["before"], entry["after"], entry["stopped"]) == (5, None, "interrupted")


@pytest.mark.parametrize("attempt", range(2))
def test_closing_the_terminal_mid_countdown_keeps_the_session(tmp_path: Path, attempt: int) -> None:
    child = spawn(tmp_path, "0.2")  # a 60 s step takes 12 real seconds
    child.expect("How bad is your pain")
    child.send("7" + ENTER)
    child.expect(r"Step 1: .*left")  # the countdown bar is running
    child.ptyproc.delayafterclose = 5  # time to save before anything harsher
    child.close(force=True)  # the terminal window goes away: SIGHUP
    [entry] = journal(tmp_path)
    assert entry["finished"] is False and entry["before"] == 7
    assert (entry["after"], entry["stopped"]) == (None, "interrupted")
    assert entry["steps"] and entry["steps"][0]["number"] == 1


def test_a_session_with_its_output_redirected_refuses(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "SACROMASSAGE_HOME": str(tmp_path),
        "PYTHONPATH": str(ROOT),
        "NO_COLOR": "1",
        "PROMPT_TOOLKIT_NO_CPR": "1",
    }
    command = f"{sys.executable} -m sacromassage session > {tmp_path / 'out.txt'}"
    child = pexpect.spawn("/bin/sh", ["-c", command], env=env, encoding="utf-8", timeout=20)
    child.expect("needs a terminal")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == ""


def test_pain_given_with_a_flag_shapes_the_plan_and_is_not_asked_again(tmp_path: Path) -> None:
    args = [
        "session",
        "-d",
        "soft-tissue",
        "-t",
        "firm",
        "-w",
        "self",
        "--no-red-flags",
        "--no-cautions",
        "-m",
        "30",
        "--duration",
        "acute",
        "-p",
        "9",
        "--no-save",
    ]
    child = pexpect.spawn(
        sys.executable,
        ["-m", "sacromassage", *args],
        env=environment(tmp_path, "0.05"),  # slow enough that step 1 is still running
        encoding="utf-8",
        timeout=TIMEOUT,
        dimensions=(40, 100),
    )
    index = child.expect(["held at 3 because", "Before we start", "How bad is your pain"])
    assert index == 0  # the ceiling was held for pain 9, and pain was not asked again
    child.expect(r"Step 1: .*left")  # the countdown bar is running
    child.sendcontrol("c")
    child.expect("Pain now")
    child.send("\r")
    child.expect(pexpect.EOF)
    child.close()
    [entry] = journal(tmp_path)
    assert entry["before"] == 9
