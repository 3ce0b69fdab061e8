"""The journal's health words, read from ``data/journal.toml`` and checked.

The verdict's sentences, the check-in questions, the seven answers of the global
impression of change and the questions for a clinician are content, so they live in
data/ beside the guide's words; this module only reads them and refuses a file that
lacks one, naming the key.
"""

import tomllib
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any, Final, NamedTuple

from sacromassage.journal.entry import JournalError
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


class WordsError(JournalError):
    """``data/journal.toml`` is missing, unreadable or lacks a key."""


@cache
def load(directory: Path | None = None) -> JournalWords:
    """The words in ``directory`` (default: the knowledge base's data folder)."""
    from sacromassage.paths import data_dir

    path = (data_dir() if directory is None else directory) / FILE
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise WordsError(f"Cannot read {path}: {error}.") from None
    return JournalWords(
        outlooks=_texts(raw, "outlooks", [key.value for key in Outlook], Outlook),
        advice=_texts(raw, "advice", [key.value for key in Outlook], Outlook),
        layers=_texts(raw, "layers", list(LAYERS), str),
        measures=_texts(raw, "measures", [key.value for key in Measure], Measure),
        change=_texts(raw, "change", [str(number) for number in CHANGE_RANGE], int),
        check_in=_texts(raw, "check-in", list(CHECK_IN), str),
        questions=_questions(raw),
        report=_texts(raw.get("report", {}), "text", list(REPORT_KEYS), str, "report.text"),
    )


def _texts(
    raw: Mapping[str, Any], table: str, keys: list[str], kind: Any, name: str = ""
) -> dict[Any, str]:
    section = raw.get(table) if isinstance(raw, dict) else None
    table = name or table
    if not isinstance(section, dict):
        raise WordsError(f"{FILE}: the table [{table}] is missing.")
    result = {}
    for key in keys:
        text = section.get(key)
        if not isinstance(text, str) or not text.strip():
            raise WordsError(f"{FILE}: [{table}] lacks the text '{key}'.")
        result[kind(key)] = " ".join(text.split())
    return result


def _questions(raw: Mapping[str, Any]) -> tuple[str, ...]:
    report = raw.get("report")
    found = report.get("questions") if isinstance(report, dict) else None
    if not isinstance(found, list) or not found or not all(isinstance(q, str) for q in found):
        raise WordsError(f"{FILE}: [report] questions should be a list of texts.")
    return tuple(" ".join(question.split()) for question in found)
