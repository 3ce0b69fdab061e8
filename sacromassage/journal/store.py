"""The pain journal's entries: added, edited, listed, imported and summarised."""

from __future__ import annotations

import builtins
import uuid
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date, datetime
from datetime import time as clock
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sacromassage.journal.words import JournalWords

from sacromassage.journal.database import Database
from sacromassage.journal.dates import iso_week, now
from sacromassage.journal.entry import (
    BadImportError,
    CannotWriteError,
    Entry,
    JournalError,
    NoSuchEntryError,
    StepOutcome,
    Stopped,
    clean_text,
    stored_key,
    unique_tools,
)
from sacromassage.journal.rows import (
    EDITABLE,
    RowProblemError,
    check_minutes,
    check_pain,
    coerce_steps,
    edited_columns,
    entry_from_row,
    moment_of,
    row_values,
    steps_to_json,
    tools_json,
)
from sacromassage.journal.schema import COLUMNS, INSERT, SQLITE_MAX_INT
from sacromassage.journal.stats import Stats, summarise
from sacromassage.journal.tally import DayPain, Group, Pair, Summary, WeekTally
from sacromassage.model import Diagnosis, Helper, StepTool
from sacromassage.paths import PathError, journal_file


def journal_path() -> Path:
    """Where the journal lives (see :func:`sacromassage.paths.journal_file`); a location
    that cannot be worked out is a :class:`JournalError`."""
    try:
        return journal_file()
    except PathError as error:
        raise JournalError(str(error)) from None


class Journal(Database):
    """The journal file's entries. Open with :meth:`open`; use as a context manager."""

    @classmethod
    def open(cls, path: Path | None = None, *, read_only: bool = False) -> Journal:
        """A journal at ``path``, by default :func:`journal_path`. Opens an existing
        file straight away so a damaged or foreign file is reported early. A journal
        opened ``read_only`` never writes (so a read-only file or folder can still be
        read) and refuses every change."""
        journal = cls(journal_path() if path is None else path, read_only=read_only)
        if journal._exists():
            journal._connect(create=False)
        return journal

    # ---- writing

    def add(
        self,
        *,
        before: int,
        after: int | None,
        minutes: int | None = None,
        diagnosis: Diagnosis | None = None,
        helper: Helper | None = None,
        tool: StepTool | None = None,
        note: str | None = None,
        when: datetime | str | None = None,
        tools: Iterable[StepTool] = (),
        finished: bool = True,
        steps: Iterable[StepOutcome | Mapping[str, Any]] = (),
        stopped: Stopped | None = None,
    ) -> Entry:
        """Log one session and return it with its new id.

        ``after`` None means pain after was not recorded. ``tools`` are every tool
        used (``tool``, if given, comes first; repeats are dropped). ``when`` defaults to now; a
        string is read by :func:`parse_when`. Raises ``ValueError`` for out-of-range
        values and :class:`JournalError` for file trouble.
        """
        check_pain("before", before)
        if after is not None:
            check_pain("after", after)
        check_minutes(minutes)
        moment = now() if when is None else moment_of(when)
        outcomes = coerce_steps(steps)
        every_tool = unique_tools([tool, *tools])
        entry = Entry(
            id=0,
            uid=uuid.uuid4().hex,
            when=moment.isoformat(),
            before=before,
            after=after,
            minutes=minutes,
            diagnosis=None if diagnosis is None else Diagnosis(diagnosis),
            helper=None if helper is None else Helper(helper),
            tool=every_tool[0] if every_tool else None,
            tools=every_tool,
            note=clean_text(note) or None,
            finished=bool(finished),
            steps=outcomes,
            stopped=None if stopped is None else Stopped(stopped),
        )
        values = (
            entry.uid,
            entry.when,
            int(moment.timestamp()),
            iso_week(moment),
            entry.before,
            entry.after,
            entry.minutes,
            stored_key(entry.diagnosis),
            stored_key(entry.helper),
            stored_key(entry.tool),
            entry.note,
            int(entry.finished),
            steps_to_json(entry.steps),
            stored_key(entry.stopped),
            tools_json(entry.tools),
        )
        with self._write() as connection:
            cursor = connection.execute(INSERT, values)
            new_id = cursor.lastrowid
        if new_id is None:  # an INSERT always has a row id: never seen
            raise CannotWriteError(f"The journal at {self.path} gave the new entry no id.")
        return replace(entry, id=new_id)

    def edit(self, entry_id: int, **changes: Any) -> Entry:
        """Change only the fields given (any of :data:`EDITABLE`; ``None`` clears an
        optional one) of one entry and return it; its id and uid are kept. Raises
        :class:`NoSuchEntryError` for an unknown id and ``ValueError`` for a bad value,
        before anything is written."""
        unknown = sorted(set(changes) - set(EDITABLE))
        if unknown:
            raise TypeError(f"Cannot edit {', '.join(unknown)}.")
        columns = edited_columns(changes)
        if self._connect(create=False) is None or abs(entry_id) > SQLITE_MAX_INT:
            raise self._missing(entry_id)
        with self._write() as connection:
            if columns:
                assignments = ", ".join(f"{name} = ?" for name in columns)
                cursor = connection.execute(
                    f"UPDATE entries SET {assignments} WHERE id = ?",
                    [*columns.values(), entry_id],
                )
            else:
                cursor = connection.execute("SELECT id FROM entries WHERE id = ?", (entry_id,))
            found = cursor.rowcount if columns else len(cursor.fetchall())
            if found == 0:
                raise self._missing(entry_id)
        return self.get(entry_id)

    def delete(self, entry_id: int) -> None:
        """Remove one entry; :class:`NoSuchEntryError` if there is none with that id."""
        if self._connect(create=False) is None or abs(entry_id) > SQLITE_MAX_INT:
            raise self._missing(entry_id)
        with self._write() as connection:
            cursor = connection.execute("DELETE FROM entries WHERE id = ?", (entry_id,))
            if cursor.rowcount == 0:
                raise self._missing(entry_id)

    def import_rows(self, rows: Iterable[Mapping[str, Any]], source: str = "the rows") -> int:
        """Merge rows shaped like :meth:`export_rows` (ids are ignored, new ones are
        given) and return how many were added. Rows whose ``uid`` is already present are
        skipped. Every row is checked before anything is written, and all are written in
        one transaction; a bad row raises :class:`BadImportError` naming ``source`` and the row.
        """
        values = []
        seen: Counter[str] = Counter()
        for number, row in enumerate(rows, start=1):
            try:
                values.append(row_values(row, seen))
            except RowProblemError as problem:
                raise BadImportError(f"Cannot import {source}: row {number} {problem}.") from None
        if not values:
            return 0
        with self._write() as connection:
            before = connection.total_changes
            connection.executemany(INSERT, values)
            return connection.total_changes - before

    # ---- reading

    def get(self, entry_id: int) -> Entry:
        connection = self._connect(create=False)
        if connection is not None and abs(entry_id) <= SQLITE_MAX_INT:
            with self._errors():
                row = connection.execute(
                    f"SELECT {self._columns} FROM entries WHERE id = ?", (entry_id,)
                ).fetchone()
            if row is not None:
                return entry_from_row(row)
        raise self._missing(entry_id)

    def list(self, last: int | None = None, since: date | None = None) -> builtins.list[Entry]:
        """Entries oldest first (by time, then id): only those from local midnight of
        ``since`` on, and only the newest ``last`` of those."""
        connection = self._connect(create=False)
        if connection is None:
            return []
        where, parameters = "", builtins.list[object]()
        if since is not None:
            where = "WHERE when_ts >= ?"
            parameters.append(local_midnight(since))
        with self._errors():
            if last is None:
                rows = connection.execute(
                    f"SELECT {self._columns} FROM entries {where} ORDER BY when_ts, id", parameters
                ).fetchall()
            else:
                rows = connection.execute(
                    f"SELECT {self._columns} FROM entries {where} "
                    "ORDER BY when_ts DESC, id DESC LIMIT ?",
                    [*parameters, min(max(last, 0), SQLITE_MAX_INT)],
                ).fetchall()
                rows.reverse()
        return [entry_from_row(row) for row in rows]

    def count(self) -> int:
        connection = self._connect(create=False)
        if connection is None:
            return 0
        with self._errors():
            return int(connection.execute("SELECT count(*) FROM entries").fetchone()[0])

    def export_rows(self) -> builtins.list[dict[str, Any]]:
        """Every entry as a dict (see :data:`FIELDS`), oldest first: a full backup."""
        return [entry.to_dict() for entry in self.list()]

    def stats(self, today: date | None = None, words: JournalWords | None = None) -> Stats:
        """Summaries over every session, finished or not, and the two-layer verdict (see
        :mod:`sacromassage.journal.stats`); ``today`` (default: today) decides whether a
        check-in is due, ``words`` default to ``data/journal.toml``."""
        from sacromassage.journal import words as journal_words

        return summarise(
            self.summary(),
            journal_words.load() if words is None else words,
            now().date() if today is None else today,
        )

    def summary(self) -> Summary:
        """The tallies :func:`~sacromassage.journal.stats.summarise` needs, counted in SQL."""
        connection = self._connect(create=False)
        if connection is None:
            return Summary(0, 0, 0, (), (), (), (), (), ())
        current = self._columns == COLUMNS
        # An older journal opened for reading lacks tools (and schema 1 lacks stopped).
        tools = "tools" if current else "CASE WHEN tool IS NULL THEN '[]' ELSE json_array(tool) END"
        stopped = "stopped" if "stopped" in self._columns.split(", ") else "NULL"
        recorded = "WHERE pain_after IS NOT NULL"
        drop = "pain_before - pain_after"
        with self._errors():
            sessions, finished, hurt = connection.execute(
                f"SELECT count(*), total(finished), total({stopped} = 'hurt') FROM entries"
            ).fetchone()
            pairs = connection.execute(
                f"SELECT pain_before, pain_after, count(*) FROM entries {recorded} "
                "GROUP BY pain_before, pain_after"
            ).fetchall()
            helpers = connection.execute(
                f"SELECT helper, count(*), total({drop}) FROM entries {recorded} "
                "GROUP BY helper ORDER BY helper IS NULL, helper"
            ).fetchall()
            by_tool = connection.execute(
                f"SELECT value, count(*), total({drop}) FROM entries, json_each({tools}) "
                f"{recorded} GROUP BY value ORDER BY value"
            ).fetchall()
            no_tool = connection.execute(
                f"SELECT count(*), total({drop}) FROM entries {recorded} AND {tools} = '[]'"
            ).fetchone()
            weeks = connection.execute(
                f"SELECT week, count(*), total(pain_before), total(pain_after) FROM entries "
                f"{recorded} GROUP BY week ORDER BY week"
            ).fetchall()
            days = connection.execute(
                "SELECT date(when_ts, 'unixepoch', 'localtime') AS day, pain_before, count(*) "
                "FROM entries GROUP BY day, pain_before ORDER BY day, pain_before"
            ).fetchall()
        tool_groups = [Group(key, count, int(total)) for key, count, total in by_tool]
        if no_tool[0]:
            tool_groups.append(Group(None, no_tool[0], int(no_tool[1])))
        return Summary(
            sessions=sessions,
            finished=int(finished),
            stopped_hurt=int(hurt),
            pairs=tuple(Pair(*row) for row in pairs),
            by_helper=tuple(Group(key, count, int(total)) for key, count, total in helpers),
            by_tool=tuple(tool_groups),
            weeks=tuple(WeekTally(w, n, int(b), int(a)) for w, n, b, a in weeks),
            days=tuple(DayPain(date.fromisoformat(d), before, n) for d, before, n in days),
            check_ins=(),
        )

    def _missing(self, entry_id: int) -> NoSuchEntryError:
        return NoSuchEntryError(f"No entry with id {entry_id} in {self.path}.")


def local_midnight(day: date) -> int:
    """The timestamp of local midnight on ``day``; a day too early or too late for the
    clock gives the earliest or latest timestamp SQLite holds."""
    try:
        return int(datetime.combine(day, clock()).astimezone().timestamp())
    except (OverflowError, OSError, ValueError):
        return -SQLITE_MAX_INT if day.year < 1970 else SQLITE_MAX_INT
