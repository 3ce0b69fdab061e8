"""The body map in the terminal: letters for zones, coloured where colour is on, a legend.

The drawing is laid out here (it is interface, like a heading); every zone's name and
words come from the map in data/ through the knowledge base.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sacromassage.render.text import wrap

if TYPE_CHECKING:
    from rich.console import Console

    from sacromassage.guide.knowledge import Knowledge

# Each letter is a zone of data/body-map.svg; the lines are outline only.
DRAWING = r"""
      BACK, SEEN FROM BEHIND                               FRONT
    │                    S                    │         │            │
    │     LLLL   BB      S      BB   LLLL     │         │            │
    │     LLLL   BB      S      BB   LLLL     │         │            │
    │  =========         S         =========  │         │ ===    === │
    │ HH   UUUUUU   o J CCCCC J o   UUUUUU  HH │        │  FF    FF  │
    │ HH   UUUUUU     J  CCC  J     UUUUUU  HH │        │  FF    FF  │
    │ x     DDDD        J T J        DDDD    x │        │     ||     │
    │         NNNN        |        NNNN        │        │     ||     │
    │         NNNN   II   |   II   NNNN        │        │     ||     │
""".strip("\n")

LETTERS = {
    "L": "side-of-low-back",
    "B": "beside-spine",
    "U": "upper-outer-buttock",
    "D": "outer-buttock-deep",
    "H": "outer-hip",
    "F": "front-of-hip",
    "S": "spine",
    "C": "middle-of-sacrum",
    "J": "joint-line",
    "T": "tailbone",
    "N": "sciatic-nerve",
    "I": "sit-bones",
    "o": "landmark-dimples",
    "=": "landmark-top-of-pelvis",
    "x": "landmark-hip-point",
}
STYLE = {"work": "bold green", "never": "bold red", "landmark": "bold"}
KIND_WORDS = {"work": "Work here", "never": "Never press", "landmark": "Bones to find your way by"}
BROAD = "lower-back-and-buttocks"


def print_map(knowledge: Knowledge, console: Console) -> None:
    """The drawing with a legend, in colour where the console has it."""
    from rich.text import Text

    for line in DRAWING.splitlines():
        text = Text()
        for char in line:
            zone = knowledge.zones.get(LETTERS.get(char, ""))
            text.append(char, style=STYLE[zone.kind] if zone else "dim")
        console.print(text, crop=False, overflow="ignore")
    console.print()
    for kind in ("work", "never", "landmark"):
        console.print(Text(KIND_WORDS[kind], style=STYLE[kind]))
        for char, key in LETTERS.items():
            zone = knowledge.zones[key]
            if zone.kind == kind:
                console.print(Text.assemble("  ", (char, STYLE[kind]), f"  {zone.name}"))
        if kind == "work":
            broad = knowledge.zones[BROAD]
            console.print(f"  (all)  {broad.name}: warm-up and cool-down strokes")
    console.print("\nFor the same map in words: sacromassage map -f plain")


def plain_map(knowledge: Knowledge) -> str:
    """Every zone in words, for a screen reader: what it is and where to find it."""
    lines = ["The body map in words", "=" * 21, ""]
    for kind in ("work", "never", "landmark"):
        lines += [KIND_WORDS[kind], "-" * len(KIND_WORDS[kind])]
        for zone in knowledge.zones.values():
            if zone.kind == kind:
                lines += wrap(f"{zone.name}: {zone.description}", "  - ")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def map_text(knowledge: Knowledge, width: int = 80) -> str:
    """The drawing and its legend as plain characters (no colour codes), for a file."""
    import io

    from rich.console import Console

    buffer = io.StringIO()
    print_map(knowledge, Console(file=buffer, width=width, color_system=None))
    return buffer.getvalue()
