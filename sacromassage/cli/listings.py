"""The listings: ``steps``, ``diagnoses``, ``red-flags`` and ``map``."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

from sacromassage.cli import emit
from sacromassage.cli.choices import chosen_format, fail, keys
from sacromassage.cli.options import (
    TOLERANCE,
    CautionOpt,
    DiagnosisOpt,
    FormatOpt,
    MinutesOpt,
    OutputOpt,
    ToolOpt,
    flag,
    format_option,
    helper_option,
)
from sacromassage.model import (
    DEFAULT_MINUTES,
    MAP_FORMATS,
    ExitCode,
    Helper,
    OutputFormat,
    Tolerance,
)

if TYPE_CHECKING:
    from sacromassage.guide.knowledge import Knowledge
    from sacromassage.render.document import Document

STEPS_HELP = """Print just the numbered massage steps (check the red flags first).

\b
Examples:
  sacromassage steps
  sacromassage steps --helper partner --minutes 15
  sacromassage steps --tool ball --tool foam-roller -t moderate -f json
  sacromassage steps -w partner --caution pregnant -f markdown -o steps.md

For someone already screened with 'sacromassage advise': check the red flags first.
"""

StepsHelperOpt = Annotated[Helper, helper_option("Who gives the massage: self, partner.")]


def steps(  # noqa: PLR0913
    helper: StepsHelperOpt = Helper.SELF,
    tolerance: Annotated[Tolerance, TOLERANCE] = Tolerance.GENTLE,
    tool: ToolOpt = None,
    minutes: MinutesOpt = DEFAULT_MINUTES,
    diagnosis: DiagnosisOpt = None,
    caution: CautionOpt = None,
    output_format: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    fmt = emit.output_format(output_format, output)
    if helper is Helper.THERAPIST:
        fail(
            "steps are for 'self' or 'partner'; for a therapist, run "
            f"'sacromassage advise {flag(StepsHelperOpt)} therapist'.",
            ExitCode.USAGE,
        )
    knowledge = emit.knowledge()

    from sacromassage.guide.engine import RoutineAnswers, routine

    answers = RoutineAnswers(
        helper, tolerance, frozenset(tool or ()), minutes, diagnosis, frozenset(caution or ())
    )
    result = routine(answers, knowledge)
    from sacromassage.render import document, json

    emit.emit(
        fmt, output, lambda: document.routine_document(result), lambda: json.routine_dict(result)
    )


def _listing(
    output_format: OutputFormat | None,
    output: str | None,
    document: "Callable[[Knowledge, bool], Document]",
    data: "Callable[[Knowledge], dict[str, Any]]",
) -> None:
    """Show one listing of the knowledge base: ``data`` as JSON, else ``document``."""
    fmt = emit.output_format(output_format, output)
    knowledge = emit.knowledge()
    emit.emit(fmt, output, lambda: document(knowledge, emit.in_words(fmt)), lambda: data(knowledge))


def diagnoses(output_format: FormatOpt = None, output: OutputOpt = None) -> None:
    """List every diagnosis key, what it means and how much massage tends to help.

    \b
    Examples:
      sacromassage diagnoses
      sacromassage diagnoses --format json
    """
    from sacromassage.render import document, json

    _listing(output_format, output, document.diagnoses_document, json.diagnoses_dict)


def red_flags(output_format: FormatOpt = None, output: OutputOpt = None) -> None:
    """List the red flags (get care, no massage) and the cautions (adapt the massage).

    \b
    Examples:
      sacromassage red-flags
      sacromassage red-flags --format markdown -o red-flags.md
    """
    from sacromassage.render import document, json

    _listing(output_format, output, document.red_flags_document, json.red_flags_dict)


MapFormatOpt = Annotated[
    OutputFormat | None,
    format_option(
        MAP_FORMATS,
        f"Output: {keys(MAP_FORMATS)} (plain: every zone in words, for screen readers).",
    ),
]


def body_map(output_format: MapFormatOpt = None, output: OutputOpt = None) -> None:
    """Show where to work and where never to press, on a map of the low back and pelvis.

    \b
    Examples:
      sacromassage map
      sacromassage map -f plain
    """
    fmt = chosen_format(output_format, output, MAP_FORMATS, OutputFormat.RICH)
    knowledge = emit.knowledge()
    from sacromassage.render import map as map_render

    if fmt is OutputFormat.PLAIN:
        text = map_render.plain_map(knowledge)
    elif output is None or output == "-":
        from sacromassage.terminal import stdout_console

        map_render.print_map(knowledge, stdout_console())
        return
    else:
        text = map_render.map_text(knowledge)
    emit.write(text, output)
