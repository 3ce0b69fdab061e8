"""The guided session: each step on screen with a timer, a check-in after it, a journal entry.

The flow, for a plan the engine has made:

1. A red-flag plan (emergency or see-clinician) shows the care advice and starts
   nothing; a therapist plan says the session is not timed here. Neither saves anything.
2. Pain now (0-10), then every step in turn: a panel with what to do, a pause to get
   into position (before the first step and whenever the position changes: ``ready``
   seconds, 15 by default), and a countdown that listens for keys (countdown.py:
   space pauses, e eases off, n moves on, h stops because it hurts; a bell at the end
   and halfway through a two-sided step). With ``timer=False``, Enter moves on.
3. A check-in after each step whose time ran out: fine; ease off (the target pressure
   of every later step drops by one point, again each time it is chosen, never below
   1); skip the rest; or stop, it hurts (advice on what to do next). ``n`` skips the
   check-in (done, or eased if ``e`` was pressed); ``h`` is "stop, it hurts" at once.
4. Pain now again, the change, and one journal entry with every step's outcome.

What is saved:

* ``finished`` is true only when every step was gone through. "Skip the rest" and
  "stop, it hurts" save ``finished=False``, because the routine was cut short; the
  steps left out are recorded as ``skipped`` ("skip the rest" after the last step
  skips nothing, so that session is finished).
* ``minutes`` is the time actually spent on the steps (pauses included), rounded up,
  at least 1. ``tool`` is the tool used in most of the steps started, or ``hands``.
* ``stopped`` says why a session ended early: ``hurt`` ("stop, it hurts" or ``h``),
  ``skipped-rest``, or ``interrupted`` (Ctrl-C, Ctrl-D, a signal); None when finished.
* Ctrl-C at any moment, or Ctrl-D at a question, ends the session: what was done so
  far is saved with ``finished=False`` and the program exits 130 without a traceback.
  After Ctrl-C the session first asks "Pain now, 0-10 (Enter to skip)"; Enter, Ctrl-D
  or a second Ctrl-C there saves pain after as not recorded (None), never as the pain
  before. Ctrl-D, SIGTERM and SIGHUP (the terminal closed: nobody to ask) save at once,
  with pain after not recorded. So does Ctrl-C at the pain-after question itself. A
  step whose time ran out
  counts as done even if its check-in was not answered; the step under way and the
  later ones are recorded as ``skipped``, so the entry shows where the session ended.
  If pain before was never given, there is nothing worth saving and nothing is saved.
* Keys typed while the timer runs are discarded before the next question, so a stray
  Enter cannot answer a check-in the person has not seen.
* If the journal cannot be written, the error goes to stderr with a ready-made
  ``sacromassage journal add`` line, so nothing is lost silently (exit 1).

Waiting goes through a :class:`Clock`, so tests never wait for real seconds.

Testing aid: the environment variable ``SACROMASSAGE_TIME_SCALE`` (a positive number,
default 1) scales every wait of the real clock. ``SACROMASSAGE_TIME_SCALE=0.01`` makes a
two-minute step pass in 1.2 real seconds; the session still counts and logs it as two
minutes (time spent answering a question is scaled up the same way). Anything that
is not a positive number is ignored. It is meant for automated tests of the real
program, not for massage.
"""

from __future__ import annotations

import math
import shlex
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Final, Protocol

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from sacromassage.journal.entry import (
    MAX_SESSION_MINUTES,
    MIN_SESSION_MINUTES,
    NOTICEABLE_POINTS,
    NOTICEABLE_SHARE,
    Entry,
    JournalError,
    Outcome,
    StepOutcome,
    Stopped,
    meets_threshold,
)
from sacromassage.journal.store import Journal
from sacromassage.model import (
    CheckIn,
    ExitCode,
    Plan,
    Step,
    StepTool,
    Verdict,
    duration,
)
from sacromassage.paths import time_scale as time_scale  # kept importable from here
from sacromassage.session.countdown import Action, Clock, Countdown, KeySource, NoKeys
from sacromassage.terminal import stderr_console, stdout_console

#: The pause to get into position, before the first step and when the position changes.
GET_READY_SECONDS: Final = 15
#: Each "ease off" lowers the target pressure of the later steps by this much...
EASE_OFF_POINTS: Final = 1
#: ...but never below this.
MIN_STEP_PRESSURE: Final = 1

PAIN_SCALE: Final = "from 0 (no pain) to 10 (the worst you can imagine)"
#: Asked after Ctrl-C; Enter leaves pain after not recorded.
PAIN_NOW_OR_SKIP: Final = "Pain now, 0–10 (Enter to skip)"


# --------------------------------------------------------------------------- time


class RealClock:
    """The wall clock, with every wait multiplied by the time scale (a testing aid).

    ``monotonic`` is divided by the same factor, so the session still measures the
    time it meant to wait: a scaled-down minute still counts as a minute.
    """

    def __init__(self, scale: float | None = None) -> None:
        self.scale = time_scale() if scale is None else scale

    def monotonic(self) -> float:
        return time.monotonic() / self.scale

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            time.sleep(seconds * self.scale)


# --------------------------------------------------------------------------- asking


class Prompter(Protocol):
    """The questions a session asks. Ctrl-C raises KeyboardInterrupt, Ctrl-D EOFError."""

    def pain(self, message: str, default: int | None = None) -> int:
        """A pain score 0-10; an empty answer means ``default`` when there is one."""
        ...

    def pain_or_skip(self, message: str) -> int | None:
        """A pain score 0-10, or None for an empty answer (Enter)."""
        ...

    def check_in(self, step: Step) -> CheckIn: ...

    def wait_for_enter(self, message: str) -> None: ...


class _Ending(StrEnum):
    COMPLETE = "complete"
    SKIPPED = "skipped"
    STOPPED = "stopped"


#: What each way of ending is saved as (``stopped`` in the journal).
_STOPPED_FOR: Final = {
    _Ending.COMPLETE: None,
    _Ending.SKIPPED: Stopped.SKIPPED_REST,
    _Ending.STOPPED: Stopped.HURT,
}


class _Hangup(KeyboardInterrupt):
    """SIGTERM or SIGHUP: like Ctrl-C, but nobody may be at the terminal to answer."""


@dataclass
class _Record:
    """What has happened so far: enough to save the session at any moment."""

    before: int | None = None
    started_at: float | None = None
    stopped_at: float | None = None
    in_step: bool = False
    awaiting: Step | None = None
    started: list[Step] = field(default_factory=list)
    outcomes: list[StepOutcome] = field(default_factory=list)
    entry: Entry | None = None
    # Known once asked: an interruption after this point saves these, not a guess.
    after: int | None = None
    finished: bool = False
    stopped: Stopped | None = None
    # True while pain after is being asked: Ctrl-C there is the answer "skip".
    asking_after: bool = False

    def minutes(self) -> int | None:
        if self.started_at is None or self.stopped_at is None:
            return None
        seconds = round(max(0.0, self.stopped_at - self.started_at), 3)
        return max(MIN_SESSION_MINUTES, min(MAX_SESSION_MINUTES, math.ceil(seconds / 60)))

    def tool(self) -> StepTool | None:
        """The tool of most of the steps started (first one on a tie), hands if they used
        none, and None if no step was started."""
        if not self.started:
            return None
        tools = Counter(s.tool for s in self.started if s.tool is not StepTool.HANDS)
        return tools.most_common(1)[0][0] if tools else StepTool.HANDS


# --------------------------------------------------------------------------- running


def _questionary_prompter() -> Prompter:
    from sacromassage.questions import QuestionaryPrompter  # the only questionary user

    return QuestionaryPrompter()


def run_session(
    plan: Plan,
    *,
    timer: bool,
    console: Console | None = None,
    prompter: Prompter | None = None,
    clock: Clock | None = None,
    journal_path: Path | None = None,
    error_console: Console | None = None,
    pain_before: int | None = None,
    keys: KeySource | None = None,
    quiet: bool = False,
    plain: bool = False,
    ready: int = GET_READY_SECONDS,
) -> int:
    """Guide the person through ``plan`` and log it; returns an :class:`ExitCode` value.

    ``journal_path`` defaults to the usual journal (``SACROMASSAGE_HOME``);
    ``error_console`` (stderr by default) gets journal errors. ``pain_before`` is pain
    the person gave moments ago (in the questionnaire): it is not asked again.
    SIGTERM and SIGHUP (a closed terminal) end the session like Ctrl-C: what was done
    is saved.
    """
    out = console if console is not None else stdout_console()
    errors = error_console if error_console is not None else stderr_console()
    if plan.safety.verdict.blocks_massage:
        _show_no_session(plan, out)
        return ExitCode.OK
    if not plan.steps:
        _show_therapist(out)
        return ExitCode.OK

    guide = _Guide(plan, timer, out, prompter or _questionary_prompter(), clock or RealClock())
    guide.countdown = Countdown(
        out, guide.clock, keys or NoKeys(), quiet=quiet, plain=plain, ease_off=guide.ease_off
    )
    guide.ready = ready
    guide.record.before = pain_before
    try:
        with _signals_as_interrupts():
            try:
                return _guide_and_save(guide, journal_path, errors)
            except (KeyboardInterrupt, EOFError, OSError) as stop:
                # OSError: the terminal went away (SIGHUP) and drawing to it failed, which
                # can replace the interruption itself; either way, keep what was done.
                # The signal handlers stay in place, so a signal at the question that
                # follows Ctrl-C, or during the save, is handled the same way.
                return _interrupted(guide, journal_path, errors, stop)
    except KeyboardInterrupt:  # a signal in the instant the handlers were put back
        return ExitCode.INTERRUPTED


def _guide_and_save(guide: _Guide, journal_path: Path | None, errors: Console) -> int:
    """The session proper: the steps, pain after, the journal entry, then the change.

    The entry is saved before anything more is shown, with interruptions held back
    until it is written, so a signal at any moment saves the session exactly once, with
    the pain the person gave.
    """
    plan, record, out = guide.plan, guide.record, guide.console
    ending = guide.run()
    record.stopped = _STOPPED_FOR[ending]
    record.asking_after = True
    after = guide.prompter.pain(f"How is your pain now, {PAIN_SCALE}?")
    record.after, record.finished, record.asking_after = after, ending is _Ending.COMPLETE, False
    with _interruptions_held():
        saved = _save(plan, record, record.after, record.finished, journal_path, errors)
    _show_change(record.before, record.after, out)
    entry = _saved(record)
    if not saved or entry is None:
        return ExitCode.ERROR
    out.print(
        f"Saved in your journal as entry {entry.id}"
        + ("." if record.finished else ", marked unfinished because it ended early.")
        + " See how your sessions add up with [bold]sacromassage journal stats[/bold]."
    )
    return ExitCode.OK


class _Held:
    """Whether interruptions are being held back, and whether one arrived meanwhile."""

    active = False
    pending: type[KeyboardInterrupt] | None = None


@contextmanager
def _interruptions_held() -> Iterator[None]:
    """Hold SIGINT, SIGTERM and SIGHUP back while the entry is written; one that came
    in the meantime interrupts straight after, when the entry is safely saved."""
    _Held.active, _Held.pending = True, None
    try:
        yield
    finally:
        _Held.active = False
    pending = _take_pending()
    if pending is not None:
        raise pending


def _saved(record: _Record) -> Entry | None:
    """The entry, read afresh: a save that was interrupted may still have written it."""
    return record.entry


def _take_pending() -> type[KeyboardInterrupt] | None:
    """The interruption that came while held, if any (set by the signal handler)."""
    pending, _Held.pending = _Held.pending, None
    return pending


@contextmanager
def _signals_as_interrupts() -> Iterator[None]:
    """While the session runs, SIGTERM and SIGHUP raise :class:`_Hangup`, a
    KeyboardInterrupt like Ctrl-C (and Ctrl-C too goes through here, so the final save
    can hold all three back)."""
    import signal

    def interrupt(number: int, frame: object) -> None:
        kind = KeyboardInterrupt if number == signal.SIGINT else _Hangup
        if _Held.active:
            _Held.pending = _Held.pending or kind
            return
        raise kind

    names = ("SIGINT", "SIGTERM", "SIGHUP")
    wanted = [getattr(signal, name) for name in names if hasattr(signal, name)]
    try:
        previous = {number: signal.signal(number, interrupt) for number in wanted}
    except ValueError:  # not the main thread (as in some tests): leave signals alone
        previous = {}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _interrupted(
    guide: _Guide, journal_path: Path | None, errors: Console, stop: BaseException
) -> int:
    """Ctrl-C, Ctrl-D or a signal: keep what was done, marked unfinished.

    After Ctrl-C, pain now is asked first (Enter, Ctrl-D or Ctrl-C again: not recorded).
    Otherwise the entry is saved before anything is printed: after SIGHUP the terminal
    may be gone, and a failed print must not cost the session.
    """
    record = guide.record
    code = ExitCode.INTERRUPTED
    if record.entry is not None:
        message = f"Session stopped; it was already saved (entry {record.entry.id})."
    elif record.before is None:
        message = "Session stopped before it began; nothing was saved."
    else:
        guide.close_steps()
        if record.in_step:  # count the time spent on the step under way
            record.stopped_at = guide.clock.monotonic()
            record.in_step = False
        if record.stopped is None:
            record.stopped = Stopped.INTERRUPTED
        if record.after is None and not record.asking_after and type(stop) is KeyboardInterrupt:
            record.after = _pain_now_or_skip(guide)
        try:
            with _interruptions_held():
                saved = _save(
                    guide.plan, record, record.after, record.finished, journal_path, errors
                )
        except (KeyboardInterrupt, EOFError, OSError):
            saved = _saved(record) is not None
        entry = _saved(record)
        if saved and entry is not None:
            message = f"Session stopped; saved as unfinished (entry {entry.id})."
        else:
            message, code = "Session stopped; it could not be saved.", ExitCode.ERROR
    try:
        guide.console.print()
        guide.console.print(message)
    except (KeyboardInterrupt, OSError):
        pass
    return code


def _pain_now_or_skip(guide: _Guide) -> int | None:
    """Pain now, after Ctrl-C; None if skipped, or if Ctrl-C, Ctrl-D or a signal comes
    at the question (leave at once: the session is saved without it)."""
    try:
        guide.console.print()
        return guide.prompter.pain_or_skip(PAIN_NOW_OR_SKIP)
    except (KeyboardInterrupt, EOFError, OSError):
        return None


class _Guide:
    """One session on screen: the header, each step, its timer and its check-in."""

    def __init__(
        self, plan: Plan, timer: bool, console: Console, prompter: Prompter, clock: Clock
    ) -> None:
        self.plan = plan
        self.timer = timer
        self.console = console
        self.prompter = prompter
        self.clock = clock
        self.record = _Record()
        self.countdown = Countdown(console, clock, NoKeys())
        self.ready = GET_READY_SECONDS
        self.eased = 0  # points taken off every step from now on
        self.eased_now = False  # "e" was pressed during the step under way
        self.current: Step | None = None

    def ease_off(self) -> str | None:
        """``e`` during a step: this and every later step one point lighter (never below 1)."""
        if self.current is None or self.current.pressure <= MIN_STEP_PRESSURE:
            return "Already as light as it goes: keep the touch gentle, or press h to stop."
        self.eased += EASE_OFF_POINTS
        self.eased_now = True
        self.current = self.current._replace(
            pressure=max(MIN_STEP_PRESSURE, self.current.pressure - EASE_OFF_POINTS)
        )
        return (
            f"Easing off: aim for {self.current.pressure} out of 10 or less, now and "
            "for every later step."
        )

    def run(self) -> _Ending:
        self._header()
        if self.record.before is None:
            self.record.before = self.prompter.pain(
                f"Before we start: how is your pain right now, {PAIN_SCALE}?"
                + (
                    ""
                    if self.plan.answers.pain is None
                    else f" (Enter keeps {self.plan.answers.pain})"
                ),
                default=self.plan.answers.pain,
            )
        steps = self.plan.steps
        for index, planned in enumerate(steps):
            step = planned._replace(pressure=max(MIN_STEP_PRESSURE, planned.pressure - self.eased))
            self._show_step(step, len(steps), planned.pressure)
            moved = index == 0 or steps[index - 1].position is not planned.position
            if self.record.started_at is None:
                self.record.started_at = self.clock.monotonic()
            self.record.started.append(planned)
            self.record.in_step = True
            self.current, self.eased_now = step, False
            action = self._do(step, get_ready=moved)
            self.record.stopped_at = self.clock.monotonic()
            self.record.in_step = False
            later = steps[index + 1 :]
            if action is Action.HURTS:
                answer = CheckIn.STOP_HURTS
            elif action is Action.NEXT:
                answer = CheckIn.FINE
            else:
                self.record.awaiting = planned  # done, but not yet checked in
                answer = self.prompter.check_in(self.current)  # eased by "e", if it was
                self.record.awaiting = None
            if answer is CheckIn.FINE and self.eased_now:
                answer = CheckIn.EASE_OFF  # eased during the step: logged as eased
                self.eased -= EASE_OFF_POINTS  # ...but not lowered a second time
            if answer is CheckIn.SKIP_REST and not later:
                answer = CheckIn.FINE  # skipping nothing: the routine is complete
            if answer is CheckIn.FINE:
                self._outcome(planned, Outcome.DONE)
            elif answer is CheckIn.EASE_OFF:
                self._outcome(planned, Outcome.EASED)
                self.eased += EASE_OFF_POINTS
                if later:
                    self.console.print(
                        "All right: lighter pressure from here on. Every later "
                        "step aims one point lower."
                    )
            elif answer is CheckIn.SKIP_REST:
                self._outcome(planned, Outcome.DONE)
                self._skip(later)
                self.console.print("All right: we end here. Stopping early is always fine.")
                return _Ending.SKIPPED
            else:
                self._outcome(planned, Outcome.STOPPED)
                self._skip(later)
                self._show_stop_advice()
                return _Ending.STOPPED
        self.console.print(Text("That was the last step. Well done.", style="bold green"))
        return _Ending.COMPLETE

    def _outcome(self, step: Step, outcome: Outcome) -> None:
        self.record.outcomes.append(StepOutcome(step.number, step.title, outcome))

    def close_steps(self) -> None:
        """After an interruption: a step whose time ran out counts as done; the one
        under way and all later ones as skipped, so the entry shows where it ended."""
        if self.record.awaiting is not None:
            self._outcome(self.record.awaiting, Outcome.DONE)
            self.record.awaiting = None
        recorded = {outcome.number for outcome in self.record.outcomes}
        self._skip(tuple(s for s in self.plan.steps if s.number not in recorded))

    def _skip(self, steps: tuple[Step, ...]) -> None:
        for step in steps:
            self._outcome(step, Outcome.SKIPPED)

    # ---- screens

    def _header(self) -> None:
        plan = self.plan
        parts: list[RenderableType] = []
        if plan.headline:
            parts.append(Text(plan.headline))
        if plan.safety.reasons:
            parts.append(_bullets(reason.text for reason in plan.safety.reasons))
        if plan.pressure is not None:
            parts.append(
                Text(
                    f"Pressure ceiling: {plan.pressure.max_discomfort} out of 10. Stay at or "
                    "below it the whole time.",
                    style="bold",
                )
            )
            if plan.pressure.held_by:
                reasons = "; and because ".join(item.text for item in plan.pressure.held_by)
                parts.append(
                    Text(f"It is held at {plan.pressure.max_discomfort} because {reasons}.")
                )
        speak_up = next((w.text for w in plan.warnings if w.key == "speak-up"), None)
        parts.append(
            Text(speak_up or "If anything hurts, ease off or stop: you can stop at any step.")
        )
        total = sum(step.duration_seconds for step in plan.steps)
        parts.append(
            Text(
                f"{len(plan.steps)} steps, about {duration(total)}. After each step you can carry "
                "on, ease off, skip the rest or stop. Ctrl-C ends the session at any time and "
                "keeps what you did.",
                style="dim",
            )
        )
        parts += [
            Text("Stop at once if you notice:", style="bold"),
            _bullets(plan.stop_signs),
            Text(plan.disclaimer, style="italic"),
        ]
        border = "yellow" if plan.safety.verdict is Verdict.CAUTION else "green"
        self.console.print(
            Panel(
                Group(*parts),
                title=Text("Your guided session", style="bold"),
                title_align="left",
                border_style=border,
                padding=(0, 1),
            )
        )

    def _show_step(self, step: Step, count: int, planned_pressure: int) -> None:
        facts = Table.grid(padding=(0, 1))
        facts.add_column(no_wrap=True, style="dim")
        facts.add_column(ratio=1)
        facts.add_row("Where", step.area)
        facts.add_row("How", step.technique)
        facts.add_row("Position", step.position_words)
        facts.add_row("Tool", step.tool_words)
        pressure = f"up to {step.pressure}/10"
        if step.pressure < planned_pressure:
            pressure += f" (eased from {planned_pressure})"
        facts.add_row("Pressure", pressure)
        facts.add_row("Time", duration(step.duration_seconds))
        self.console.print(
            Panel(
                Group(facts, _bullets(step.instructions, "-")),
                title=Text(f"Step {step.number} of {count}: {step.title}", style="bold"),
                title_align="left",
                border_style="cyan",
                padding=(0, 1),
            )
        )

    def _show_stop_advice(self) -> None:
        first, *rest = self.plan.after_stopping or ("Stop massaging now.",)
        parts: list[RenderableType] = [Text(first, style="bold"), _bullets(rest)]
        if self.plan.stop_signs:
            parts += [Text("Signs to watch for:", style="bold"), _bullets(self.plan.stop_signs)]
        self.console.print(
            Panel(
                Group(*parts),
                title=Text("It hurt: what to do now", style="bold"),
                title_align="left",
                border_style="red",
                padding=(0, 1),
            )
        )

    # ---- timing

    def _do(self, step: Step, get_ready: bool) -> Action:
        """The get-ready pause (before the first step and when the position changes) and
        the step itself: a countdown that listens for keys, or Enter."""
        if not self.timer:
            self.prompter.wait_for_enter(
                f"Do step {step.number} for about {duration(step.duration_seconds)}; "
                "press Enter (or any key) when you are done."
            )
            return Action.TIME_UP
        if get_ready:
            self.countdown.get_ready(
                f"Get into position ({step.position_words}). Step {step.number} starts in",
                self.ready,
            )
        return self.countdown.step(
            f"Step {step.number}: {step.title}", step.duration_seconds, step.sides
        )


def _bullets(items: Iterable[str], marker: str = "•") -> Table:
    """A list whose wrapped lines hang under the text, not under the marker."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    for item in items:
        grid.add_row(marker, item)
    return grid


# --------------------------------------------------------------------------- endings


def _show_no_session(plan: Plan, console: Console) -> None:
    parts: list[RenderableType] = [Text(plan.headline, style="bold")] if plan.headline else []
    if plan.safety.reasons:
        parts.append(_bullets(reason.text for reason in plan.safety.reasons))
    parts.append(Text("No session today.", style="bold"))
    if plan.safety.action:
        parts.append(Text(f"{plan.safety.how_soon}: {plan.safety.action}", style="bold"))
    console.print(
        Panel(
            Group(*parts),
            title=Text("Safety first", style="bold"),
            title_align="left",
            border_style="red",
            padding=(0, 1),
        )
    )


def _show_therapist(console: Console) -> None:
    console.print(
        Panel(
            Text(
                "A massage therapist brings their own routine, so there is nothing to time "
                "here. Run 'sacromassage advise --helper therapist' for what to ask them, and "
                "log how it went afterwards with 'sacromassage journal add'."
            ),
            title=Text("A session with a therapist", style="bold"),
            title_align="left",
            border_style="cyan",
            padding=(0, 1),
        )
    )


def _show_change(before: int | None, after: int, console: Console) -> None:
    if before is None:  # never: pain before is asked before any step
        return
    relief = before - after
    text = f"Pain before: {before}. Pain now: {after}. "
    if relief > 0:
        share = round(100 * relief / before)
        text += f"That is {_points(relief)} less ({share}% lower). "
        if meets_threshold(before, after):
            text += (
                f"A drop of {NOTICEABLE_POINTS} points or {NOTICEABLE_SHARE:.0%} is the "
                "usual mark of a change people notice, and you reached it."
            )
        else:
            text += (
                f"That is below the {NOTICEABLE_POINTS} points or {NOTICEABLE_SHARE:.0%} "
                "people usually notice; a few sessions tell you more than one."
            )
    elif relief == 0:
        text += "No change this time. That is common; a few sessions tell you more than one."
    else:
        text += (
            f"That is {_points(-relief)} higher. Rest, keep warm and go lighter next "
            "time. If it stays higher for more than a day or two, talk to a clinician."
        )
    console.print(
        Panel(
            Text(text),
            title=Text("How it went", style="bold"),
            title_align="left",
            border_style="green" if relief > 0 else "yellow",
            padding=(0, 1),
        )
    )


def _points(count: int) -> str:
    return f"{count} point" if count == 1 else f"{count} points"


def _save(
    plan: Plan,
    record: _Record,
    after: int | None,
    finished: bool,
    journal_path: Path | None,
    errors: Console,
) -> bool:
    """Write the entry; on a journal error, print it and what to add by hand."""
    if record.before is None:  # nothing worth saving: callers check this first
        return False
    tool = record.tool()
    if journal_path is None:
        from sacromassage.journal.move import move_old_journal

        notice = move_old_journal()
        if notice:
            errors.print(notice, markup=False, highlight=False)
    try:
        with Journal.open(journal_path) as journal:
            record.entry = journal.add(
                before=record.before,
                after=after,
                minutes=record.minutes(),
                diagnosis=plan.answers.diagnosis,
                helper=plan.answers.helper,
                tool=tool,
                finished=finished,
                steps=record.outcomes,
                stopped=None if finished else record.stopped,
            )
    except JournalError as error:
        errors.print(f"Error: {error}", markup=False, highlight=False)
        # soft_wrap: the command must stay on one line to be pasted whole.
        errors.print(
            _unsaved_summary(plan, record, after, finished, tool),
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
        return False
    return True


def _unsaved_summary(
    plan: Plan, record: _Record, after: int | None, finished: bool, tool: StepTool | None
) -> str:
    """What was not saved, and the command that logs it by hand."""
    steps = ", ".join(f"{o.number} {o.outcome.value}" for o in record.outcomes) or "none"
    state = "finished" if finished else "unfinished"
    if not finished and record.stopped is not None:
        state += f" (stopped: {record.stopped.value})"
    note = f"guided session, {state}; steps: {steps}"
    command = ["sacromassage", "journal", "add", "--before", str(record.before)]
    if after is not None:
        command += ["--after", str(after)]
    minutes = record.minutes()
    if minutes is not None:
        command += ["--minutes", str(minutes)]
    if plan.answers.diagnosis is not None:
        command += ["--diagnosis", plan.answers.diagnosis.value]
    if plan.answers.helper is not None:
        command += ["--helper", plan.answers.helper.value]
    if tool is not None:
        command += ["--tool", tool.value]
    command += ["--note", note]
    shown_after = "pain after not recorded" if after is None else f"{after} after"
    return (
        f"The session was not saved: pain {record.before} before, {shown_after}, "
        f"{state}; steps: {steps}. To log it by hand once the journal works again:\n"
        + shlex.join(command)
    )
