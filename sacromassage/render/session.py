"""The guided session's screens: the header, each step, the stop advice, the change in
pain, and the panels shown instead of a session. Each returns a rich renderable; the
session decides when to print it, and every word comes from the plan or data/."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from sacromassage.journal.entry import NOTICEABLE_POINTS, NOTICEABLE_SHARE, meets_threshold
from sacromassage.model import Plan, Step, Verdict, duration

if TYPE_CHECKING:
    from sacromassage.guide.knowledge import SessionWords


def _panel(body: RenderableType, title: str, border: str) -> Panel:
    return Panel(
        body,
        title=Text(title, style="bold"),
        title_align="left",
        border_style=border,
        padding=(0, 1),
    )


def _bullets(items: Iterable[str], marker: str = "•") -> Table:
    """A list whose wrapped lines hang under the text, not under the marker."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    for item in items:
        grid.add_row(marker, item)
    return grid


def header(plan: Plan, words: SessionWords) -> Panel:
    """Before the first step: why, the pressure ceiling, the ways out, the stop signs."""
    parts: list[RenderableType] = []
    if plan.headline:
        parts.append(Text(plan.headline))
    if plan.safety.reasons:
        parts.append(_bullets(reason.text for reason in plan.safety.reasons))
    if plan.pressure is not None:
        ceiling = plan.pressure.max_discomfort
        parts.append(Text(words.ceiling.format(max=ceiling), style="bold"))
        if plan.pressure.held_by:
            reasons = "; and because ".join(item.text for item in plan.pressure.held_by)
            parts.append(Text(f"It is held at {ceiling} because {reasons}."))
    speak_up = next((w.text for w in plan.warnings if w.key == "speak-up"), None)
    parts.append(Text(speak_up or words.speak_up))
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
        Text(words.stop_heading, style="bold"),
        _bullets(plan.stop_signs),
        Text(plan.disclaimer, style="italic"),
    ]
    border = "yellow" if plan.safety.verdict is Verdict.CAUTION else "green"
    return _panel(Group(*parts), "Your guided session", border)


def step_panel(step: Step, count: int, planned_pressure: int) -> Panel:
    """One step of ``count``: where, how, position, tool, pressure (eased or not), time."""
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
    title = f"Step {step.number} of {count}: {step.title}"
    return _panel(Group(facts, _bullets(step.instructions, "-")), title, "cyan")


def stop_advice(plan: Plan) -> Panel:
    """After "stop, it hurts": what to do now, and the signs to watch for."""
    first, *rest = plan.after_stopping or ("Stop massaging now.",)
    parts: list[RenderableType] = [Text(first, style="bold"), _bullets(rest)]
    if plan.stop_signs:
        parts += [Text("Signs to watch for:", style="bold"), _bullets(plan.stop_signs)]
    return _panel(Group(*parts), "It hurt: what to do now", "red")


def no_session(plan: Plan, words: SessionWords) -> Panel:
    """A red-flag plan: the reasons and the care to get, instead of a session."""
    parts: list[RenderableType] = [Text(plan.headline, style="bold")] if plan.headline else []
    if plan.safety.reasons:
        parts.append(_bullets(reason.text for reason in plan.safety.reasons))
    parts.append(Text(words.no_session, style="bold"))
    if plan.safety.action:
        parts.append(Text(f"{plan.safety.how_soon}: {plan.safety.action}", style="bold"))
    return _panel(Group(*parts), "Safety first", "red")


def therapist(words: SessionWords) -> Panel:
    """A therapist plan: nothing to time here, and where to look instead."""
    return _panel(Text(words.therapist_note), "A session with a therapist", "cyan")


def change(before: int, after: int, words: SessionWords) -> Panel:
    """Pain before and now, the change, and what it means."""
    relief = before - after
    text = f"Pain before: {before}. Pain now: {after}. "
    if relief > 0:
        share = round(100 * relief / before)
        text += f"That is {_points(relief)} less ({share}% lower). "
        noticeable = words.noticeable if meets_threshold(before, after) else words.below_noticeable
        text += noticeable.format(points=NOTICEABLE_POINTS, share=f"{NOTICEABLE_SHARE:.0%}")
    elif relief == 0:
        text += words.no_change
    else:
        text += f"That is {_points(-relief)} higher. {words.worse}"
    return _panel(Text(text), "How it went", "green" if relief > 0 else "yellow")


def _points(count: int) -> str:
    return f"{count} point" if count == 1 else f"{count} points"
