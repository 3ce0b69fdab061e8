"""Plain text and Markdown: no colour, no box drawing, stable bytes for scripts and files."""

from __future__ import annotations

import textwrap

from sacromassage.render.document import Document, Section, step_facts

WIDTH = 80


def wrap(text: str, first: str = "", rest: str | None = None, width: int = WIDTH) -> list[str]:
    """Wrap ``text`` to ``width`` after a first-line prefix, hanging under it by default."""
    return textwrap.wrap(
        text,
        width,
        initial_indent=first,
        subsequent_indent=" " * len(first) if rest is None else rest,
        break_on_hyphens=False,
    ) or [first.rstrip()]


def _plain_section(section: Section) -> list[str]:
    lines = [section.title, "-" * min(len(section.title), WIDTH)]
    for paragraph in section.paragraphs:
        lines += [*wrap(paragraph), ""]
    for bullets in section.lists:
        if bullets.label:
            lines.append(bullets.label)
        for item in bullets.items:
            lines += wrap(item, "  - ")
        lines.append("")
    for step in section.steps:
        # Details line up under the title, however many digits the step number has.
        indent = " " * len(f"{step.number}. ")
        lines += wrap(f"{step.number}. {step.title}", rest=indent)
        for label, text in step_facts(step):
            lines += wrap(text, f"{indent}{label + ':':<7}", indent + " " * 7)
        for instruction in step.instructions:
            lines += wrap(instruction, f"{indent}  - ")
        lines.append("")
    if section.terms:
        key_width = min(max(len(key) for key, _ in section.terms), 24)
        for key, meaning in section.terms:
            lines += wrap(meaning, f"  {key.ljust(key_width)}  ", " " * (key_width + 4))
        lines.append("")
    for paragraph in section.closing:
        lines += [*wrap(paragraph), ""]
    if lines[-1] != "":
        lines.append("")
    return lines


def plain(document: Document) -> str:
    """Plain text wrapped at 80 columns: headings underlined, lists with dashes."""
    lines = [document.title, "=" * len(document.title), ""]
    for section in document.sections:
        lines += _plain_section(section)
    if document.footer:
        lines += wrap(document.footer)
    return "\n".join(lines).rstrip("\n") + "\n"


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|")


def markdown(document: Document) -> str:
    """GitHub-flavoured Markdown, suitable for a handout or a note to a clinician."""
    lines = [f"# {document.title}", ""]
    for section in document.sections:
        lines += [f"## {section.title}", ""]
        for paragraph in section.paragraphs:
            lines += [paragraph, ""]
        for bullets in section.lists:
            if bullets.label:
                lines += [bullets.label, ""]
            lines += [f"- {item}" for item in bullets.items]
            lines.append("")
        for step in section.steps:
            lines += [f"### {step.number}. {step.title}", ""]
            lines += [f"- **{label}:** {text}" for label, text in step_facts(step)]
            lines.append("")
            lines += [f"{n}. {text}" for n, text in enumerate(step.instructions, start=1)]
            lines.append("")
        if section.terms:
            lines += ["| key | meaning |", "| --- | --- |"]
            lines += [f"| `{key}` | {_md_escape(text)} |" for key, text in section.terms]
            lines.append("")
        for paragraph in section.closing:
            lines += [f"_{paragraph}_", ""]  # closing notes are set apart, as in rich
    if document.footer:
        lines += [f"_{document.footer}_", ""]
    return "\n".join(lines).rstrip("\n") + "\n"
