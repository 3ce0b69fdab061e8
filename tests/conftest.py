"""Shared fixtures: the knowledge base loaded once, and a pinned, colourless environment."""

from __future__ import annotations

import pytest

from sacromassage.guide.knowledge import Knowledge, load

# Loaded once for the whole run, without touching the user's cache folder.
KNOWLEDGE = load(use_cache=False)

# Notes that break naive CSV, SQL or markup handling; they must survive every round trip.
TRICKY_NOTES = [
    "He said \"stop\", then: 'fine'",
    "a,b,,c",
    "line one\nline two\r\nline three\rend",
    "emoji 😀🔥 and ünïcødé ✓",
    "'); DROP TABLE entries;--",
    "  leading and trailing spaces  ",
    "tab\there; semicolon; [bold]not markup[/bold]",
]


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    return KNOWLEDGE


@pytest.fixture(autouse=True)
def _pinned_terminal(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Same width and no colour everywhere, so output is deterministic; journal isolated."""
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("LINES", "40")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("SACROMASSAGE_HOME", str(tmp_path_factory.mktemp("home")))
    monkeypatch.setenv("SACROMASSAGE_CACHE", str(tmp_path_factory.mktemp("cache")))
