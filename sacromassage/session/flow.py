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

Rooms: the clock and its time scale in clock.py, the countdown in countdown.py, the
record and the journal entry in save.py, signals in interrupts.py, the screens in
render/session.py; the words come from data/guidance.toml.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Final, NamedTuple, Protocol

from sacromassage.journal.entry import Outcome, StepOutcome, Stopped
from sacromassage.model import CheckIn, ExitCode, Plan, Step, duration
from sacromassage.render import session as screens
from sacromassage.session.clock import Clock, RealClock
from sacromassage.session.countdown import Action, Countdown, KeySource, NoKeys
from sacromassage.session.interrupts import interruptions_held, signals_as_interrupts
from sacromassage.session.save import Record, save
from sacromassage.terminal import stderr_console, stdout_console

if TYPE_CHECKING:
    from rich.console import Console

    from sacromassage.guide.knowledge import SessionWords

#: The pause to get into position, before the first step and when the position changes.
GET_READY_SECONDS: Final = 15
#: Each "ease off" lowers the target pressure of the later steps by this much...
EASE_OFF_POINTS: Final = 1
#: ...but never below this.
MIN_STEP_PRESSURE: Final = 1

PAIN_SCALE: Final = "from 0 (no pain) to 10 (the worst you can imagine)"
#: Asked after Ctrl-C; Enter leaves pain after not recorded.
PAIN_NOW_OR_SKIP: Final = "Pain now, 0–10 (Enter to skip)"


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


class SessionOptions(NamedTuple):
    """How the session runs, as the person chose it.

    ``pain_before`` is pain the person gave moments ago (in the questionnaire): it is
    not asked again. ``ready`` is the get-ready pause in seconds.
    """

    timer: bool = True
    quiet: bool = False
    plain: bool = False
    ready: int = GET_READY_SECONDS
    pain_before: int | None = None


class SessionParts(NamedTuple):
    """What the session talks to; None is the real thing (tests inject fakes).

    ``journal_path`` None is the usual journal (``SACROMASSAGE_HOME``); ``error_console``
    (stderr) gets journal errors; ``words`` are the session's words from data/.
    """

    console: Console | None = None
    prompter: Prompter | None = None
    clock: Clock | None = None
    keys: KeySource | None = None
    error_console: Console | None = None
    journal_path: Path | None = None
    words: SessionWords | None = None


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


class _Edges(NamedTuple):
    """The parts filled in: where the session saves and reports journal errors."""

    journal_path: Path | None
    errors: Console


def _questionary_prompter() -> Prompter:
    from sacromassage.questions import QuestionaryPrompter  # the only questionary user

    return QuestionaryPrompter()


def _session_words() -> SessionWords:
    from sacromassage.guide.knowledge import load

    return load().guidance.session


def run_session(plan: Plan, options: SessionOptions, parts: SessionParts | None = None) -> int:
    """Guide the person through ``plan`` and log it; returns an :class:`ExitCode` value.

    SIGTERM and SIGHUP (a closed terminal) end the session like Ctrl-C: what was done
    is saved.
    """
    parts = parts or SessionParts()
    out = parts.console if parts.console is not None else stdout_console()
    words = parts.words or _session_words()
    if plan.safety.verdict.blocks_massage:
        out.print(screens.no_session(plan, words))
        return ExitCode.OK
    if not plan.steps:
        out.print(screens.therapist(words))
        return ExitCode.OK

    edges = _Edges(parts.journal_path, parts.error_console or stderr_console())
    countdown = Countdown(
        out,
        parts.clock or RealClock(),
        parts.keys or NoKeys(),
        quiet=options.quiet,
        plain=options.plain,
    )
    guide = _Guide(plan, options, parts.prompter or _questionary_prompter(), countdown, words)
    try:
        with signals_as_interrupts():
            try:
                return _guide_and_save(guide, edges)
            except (KeyboardInterrupt, EOFError, OSError) as stop:
                # OSError: the terminal went away (SIGHUP) and drawing to it failed, which
                # can replace the interruption itself; either way, keep what was done.
                # The signal handlers stay in place, so a signal at the question that
                # follows Ctrl-C, or during the save, is handled the same way.
                return _interrupted(guide, edges, stop)
    except KeyboardInterrupt:  # a signal in the instant the handlers were put back
        return ExitCode.INTERRUPTED


def _guide_and_save(guide: _Guide, edges: _Edges) -> int:
    """The session proper: the steps, pain after, the journal entry, then the change.

    The entry is saved before anything more is shown, with interruptions held back
    until it is written, so a signal at any moment saves the session exactly once, with
    the pain the person gave.
    """
    plan, record, out = guide.plan, guide.record, guide.console
    ending = guide.run()
    record.stopped = _STOPPED_FOR[ending]
    record.asking_after = True
    # Stored the instant it returns (no bytecode between that lets a signal handler in),
    # so a signal right after the answer still saves it.
    record.after = guide.prompter.pain(f"How is your pain now, {PAIN_SCALE}?")
    record.finished, record.asking_after = ending is _Ending.COMPLETE, False
    with interruptions_held():
        entry = save(plan, record, *edges)
    if record.before is not None:  # always: pain before is asked before any step
        out.print(screens.change(record.before, record.after, guide.words))
    if entry is None:
        return ExitCode.ERROR
    out.print(
        f"Saved in your journal as entry {entry.id}"
        + ("." if record.finished else ", marked unfinished because it ended early.")
        + " See how your sessions add up with [bold]sacromassage journal stats[/bold]."
    )
    return ExitCode.OK


def _interrupted(guide: _Guide, edges: _Edges, stop: BaseException) -> int:
    """Ctrl-C, Ctrl-D or a signal: keep what was done, marked unfinished.

    After Ctrl-C, pain now is asked first (Enter, Ctrl-D or Ctrl-C again: not recorded).
    Otherwise the entry is saved before anything is printed: after SIGHUP the terminal
    may be gone, and a failed print must not cost the session.
    """
    record = guide.record
    code = ExitCode.INTERRUPTED
    earlier = record.entry
    if earlier is not None:
        message = f"Session stopped; it was already saved (entry {earlier.id})."
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
            with interruptions_held():
                entry = save(guide.plan, record, *edges)
        except (KeyboardInterrupt, EOFError, OSError):
            entry = record.entry  # an interrupted save may still have written it
        if entry is not None:
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
        self,
        plan: Plan,
        options: SessionOptions,
        prompter: Prompter,
        countdown: Countdown,
        words: SessionWords,
    ) -> None:
        self.plan = plan
        self.options = options
        self.prompter = prompter
        self.countdown = countdown
        self.console = countdown.console
        self.clock = countdown.clock
        self.words = words
        self.record = Record(before=options.pain_before)
        self.eased = 0  # points taken off every step from now on
        self.eased_now = False  # "e" was pressed during the step under way
        self.current: Step | None = None

    def ease_off(self) -> str | None:
        """``e`` during a step: this and every later step one point lighter (never below 1)."""
        if self.current is None or self.current.pressure <= MIN_STEP_PRESSURE:
            return self.words.lightest
        self.eased += EASE_OFF_POINTS
        self.eased_now = True
        self.current = self.current._replace(
            pressure=max(MIN_STEP_PRESSURE, self.current.pressure - EASE_OFF_POINTS)
        )
        return self.words.easing_off.format(pressure=self.current.pressure)

    def run(self) -> _Ending:
        self.console.print(screens.header(self.plan, self.words))
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
            self.console.print(screens.step_panel(step, len(steps), planned.pressure))
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
                    self.console.print(self.words.eased_later)
            elif answer is CheckIn.SKIP_REST:
                self._outcome(planned, Outcome.DONE)
                self._skip(later)
                self.console.print(self.words.ended_early)
                return _Ending.SKIPPED
            else:
                self._outcome(planned, Outcome.STOPPED)
                self._skip(later)
                self.console.print(screens.stop_advice(self.plan))
                return _Ending.STOPPED
        self.console.print(
            "That was the last step. Well done.", style="bold green", highlight=False
        )
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

    # ---- timing

    def _do(self, step: Step, get_ready: bool) -> Action:
        """The get-ready pause (before the first step and when the position changes) and
        the step itself: a countdown that listens for keys, or Enter."""
        if not self.options.timer:
            self.prompter.wait_for_enter(
                f"Do step {step.number} for about {duration(step.duration_seconds)}; "
                "press Enter (or any key) when you are done."
            )
            return Action.TIME_UP
        if get_ready:
            self.countdown.get_ready(
                f"Get into position ({step.position_words}). Step {step.number} starts in",
                self.options.ready,
            )
        return self.countdown.step(
            f"Step {step.number}: {step.title}", step.duration_seconds, step.sides, self.ease_off
        )
