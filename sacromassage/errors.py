"""One base error for everything a person can meet, carrying how the program ends.

Each room raises its own subclass (the journal, the knowledge base, paths, output
files, the saved profile) with a message that is one sentence for stderr; the CLI maps
every one of them, and Ctrl-C, in one place (:class:`sacromassage.cli.choices.ShortErrorsGroup`),
so no command needs its own ``try``.
"""

from __future__ import annotations

from typing import ClassVar

from sacromassage.model import ExitCode


class SacromassageError(Exception):
    """Something that stops a command; ``str(error)`` is one sentence for stderr."""

    #: How the program ends when this reaches the command line.
    exit_code: ClassVar[int] = ExitCode.ERROR


class UsageError(SacromassageError):
    """A value the person gave that cannot be used (an id with no entry, say)."""

    exit_code: ClassVar[int] = ExitCode.USAGE
