"""The guided session, driven with a fake clock and scripted answers: no real waiting."""

from __future__ import annotations

import contextlib
import io
import math
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput
from rich.console import Console

from sacromassage.guide.engine import plan as make_plan
from sacromassage.guide.knowledge import Knowledge
from sacromassage.journal.entry import Entry, Outcome, Stopped
from sacromassage.journal.store import Journal
from sacromassage.model import (
    Answers,
    CheckIn,
    Diagnosis,
    ExitCode,
    Helper,
    Plan,
    RedFlag,
    Step,
    StepTool,
    Tolerance,
    Tool,
    Verdict,
)
from sacromassage.paths import time_scale
from sacromassage.questions import QuestionaryPrompter
from sacromassage.session.clock import RealClock
from sacromassage.session.countdown import NoKeys
from sacromassage.session.flow import (
    GET_READY_SECONDS,
    SessionOptions,
    SessionParts,
    run_session,
)

DOWN, ENTER = "\x1b[B", "\r"

Scripted = int | CheckIn | BaseException


class FakeClock:
    """Advances instantly on sleep; can raise on the Nth sleep to play Ctrl-C."""

    START = 1000.0

    def __init__(
        self,
        raise_on: int | None = None,
        error: type[BaseException] = KeyboardInterrupt,
        raise_at: float | None = None,
    ) -> None:
        self.now = self.START
        self.slept = 0.0
        self.sleeps = 0
        self.raise_on = raise_on  # the Nth sleep raises...
        self.raise_at = raise_at  # ...or the first sleep at or after this many seconds
        self.error = error

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps += 1
        if self.sleeps == self.raise_on or (
            self.raise_at is not None and self.now - self.START >= self.raise_at
        ):
            raise self.error()
        self.now += seconds
        self.slept += seconds


class FakePrompter:
    """Answers from a script; an exception in the script is raised at that question."""

    def __init__(
        self,
        pains: list[int | None | BaseException],
        check_ins: list[CheckIn | BaseException] | None = None,
    ) -> None:
        self.pains = list(pains)
        self.skippable: list[str] = []  # the questions Enter may skip (after Ctrl-C)
        self.check_ins = list(check_ins or [])
        self.pain_defaults: list[int | None] = []
        self.checked: list[Step] = []
        self.waits: list[str] = []

    def pain(self, message: str, default: int | None = None) -> int:
        self.pain_defaults.append(default)
        answer = self.pains.pop(0)
        if isinstance(answer, BaseException):
            raise answer
        assert answer is not None, "only the question after Ctrl-C can be skipped"
        return answer

    def pain_or_skip(self, message: str) -> int | None:
        self.skippable.append(message)
        answer = self.pains.pop(0)
        if isinstance(answer, BaseException):
            raise answer
        return answer

    def check_in(self, step: Step) -> CheckIn:
        self.checked.append(step)
        answer = self.check_ins.pop(0) if self.check_ins else CheckIn.FINE
        if isinstance(answer, BaseException):
            raise answer
        return answer

    def wait_for_enter(self, message: str) -> None:
        self.waits.append(message)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SACROMASSAGE_HOME", str(tmp_path))
    return tmp_path


@pytest.fixture
def console() -> Console:
    return Console(file=io.StringIO(), width=80, color_system=None)


def text(console: Console) -> str:
    """What was printed, without panel borders and with wrapped lines joined."""
    assert isinstance(console.file, io.StringIO)
    printed = console.file.getvalue()
    return " ".join(printed.translate(str.maketrans("", "", BORDERS)).split())


BORDERS = "│╭╮╰╯─"


def guided(plan: Plan, **given: Any) -> int:
    """run_session with its options and its parts named as keywords, for short tests."""
    options = {key: value for key, value in given.items() if key in SessionOptions._fields}
    parts = {key: value for key, value in given.items() if key not in options}
    return run_session(plan, SessionOptions(**options), SessionParts(**parts))


def a_plan(knowledge: Knowledge, **changes: object) -> Plan:
    values: dict[str, object] = {
        "diagnosis": Diagnosis.SOFT_TISSUE,
        "tolerance": Tolerance.MODERATE,
        "pain": 5,
        "helper": Helper.SELF,
        "red_flags": frozenset(),
        "cautions": frozenset(),
        "tools": frozenset({Tool.BALL}),
        "minutes": 10,
    }
    values.update(changes)
    return make_plan(Answers(**values), knowledge)  # type: ignore[arg-type]


def entries(home: Path) -> list[Entry]:
    with Journal.open(home / "journal.sqlite3") as journal:
        return journal.list()


def outcomes(entry: Entry) -> list[tuple[int, Outcome]]:
    return [(step.number, step.outcome) for step in entry.steps]


def readies(steps: tuple[Step, ...]) -> int:
    """How many get-ready pauses: before the first step and at each change of position."""
    return sum(
        1
        for index, step in enumerate(steps)
        if index == 0 or steps[index - 1].position is not step.position
    )


def session_seconds(steps: tuple[Step, ...]) -> int:
    return sum(step.duration_seconds for step in steps) + GET_READY_SECONDS * readies(steps)


# --------------------------------------------------------------------------- no session


@pytest.mark.parametrize("flag", [RedFlag.SADDLE_NUMBNESS, RedFlag.NIGHT_PAIN])
def test_a_red_flag_starts_no_session(
    flag: RedFlag, knowledge: Knowledge, home: Path, console: Console
) -> None:
    plan = a_plan(knowledge, red_flags=frozenset({flag}))
    assert plan.safety.verdict in (Verdict.EMERGENCY, Verdict.SEE_CLINICIAN)
    prompter, clock = FakePrompter([]), FakeClock()
    code = guided(plan, timer=True, console=console, prompter=prompter, clock=clock)
    assert code == ExitCode.OK
    out = text(console)
    assert "No session today" in out
    assert plan.headline.split()[0] in out
    assert prompter.pain_defaults == [] and clock.sleeps == 0
    assert not (home / "journal.sqlite3").exists()


def test_a_therapist_session_is_not_timed(
    knowledge: Knowledge, home: Path, console: Console
) -> None:
    plan = a_plan(knowledge, helper=Helper.THERAPIST, tools=frozenset())
    prompter = FakePrompter([])
    code = guided(plan, timer=True, console=console, prompter=prompter, clock=FakeClock())
    assert code == ExitCode.OK
    out = text(console)
    assert "therapist" in out and "journal add" in out
    assert prompter.pain_defaults == []
    assert not (home / "journal.sqlite3").exists()


# --------------------------------------------------------------------------- whole sessions


def test_a_whole_session_is_saved_as_finished(
    knowledge: Knowledge, home: Path, console: Console
) -> None:
    plan = a_plan(knowledge)
    prompter, clock = FakePrompter([6, 3]), FakeClock()
    started = time.monotonic()
    code = guided(plan, timer=True, console=console, prompter=prompter, clock=clock)
    assert time.monotonic() - started < 2  # no real seconds waited
    assert code == ExitCode.OK
    [entry] = entries(home)
    assert (entry.before, entry.after, entry.finished) == (6, 3, True)
    assert outcomes(entry) == [(step.number, Outcome.DONE) for step in plan.steps]
    assert [step.title for step in entry.steps] == [step.title for step in plan.steps]
    assert entry.diagnosis is Diagnosis.SOFT_TISSUE and entry.helper is Helper.SELF
    assert entry.tool is StepTool.BALL
    assert entry.minutes == math.ceil(session_seconds(plan.steps) / 60)
    # The plan's pain is offered as the default for "pain now" before, not after.
    assert prompter.pain_defaults == [5, None]
    out = text(console)
    for step in plan.steps:
        assert f"Step {step.number} of {len(plan.steps)}" in out
    assert "Pressure ceiling: 4 out of 10" in out
    assert "Pain before: 6. Pain now: 3" in out and "you reached it" in out
    assert f"entry {entry.id}" in out and "journal stats" in out


def test_the_timer_runs_each_step_for_its_full_duration(
    knowledge: Knowledge, home: Path, console: Console
) -> None:
    plan = a_plan(knowledge, minutes=30)
    clock = FakeClock()
    started = time.monotonic()
    guided(plan, timer=True, console=console, prompter=FakePrompter([5, 4]), clock=clock)
    assert time.monotonic() - started < 2
    assert clock.slept >= sum(step.duration_seconds for step in plan.steps)
    assert clock.slept == pytest.approx(session_seconds(plan.steps))
    # Quarter-second ticks, so a key acts at once: four sleeps per second of every step.
    assert clock.sleeps >= 4 * session_seconds(plan.steps)
    assert "done" in text(console)


def test_without_the_timer_enter_moves_on(
    knowledge: Knowledge, home: Path, console: Console
) -> None:
    plan = a_plan(knowledge)
    prompter, clock = FakePrompter([4, 4]), FakeClock()
    code = guided(plan, timer=False, console=console, prompter=prompter, clock=clock)
    assert code == ExitCode.OK
    assert clock.sleeps == 0 and clock.slept == 0
    assert len(prompter.waits) == len(plan.steps)
    assert "press Enter" in prompter.waits[0]
    [entry] = entries(home)
    assert entry.finished and entry.minutes == 1
    assert "No change this time" in text(console)


def test_hands_only_is_logged_as_hands(knowledge: Knowledge, home: Path, console: Console) -> None:
    plan = a_plan(knowledge, tools=frozenset())
    guided(plan, timer=True, console=console, prompter=FakePrompter([3, 1]), clock=FakeClock())
    [entry] = entries(home)
    assert entry.tool is StepTool.HANDS


# --------------------------------------------------------------------------- check-ins


def test_ease_off_lowers_the_pressure_of_every_later_step(
    knowledge: Knowledge, home: Path, console: Console
) -> None:
    plan = a_plan(knowledge, minutes=20)
    assert len(plan.steps) >= 4
    prompter = FakePrompter([5, 3], [CheckIn.FINE, CheckIn.EASE_OFF, CheckIn.EASE_OFF])
    guided(plan, timer=True, console=console, prompter=prompter, clock=FakeClock())
    shown = [step.pressure for step in prompter.checked]
    planned = [step.pressure for step in plan.steps]
    expected = planned[:2] + [max(1, p - 1) for p in planned[2:3]]
    expected += [max(1, p - 2) for p in planned[3:]]
    assert shown == expected
    out = text(console)
    assert "lighter pressure from here on" in out
    assert f"eased from {planned[3]}" in out
    [entry] = entries(home)
    assert entry.finished
    assert [o for _, o in outcomes(entry)][:4] == [
        Outcome.DONE,
        Outcome.EASED,
        Outcome.EASED,
        Outcome.DONE,
    ]


def test_pressure_never_eases_below_one(knowledge: Knowledge, home: Path, console: Console) -> None:
    plan = a_plan(knowledge, tolerance=Tolerance.GENTLE)
    prompter = FakePrompter([5, 3], [CheckIn.EASE_OFF] * len(plan.steps))
    guided(plan, timer=False, console=console, prompter=prompter, clock=FakeClock())
    assert all(step.pressure >= 1 for step in prompter.checked)


def test_skip_the_rest_ends_early_and_saves_unfinished(
    knowledge: Knowledge, home: Path, console: Console
) -> None:
    plan = a_plan(knowledge)
    prompter = FakePrompter([5, 4], [CheckIn.FINE, CheckIn.SKIP_REST])
    code = guided(plan, timer=True, console=console, prompter=prompter, clock=FakeClock())
    assert code == ExitCode.OK
    assert len(prompter.checked) == 2
    [entry] = entries(home)
    assert not entry.finished and (entry.before, entry.after) == (5, 4)
    assert outcomes(entry) == [(1, Outcome.DONE), (2, Outcome.DONE)] + [
        (step.number, Outcome.SKIPPED) for step in plan.steps[2:]
    ]
    assert entry.minutes == math.ceil(session_seconds(plan.steps[:2]) / 60)
    assert "we end here" in text(console)
    assert "marked unfinished because it ended early" in text(console)


def test_stop_it_hurts_gives_advice_and_saves_stopped(
    knowledge: Knowledge, home: Path, console: Console
) -> None:
    plan = a_plan(knowledge)
    prompter = FakePrompter([5, 7], [CheckIn.FINE, CheckIn.STOP_HURTS])
    code = guided(plan, timer=True, console=console, prompter=prompter, clock=FakeClock())
    assert code == ExitCode.OK
    out = text(console)
    assert "Stop massaging now" in out and "clinician" in out
    assert plan.stop_signs[0] in out
    assert "2 points higher" in out
    [entry] = entries(home)
    assert not entry.finished and (entry.before, entry.after) == (5, 7)
    assert outcomes(entry)[:2] == [(1, Outcome.DONE), (2, Outcome.STOPPED)]
    assert {o for _, o in outcomes(entry)[2:]} <= {Outcome.SKIPPED}


# --------------------------------------------------------------------------- Ctrl-C and Ctrl-D


def test_ctrl_c_during_a_step_saves_what_was_done(
    knowledge: Knowledge, home: Path, console: Console
) -> None:
    plan = a_plan(knowledge)
    first = plan.steps[0]
    # The first step (and its pauses), then 3 s into the second.
    into_second = session_seconds(plan.steps[:2]) - plan.steps[1].duration_seconds
    clock = FakeClock(raise_at=into_second + 3)
    prompter = FakePrompter([6, None])  # Enter at "Pain now": skipped
    code = guided(plan, timer=True, console=console, prompter=prompter, clock=clock)
    assert code == ExitCode.INTERRUPTED
    assert len(prompter.checked) == 1
    assert prompter.skippable == ["Pain now, 0–10 (Enter to skip)"]
    [entry] = entries(home)
    assert not entry.finished and entry.stopped is Stopped.INTERRUPTED
    assert (entry.before, entry.after) == (6, None)  # skipped: not recorded, never 6
    # Step 1 was done; step 2 was cut short and the rest never began: all skipped.
    assert outcomes(entry) == [(1, Outcome.DONE)] + [
        (step.number, Outcome.SKIPPED) for step in plan.steps[1:]
    ]
    assert entry.minutes == math.ceil((into_second + 3) / 60)
    assert first.number == 1
    out = text(console)
    assert f"Session stopped; saved as unfinished (entry {entry.id})." in out
    assert "Traceback" not in out


def test_ctrl_d_at_a_check_in_saves_what_was_done(
    knowledge: Knowledge, home: Path, console: Console
) -> None:
    plan = a_plan(knowledge)
    prompter = FakePrompter([4], [CheckIn.EASE_OFF, EOFError()])
    code = guided(plan, timer=True, console=console, prompter=prompter, clock=FakeClock())
    assert code == ExitCode.INTERRUPTED
    [entry] = entries(home)
    # Step 2's time had run out when Ctrl-D came at its check-in: it was done.
    assert not entry.finished and outcomes(entry) == [(1, Outcome.EASED), (2, Outcome.DONE)] + [
        (step.number, Outcome.SKIPPED) for step in plan.steps[2:]
    ]


def test_ctrl_c_at_the_get_ready_pause(knowledge: Knowledge, home: Path, console: Console) -> None:
    plan = a_plan(knowledge)
    clock = FakeClock(raise_on=2)
    code = guided(plan, timer=True, console=console, prompter=FakePrompter([4, None]), clock=clock)
    assert code == ExitCode.INTERRUPTED
    [entry] = entries(home)
    assert not entry.finished and entry.minutes == 1
    assert outcomes(entry) == [(step.number, Outcome.SKIPPED) for step in plan.steps]


def test_ctrl_c_at_pain_after_keeps_every_step(
    knowledge: Knowledge, home: Path, console: Console
) -> None:
    plan = a_plan(knowledge)
    prompter = FakePrompter([4, KeyboardInterrupt()])
    code = guided(plan, timer=True, console=console, prompter=prompter, clock=FakeClock())
    assert code == ExitCode.INTERRUPTED
    assert prompter.skippable == []  # Ctrl-C at pain after is itself the answer "skip"
    [entry] = entries(home)
    assert not entry.finished and (entry.before, entry.after) == (4, None)
    assert entry.stopped is Stopped.INTERRUPTED
    assert len(entry.steps) == len(plan.steps)
    # Only the time on the steps counts, not time spent at the last question.
    assert entry.minutes == math.ceil(session_seconds(plan.steps) / 60)


def ctrl_c_into_second_step(knowledge: Knowledge) -> tuple[Plan, FakeClock]:
    plan = a_plan(knowledge)
    into_second = session_seconds(plan.steps[:2]) - plan.steps[1].duration_seconds
    return plan, FakeClock(raise_at=into_second + 3)


def test_ctrl_c_then_a_score_saves_that_score(
    knowledge: Knowledge, home: Path, console: Console
) -> None:
    plan, clock = ctrl_c_into_second_step(knowledge)
    code = guided(plan, timer=True, console=console, prompter=FakePrompter([6, 4]), clock=clock)
    assert code == ExitCode.INTERRUPTED
    [entry] = entries(home)
    assert (entry.before, entry.after, entry.finished, entry.stopped) == (
        6,
        4,
        False,
        Stopped.INTERRUPTED,
    )
    assert f"Session stopped; saved as unfinished (entry {entry.id})." in text(console)


@pytest.mark.parametrize("second", [KeyboardInterrupt, EOFError])
def test_ctrl_c_twice_leaves_at_once_and_still_saves(
    second: type[BaseException], knowledge: Knowledge, home: Path, console: Console
) -> None:
    plan, clock = ctrl_c_into_second_step(knowledge)
    prompter = FakePrompter([6, second()])
    code = guided(plan, timer=True, console=console, prompter=prompter, clock=clock)
    assert code == ExitCode.INTERRUPTED and prompter.pains == []
    [entry] = entries(home)
    assert (entry.before, entry.after, entry.stopped) == (6, None, Stopped.INTERRUPTED)
    assert outcomes(entry)[0] == (1, Outcome.DONE)


def test_ctrl_d_at_a_check_in_asks_nothing_more(
    knowledge: Knowledge, home: Path, console: Console
) -> None:
    prompter = FakePrompter([4], [EOFError()])
    code = guided(
        a_plan(knowledge), timer=True, console=console, prompter=prompter, clock=FakeClock()
    )
    assert code == ExitCode.INTERRUPTED and prompter.skippable == []
    [entry] = entries(home)
    assert (entry.after, entry.stopped) == (None, Stopped.INTERRUPTED)


@pytest.mark.parametrize(
    ("check_ins", "stopped"),
    [
        ([], None),
        ([CheckIn.FINE, CheckIn.SKIP_REST], Stopped.SKIPPED_REST),
        ([CheckIn.STOP_HURTS], Stopped.HURT),
    ],
)
def test_stopped_says_why_a_session_ended(
    check_ins: list[CheckIn | BaseException],
    stopped: Stopped | None,
    knowledge: Knowledge,
    home: Path,
    console: Console,
) -> None:
    guided(
        a_plan(knowledge),
        timer=True,
        console=console,
        prompter=FakePrompter([5, 3], check_ins),
        clock=FakeClock(),
    )
    [entry] = entries(home)
    assert entry.stopped is stopped and entry.finished is (stopped is None)


def test_ctrl_c_at_pain_after_once_it_hurt_stays_hurt(
    knowledge: Knowledge, home: Path, console: Console
) -> None:
    prompter = FakePrompter([5, KeyboardInterrupt()], [CheckIn.STOP_HURTS])
    code = guided(
        a_plan(knowledge), timer=True, console=console, prompter=prompter, clock=FakeClock()
    )
    assert code == ExitCode.INTERRUPTED
    [entry] = entries(home)
    assert (entry.after, entry.stopped) == (None, Stopped.HURT)


@pytest.mark.parametrize("error", [KeyboardInterrupt, EOFError])
def test_stopping_before_pain_is_given_saves_nothing(
    error: type[BaseException], knowledge: Knowledge, home: Path, console: Console
) -> None:
    plan = a_plan(knowledge)
    code = guided(
        plan, timer=True, console=console, prompter=FakePrompter([error()]), clock=FakeClock()
    )
    assert code == ExitCode.INTERRUPTED
    assert "nothing was saved" in text(console)
    assert not (home / "journal.sqlite3").exists()


# --------------------------------------------------------------------------- journal errors


def test_a_journal_error_prints_what_to_add_by_hand(
    knowledge: Knowledge, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, console: Console
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("SACROMASSAGE_HOME", str(blocker / "home"))
    errors = Console(file=io.StringIO(), width=60, color_system=None)
    plan = a_plan(knowledge)
    code = guided(
        plan,
        timer=True,
        console=console,
        prompter=FakePrompter([6, 3]),
        clock=FakeClock(),
        error_console=errors,
    )
    assert code == ExitCode.ERROR
    err = text(errors)
    assert err.startswith("Error: ")
    assert "pain 6 before, 3 after, finished" in err
    # The command stays on one line, however narrow the terminal, so it pastes whole.
    assert isinstance(errors.file, io.StringIO)
    lines = errors.file.getvalue().splitlines()
    [command] = [line for line in lines if line.startswith("sacromassage journal")]
    assert command.startswith("sacromassage journal add --before 6 --after 3 --minutes")
    assert "--helper self --tool ball" in command and "--note" in command


def test_a_journal_error_after_ctrl_c_is_reported_too(
    knowledge: Knowledge, tmp_path: Path, console: Console
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    errors = Console(file=io.StringIO(), width=200, color_system=None)
    code = guided(
        a_plan(knowledge),
        timer=False,
        console=console,
        prompter=FakePrompter([6, None], [CheckIn.FINE, KeyboardInterrupt()]),
        clock=FakeClock(),
        journal_path=blocker / "journal.sqlite3",
        error_console=errors,
    )
    assert code == ExitCode.ERROR
    out = text(errors)
    assert (
        "pain 6 before, pain after not recorded, unfinished (stopped: interrupted); steps: 1 done"
    ) in out
    assert "sacromassage journal add --before 6 --minutes" in out and "--after" not in out


def test_an_explicit_journal_path_is_used(
    knowledge: Knowledge, tmp_path: Path, console: Console
) -> None:
    path = tmp_path / "elsewhere" / "my.sqlite3"
    guided(
        a_plan(knowledge),
        timer=False,
        console=console,
        prompter=FakePrompter([3, 2]),
        clock=FakeClock(),
        journal_path=path,
    )
    with Journal.open(path) as journal:
        assert journal.count() == 1


# --------------------------------------------------------------------------- the real clock


def test_time_scale_reads_the_environment() -> None:
    assert time_scale({}) == 1.0
    assert time_scale({"SACROMASSAGE_TIME_SCALE": "0.01"}) == 0.01
    for bad in ("", "fast", "0", "-1", "nan", "inf"):
        assert time_scale({"SACROMASSAGE_TIME_SCALE": bad}) == 1.0


def test_the_real_clock_scales_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SACROMASSAGE_TIME_SCALE", "0.0001")
    clock = RealClock()
    assert clock.scale == 0.0001
    started_real, started = time.monotonic(), clock.monotonic()
    clock.sleep(20)
    assert time.monotonic() - started_real < 1
    assert clock.monotonic() - started >= 20


# --------------------------------------------------------------------------- the real prompter


@pytest.fixture
def keys() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe:
        yield pipe


def prompter(pipe: PipeInput, typed: str) -> QuestionaryPrompter:
    pipe.send_text(typed)
    return QuestionaryPrompter(input=pipe, output=DummyOutput())


def test_pain_is_checked_and_enter_keeps_the_default(keys: PipeInput) -> None:
    ask = prompter(keys, "11" + ENTER + "\x7f\x7f" + "7" + ENTER + ENTER)
    assert ask.pain("Pain?") == 7
    assert ask.pain("Pain?", default=4) == 4


def test_an_empty_pain_without_a_default_is_refused(keys: PipeInput) -> None:
    ask = prompter(keys, ENTER + "x" + ENTER + "\x7f" + "0" + ENTER)
    assert ask.pain("Pain?") == 0


def test_pain_now_after_ctrl_c_can_be_skipped_with_enter(keys: PipeInput) -> None:
    ask = prompter(keys, ENTER + "11" + ENTER + "\x7f\x7f" + "3" + ENTER)
    assert ask.pain_or_skip("Pain now?") is None
    assert ask.pain_or_skip("Pain now?") == 3


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (ENTER, CheckIn.FINE),
        (DOWN + ENTER, CheckIn.EASE_OFF),
        (DOWN * 2 + ENTER, CheckIn.SKIP_REST),
        (DOWN * 3 + ENTER, CheckIn.STOP_HURTS),
    ],
)
def test_check_in_choices(
    typed: str, expected: CheckIn, keys: PipeInput, knowledge: Knowledge
) -> None:
    step = a_plan(knowledge).steps[0]
    assert prompter(keys, typed).check_in(step) is expected


def test_wait_for_enter_returns_on_enter_and_leaves_later_keys(keys: PipeInput) -> None:
    ask = prompter(keys, ENTER + "7" + ENTER)
    ask.wait_for_enter("Press Enter")
    assert ask.pain("Pain?") == 7  # the Enter was used up, the rest is still there


@pytest.mark.parametrize(("key", "error"), [("\x03", KeyboardInterrupt), ("\x04", EOFError)])
def test_ctrl_c_and_ctrl_d_at_every_question(
    key: str, error: type[BaseException], keys: PipeInput, knowledge: Knowledge
) -> None:
    step = a_plan(knowledge).steps[0]
    ask = prompter(keys, key * 3)
    with pytest.raises(error):
        ask.pain("Pain?", default=3)
    with pytest.raises(error):
        ask.check_in(step)
    with pytest.raises(error):
        ask.wait_for_enter("Press Enter")


def test_a_whole_session_with_the_real_prompter(
    keys: PipeInput, knowledge: Knowledge, home: Path, console: Console
) -> None:
    plan = a_plan(knowledge)
    typed = ENTER  # pain before: keep the plan's 5
    for _ in plan.steps:
        typed += ENTER + ENTER  # done with the step; "fine"
    typed += "2" + ENTER
    code = guided(
        plan, timer=False, console=console, prompter=prompter(keys, typed), clock=FakeClock()
    )
    assert code == ExitCode.OK
    [entry] = entries(home)
    assert (entry.before, entry.after, entry.finished) == (5, 2, True)


def test_skipping_the_rest_at_the_last_step_is_a_finished_session(
    knowledge: Knowledge, home: Path, console: Console
) -> None:
    plan = a_plan(knowledge)
    check_ins: list[CheckIn | BaseException] = [CheckIn.FINE] * (len(plan.steps) - 1)
    check_ins.append(CheckIn.SKIP_REST)
    code = guided(
        plan,
        timer=True,
        console=console,
        prompter=FakePrompter([5, 3], check_ins),
        clock=FakeClock(),
    )
    assert code == ExitCode.OK
    [entry] = entries(home)
    assert entry.finished
    assert outcomes(entry) == [(step.number, Outcome.DONE) for step in plan.steps]


def test_pain_given_moments_ago_is_not_asked_again(
    knowledge: Knowledge, home: Path, console: Console
) -> None:
    prompter = FakePrompter([2])  # only pain after is asked
    code = guided(
        a_plan(knowledge),
        timer=False,
        console=console,
        prompter=prompter,
        clock=FakeClock(),
        pain_before=5,
    )
    assert code == ExitCode.OK and prompter.pain_defaults == [None]
    [entry] = entries(home)
    assert (entry.before, entry.after) == (5, 2)


def test_a_termination_signal_saves_like_ctrl_c(
    knowledge: Knowledge, home: Path, console: Console
) -> None:
    class SignalClock(FakeClock):
        def sleep(self, seconds: float) -> None:
            self.sleeps += 1
            if self.now - self.START == GET_READY_SECONDS + 1:  # one second into step 1
                os.kill(os.getpid(), signal.SIGTERM)
            self.now += seconds

    plan = a_plan(knowledge)
    code = guided(
        plan, timer=True, console=console, prompter=FakePrompter([6]), clock=SignalClock()
    )
    assert code == ExitCode.INTERRUPTED
    [entry] = entries(home)
    assert not entry.finished and entry.before == 6
    # Nobody may be at the terminal: nothing is asked, and pain after is not recorded.
    assert (entry.after, entry.stopped) == (None, Stopped.INTERRUPTED)
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # put back afterwards


def test_a_signal_around_the_final_save_saves_exactly_once_with_the_answered_pain(
    knowledge: Knowledge, tmp_path: Path
) -> None:
    """A signal 4 to 23 ms after the last answer, many times: one entry, the given score."""
    import threading

    plan = a_plan(knowledge, minutes=5)

    class SignalAfterAnswer(FakePrompter):
        """Sends SIGTERM ``delay`` after the last answer. The sending thread is started
        beforehand and only released by the answer, so the main thread never waits on
        it: on a busy machine the signal still comes after the answer, not inside it."""

        def __init__(self, delay: float) -> None:
            super().__init__([6, 2])
            self.answered = threading.Event()
            self.sender = threading.Thread(target=self._send, args=(delay,))
            self.sender.start()

        def _send(self, delay: float) -> None:
            self.answered.wait()
            time.sleep(delay)  # real time on purpose: the race is with the real clock
            os.kill(os.getpid(), signal.SIGTERM)

        def pain(self, message: str, default: int | None = None) -> int:
            answer = super().pain(message, default)
            if not self.pains:  # the pain after: the signal comes right behind it
                self.answered.set()
            return answer

    def outside(number: int, frame: object) -> None:
        """A signal that lands after the session ended (the session was quicker)."""

    signal.signal(signal.SIGTERM, outside)
    try:
        for attempt in range(40):
            journal = tmp_path / f"journal-{attempt}.sqlite3"
            delay = (attempt % 20 + 4) / 1000  # 4 to 23 ms, the window the review found
            prompter = SignalAfterAnswer(delay)
            guided(
                plan,
                timer=True,
                console=Console(file=io.StringIO(), width=80),
                prompter=prompter,
                clock=FakeClock(),
                journal_path=journal,
            )
            # A late signal lands here, however busy the machine, not in the next attempt.
            prompter.sender.join()
            assert signal.getsignal(signal.SIGTERM) is outside  # put back afterwards
            with Journal.open(journal) as opened:
                saved = opened.list()
            assert [(e.before, e.after) for e in saved] == [(6, 2)], (attempt, delay)
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


# --------------------------------------------------------------------------- keys while counting


class FakeKeys:
    """Keys pressed at set moments of session time (seconds from the clock's start)."""

    def __init__(self, clock: FakeClock, presses: list[tuple[float, str]]) -> None:
        self.clock = clock
        self.presses = sorted(presses)
        self.dropped: list[str] = []

    def listening(self) -> contextlib.AbstractContextManager[None]:
        return contextlib.nullcontext()

    def _due(self) -> bool:
        return bool(self.presses) and self.clock.now - FakeClock.START >= self.presses[0][0]

    def poll(self) -> str | None:
        return self.presses.pop(0)[1] if self._due() else None

    def drain(self) -> None:
        while self._due():
            self.dropped.append(self.presses.pop(0)[1])


def step_start(plan: Plan, number: int) -> float:
    """Session seconds at which step ``number`` starts counting (after its pause)."""
    return float(session_seconds(plan.steps[:number]) - plan.steps[number - 1].duration_seconds)


def keyed_session(
    plan: Plan,
    presses: list[tuple[float, str]],
    pains: list[int | None | BaseException],
    console: Console,
    **options: object,
) -> tuple[int, FakePrompter, FakeClock]:
    clock = FakeClock()
    prompter = FakePrompter(pains)
    code = guided(
        plan,
        timer=True,
        console=console,
        prompter=prompter,
        clock=clock,
        keys=FakeKeys(clock, presses),
        **options,
    )
    return code, prompter, clock


def test_h_in_the_first_second_stops_at_once_with_the_advice(
    knowledge: Knowledge, home: Path, console: Console
) -> None:
    plan = a_plan(knowledge)
    code, prompter, _ = keyed_session(plan, [(step_start(plan, 1) + 0.5, "h")], [5, 6], console)
    assert code == ExitCode.OK and prompter.checked == []  # no "how did it feel?"
    out = text(console)
    assert "It hurt: what to do now" in out and "Stop massaging now" in out
    [entry] = entries(home)
    assert (entry.before, entry.after) == (5, 6) and not entry.finished
    assert entry.stopped is Stopped.HURT
    assert outcomes(entry) == [(1, Outcome.STOPPED)] + [
        (step.number, Outcome.SKIPPED) for step in plan.steps[1:]
    ]
    assert entry.minutes == 1


@pytest.mark.parametrize("moment", [0.25, 0.5, 30.0])
def test_n_moves_on_without_a_check_in(
    knowledge: Knowledge, home: Path, console: Console, moment: float
) -> None:
    plan = a_plan(knowledge)
    code, prompter, clock = keyed_session(
        plan, [(step_start(plan, 1) + moment, "n")], [5, 4], console
    )
    assert code == ExitCode.OK
    assert [step.number for step in prompter.checked] == [s.number for s in plan.steps[1:]]
    [entry] = entries(home)
    assert entry.finished and {o for _, o in outcomes(entry)} == {Outcome.DONE}
    assert clock.slept < session_seconds(plan.steps) - plan.steps[0].duration_seconds + moment + 1


def test_space_pauses_even_across_the_end_of_a_step(
    knowledge: Knowledge, home: Path, console: Console
) -> None:
    plan = a_plan(knowledge)
    first = plan.steps[0]
    end = step_start(plan, 1) + first.duration_seconds
    # Paused one second before the end, for a two-minute phone call.
    code, _, clock = keyed_session(plan, [(end - 1, " "), (end + 119, " ")], [5, 4], console)
    assert code == ExitCode.OK
    assert clock.slept == pytest.approx(session_seconds(plan.steps) + 120, abs=0.5)
    out = text(console)
    assert "Paused: press space to go on." in out and "Going on." in out


def test_e_eases_this_and_every_later_step(
    knowledge: Knowledge, home: Path, console: Console
) -> None:
    plan = a_plan(knowledge, tolerance=Tolerance.FIRM)
    code, prompter, _ = keyed_session(plan, [(step_start(plan, 2) + 10, "e")], [5, 4], console)
    assert code == ExitCode.OK
    planned = [s.pressure for s in plan.steps]
    shown = [s.pressure for s in prompter.checked]
    assert shown[0] == planned[0]
    assert shown[1:] == [max(1, p - 1) for p in planned[1:]]
    assert "Easing off: aim for" in text(console)
    [entry] = entries(home)
    assert outcomes(entry)[:2] == [(1, Outcome.DONE), (2, Outcome.EASED)]


def test_keys_pressed_before_a_step_are_not_carried_over(
    knowledge: Knowledge, home: Path, console: Console
) -> None:
    plan = a_plan(knowledge)
    clock = FakeClock()
    keys = FakeKeys(clock, [(1.0, "h")])  # during the get-ready pause: not listened to
    code = guided(
        plan, timer=True, console=console, prompter=FakePrompter([5, 4]), clock=clock, keys=keys
    )
    assert code == ExitCode.OK and keys.dropped == ["h"]
    [entry] = entries(home)
    assert entry.finished


def test_the_bell_rings_at_each_end_and_halfway_through_two_sided_steps(
    knowledge: Knowledge, home: Path, console: Console
) -> None:
    plan = a_plan(knowledge)
    guided(
        plan,
        timer=True,
        console=console,
        prompter=FakePrompter([5, 4]),
        clock=FakeClock(),
        keys=NoKeys(),
    )
    assert isinstance(console.file, io.StringIO)
    printed = console.file.getvalue()
    two_sided = sum(1 for step in plan.steps if step.sides == 2)
    assert two_sided > 0
    assert printed.count("\a") == len(plan.steps) + two_sided
    assert printed.count("Halfway: switch sides now.") == two_sided


def test_quiet_silences_the_bell(knowledge: Knowledge, home: Path, console: Console) -> None:
    plan = a_plan(knowledge)
    guided(
        plan,
        timer=True,
        console=console,
        prompter=FakePrompter([5, 4]),
        clock=FakeClock(),
        quiet=True,
    )
    assert isinstance(console.file, io.StringIO)
    assert "\a" not in console.file.getvalue()


def test_plain_mode_says_each_moment_once_and_draws_no_bar(
    knowledge: Knowledge, home: Path, console: Console
) -> None:
    plan = a_plan(knowledge)
    guided(
        plan,
        timer=True,
        console=console,
        prompter=FakePrompter([5, 4]),
        clock=FakeClock(),
        plain=True,
        quiet=True,
    )
    assert isinstance(console.file, io.StringIO)
    printed = console.file.getvalue()
    assert "━" not in printed and "left (paused)" not in printed
    assert printed.count("Time is up.") == len(plan.steps)
    long_steps = [s for s in plan.steps if s.duration_seconds > 20]
    assert printed.count("10 seconds left.") == len(long_steps)
    assert printed.count(". Go.") == len(plan.steps)


def test_get_ready_comes_first_and_at_each_change_of_position(
    knowledge: Knowledge, home: Path, console: Console
) -> None:
    plan = a_plan(knowledge, helper=Helper.PARTNER, minutes=20)
    clock = FakeClock()
    guided(plan, timer=True, console=console, prompter=FakePrompter([5, 4]), clock=clock, ready=40)
    changes = readies(plan.steps)
    assert 1 < changes < len(plan.steps)
    assert clock.slept == pytest.approx(sum(s.duration_seconds for s in plan.steps) + 40 * changes)


def test_e_then_n_eases_later_steps_by_one_point_only(
    knowledge: Knowledge, home: Path, console: Console
) -> None:
    plan = a_plan(knowledge, tolerance=Tolerance.FIRM)
    start = step_start(plan, 2)
    code, prompter, _ = keyed_session(plan, [(start + 5, "e"), (start + 10, "n")], [5, 4], console)
    assert code == ExitCode.OK
    planned = [s.pressure for s in plan.steps]
    shown = [s.pressure for s in prompter.checked]  # step 2 moved on without a check-in
    assert shown == [planned[0], *(max(1, p - 1) for p in planned[2:])]
    [entry] = entries(home)
    assert outcomes(entry)[:2] == [(1, Outcome.DONE), (2, Outcome.EASED)]
