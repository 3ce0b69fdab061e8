"""The journal's SQLite schema: its migrations, its columns and the statement that adds a row."""

from __future__ import annotations

from typing import Final

BUSY_TIMEOUT_SECONDS: Final = 10.0
#: The largest integer SQLite stores; larger ids cannot exist.
SQLITE_MAX_INT: Final = 2**63 - 1

# Each migration is a list of statements; migration N brings user_version to N.
MIGRATIONS: Final[tuple[tuple[str, ...], ...]] = (
    (
        """
        CREATE TABLE entries (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            uid TEXT NOT NULL UNIQUE,
            when_text TEXT NOT NULL,
            when_ts INTEGER NOT NULL,
            week TEXT NOT NULL,
            pain_before INTEGER NOT NULL CHECK (pain_before BETWEEN 0 AND 10),
            pain_after INTEGER NOT NULL CHECK (pain_after BETWEEN 0 AND 10),
            minutes INTEGER CHECK (minutes IS NULL OR minutes BETWEEN 1 AND 240),
            diagnosis TEXT,
            helper TEXT,
            tool TEXT,
            note TEXT,
            finished INTEGER NOT NULL DEFAULT 1 CHECK (finished IN (0, 1)),
            steps TEXT NOT NULL DEFAULT '[]'
        )
        """,
        "CREATE INDEX entries_when ON entries (when_ts, id)",
    ),
    # 2: pain after may be unknown (NULL: not recorded), and why a session stopped early.
    # SQLite cannot drop a NOT NULL, so the table is rebuilt; every row and id is kept.
    (
        """
        CREATE TABLE entries_new (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            uid TEXT NOT NULL UNIQUE,
            when_text TEXT NOT NULL,
            when_ts INTEGER NOT NULL,
            week TEXT NOT NULL,
            pain_before INTEGER NOT NULL CHECK (pain_before BETWEEN 0 AND 10),
            pain_after INTEGER CHECK (pain_after IS NULL OR pain_after BETWEEN 0 AND 10),
            minutes INTEGER CHECK (minutes IS NULL OR minutes BETWEEN 1 AND 240),
            diagnosis TEXT,
            helper TEXT,
            tool TEXT,
            note TEXT,
            finished INTEGER NOT NULL DEFAULT 1 CHECK (finished IN (0, 1)),
            steps TEXT NOT NULL DEFAULT '[]',
            stopped TEXT
        )
        """,
        "INSERT INTO entries_new (id, uid, when_text, when_ts, week, pain_before, pain_after, "
        "minutes, diagnosis, helper, tool, note, finished, steps) "
        "SELECT id, uid, when_text, when_ts, week, pain_before, pain_after, minutes, "
        "diagnosis, helper, tool, note, finished, steps FROM entries",
        "DROP TABLE entries",
        "ALTER TABLE entries_new RENAME TO entries",
        "CREATE INDEX entries_when ON entries (when_ts, id)",
    ),
    # 3: every tool of a session (a JSON list; ``tool`` stays the first), filled from
    # ``tool`` so nothing recorded before is lost.
    (
        "ALTER TABLE entries ADD COLUMN tools TEXT NOT NULL DEFAULT '[]'",
        "UPDATE entries SET tools = json_array(tool) WHERE tool IS NOT NULL",
    ),
)
SCHEMA_VERSION: Final = len(MIGRATIONS)

COLUMNS: Final = (
    "id, uid, when_text, pain_before, pain_after, minutes, diagnosis, helper, tool, note, "
    "finished, steps, stopped, tools"
)
#: The same columns from a schema-2 journal opened for reading (it has no tools: the
#: entry then falls back to its one ``tool``).
COLUMNS_2: Final = COLUMNS.replace("tools", "'[]'")
#: ...and from a schema-1 journal (it has no stopped either).
COLUMNS_1: Final = COLUMNS_2.replace("stopped", "NULL")


INSERT: Final = (
    "INSERT OR IGNORE INTO entries (uid, when_text, when_ts, week, pain_before, pain_after, "
    "minutes, diagnosis, helper, tool, note, finished, steps, stopped, tools) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
