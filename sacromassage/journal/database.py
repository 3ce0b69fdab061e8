"""The journal's SQLite file: opened safely, migrated in order, written in transactions."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Self

from sacromassage.journal import schema
from sacromassage.journal.entry import (
    CannotWriteError,
    JournalError,
    NotADatabaseError,
    TooNewError,
)
from sacromassage.journal.files import create_private_file, make_private_folder, tighten_journal
from sacromassage.journal.schema import (
    BUSY_TIMEOUT_SECONDS,
    COLUMNS,
    COLUMNS_1,
    COLUMNS_2,
    SCHEMA_VERSION,
)


class Database:
    """The journal's SQLite file; :class:`~sacromassage.journal.store.Journal` reads and
    writes entries through it. Use as a context manager.

    Nothing touches the disk until the first read or write. Reading a journal that
    does not exist yet gives no entries and creates nothing; the first write creates
    the directory and the file.
    """

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self._connection: sqlite3.Connection | None = None
        self._columns = COLUMNS

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    # ---- connecting

    def _exists(self) -> bool:
        """Whether the journal file exists; a folder that cannot be searched is a
        :class:`CannotWriteError` naming it."""
        try:
            if self.path.is_dir():
                raise CannotWriteError(
                    f"Cannot open the journal at {self.path}: it is a directory."
                )
            return self.path.exists()
        except OSError as error:
            raise CannotWriteError(
                f"Cannot open the journal at {self.path}: {reason_of(error)}."
            ) from None

    def _connect(self, *, create: bool) -> sqlite3.Connection | None:
        """The open connection with an up-to-date schema; None if there is no journal
        yet and ``create`` is false (or the journal is read-only and still empty)."""
        if self._connection is not None:
            return self._connection
        if not self._exists():
            if not create:
                self._check_parents(create)
                return None
            self._create()
        tighten_journal(self.path)
        connection = self._open_connection()
        try:
            with self._errors():
                connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
                version = self._read_version(connection)  # refuses a foreign file first
                if version > SCHEMA_VERSION:
                    raise TooNewError(
                        f"The journal at {self.path} was written by a newer sacromassage "
                        f"(schema {version}, this one knows up to {SCHEMA_VERSION}); "
                        "please upgrade sacromassage."
                    )
                if self.read_only:
                    if version == 0:  # an empty file: nothing to read yet
                        connection.close()
                        return None
                    # An older journal is read as it is (reading never migrates).
                    self._columns = {1: COLUMNS_1, 2: COLUMNS_2}.get(version, COLUMNS)
                else:
                    self._prepare(connection, version)
        except BaseException:
            connection.close()
            raise
        self._connection = connection
        return connection

    def _check_parents(self, create: bool) -> None:
        blocker = next((p for p in self.path.parents if p.exists()), None)
        if blocker is not None and not blocker.is_dir():
            verb = "create" if create else "open"
            raise CannotWriteError(
                f"Cannot {verb} the journal at {self.path}: {blocker} is a file, not a folder."
            )

    def _create(self) -> None:
        """Create the private folder and the private, empty journal file."""
        if self.read_only:
            raise CannotWriteError(
                f"Cannot write the journal at {self.path}: it is open for reading."
            )
        self._check_parents(create=True)
        try:
            make_private_folder(self.path.parent)
            create_private_file(self.path)
        except OSError as error:
            raise CannotWriteError(
                f"Cannot create the journal at {self.path}: {reason_of(error)}."
            ) from None

    def _open_connection(self) -> sqlite3.Connection:
        """Connect; reading uses a read-only URI so a read-only journal can be read."""
        try:
            if self.read_only:
                uri = f"{self.path.absolute().as_uri()}?mode=ro"
                connection = sqlite3.connect(
                    uri, uri=True, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None
                )
                if not _readable(connection):  # a WAL journal in a read-only folder
                    connection.close()
                    connection = sqlite3.connect(
                        f"{self.path.absolute().as_uri()}?immutable=1",
                        uri=True,
                        timeout=BUSY_TIMEOUT_SECONDS,
                        isolation_level=None,
                    )
            else:
                connection = sqlite3.connect(
                    self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None
                )
        except sqlite3.Error as error:
            raise CannotWriteError(f"Cannot open the journal at {self.path}: {error}.") from None
        connection.text_factory = _decoded
        return connection

    def _prepare(self, connection: sqlite3.Connection, version: int) -> None:
        """WAL, durable commits, and any pending migration: only once the file is known
        to be a journal (or empty)."""
        self._use_wal(connection)
        connection.execute("PRAGMA synchronous = FULL")
        connection.execute("PRAGMA foreign_keys = ON")
        if version < SCHEMA_VERSION:
            self._migrate(connection)

    def _read_version(self, connection: sqlite3.Connection) -> int:
        """The schema version; reading it is the first touch, so a non-SQLite file
        fails here. A foreign SQLite file (tables but no version) is refused."""
        # One statement, so both values come from the same snapshot even while
        # another process is creating the schema.
        version, tables, journals = connection.execute(
            "SELECT (SELECT user_version FROM pragma_user_version), "
            "(SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'), "
            "(SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'entries')"
        ).fetchone()
        # An empty file becomes a journal; anything else must have the entries table.
        if (version == 0 and tables) or (version != 0 and not journals):
            raise NotADatabaseError(
                f"The file {self.path} is an SQLite database but not a sacromassage "
                "journal; it was left untouched."
            )
        return int(version)

    def _use_wal(self, connection: sqlite3.Connection) -> None:
        """Switch to WAL once; the switch needs a moment alone with the file, so retry
        while another process holds it."""
        deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
        while True:
            try:
                mode = connection.execute("PRAGMA journal_mode").fetchone()[0]
                if str(mode).lower() == "wal":
                    return
                connection.execute("PRAGMA journal_mode = WAL").fetchone()
                return
            except sqlite3.OperationalError as error:
                if not _is_busy(error) or time.monotonic() > deadline:
                    raise
                time.sleep(0.01)

    def _migrate(self, connection: sqlite3.Connection) -> None:
        """Apply every pending migration in one transaction."""
        connection.execute("BEGIN IMMEDIATE")
        try:
            version = self._read_version(connection)  # another process may have migrated
            for number, statements in enumerate(schema.MIGRATIONS, start=1):
                if number <= version:
                    continue
                for statement in statements:
                    connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """Turn sqlite3 failures into one-sentence :class:`JournalError` messages."""
        try:
            yield
        except JournalError:
            raise
        except sqlite3.OperationalError as error:
            text = str(error).lower()
            if _is_busy(error):
                raise JournalError(
                    f"The journal at {self.path} stayed busy for more than "
                    f"{BUSY_TIMEOUT_SECONDS:.0f} s; another sacromassage may be stuck."
                ) from None
            if "readonly" in text or "read-only" in text or "unable to open" in text:
                raise CannotWriteError(
                    f"Cannot write the journal at {self.path}: {error}."
                ) from None
            if "disk i/o" in text or "full" in text:
                raise CannotWriteError(
                    f"Cannot write the journal at {self.path}: {error}."
                ) from None
            raise NotADatabaseError(
                f"The journal at {self.path} could not be read ({error}); it may be damaged "
                "and was left untouched."
            ) from None
        except sqlite3.IntegrityError as error:
            raise JournalError(
                f"The journal at {self.path} refused an entry that breaks its rules ({error})."
            ) from None
        except sqlite3.DatabaseError as error:
            raise NotADatabaseError(
                f"The file {self.path} is not a sacromassage journal or is damaged ({error}); "
                "it was left untouched."
            ) from None

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taking the write lock up front."""
        if self.read_only:
            raise CannotWriteError(
                f"Cannot write the journal at {self.path}: it is open for reading."
            )
        connection = self._connect(create=True)
        if connection is None:  # _connect(create=True) makes the file or raises
            raise CannotWriteError(f"Cannot write the journal at {self.path}.")
        with self._errors():
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")


def _decoded(raw: bytes) -> str:
    """Text from the file; bytes that are not UTF-8 (a damaged row) become U+FFFD."""
    return raw.decode("utf-8", "replace")


def _readable(connection: sqlite3.Connection) -> bool:
    """Whether a read-only connection can read; False when SQLite cannot open the WAL
    index (a WAL journal in a read-only folder), which immutable mode reads instead."""
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError as error:
        return "unable to open" not in str(error).lower()
    except sqlite3.DatabaseError:
        return True  # not a database: reported by the first real read
    return True


def _is_busy(error: sqlite3.OperationalError) -> bool:
    text = str(error).lower()
    return "locked" in text or "busy" in text


def reason_of(error: OSError) -> str:
    if isinstance(error, NotADirectoryError | FileExistsError):
        return "a file is in the way of the directory"
    return str(error.strerror or error).rstrip(".").lower() or "unknown error"
