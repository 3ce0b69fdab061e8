"""Handouts: the format from the file name, the HTML document, the light SVG pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sacromassage.cli import app

runner = CliRunner()

PARTNER_30 = ["advise", "-d", "soft-tissue", "-t", "gentle", "-p", "3", "-w", "partner",
              "--no-red-flags", "--no-cautions", "--duration", "acute", "-m", "30"]


@pytest.mark.parametrize(("name", "looks_like"), [
    ("plan.html", "<!DOCTYPE html>"), ("plan.HTM", "<!DOCTYPE html>"),
    ("plan.svg", "<svg"), ("plan.md", "# "), ("plan.markdown", "# "),
    ("plan.json", '{\n  "schema_version"'), ("plan.txt", "sacromassage: diagnoses\n====="),
    ("plan.text", "sacromassage: diagnoses\n╭"), ("plan", "sacromassage: diagnoses\n╭"),
])
def test_the_output_file_name_chooses_the_format(tmp_path: Path, name: str,
                                                  looks_like: str) -> None:
    target = tmp_path / name
    result = runner.invoke(app, ["diagnoses", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert looks_like in target.read_text(encoding="utf-8")[:300]


def test_a_format_given_on_the_command_line_wins_over_the_name(tmp_path: Path) -> None:
    target = tmp_path / "plan.html"
    result = runner.invoke(app, [*PARTNER_30, "-o", str(target), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(target.read_text(encoding="utf-8"))["schema_version"] == 1


@pytest.mark.parametrize("command", [["diagnoses"], ["red-flags"], PARTNER_30, ["steps"]])
def test_a_known_extension_the_command_cannot_write_is_a_usage_error(
        tmp_path: Path, command: list[str]) -> None:
    target = tmp_path / "plan.csv"
    result = runner.invoke(app, [*command, "-o", str(target)])
    assert result.exit_code == 2
    assert "cannot write csv" in result.stderr
    assert "rich, plain, markdown, json, html, svg" in result.stderr
    assert not target.exists()
