"""Rows in and out of the store: stored rows read into entries, imported rows checked."""

from __future__ import annotations

import builtins
import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from enum import StrEnum
from typing import Any, Final, TypeVar

from sacromassage.journal.dates import ImplausibleWhenError, aware, iso_week, parse_when
from sacromassage.journal.entry import (
    CHECK_IN_ANSWERS,
    DETAILS,
    MAX_CHANGE,
    MAX_PAIN,
    MAX_SESSION_MINUTES,
    MIN_CHANGE,
    MIN_PAIN,
    MIN_SESSION_MINUTES,
    Entry,
    Kind,
    Outcome,
    StepOutcome,
    Stopped,
    clean_text,
    unique_tools,
)
from sacromassage.journal.tally import CheckIn
from sacromassage.model import Diagnosis, Helper, StepTool, whole_number

E = TypeVar("E", bound=StrEnum)


def _key_or_text(kind: type[E], value: object) -> E | str | None:
    """The member of ``kind`` named ``value``; a key this version does not know stays
    as it is, so a row from a newer version is shown and exported, not lost."""
    if value is None or value == "":
        return None
    text = _stored_text(value)
    try:
        return kind(text)
    except ValueError:
        return text


def _stored_text(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def _steps_from_json(text: object) -> tuple[StepOutcome, ...]:
    """The stored steps; raises RowProblemError when they cannot be read."""
    try:
        return _check_steps(_stored_text(text))
    except RecursionError:
        raise RowProblemError("has steps nested too deeply") from None


def steps_to_json(steps: Iterable[StepOutcome]) -> str:
    return json.dumps([step.to_dict() for step in steps], ensure_ascii=False)


def entry_from_row(row: Sequence[Any]) -> Entry:
    """An entry from a stored row; never raises: what cannot be read is left out and
    named in ``damaged``."""
    try:
        steps, damaged = _steps_from_json(row[11]), None
    except RowProblemError:
        steps, damaged = (), "steps"
    return Entry(
        id=row[0],
        uid=_stored_text(row[1]),
        when=_stored_text(row[2]),
        before=row[3],
        after=row[4] if isinstance(row[4], int) else None,
        minutes=row[5] if isinstance(row[5], int) else None,
        diagnosis=_key_or_text(Diagnosis, row[6]),
        helper=_key_or_text(Helper, row[7]),
        tool=_key_or_text(StepTool, row[8]),
        tools=_tools_from_row(row[8], row[13]),
        note=None if row[9] is None else _stored_text(row[9]),
        finished=bool(row[10]),
        steps=steps,
        stopped=_key_or_text(Stopped, row[12]),
        damaged=damaged,
    )


def _tools_from_row(tool: object, tools: object) -> tuple[StepTool | str, ...]:
    """The stored tools; a journal from before ``tools`` (or an unreadable list) falls
    back to its one ``tool``, so nothing recorded is hidden."""
    try:
        values = json.loads(_stored_text(tools))
    except (json.JSONDecodeError, RecursionError):
        values = []
    if not isinstance(values, list):
        values = []
    found = [_key_or_text(StepTool, value) for value in values if isinstance(value, str)]
    kept = [value for value in found if value is not None]
    if not kept and tool is not None and tool != "":
        first = _key_or_text(StepTool, tool)
        return () if first is None else (first,)
    return tuple(kept)


def tools_json(tools: Iterable[StepTool | str]) -> str:
    return json.dumps([str(tool) for tool in tools], ensure_ascii=False)


# --------------------------------------------------------------------------- row checks


class RowProblemError(Exception):
    """One bad field in an imported row; turned into :class:`BadImportError` by the caller."""


def _check_int(value: object, name: str, low: int, high: int, *, optional: bool) -> int | None:
    if value is None or value == "":
        if optional:
            return None
        raise RowProblemError(f"has no {name}")
    number: int | None = None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str):
        number = whole_number(value)
    if number is None or not low <= number <= high:
        raise RowProblemError(
            f"has {name} {_shown(value)}; give a whole number from {low} to {high}"
        )
    return number


def _check_enum(value: object, name: str, kind: type[E]) -> E | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        for member in kind:
            if member.value == value.strip().lower():
                return member
    valid = ", ".join(member.value for member in kind)
    raise RowProblemError(f"has {name} {_shown(value)}, expected one of {valid}")


def _check_tools(value: object) -> tuple[StepTool, ...]:
    """``tools`` of an imported row: a JSON list, or CSV text joined with ``;``."""
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        value = [part for part in value.split(";") if part.strip()]
    if not isinstance(value, list):
        raise RowProblemError(f"has tools {_shown(value)}, expected a list")
    found = [_check_enum(item, "a tool", StepTool) for item in value]
    return unique_tools(found)


def _check_text(value: object, name: str) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise RowProblemError(f"has {name} {_shown(value)}, expected text")
    return clean_text(value)


def _shown(value: object) -> str:
    """A value for an error message: its repr, cut to a readable length."""
    try:
        text = repr(value)
    except ValueError:  # an int too long to print
        text = "a number too long to print"
    return text if len(text) <= 40 else f"{text[:37]}..."


def _check_finished(value: object) -> bool:
    if value is None or value == "":
        return True
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        word = value.strip().lower()
        if word in ("true", "yes", "1"):
            return True
        if word in ("false", "no", "0"):
            return False
    raise RowProblemError(f"has finished {_shown(value)}, expected true or false")


def _check_steps(value: object) -> tuple[StepOutcome, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            raise RowProblemError("has steps that are not a JSON list") from None
    if not isinstance(value, list):
        raise RowProblemError("has steps that are not a list")
    steps: builtins.list[StepOutcome] = []
    for position, item in enumerate(value, start=1):
        if not isinstance(item, Mapping):
            raise RowProblemError(f"has step {position} that is not an object")
        number = _check_int(
            item.get("number"), f"step {position} number", 0, 10_000, optional=False
        )
        title = item.get("title")
        if not isinstance(title, str):
            raise RowProblemError(f"has step {position} without a text title")
        outcome = _check_enum(item.get("outcome"), f"step {position} outcome", Outcome)
        if outcome is None:
            raise RowProblemError(f"has step {position} without an outcome")
        if number is None:  # optional=False already refuses a missing number
            raise RowProblemError(f"has step {position} without a number")
        steps.append(StepOutcome(number, title, outcome))
    return tuple(steps)


def coerce_steps(steps: Iterable[StepOutcome | Mapping[str, Any]]) -> tuple[StepOutcome, ...]:
    plain = [step.to_dict() if isinstance(step, StepOutcome) else dict(step) for step in steps]
    try:
        return _check_steps(plain)
    except RowProblemError as problem:
        raise ValueError(f"The entry {problem}.") from None


def _derived_uid(values: Sequence[object]) -> str:
    """A stable uid for a hand-made row without one, so re-importing it adds nothing."""
    import hashlib  # only for imported rows without a uid

    digest = hashlib.sha256(json.dumps(values, ensure_ascii=False).encode("utf-8"))
    return "derived-" + digest.hexdigest()[:32]


def _checked_when(row: Mapping[str, Any]) -> datetime:
    when_value = row.get("when")
    if not isinstance(when_value, str) or not when_value.strip():
        raise RowProblemError("has no when (an ISO-8601 date or time)")
    try:
        return parse_when(when_value)
    except ImplausibleWhenError as error:
        raise RowProblemError(f"has when {_shown(when_value)}, which is {error.reason}") from None
    except ValueError:
        raise RowProblemError(f"has when {_shown(when_value)}, which is not ISO-8601") from None


def _uid_of(row: Mapping[str, Any], content: tuple[object, ...], seen: Counter[str]) -> str:
    """The row's uid, or one made from its content and how many identical rows came
    before it in the same import (see :func:`row_values`)."""
    uid = _check_text(row.get("uid"), "uid")
    if uid:
        return uid
    key = json.dumps(content, ensure_ascii=False)
    repeat = seen[key]
    seen[key] += 1
    return _derived_uid(content if not repeat else (*content, repeat))


def kind_of(row: Mapping[str, Any]) -> Kind:
    """What an imported row is: a row without ``kind`` is a session (older exports)."""
    return _check_enum(row.get("kind"), "kind", Kind) or Kind.SESSION


def check_in_values(row: Mapping[str, Any], seen: Counter[str]) -> tuple[object, ...]:
    """Check one imported check-in and return the values for :data:`INSERT_CHECK_IN`,
    or raise RowProblemError. A check-in without a uid gets one as a session does."""
    moment = _checked_when(row)
    answers = tuple(
        _check_int(row.get(name), name, MIN_PAIN, MAX_PAIN, optional=False)
        for name in CHECK_IN_ANSWERS
    )
    change = _check_int(row.get("change"), "change", MIN_CHANGE, MAX_CHANGE, optional=True)
    when_text = moment.isoformat()
    uid = _uid_of(row, (Kind.CHECK_IN.value, when_text, *answers, change), seen)
    return (uid, when_text, int(moment.timestamp()), iso_week(moment), *answers, change)


def check_in_from_row(row: Sequence[Any]) -> CheckIn:
    """A check-in from a row of :data:`CHECK_IN_COLUMNS`."""
    return CheckIn(
        id=row[0],
        uid=_stored_text(row[1]),
        when=_stored_text(row[2]),
        pain_average=row[3],
        enjoyment=row[4],
        activity=row[5],
        change=row[6] if isinstance(row[6], int) else None,
    )


def check_check_in(pain_average: int, enjoyment: int, activity: int, change: int | None) -> None:
    """Raise ValueError unless the answers are 0-10 and the change 1-7 (or None)."""
    for name, value in zip(CHECK_IN_ANSWERS, (pain_average, enjoyment, activity), strict=True):
        check_pain(name.replace("_", " "), value)
    if change is not None and (
        isinstance(change, bool)
        or not isinstance(change, int)
        or not MIN_CHANGE <= change <= MAX_CHANGE
    ):
        raise ValueError(f"The change must be a whole number from 1 to 7, not {change}.")


def row_values(row: Mapping[str, Any], seen: Counter[str]) -> tuple[object, ...]:
    """Check one imported row and return the values for an INSERT, or raise RowProblemError.

    A row without a uid gets one made from its content and from how many identical rows
    came before it in the same import (``seen``): two real sessions with the same time
    and scores both arrive, and importing the same file again still adds nothing.
    """
    moment = _checked_when(row)
    before = _check_int(row.get("before"), "before", MIN_PAIN, MAX_PAIN, optional=False)
    after = _check_int(row.get("after"), "after", MIN_PAIN, MAX_PAIN, optional=True)
    minutes = _check_int(
        row.get("minutes"), "minutes", MIN_SESSION_MINUTES, MAX_SESSION_MINUTES, optional=True
    )
    diagnosis = _check_enum(row.get("diagnosis"), "diagnosis", Diagnosis)
    helper = _check_enum(row.get("helper"), "helper", Helper)
    tool = _check_enum(row.get("tool"), "tool", StepTool)
    tools = _check_tools(row.get("tools"))
    every_tool = unique_tools(tools if tool is None or tool in tools else (tool, *tools))
    note = _check_text(row.get("note"), "note")
    finished = _check_finished(row.get("finished"))
    stopped = _check_enum(row.get("stopped"), "stopped", Stopped)
    steps_json = steps_to_json(_check_steps(row.get("steps")))
    when_text = moment.isoformat()
    content: tuple[object, ...] = (
        when_text,
        before,
        after,
        minutes,
        None if diagnosis is None else diagnosis.value,
        None if helper is None else helper.value,
        every_tool[0].value if every_tool else None,
        note,
        int(finished),
        steps_json,
    )
    if stopped is not None:  # only then, so rows made before `stopped` keep their uids
        content = (*content, stopped.value)
    if len(every_tool) > 1:  # likewise for rows made before `tools`
        content = (*content, "tools", *(tool.value for tool in every_tool))
    uid = _uid_of(row, content, seen)
    return (
        uid,
        when_text,
        int(moment.timestamp()),
        iso_week(moment),
        *content[1:10],
        None if stopped is None else stopped.value,
        tools_json(every_tool),
    )


#: What :meth:`Journal.edit` can change.
EDITABLE: Final = ("before", "after", *DETAILS, "when")


def check_pain(name: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not MIN_PAIN <= value <= MAX_PAIN:
        raise ValueError(f"Pain {name} must be a whole number from 0 to 10, not {value}.")


def check_minutes(minutes: int | None) -> None:
    if minutes is not None and not MIN_SESSION_MINUTES <= minutes <= MAX_SESSION_MINUTES:
        raise ValueError(f"Minutes must be from 1 to 240, not {minutes}.")


def moment_of(when: datetime | str) -> datetime:
    return parse_when(when) if isinstance(when, str) else aware(when)


def edited_columns(changes: Mapping[str, Any]) -> dict[str, object]:
    """The stored columns and values for :meth:`Journal.edit`; raises ValueError."""
    columns: dict[str, object] = {}
    if "before" in changes:
        check_pain("before", changes["before"])
        columns["pain_before"] = changes["before"]
    if "after" in changes:
        if changes["after"] is not None:
            check_pain("after", changes["after"])
        columns["pain_after"] = changes["after"]
    if "minutes" in changes:
        check_minutes(changes["minutes"])
        columns["minutes"] = changes["minutes"]
    for name, kind in (("diagnosis", Diagnosis), ("helper", Helper)):
        if name in changes:
            value = changes[name]
            columns[name] = None if value is None else kind(value).value
    if "tool" in changes or "tools" in changes:  # the tools replace the old ones
        every_tool = unique_tools([changes.get("tool"), *(changes.get("tools") or ())])
        columns["tool"] = every_tool[0].value if every_tool else None
        columns["tools"] = tools_json(every_tool)
    if "note" in changes:
        columns["note"] = clean_text(changes["note"]) or None
    if "when" in changes:
        moment = moment_of(changes["when"])
        columns.update(
            when_text=moment.isoformat(), when_ts=int(moment.timestamp()), week=iso_week(moment)
        )
    return columns
