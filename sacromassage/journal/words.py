"""The journal's health words, read from ``data/journal.toml`` and checked.

The verdict's sentences, the check-in questions, the seven answers of the global
impression of change and the questions for a clinician are content, so they live in
data/ beside the guide's words; this module reads them with the guide's own table
reader, so a missing, empty or unknown key is refused naming the file and the key.
"""

import tomllib
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Final, NamedTuple

from sacromassage.guide.knowledge import KnowledgeError
from sacromassage.guide.table import Table, named, words
from sacromassage.journal.stats import Measure, Outlook

FILE = "journal.toml"
LAYERS = (
    "relief",
    "relief-too-few",
    "course",
    "course-too-early",
    "course-no-window",
    "threshold",
    "caveat",
)
CHECK_IN = ("pain-average", "enjoyment", "activity", "change", "due", "never")
#: The report's headings and sentences, in ``[report.text]``.
REPORT_KEYS: Final = (
    "title",
    "period",
    "who",
    "no-profile",
    "ceiling-note",
    "what",
    "regularity",
    "no-sessions",
    "trend",
    "trend-caption",
    "check-ins",
    "check-ins-note",
    "check-ins-cut",
    "no-check-ins",
    "relief",
    "relief-note",
    "no-relief",
    "stopped",
    "meaning",
    "questions",
    "disclaimer",
)

#: The answers of the global impression of change, 1 to 7.
CHANGE_RANGE = range(1, 8)


class JournalWords(NamedTuple):
    outlooks: Mapping[Outlook, str]
    advice: Mapping[Outlook, str]
    layers: Mapping[str, str]
    measures: Mapping[Measure, str]
    change: Mapping[int, str]
    check_in: Mapping[str, str]
    questions: tuple[str, ...]
    report: Mapping[str, str]


@cache
def load(directory: Path | None = None) -> JournalWords:
    """The words in ``directory`` (default: the knowledge base's data folder); a file
    that cannot be read, or lacks a text, is a :class:`KnowledgeError` naming it."""
    from sacromassage.paths import data_dir

    path = (data_dir() if directory is None else directory) / FILE
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise KnowledgeError(f"{FILE}: cannot be read ({error})") from None
    root = Table(FILE, "", raw, {})
    report = root.table("report")
    change = named(root, "change", map(str, CHANGE_RANGE))
    loaded = JournalWords(
        outlooks=words(root, "outlooks", Outlook),
        advice=words(root, "advice", Outlook),
        layers=named(root, "layers", LAYERS),
        measures=words(root, "measures", Measure),
        change={int(number): text for number, text in change.items()},
        check_in=named(root, "check-in", CHECK_IN),
        questions=report.texts("questions"),
        report=named(report, "text", REPORT_KEYS),
    )
    report.finish()
    root.finish()
    return loaded
