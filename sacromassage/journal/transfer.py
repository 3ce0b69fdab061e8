"""Journal exports and imports as files: CSV that spreadsheets cannot run, and JSON."""

from __future__ import annotations

import builtins
import csv
import io
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Final

from sacromassage.journal.entry import FIELDS, BadImportError

# --------------------------------------------------------------------------- files


def read_import_file(path: Path) -> builtins.list[dict[str, Any]]:
    """Read a JSON or CSV export into rows for :meth:`Journal.import_rows`.

    JSON is recognised by its first character (``[``) or a ``.json`` name; anything
    else is read as CSV with a header row. Raises :class:`BadImportError` naming the file.
    """
    data = _read_regular_file(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadImportError(f"Cannot import {path}: it is not UTF-8 text.") from None
    start = text.lstrip()[:1]
    if start in ("[", "{") or (not start and path.suffix.lower() == ".json"):
        return _rows_from_json(text, path)
    if path.suffix.lower() == ".json":
        raise BadImportError(f"Cannot import {path}: it is not valid JSON (it should be a list).")
    return _rows_from_csv(text, path)


#: The largest file `journal import` reads: far more than any real journal.
MAX_IMPORT_BYTES: Final = 50 * 1024 * 1024


def _read_regular_file(path: Path) -> bytes:
    """The bytes of a regular file of at most :data:`MAX_IMPORT_BYTES`; anything else
    (a device such as /dev/zero, a pipe, a folder, a huge file) is a BadImportError."""
    import stat

    try:
        with open(os.path.expanduser(path), "rb") as stream:
            status = os.fstat(stream.fileno())
            if stat.S_ISDIR(status.st_mode):
                raise BadImportError(f"Cannot import {path}: it is a directory, not a file.")
            if not stat.S_ISREG(status.st_mode):
                raise BadImportError(f"Cannot import {path}: it is not a regular file.")
            data = stream.read(MAX_IMPORT_BYTES + 1)
    except FileNotFoundError:
        raise BadImportError(f"Cannot import {path}: no such file.") from None
    except IsADirectoryError:
        raise BadImportError(f"Cannot import {path}: it is a directory, not a file.") from None
    except OSError as error:
        raise BadImportError(f"Cannot import {path}: {error.strerror or error}.") from None
    if len(data) > MAX_IMPORT_BYTES:
        raise BadImportError(
            f"Cannot import {path}: it is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB, "
            "far more than any journal export."
        )
    return data


def _rows_from_json(text: str, path: Path) -> builtins.list[dict[str, Any]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise BadImportError(
            f"Cannot import {path}: it is not valid JSON ({error.msg} at line {error.lineno}, "
            f"column {error.colno})."
        ) from None
    except RecursionError:
        raise BadImportError(f"Cannot import {path}: its JSON is nested too deeply.") from None
    except ValueError as error:  # such as an integer with more digits than Python reads
        raise BadImportError(f"Cannot import {path}: it is not valid JSON ({error}).") from None
    if isinstance(data, dict) and isinstance(data.get("entries"), list):
        data = data["entries"]
    if not isinstance(data, list):
        raise BadImportError(f"Cannot import {path}: the JSON should be a list of entries.")
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise BadImportError(f"Cannot import {path}: row {number} is not a JSON object.")
    return data


def _rows_from_csv(text: str, path: Path) -> builtins.list[dict[str, Any]]:
    if not text.strip():
        raise BadImportError(f"Cannot import {path}: the file is empty.")
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(text) + 1))  # a long note must re-import
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
        header = reader.fieldnames or []
        missing = [name for name in ("when", "before", "after") if name not in header]
        if missing:
            raise BadImportError(
                f"Cannot import {path}: it is neither JSON nor a journal CSV "
                f"(the header lacks {', '.join(missing)})."
            )
        rows: builtins.list[dict[str, Any]] = []
        for number, row in enumerate(reader, start=1):
            if None in row:
                raise BadImportError(
                    f"Cannot import {path}: row {number} has more cells than the header."
                )
            rows.append({name: _restored(cell) for name, cell in row.items()})
        return rows
    except csv.Error as error:
        raise BadImportError(f"Cannot import {path}: it is not valid CSV ({error}).") from None
    finally:
        csv.field_size_limit(limit)


#: A cell starting with one of these is a formula to a spreadsheet.
FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")


def _neutralised(cell: str) -> str:
    """A CSV cell a spreadsheet will not run: one that would start a formula, after any
    quotes it already starts with, gets one more leading ``'``; :func:`_restored`
    removes exactly that one, so the round trip is exact."""
    return f"'{cell}" if cell.lstrip("'").startswith(FORMULA_STARTS) else cell


def _restored(cell: str | None) -> str | None:
    if cell is not None and cell.startswith("'") and cell.lstrip("'").startswith(FORMULA_STARTS):
        return cell[1:]
    return cell


def rows_to_csv(rows: Iterable[Mapping[str, Any]]) -> str:
    """CSV text with a header of :data:`FIELDS`; steps become JSON text, booleans
    ``true``/``false`` and missing values empty cells. Text that a spreadsheet would
    read as a formula is neutralised (see :func:`_neutralised`)."""
    buffer = io.StringIO(newline="")
    # CRLF rows (RFC 4180) also make the writer quote a lone CR inside a note.
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(FIELDS)
    for row in rows:
        cells: builtins.list[object] = []
        for name in FIELDS:
            value = row.get(name)
            if name == "steps":
                cells.append(json.dumps(value or [], ensure_ascii=False))
            elif name == "tools":
                cells.append(_neutralised(";".join(str(tool) for tool in value or [])))
            elif isinstance(value, bool):
                cells.append("true" if value else "false")
            elif isinstance(value, str):
                cells.append(_neutralised(value))
            else:
                cells.append("" if value is None else value)
        writer.writerow(cells)
    return buffer.getvalue()
