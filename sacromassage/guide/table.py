"""One TOML table read field by field; every error names the file and the key."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from enum import StrEnum
from typing import Any, TypeVar

from sacromassage.guide.knowledge import KnowledgeError

E = TypeVar("E", bound=StrEnum)
T = TypeVar("T")


class Table:
    """One TOML table being read, remembering where it came from for error messages."""

    def __init__(self, file: str, path: str, raw: Any, sources: Mapping[str, object]) -> None:
        if not isinstance(raw, dict):
            raise KnowledgeError(f"{file}: [{path}] must be a table")
        self.file, self.path, self.raw, self.known_sources = file, path, raw, sources
        self.used: set[str] = set()

    def fail(self, key: str, problem: str) -> KnowledgeError:
        where = f"[{self.path}] " if self.path else ""
        return KnowledgeError(f"{self.file}: {where}{key}: {problem}")

    def _get(self, key: str, optional: bool = False) -> Any:
        self.used.add(key)
        if key not in self.raw:
            if optional:
                return None
            raise self.fail(key, "is missing")
        return self.raw[key]

    def text(self, key: str) -> str:
        value = self._get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, "must be a non-empty string")
        return " ".join(value.split())

    def optional_text(self, key: str) -> str | None:
        return self.text(key) if key in self.raw else self._get(key, optional=True)

    def texts(self, key: str) -> tuple[str, ...]:
        value = self._get(key)
        if not isinstance(value, list) or not value:
            raise self.fail(key, "must be a non-empty list of strings")
        if not all(isinstance(item, str) and item.strip() for item in value):
            raise self.fail(key, "must hold only non-empty strings")
        return tuple(" ".join(item.split()) for item in value)

    def flag(self, key: str) -> bool:
        value = self._get(key)
        if not isinstance(value, bool):
            raise self.fail(key, "must be true or false")
        return value

    def number(self, key: str, low: int, high: int) -> int:
        value = self._get(key)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.fail(key, f"must be a whole number from {low} to {high}")
        return value

    def choice(self, key: str, kind: type[E]) -> E:
        value = self._get(key)
        return self._member(key, value, kind)

    def optional_choice(self, key: str, kind: type[E]) -> E | None:
        return self.choice(key, kind) if key in self.raw else self._get(key, optional=True)

    def choices(self, key: str, kind: type[E], allow_empty: bool = True) -> tuple[E, ...]:
        value = self._get(key)
        if not isinstance(value, list) or (not value and not allow_empty):
            raise self.fail(key, "must be a list" + ("" if allow_empty else " with items"))
        return tuple(self._member(key, item, kind) for item in value)

    def _member(self, key: str, value: Any, kind: type[E]) -> E:
        valid = [member.value for member in kind]
        if value not in valid:
            raise self.fail(key, f"{value!r} is not one of {', '.join(valid)}")
        return kind(value)

    def source_keys(self) -> tuple[str, ...]:
        keys = self.texts("sources")
        for key in keys:
            if key not in self.known_sources:
                raise self.fail("sources", f"unknown source {key!r} (add it to sources.toml)")
        return keys

    def optional_choices(self, key: str, kind: type[E]) -> tuple[E, ...]:
        return self.choices(key, kind) if key in self.raw else ()

    def url(self, key: str) -> str | None:
        value = self.optional_text(key)
        if value is not None and not value.startswith("https://"):
            raise self.fail(key, "must be an https:// address")
        return value

    def table(self, key: str) -> Table:
        return Table(
            self.file,
            f"{self.path}.{key}" if self.path else key,
            self._get(key),
            self.known_sources,
        )

    def each(self, name: str, build: Callable[[str, Table], T]) -> dict[str, T]:
        """Read every ``[name.KEY]`` table with ``build``, rejecting fields nobody reads."""
        group = self.table(name)
        result: dict[str, T] = {}
        for key in group.raw:
            entry = group.table(key)
            result[key] = build(key, entry)
            entry.finish()
        group.used.update(group.raw)
        return result

    def finish(self) -> None:
        """Reject keys nobody reads: they are usually typos."""
        extra = sorted(set(self.raw) - self.used)
        if extra:
            raise self.fail(extra[0], "is not a known field")


def keyed(root: Table, name: str, kind: type[E], build: Callable[[E, Table], T]) -> dict[E, T]:
    """Read ``[name.KEY]`` tables, requiring exactly one per member of ``kind``."""
    group = root.table(name)
    result: dict[E, T] = {}
    for key in group.raw:
        member = group._member(key, key, kind)
        entry = group.table(key)
        result[member] = build(member, entry)
        entry.finish()
    group.used.update(group.raw)
    missing = [member.value for member in kind if member not in result]
    if missing:
        raise group.fail(missing[0], "is missing")
    return result


def named(root: Table, name: str, keys: Iterable[str]) -> dict[str, str]:
    """A ``[name]`` table holding a text for each of ``keys``, and nothing else."""
    table = root.table(name)
    texts = {key: table.text(key) for key in keys}
    table.finish()
    return texts


def words(root: Table, name: str, kind: type[E]) -> dict[E, str]:
    """A ``[name]`` table giving every member of ``kind`` in words a person reads."""
    return {kind(key): text for key, text in named(root, name, map(str, kind)).items()}
