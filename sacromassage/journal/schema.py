"""The journal's SQLite schema: its migrations, its columns and the statement that adds a row."""

from __future__ import annotations

from typing import Final

BUSY_TIMEOUT_SECONDS: Final = 10.0
#: The largest integer SQLite stores; larger ids cannot exist.
SQLITE_MAX_INT: Final = 2**63 - 1

# Tallies of the entries that triggers keep up to date, so `journal stats` reads a few
# small tables instead of every entry. A missing value is stored as -1 (pain after) or
# '' (helper, stopped, tool), because a primary key treats NULLs as all different.
_TALLY_TABLES: Final = (
    # Every session by its pain before and after, helper, and how it ended.
    "CREATE TABLE tally (before INTEGER NOT NULL, after INTEGER NOT NULL, "
    "helper TEXT NOT NULL, finished INTEGER NOT NULL, stopped TEXT NOT NULL, "
    "sessions INTEGER NOT NULL, PRIMARY KEY (before, after, helper, finished, stopped)) "
    "WITHOUT ROWID",
    # Every session by its local day and pain before (the course over weeks).
    "CREATE TABLE tally_days (day TEXT NOT NULL, before INTEGER NOT NULL, "
    "sessions INTEGER NOT NULL, PRIMARY KEY (day, before)) WITHOUT ROWID",
    # Sessions with pain after, by ISO week.
    "CREATE TABLE tally_weeks (week TEXT NOT NULL PRIMARY KEY, sessions INTEGER NOT NULL, "
    "total_before INTEGER NOT NULL, total_after INTEGER NOT NULL) WITHOUT ROWID",
    # Sessions with pain after, once for each of their tools ('' for none).
    "CREATE TABLE tally_tools (tool TEXT NOT NULL PRIMARY KEY, sessions INTEGER NOT NULL, "
    "total_relief INTEGER NOT NULL) WITHOUT ROWID",
)


def _counted(row: str, sign: str) -> tuple[str, ...]:
    """The statements that add (sign '+') or take away ('-') one entry, ``row`` (NEW or
    OLD), in every tally; tallies that reach zero are removed."""
    after = f"coalesce({row}.pain_after, -1)"
    recorded = f"WHERE {row}.pain_after IS NOT NULL"
    drop = f"{row}.pain_before - {row}.pain_after"
    # WHERE true: an INSERT ... SELECT needs a WHERE before ON CONFLICT (SQLite's grammar).
    return (
        "INSERT INTO tally SELECT "
        f"{row}.pain_before, {after}, coalesce({row}.helper, ''), {row}.finished, "
        f"coalesce({row}.stopped, ''), {sign}1 WHERE true "
        f"ON CONFLICT DO UPDATE SET sessions = sessions {sign} 1;",
        "INSERT INTO tally_days SELECT "
        f"date({row}.when_ts, 'unixepoch', 'localtime'), {row}.pain_before, {sign}1 WHERE true "
        f"ON CONFLICT DO UPDATE SET sessions = sessions {sign} 1;",
        f"INSERT INTO tally_weeks SELECT {row}.week, {sign}1, {sign}{row}.pain_before, "
        f"{sign}{row}.pain_after {recorded} ON CONFLICT DO UPDATE SET "
        f"sessions = sessions {sign} 1, total_before = total_before {sign} {row}.pain_before, "
        f"total_after = total_after {sign} {row}.pain_after;",
        f"INSERT INTO tally_tools SELECT value, {sign}1, {sign}({drop}) "
        f"FROM json_each({row}.tools) {recorded} "
        f"UNION ALL SELECT '', {sign}1, {sign}({drop}) {recorded} "
        f"AND json_array_length({row}.tools) = 0 ON CONFLICT DO UPDATE SET "
        f"sessions = sessions {sign} 1, total_relief = total_relief {sign} ({drop});",
    )


_EMPTIED: Final = tuple(
    f"DELETE FROM {table} WHERE sessions = 0;"
    for table in ("tally", "tally_days", "tally_weeks", "tally_tools")
)


def _trigger(name: str, event: str, body: tuple[str, ...]) -> str:
    return f"CREATE TRIGGER {name} AFTER {event} ON entries BEGIN {' '.join(body)} END"


#: The tally tables, their triggers, and the statements that fill them from the entries.
TALLIES: Final = (
    *_TALLY_TABLES,
    _trigger("tally_insert", "INSERT", _counted("NEW", "+")),
    _trigger("tally_delete", "DELETE", (*_counted("OLD", "-"), *_EMPTIED)),
    _trigger("tally_update", "UPDATE", (*_counted("OLD", "-"), *_counted("NEW", "+"), *_EMPTIED)),
    "INSERT INTO tally SELECT pain_before, coalesce(pain_after, -1), coalesce(helper, ''), "
    "finished, coalesce(stopped, ''), count(*) FROM entries GROUP BY 1, 2, 3, 4, 5",
    "INSERT INTO tally_days SELECT date(when_ts, 'unixepoch', 'localtime'), pain_before, "
    "count(*) FROM entries GROUP BY 1, 2",
    "INSERT INTO tally_weeks SELECT week, count(*), sum(pain_before), sum(pain_after) "
    "FROM entries WHERE pain_after IS NOT NULL GROUP BY week",
    "INSERT INTO tally_tools SELECT CASE WHEN json_array_length(tools) = 0 THEN '' "
    "ELSE value END, count(*), sum(pain_before - pain_after) "
    "FROM entries LEFT JOIN json_each(entries.tools) WHERE pain_after IS NOT NULL GROUP BY 1",
)

# The columns every version of the entries table has, around pain_after (which became
# optional in schema 2): one text each, so the two CREATE TABLEs cannot drift apart.
_SESSION: Final = (
    "\n"
    + """            id INTEGER PRIMARY KEY AUTOINCREMENT,
            uid TEXT NOT NULL UNIQUE,
            when_text TEXT NOT NULL,
            when_ts INTEGER NOT NULL,
            week TEXT NOT NULL,
            pain_before INTEGER NOT NULL CHECK (pain_before BETWEEN 0 AND 10),"""
)
_DETAILS: Final = (
    "\n"
    + """            minutes INTEGER CHECK (minutes IS NULL OR minutes BETWEEN 1 AND 240),
            diagnosis TEXT,
            helper TEXT,
            tool TEXT,
            note TEXT,
            finished INTEGER NOT NULL DEFAULT 1 CHECK (finished IN (0, 1)),
            steps TEXT NOT NULL DEFAULT '[]'"""
)

# Each migration is a list of statements; migration N brings user_version to N.
MIGRATIONS: Final[tuple[tuple[str, ...], ...]] = (
    (
        f"""
        CREATE TABLE entries ({_SESSION}
            pain_after INTEGER NOT NULL CHECK (pain_after BETWEEN 0 AND 10),{_DETAILS}
        )
        """,
        "CREATE INDEX entries_when ON entries (when_ts, id)",
    ),
    # 2: pain after may be unknown (NULL: not recorded), and why a session stopped early.
    # SQLite cannot drop a NOT NULL, so the table is rebuilt; every row and id is kept.
    (
        f"""
        CREATE TABLE entries_new ({_SESSION}
            pain_after INTEGER CHECK (pain_after IS NULL OR pain_after BETWEEN 0 AND 10),{_DETAILS},
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
    # 4: weekly check-ins, and tallies SQLite keeps up to date (see TALLIES), filled
    # from the entries already there; no entry changes.
    (
        """
        CREATE TABLE check_ins (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            uid TEXT NOT NULL UNIQUE,
            when_text TEXT NOT NULL,
            when_ts INTEGER NOT NULL,
            week TEXT NOT NULL,
            pain_average INTEGER NOT NULL CHECK (pain_average BETWEEN 0 AND 10),
            enjoyment INTEGER NOT NULL CHECK (enjoyment BETWEEN 0 AND 10),
            activity INTEGER NOT NULL CHECK (activity BETWEEN 0 AND 10),
            change INTEGER CHECK (change IS NULL OR change BETWEEN 1 AND 7)
        )
        """,
        "CREATE INDEX check_ins_when ON check_ins (when_ts, id)",
        *TALLIES,
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

CHECK_IN_COLUMNS: Final = "id, uid, when_text, pain_average, enjoyment, activity, change"

INSERT_CHECK_IN: Final = (
    "INSERT OR IGNORE INTO check_ins (uid, when_text, when_ts, week, pain_average, "
    "enjoyment, activity, change) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)
