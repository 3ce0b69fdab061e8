"""The pain journal: entries stored in SQLite, moved in and out as CSV or JSON, summarised."""
