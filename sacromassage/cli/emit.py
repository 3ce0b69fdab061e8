"""What every command that shows the guide shares: the knowledge, the format, the delivery."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sacromassage.cli.choices import chosen_format, fail
from sacromassage.model import PLAN_FORMATS, OutputFormat

if TYPE_CHECKING:
    from sacromassage.guide.knowledge import Knowledge
    from sacromassage.render.document import Document


def knowledge() -> "Knowledge":
    """The built-in knowledge base; a damaged one is one sentence and exit 1."""
    from sacromassage.guide.knowledge import KnowledgeError, load

    try:
        return load()
    except KnowledgeError as error:
        fail(f"the built-in knowledge base is damaged: {error}")


def output_format(value: OutputFormat | None, output: str | None) -> OutputFormat:
    """``--format`` when given, else from the ``--output`` file's extension, else rich."""
    return chosen_format(value, output, PLAN_FORMATS, OutputFormat.RICH)


def in_words(fmt: OutputFormat) -> bool:
    """Handouts for reading (HTML, SVG) name things in words, not the keys typed as flags."""
    return fmt in (OutputFormat.HTML, OutputFormat.SVG)


def write(text: str, output: str | None) -> None:
    """Write ``text`` to ``output`` (a file, or the screen for None and '-')."""
    from sacromassage.output import write_text

    write_text(text, output)


def emit(
    fmt: OutputFormat,
    output: str | None,
    document: "Callable[[], Document]",
    data: Callable[[], dict[str, Any]],
) -> None:
    """Render and deliver one result: ``data`` as JSON, else ``document`` in ``fmt``.

    Both are built only if needed, so ``--format json`` never lays out a document.
    """
    if fmt is OutputFormat.JSON:
        from sacromassage.render.json import dumps

        text = dumps(data())
    elif fmt is OutputFormat.RICH:
        from sacromassage.render import rich as rich_render

        if output is None or output == "-":
            from sacromassage.terminal import stdout_console

            rich_render.print_document(document(), stdout_console())
            return
        text = rich_render.to_text(document())
    else:
        from sacromassage.render import render

        text = render(document(), fmt)
    write(text, output)
