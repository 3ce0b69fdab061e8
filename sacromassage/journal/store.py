"""The pain journal's entries: added, edited, listed, imported and summarised."""

from __future__ import annotations

import builtins
import uuid
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from datetime import time as clock
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict, Unpack

if TYPE_CHECKING:
    from sacromassage.journal.words import JournalWords

from sacromassage.journal import totals
from sacromassage.journal.database import Database
from sacromassage.journal.dates import iso_week, now
from sacromassage.journal.entry import (
    BadImportError,
    CannotWriteError,
    Entry,
    JournalError,
    Kind,
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
    check_check_in,
    check_in_from_row,
    check_in_values,
    check_minutes,
    check_pain,
    coerce_steps,
    edited_columns,
    entry_from_row,
    kind_of,
    moment_of,
    row_values,
    steps_to_json,
    tools_json,
)
from sacromassage.journal.schema import (
    CHECK_IN_COLUMNS,
    INSERT,
    INSERT_CHECK_IN,
    SQLITE_MAX_INT,
)
from sacromassage.journal.stats import Stats, summarise
from sacromassage.journal.tally import (
    CheckIn,
    DayPain,
    Summary,
)
from sacromassage.journal.totals import ALL_WEEKS, Weeks
from sacromassage.model import Diagnosis, Helper, StepTool
from sacromassage.paths import PathError, journal_file

#: The first schema with check-ins and tallies.
CHECK_INS_SCHEMA = 4


def journal_path() -> Path:
    """Where the journal lives (see :func:`sacromassage.paths.journal_file`); a location
    that cannot be worked out is a :class:`JournalError`."""
    try:
        return journal_file()
    except PathError as error:
        raise JournalError(str(error)) from None


class SessionDetails(TypedDict, total=False):
    """What :meth:`Journal.add` takes besides the pain before and after."""

    minutes: int | None
    diagnosis: Diagnosis | None
    helper: Helper | None
    tool: StepTool | None
    note: str | None
    #: Default: now; a string is read by :func:`~sacromassage.journal.dates.parse_when`.
    when: datetime | str | None
    tools: Iterable[StepTool]
    #: Default: True.
    finished: bool
    steps: Iterable[StepOutcome | Mapping[str, Any]]
    stopped: Stopped | None


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

    def add(self, *, before: int, after: int | None, **details: Unpack[SessionDetails]) -> Entry:
        """Log one session and return it with its new id.

        ``after`` None means pain after was not recorded; the rest is optional (see
        :class:`SessionDetails`, typed keywords). ``tools`` are every tool used (``tool``,
        if given, comes first; repeats are dropped). Raises ``ValueError`` for out-of-range
        values and :class:`JournalError` for file trouble.
        """
        check_pain("before", before)
        if after is not None:
            check_pain("after", after)
        minutes, when = details.get("minutes"), details.get("when")
        diagnosis, helper = details.get("diagnosis"), details.get("helper")
        stopped = details.get("stopped")
        check_minutes(minutes)
        moment = now() if when is None else moment_of(when)
        outcomes = coerce_steps(details.get("steps", ()))
        every_tool = unique_tools([details.get("tool"), *details.get("tools", ())])
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
            note=clean_text(details.get("note")) or None,
            finished=bool(details.get("finished", True)),
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
        return entry._replace(id=new_id)

    def add_check_in(
        self,
        *,
        pain_average: int,
        enjoyment: int,
        activity: int,
        change: int | None = None,
        when: datetime | str | None = None,
    ) -> CheckIn:
        """Save one weekly check-in and return it with its new id: the PEG's three 0-10
        answers for the past week, and the impression of change since starting (1-7, or
        None). Raises ``ValueError`` for out-of-range values, before anything is written."""
        check_check_in(pain_average, enjoyment, activity, change)
        moment = now() if when is None else moment_of(when)
        check_in = CheckIn(
            0, uuid.uuid4().hex, moment.isoformat(), pain_average, enjoyment, activity, change
        )
        values = (
            check_in.uid,
            check_in.when,
            int(moment.timestamp()),
            iso_week(moment),
            pain_average,
            enjoyment,
            activity,
            change,
        )
        with self._write() as connection:
            new_id = connection.execute(INSERT_CHECK_IN, values).lastrowid
        if new_id is None:  # an INSERT always has a row id: never seen
            raise CannotWriteError(f"The journal at {self.path} gave the check-in no id.")
        return check_in._replace(id=new_id)

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
        given) and return how many were added: sessions, and check-ins (``kind``
        ``check-in``; a row without ``kind`` is a session). Rows whose ``uid`` is already
        present are skipped. Every row is checked before anything is written, and all are written in
        one transaction; a bad row raises :class:`BadImportError` naming ``source`` and the row.
        """
        sessions, check_ins = [], []
        seen: Counter[str] = Counter()
        for number, row in enumerate(rows, start=1):
            try:
                if kind_of(row) is Kind.CHECK_IN:
                    check_ins.append(check_in_values(row, seen))
                else:
                    sessions.append(row_values(row, seen))
            except RowProblemError as problem:
                raise BadImportError(f"Cannot import {source}: row {number} {problem}.") from None
        if not sessions and not check_ins:
            return 0
        # rowcount, unlike total_changes, leaves out what the tally triggers change.
        with self._write() as connection:
            added = connection.executemany(INSERT, sessions).rowcount if sessions else 0
            if check_ins:
                added += connection.executemany(INSERT_CHECK_IN, check_ins).rowcount
            return added

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

    def check_ins(self) -> builtins.list[CheckIn]:
        """Every weekly check-in, oldest first (by time, then id); none in a journal
        from before check-ins (schema 3 or older, read as it is)."""
        connection = self._connect(create=False)
        if connection is None or self._schema < CHECK_INS_SCHEMA:
            return []
        with self._errors():
            rows = connection.execute(
                f"SELECT {CHECK_IN_COLUMNS} FROM check_ins ORDER BY when_ts, id"
            ).fetchall()
        return [check_in_from_row(row) for row in rows]

    def export_rows(self) -> builtins.list[dict[str, Any]]:
        """A full backup: every session (``kind`` ``session``, see :data:`FIELDS`) then
        every check-in (``kind`` ``check-in``), each oldest first."""
        from sacromassage.journal.transfer import export_items

        return export_items(self.list(), self.check_ins())

    def stats(
        self,
        today: date | None = None,
        words: JournalWords | None = None,
        weeks: Weeks = ALL_WEEKS,
    ) -> Stats:
        """Summaries over every session, finished or not, and the two-layer verdict (see
        :mod:`sacromassage.journal.stats`); ``today`` (default: today) decides whether a
        check-in is due, ``words`` default to ``data/journal.toml``."""
        from sacromassage.journal import words as journal_words

        return summarise(
            self.summary(weeks),
            journal_words.load() if words is None else words,
            now().date() if today is None else today,
        )

    def summary(self, weeks: Weeks = ALL_WEEKS) -> Summary:
        """The tallies :func:`~sacromassage.journal.stats.summarise` needs: read from the
        tally tables SQLite keeps (schema 4 on), or counted from the entries in an older
        journal read as it is. ``weeks`` says which ISO weeks to hold: a screen draws a
        few of a journal that may span years."""
        connection = self._connect(create=False)
        if connection is None:
            return Summary(0, 0, 0, (), (), (), (), (), ())
        with self._errors():
            if self._schema >= CHECK_INS_SCHEMA:
                return totals.kept_summary(connection, tuple(self.check_ins()), weeks)
            summary = totals.counted_summary(connection, self._columns)
        kept = [week for week in summary.weeks if week.week >= weeks.since]
        return summary._replace(weeks=tuple(kept[-weeks.newest :] if weeks.newest else kept))

    def days_since(self, since: date) -> tuple[DayPain, ...]:
        """Sessions by local day and pain before, from ``since`` on: a handful of rows
        from the tallies (or, in an older journal read as it is, counted from entries)."""
        connection = self._connect(create=False)
        if connection is None:
            return ()
        with self._errors():
            if self._schema >= CHECK_INS_SCHEMA:
                return totals.kept_days(connection, since)
            return totals.counted_days(connection, local_midnight(since))

    def _missing(self, entry_id: int) -> NoSuchEntryError:
        return NoSuchEntryError(f"No entry with id {entry_id} in {self.path}.")


def local_midnight(day: date) -> int:
    """The timestamp of local midnight on ``day``; a day too early or too late for the
    clock gives the earliest or latest timestamp SQLite holds."""
    try:
        return int(datetime.combine(day, clock()).astimezone().timestamp())
    except (OverflowError, OSError, ValueError):
        return -SQLITE_MAX_INT if day.year < 1970 else SQLITE_MAX_INT
