"""One home for each edge, checked by reading the source: terminals in terminal.py,
questionary in questions.py, environment variables in paths.py, and a pure engine."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "sacromassage"
MODULES = sorted(PACKAGE.rglob("*.py"))
VARIABLE = re.compile(r"SACROMASSAGE_[A-Z_]+")


def tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def imported(module: ast.Module) -> set[str]:
    """Every module name imported anywhere in ``module`` (top level or inside functions)."""
    names: set[str] = set()
    for node in ast.walk(module):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def docstrings(module: ast.Module) -> set[int]:
    """ids of the string constants that are docstrings (words about a variable are fine)."""
    found: set[int] = set()
    for node in ast.walk(module):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            if isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def relative(path: Path) -> str:
    return path.relative_to(PACKAGE.parent).as_posix()


def test_there_is_something_to_check() -> None:
    assert len(MODULES) > 20


@pytest.mark.parametrize("path", MODULES, ids=relative)
def test_only_terminal_py_asks_isatty_or_builds_a_screen_console(path: Path) -> None:
    if path.name == "terminal.py":
        return
    for node in ast.walk(tree(path)):
        if isinstance(node, ast.Attribute) and node.attr == "isatty":
            pytest.fail(f"{relative(path)}:{node.lineno} asks isatty: use terminal.py")
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "Console"
        ):
            keywords = {keyword.arg for keyword in node.keywords}
            assert "file" in keywords, (
                f"{relative(path)}:{node.lineno} builds a screen Console: use terminal.py "
                "(a renderer may build one on a file)"
            )


@pytest.mark.parametrize("path", MODULES, ids=relative)
def test_only_questions_py_imports_questionary(path: Path) -> None:
    if path.name != "questions.py":
        assert not {name for name in imported(tree(path)) if name.split(".")[0] == "questionary"}, (
            relative(path)
        )


@pytest.mark.parametrize("path", MODULES, ids=relative)
def test_only_paths_py_names_an_environment_variable_of_ours(path: Path) -> None:
    if path.name == "paths.py":
        return
    module = tree(path)
    skip = docstrings(module)
    for node in ast.walk(module):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in skip
            and VARIABLE.fullmatch(node.value)
        ):
            pytest.fail(f"{relative(path)}:{node.lineno} names {node.value}: use paths.py")


@pytest.mark.parametrize(
    "name",
    [
        "guide/engine.py",
        "guide/knowledge.py",
        "guide/steps.py",
        "guide/table.py",
        "guide/validate.py",
        "journal/stats.py",
        "journal/tally.py",
        "model.py",
        "session/countdown.py",
    ],
)
def test_the_engine_and_the_model_stay_pure(name: str) -> None:
    heavy = {"rich", "typer", "sqlite3", "questionary", "prompt_toolkit"}
    found = {module.split(".")[0] for module in imported(tree(PACKAGE / name))}
    if name == "session/countdown.py":
        heavy -= {"rich"}  # it draws the bar, but only through the console it is given
    assert not found & heavy, f"{name} imports {sorted(found & heavy)}"


#: The most lines a module may have: more, and it is doing two jobs.
MAX_LINES = 450


@pytest.mark.parametrize("path", MODULES, ids=relative)
def test_no_module_is_over_450_lines(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{relative(path)} has {lines} lines: split it into rooms"
