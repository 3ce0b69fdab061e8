"""The saved answers on screen: a bold heading, one line an answer, how to reuse them."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from rich.console import Console

    from sacromassage.model import Answers

NOTHING_SAVED = (
    "No saved answers yet: 'sacromassage advise' and 'sacromassage session' "
    "save them once every question is answered."
)


def profile_lines(where: Path, saved: Answers) -> list[str]:
    """The saved answers in lines: the heading (naming the file) first."""
    from sacromassage import profile

    lines = [f"Saved answers ({where}):"]
    lines += [
        f"  {key.capitalize() + ':':<11}"
        f"{', '.join(value) if isinstance(value, list) else value}"
        + ("none" if value == [] else "")
        for key, value in profile.to_dict(saved).items()
    ]
    return [
        *lines,
        f"In one line: {profile.summary(saved)}",
        "Reuse them with --saved; forget them with 'sacromassage profile --forget'.",
    ]


def plain_profile(where: Path, saved: Answers) -> str:
    return "\n".join(profile_lines(where, saved))


def print_profile(where: Path, saved: Answers, console: Console) -> None:
    """The same lines, the heading in bold."""
    from rich.text import Text

    lines = profile_lines(where, saved)
    text = Text("\n".join(lines))
    text.stylize("bold", 0, len(lines[0]))
    console.print(text)
