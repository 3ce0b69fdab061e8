"""The real program in a real pseudo-terminal, answered by keystrokes as a person would."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pexpect
import pytest

pytestmark = pytest.mark.pty

ROOT = Path(__file__).resolve().parent.parent
UP, DOWN, SPACE, ENTER = "\x1b[A", "\x1b[B", " ", "\r"


def spawn(*args: str) -> pexpect.spawn:
    env = {
        **os.environ,
        "COLUMNS": "100",
        "LINES": "40",
        "TERM": "xterm",
        "NO_COLOR": "1",
        "PYTHONPATH": str(ROOT),
        "PROMPT_TOOLKIT_NO_CPR": "1",
    }
    return pexpect.spawn(
        sys.executable,
        ["-m", "sacromassage", *args],
        env=env,
        encoding="utf-8",
        timeout=20,
        dimensions=(40, 100),
    )


def test_questionnaire_answered_by_keystrokes() -> None:
    child = spawn("advise", "--format", "plain")
    child.expect("Safety first")
    child.send(UP + SPACE + ENTER)  # none of the red flags
    child.expect("They change how the massage is done")
    child.send(UP + SPACE + ENTER)  # none of the cautions
    child.expect("causing your SI joint pain")
    child.send(DOWN + ENTER)  # hypomobility
    child.expect("How long have you had this back pain")
    child.send(ENTER)  # less than 6 weeks
    child.expect("How bad is your pain")
    child.send("3" + ENTER)
    child.expect("How much pressure")
    child.send(ENTER)  # gentle
    child.expect("Who will give the massage")
    child.send(DOWN + ENTER)  # a partner
    child.expect("Pressure ceiling: 3 out of 10")
    child.expect("Your routine")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "Traceback" not in (child.before or "")


def test_ctrl_c_exits_130_without_a_traceback() -> None:
    child = spawn("advise")
    child.expect("Safety first")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    output = child.before or ""
    child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in output and "Aborted" not in output


def test_ctrl_d_exits_130_at_a_text_prompt() -> None:
    child = spawn(
        "advise", "--no-red-flags", "--no-cautions", "-d", "laxity", "--duration", "acute"
    )
    child.expect("How bad is your pain")
    child.sendcontrol("d")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130


def test_questions_go_to_stderr_when_the_plan_is_redirected(tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    env = {
        **os.environ,
        "COLUMNS": "100",
        "LINES": "40",
        "TERM": "xterm",
        "NO_COLOR": "1",
        "PYTHONPATH": str(ROOT),
        "PROMPT_TOOLKIT_NO_CPR": "1",
    }
    command = f"{sys.executable} -m sacromassage advise -f json > {plan}"
    child = pexpect.spawn(
        "/bin/sh", ["-c", command], env=env, encoding="utf-8", timeout=20, dimensions=(40, 100)
    )
    child.expect("Safety first")
    child.send(SPACE + ENTER)  # the first red flag: no more questions
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    data = json.loads(plan.read_text(encoding="utf-8"))
    assert data["safety"]["verdict"] == "emergency"
