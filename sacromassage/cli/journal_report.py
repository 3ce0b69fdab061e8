"""``journal report``: one document to hand to a clinician.

Thin: it reads the journal's tallies (never every entry), the check-ins, the saved
answers and the disclaimer, lets :func:`sacromassage.render.report.build_report` decide
what is shown, and picks a renderer. Rich, HTML and the rest load only when used.
"""

from typing import TYPE_CHECKING, Annotated

import typer

from sacromassage.cli.choices import chosen_format, parse_whole
from sacromassage.cli.journal_common import (
    OutputOpt,
    deliver,
    format_option,
    json_text,
    open_journal,
    to_screen,
)
from sacromassage.model import REPORT_FORMATS, OutputFormat

if TYPE_CHECKING:
    from sacromassage.guide.knowledge import Knowledge
    from sacromassage.render.report import Person, Report


def report_command(
    weeks_text: Annotated[
        str,
        typer.Option(
            "--weeks", metavar="N", help="How many recent weeks the report covers (1 to 520)."
        ),
    ] = "12",
    output_format: Annotated[str | None, format_option(REPORT_FORMATS)] = None,
    output: OutputOpt = None,
) -> None:
    """A report to share with a clinician: who, what happened, and what it means.

    \b
    Examples:
      sacromassage journal report
      sacromassage journal report -o report.html
      sacromassage journal report --weeks 26 -f markdown -o report.md
      sacromassage journal report -f json

    It shows the saved answers (diagnosis, cautions, pressure ceiling, routine), the
    sessions per week with pain before and after, the weekly check-ins (PEG and the
    impression of change), relief by helper and tool, sessions stopped because it
    hurt, the two-layer verdict, questions for the clinician, and the disclaimer.
    HTML is one file with no script that prints on two pages.
    """
    from sacromassage.render.report import MAX_WEEKS

    chosen = chosen_format(output_format, output, REPORT_FORMATS, OutputFormat.RICH)
    weeks = parse_whole(weeks_text, 1, MAX_WEEKS, "--weeks")
    report = _gather(weeks)
    if chosen is OutputFormat.JSON:
        from sacromassage.render.report import report_dict

        deliver(json_text(report_dict(report)), output)
    elif chosen is OutputFormat.HTML:
        from sacromassage.render.report_html import html_report

        deliver(html_report(report), output)
    elif chosen is OutputFormat.MARKDOWN:
        from sacromassage.render.report_text import markdown_report

        deliver(markdown_report(report), output)
    elif chosen is OutputFormat.PLAIN:
        from sacromassage.render.report_text import plain_report

        deliver(plain_report(report), output)
    else:
        from sacromassage.render.report_text import rich_report

        if to_screen(output):
            from sacromassage.terminal import stdout_console

            stdout_console().print(rich_report(report))
        else:
            from sacromassage.render.journal import as_text

            deliver(as_text(rich_report(report)), output)


def _gather(weeks: int) -> "Report":
    """Everything the report needs, read once: the journal's tallies (aggregates only),
    its check-ins, the saved answers and the words."""
    from sacromassage.guide.knowledge import load as load_knowledge
    from sacromassage.journal.dates import iso_week, now
    from sacromassage.journal.stats import summarise
    from sacromassage.journal.totals import Weeks
    from sacromassage.journal.words import load as load_words
    from sacromassage.render.report import (
        Figures,
        ReportWords,
        build_report,
        first_monday,
        weekly_counts,
    )

    today = now().date()
    since = first_monday(weeks, today)
    journal_words = load_words()
    with open_journal(read_only=True) as journal:
        summary = journal.summary(Weeks(since=iso_week(since)))
        days = journal.days_since(since)
    stats = summarise(summary, journal_words, today)
    knowledge = load_knowledge()
    figures = Figures(stats, summary.check_ins, weekly_counts(days, since))
    words = ReportWords(journal_words, knowledge.guidance.disclaimer)
    return build_report(figures, _person(knowledge), weeks, today, words)


def _person(knowledge: "Knowledge") -> "Person | None":
    """The saved answers in words, or None when none are saved; a damaged profile is
    said on stderr and left out, so the journal's report is still made."""
    from sacromassage import profile
    from sacromassage.render.report import person_of

    try:
        saved = profile.load()
    except profile.ProfileError as error:
        typer.echo(f"Warning: {error}", err=True)
        return None
    if saved is None:
        return None
    return person_of(saved, knowledge)
