"""What a session has done so far, and writing it to the journal as one entry.

The record is kept up to date at every step, so the session can be saved at any moment
(an interruption included). If the journal cannot be written, the error goes to stderr
with a ready-made ``sacromassage journal add`` line, so nothing is lost silently.
"""

from __future__ import annotations

import math
import shlex
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console

from sacromassage.journal.entry import (
    MAX_SESSION_MINUTES,
    MIN_SESSION_MINUTES,
    Entry,
    JournalError,
    StepOutcome,
    Stopped,
)
from sacromassage.journal.store import Journal
from sacromassage.model import Plan, Step, StepTool


@dataclass
class Record:
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


def save(plan: Plan, record: Record, journal_path: Path | None, errors: Console) -> Entry | None:
    """Write the entry (kept in ``record.entry`` too) and return it; on a journal error,
    print it and what to add by hand, and return None. ``journal_path`` None is the usual
    journal (an old one is moved there first)."""
    if record.before is None:  # nothing worth saving: callers check this first
        return None
    if journal_path is None:
        from sacromassage.journal.move import move_old_journal

        notice = move_old_journal()
        if notice:
            errors.print(notice, markup=False, highlight=False)
    try:
        with Journal.open(journal_path) as journal:
            record.entry = journal.add(
                before=record.before,
                after=record.after,
                minutes=record.minutes(),
                diagnosis=plan.answers.diagnosis,
                helper=plan.answers.helper,
                tool=record.tool(),
                finished=record.finished,
                steps=record.outcomes,
                stopped=None if record.finished else record.stopped,
            )
    except JournalError as error:
        errors.print(f"Error: {error}", markup=False, highlight=False)
        # soft_wrap: the command must stay on one line to be pasted whole.
        errors.print(_unsaved_summary(plan, record), markup=False, highlight=False, soft_wrap=True)
        return None
    return record.entry


def _unsaved_summary(plan: Plan, record: Record) -> str:
    """What was not saved, and the command that logs it by hand."""
    after, finished, tool = record.after, record.finished, record.tool()
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
