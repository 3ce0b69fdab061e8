"""``sacromassage advise``: screen for red flags, then print a plan made for you."""

from typing import TYPE_CHECKING, Any

from sacromassage.cli import emit
from sacromassage.cli.answers import AnswerFlags, ProfileFlags, answered
from sacromassage.cli.options import FormatOpt, NoInputOpt, OutputOpt, takes_groups

if TYPE_CHECKING:
    from sacromassage.model import Plan

HELP = """Screen for red flags, then print a massage plan made for you.

\b
Examples:
  sacromassage advise
  sacromassage advise -d soft-tissue -t gentle -p 4 -w self \\
      --no-red-flags --no-cautions --tool ball
  sacromassage advise -d laxity -t moderate -p 3 -w partner \\
      --no-red-flags --caution pregnant -f markdown -o handout.md
  sacromassage advise --red-flag fever --format json

On a terminal it asks only what the flags did not answer. Without one, or with
--no-input, a missing answer is an error (exit 2) that names the flags to pass.
Red flags and cautions must always be answered: nobody gets a routine unscreened.

Complete answers are remembered (not the red flags, not your pain; --no-save skips
it): --saved takes every answer the flags leave out from them, and on a terminal they
are offered after the red-flag questions. 'sacromassage profile' shows them.
"""


@takes_groups
def advise(
    flags: AnswerFlags,
    output_format: FormatOpt = None,
    output: OutputOpt = None,
    no_input: NoInputOpt = False,
    *,
    memory: ProfileFlags,
) -> None:
    fmt = emit.output_format(output_format, output)
    knowledge = emit.knowledge()
    answers = answered(flags, memory, knowledge, no_input=no_input)

    from sacromassage.guide.engine import plan as make_plan
    from sacromassage.render import document

    plan = make_plan(answers, knowledge)
    emit.emit(fmt, output, lambda: document.plan_document(plan), lambda: _plan_dict(plan))


def _plan_dict(plan: "Plan") -> dict[str, Any]:
    """The plan as JSON values (render.json loads only for --format json)."""
    from sacromassage.render.json import plan_dict

    return plan_dict(plan)
