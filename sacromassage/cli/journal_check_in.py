"""``journal check-in``: the weekly check-in (the PEG and the impression of change), saved
from flags or asked at a terminal, and listed with ``--list``."""

from typing import TYPE_CHECKING, Annotated

import typer

from sacromassage.cli import journal_common as common
from sacromassage.cli.choices import chosen_format, fail, parse_whole
from sacromassage.model import LIST_FORMATS, ExitCode, OutputFormat

if TYPE_CHECKING:
    from sacromassage.journal.tally import CheckIn

#: The PEG's flags, in the order they are asked.
PEG_FLAGS = ("--pain-average", "--enjoyment", "--activity")


def _score(flag: str, help_text: str) -> object:
    return typer.Option(flag, metavar="0-10", help=help_text)


def check_in_command(  # noqa: PLR0913
    pain_average_text: Annotated[
        str | None,
        _score("--pain-average", "Your pain on average in the past week, 0 (none) to 10."),
    ] = None,
    enjoyment_text: Annotated[
        str | None,
        _score(
            "--enjoyment",
            "How much pain got in the way of enjoying life in the past week, 0 (not at "
            "all) to 10 (completely).",
        ),
    ] = None,
    activity_text: Annotated[
        str | None,
        _score(
            "--activity",
            "How much pain got in the way of your usual activity in the past week, 0 to 10.",
        ),
    ] = None,
    change_text: Annotated[
        str | None,
        typer.Option(
            "--change",
            metavar="1-7",
            help="Since you started, how your pain has changed overall: 1 no change or "
            "worse, 4 somewhat better, 6 better (a real difference), 7 a great deal better "
            "(leave it out on your first check-in).",
        ),
    ] = None,
    when: common.WhenOpt = None,
    show_list: Annotated[
        bool, typer.Option("--list", help="List the check-ins instead of adding one.")
    ] = False,
    output_format: Annotated[str | None, common.format_option(LIST_FORMATS)] = None,
    output: common.OutputOpt = None,
) -> None:
    """Do the weekly check-in: three 0-10 questions about the past week (the PEG) and
    how your pain has changed since you started.

    \b
    Examples:
      sacromassage journal check-in
      sacromassage journal check-in --pain-average 5 --enjoyment 4 --activity 6
      sacromassage journal check-in --pain-average 4 --enjoyment 3 --activity 3 --change 5
      sacromassage journal check-in --list -f csv -o check-ins.csv

    The PEG score is the mean of the three answers, 0-10 (Krebs et al. 2009); 'journal
    stats' follows it over the weeks. Without flags, at a terminal, it asks.
    """
    given = {
        flag: text
        for flag, text in zip(
            PEG_FLAGS, (pain_average_text, enjoyment_text, activity_text), strict=True
        )
        if text is not None
    }
    if show_list:
        if given or change_text is not None or when is not None:
            fail("--list cannot go with the check-in's answers or --when.", ExitCode.USAGE)
        _list(output_format, output)
        return
    answers = [parse_whole(text, 0, 10, flag) for flag, text in given.items()]
    change = None if change_text is None else parse_whole(change_text, 1, 7, "--change")
    moment = None if when is None else common.parse_when_flag(when)
    if len(answers) < len(PEG_FLAGS):
        if given or not common.stdin_is_terminal():
            missing = [flag for flag in PEG_FLAGS if flag not in given]
            hint = (
                f"missing {', '.join(missing)} (each 0-10)"
                if given
                else "there is no terminal to ask on, so pass --pain-average, --enjoyment "
                "and --activity (each 0-10)"
            )
            fail(f"Not saved: {hint}.", ExitCode.USAGE)
        answers, change = _asked(change)
    with common.open_journal(read_only=False) as journal:
        saved = journal.add_check_in(
            pain_average=answers[0],
            enjoyment=answers[1],
            activity=answers[2],
            change=change,
            when=moment,
        )
    common.print_saved_id(saved.id)


def _asked(change: int | None) -> tuple[list[int], int | None]:
    """The answers from the questions; Ctrl-C or Ctrl-D saves nothing (exit 130)."""
    from sacromassage.journal.words import load
    from sacromassage.questions import ask_check_in

    try:
        words = load()
        *answers, asked_change = ask_check_in(words.check_in, words.change, change is None)
    except (KeyboardInterrupt, EOFError):
        typer.echo("\nNothing saved.", err=True)
        raise typer.Exit(code=ExitCode.INTERRUPTED) from None
    return answers, asked_change if change is None else change


def _list(output_format: str | None, output: str | None) -> None:
    from sacromassage.journal.entry import CHECK_IN_ANSWERS
    from sacromassage.journal.transfer import rows_to_csv
    from sacromassage.journal.words import load
    from sacromassage.render.journal import as_text, check_in_table

    chosen = chosen_format(output_format, output, LIST_FORMATS, OutputFormat.RICH)
    with common.open_journal(read_only=True) as journal:
        check_ins: list[CheckIn] = journal.check_ins()
    rows = [check_in.to_dict() for check_in in check_ins]
    if chosen is OutputFormat.JSON:
        common.deliver(common.json_text(rows), output)
        return
    if chosen is OutputFormat.CSV:
        fields = ("id", "uid", "when", *CHECK_IN_ANSWERS, "peg", "change")
        common.deliver(rows_to_csv(rows, fields), output)
        return
    if not check_ins:
        common.deliver("No check-ins yet. Add one with: sacromassage journal check-in\n", output)
        return
    labels = load().change
    table = check_in_table(check_ins, labels, rich=chosen is OutputFormat.RICH)
    if isinstance(table, str):
        common.deliver(table, output)
    elif common.to_screen(output):
        from sacromassage.terminal import stdout_console

        stdout_console().print(table)
    else:
        common.deliver(as_text(table), output)
