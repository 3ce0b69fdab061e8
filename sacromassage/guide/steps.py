"""The steps of a session: which techniques, for how long, and how hard under the ceiling.

Pure, like the engine that calls it: the techniques come from the knowledge base and
what the cautions rule out arrives as ``Limits``.
"""

from typing import NamedTuple

from sacromassage.guide.knowledge import Knowledge, Technique
from sacromassage.model import (
    Helper,
    Intensity,
    Phase,
    Position,
    Step,
    StepTool,
    Tag,
    Tool,
    duration,
)

# Warm-up and cool-down steps stay this far under the ceiling (but never below 1).
LIGHT_MARGIN = 2
STEP_UNIT = 15
MIN_STEP_SECONDS = 30
MAX_STEP_SECONDS = 300
STRETCH = 2  # a step may last at most this many times its technique's usual length
MAX_FOCUS_STEPS = 60


class Limits(NamedTuple):
    """What the cautions (and a pregnancy-related diagnosis) rule out of a routine."""

    positions: frozenset[Position]
    tools: frozenset[Tool]
    tags: frozenset[Tag]

    def allow(self, position: Position, tags: frozenset[Tag]) -> bool:
        return position not in self.positions and not tags & self.tags


def choose_techniques(
    knowledge: Knowledge,
    helper: Helper,
    tools: frozenset[Tool],
    limits: Limits,
    minutes: int,
) -> list[tuple[Technique, int]]:
    """Pick warm-up, focus and cool-down techniques with a duration each.

    Self routines use every tool given that no caution forbids, and nothing else;
    partner routines use hands. Nothing the limits rule out is chosen. The total lands
    between half and all of ``minutes``.
    Within each round the steps are grouped by position, and the warm-up and cool-down
    match the position they lead into and out of, so nobody turns over more than needed.
    """
    allowed = {StepTool.HANDS}
    if helper is Helper.SELF:
        allowed |= {StepTool(tool.value) for tool in tools - limits.tools}

    def pool(phase: Phase) -> list[Technique]:
        return [
            t
            for t in knowledge.techniques
            if t.helper is helper
            and t.phase is phase
            and t.tool in allowed
            and limits.allow(t.position, t.tags)
        ]

    candidates = pool(Phase.FOCUS)
    # Tool work first (one technique per tool is required), then the rest, tools before hands.
    by_tool = [[t for t in candidates if t.tool is tool] for tool in StepTool if tool in allowed]
    required = [group[0] for group in by_tool if group and group[0].tool is not StepTool.HANDS]
    extra = [t for group in by_tool for t in group if t not in required]
    ordered = required + extra

    budget = minutes * 60
    warm_seconds = _clamp(budget * 0.15, 60, 300)
    cool_seconds = _clamp(budget * 0.10, 45, 240)
    focus_budget = int(budget * 0.9) - warm_seconds - cool_seconds
    # Each step stays between half and twice its technique's usual length, so the time
    # shown agrees with its instructions; a long session gets more steps (rounds) instead.
    count = max(len(required), min(len(ordered), max(2, focus_budget // 120)))
    while focus_budget > STRETCH * _usual(ordered, count) and count < MAX_FOCUS_STEPS:
        count += 1
    sequence = [ordered[i % len(ordered)] for i in range(count)]
    scale = focus_budget / sum(t.seconds for t in sequence)
    rank = {
        position: index
        for index, position in reversed(list(enumerate(t.position for t in sequence)))
    }
    rounds = [sequence[start : start + len(ordered)] for start in range(0, count, len(ordered))]
    sequence = [t for part in rounds for t in sorted(part, key=lambda t: rank[t.position])]
    warm_up = _matching(pool(Phase.WARM_UP), sequence[0])
    cool_down = _matching(pool(Phase.COOL_DOWN), sequence[-1])
    focus = [
        (
            t,
            min(
                STRETCH * t.seconds,
                _clamp(t.seconds * scale, MIN_STEP_SECONDS, MAX_STEP_SECONDS, down=True),
            ),
        )
        for t in sequence
    ]
    return [
        (warm_up, min(warm_seconds, STRETCH * warm_up.seconds)),
        *focus,
        (cool_down, min(cool_seconds, STRETCH * cool_down.seconds)),
    ]


def _usual(ordered: list[Technique], count: int) -> int:
    """The usual total length of the first ``count`` steps cycling through ``ordered``."""
    return sum(ordered[i % len(ordered)].seconds for i in range(count))


def _matching(candidates: list[Technique], neighbour: Technique) -> Technique:
    """The first candidate in the same position as ``neighbour``, else the first one."""
    return next((t for t in candidates if t.position is neighbour.position), candidates[0])


def numbered_steps(
    knowledge: Knowledge, chosen: list[tuple[Technique, int]], ceiling: int
) -> tuple[Step, ...]:
    """Number the chosen techniques and give each its pressure under the ceiling.

    A technique met again is titled by its round, and a two-sided step ends by saying
    how long each side gets.
    """
    guidance = knowledge.guidance
    seen: dict[str, int] = {}
    steps = []
    for number, (technique, seconds) in enumerate(chosen, start=1):
        repeat = seen.get(technique.key, 0)
        seen[technique.key] = repeat + 1
        light = technique.intensity is Intensity.LIGHT or technique.phase is not Phase.FOCUS
        pressure = max(1, ceiling - LIGHT_MARGIN) if light else ceiling
        instructions = technique.instructions
        if technique.sides == 2:
            each = duration(5 * round(seconds / 2 / 5))
            instructions += (guidance.each_side.replace("{each}", each),)
        steps.append(
            Step(
                number=number,
                title=technique.title
                if not repeat
                else guidance.round_title.replace("{title}", technique.title).replace(
                    "{n}", str(repeat + 1)
                ),
                area=technique.area,
                technique=technique.technique,
                position=technique.position,
                tool=technique.tool,
                duration_seconds=seconds,
                pressure=pressure,
                instructions=instructions,
                sides=technique.sides,
                position_words=guidance.position_words[technique.position],
                tool_words=guidance.tool_words[technique.tool],
                zone=technique.zone,
            )
        )
    return tuple(steps)


def _clamp(value: float, low: int, high: int, down: bool = False) -> int:
    """Clamp to [low, high] and round to whole STEP_UNITs (down, or to the nearest)."""
    units = int(value // STEP_UNIT) if down else round(value / STEP_UNIT)
    return max(low, min(high, units * STEP_UNIT))
