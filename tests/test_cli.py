"""Every flag and every error of the CLI, driven through typer's CliRunner."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from sacromassage import __version__
from sacromassage.cli.app import app
from sacromassage.guide.knowledge import Knowledge
from sacromassage.model import Caution, Diagnosis, Factor, RedFlag, Tolerance, Tool

runner = CliRunner()

CLEAR = [
    "--diagnosis",
    "soft-tissue",
    "--tolerance",
    "moderate",
    "--pain",
    "3",
    "--helper",
    "self",
    "--no-red-flags",
    "--no-cautions",
]


def flat(text: str) -> str:
    """Error text without rich's box and line wrapping, for substring checks."""
    return " ".join(text.replace("│", " ").split())


def advise(*args: str) -> Any:
    return runner.invoke(app, ["advise", *args])


def advise_json(*args: str) -> dict[str, Any]:
    result = advise(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"sacromassage {__version__}"


def test_no_arguments_shows_help() -> None:
    result = runner.invoke(app, [])
    assert "advise" in result.output and "red-flags" in result.output


HELP_PAGES = [
    "",
    "advise",
    "steps",
    "diagnoses",
    "red-flags",
    "session",
    "journal",
    *(
        f"journal {sub}"
        for sub in ["path", "add", "list", "show", "delete", "export", "import", "stats"]
    ),
]


@pytest.mark.parametrize("command", HELP_PAGES)
def test_help_leads_with_examples_that_fit_80_columns(command: str) -> None:
    result = runner.invoke(app, [*command.split(), "--help"], env={"COLUMNS": "80"})
    assert result.exit_code == 0
    lines = result.output.splitlines()
    start = next(n for n, line in enumerate(lines) if line.strip() == "Examples:")
    assert start < next(n for n, line in enumerate(lines) if "Options" in line)
    examples = []
    for line in lines[start + 1 :]:
        if not line.strip():
            break
        examples.append(line)
    assert examples and examples[0].strip().startswith(f"sacromassage {command}".strip())
    for line in examples:
        # Every example starts a line, or continues one under a trailing backslash.
        assert line.startswith(("   sacromassage ", "       ", "   SACROMASSAGE_")), line


def test_json_contract_fields() -> None:
    data = advise_json(*CLEAR, "--tool", "ball")
    assert list(data) == [
        "schema_version",
        "answers",
        "safety",
        "expectation",
        "pressure",
        "steps",
        "warnings",
        "stop_signs",
        "therapist",
        "sources",
        "disclaimer",
    ]
    assert data["schema_version"] == 1
    assert data["answers"] == {
        "diagnosis": "soft-tissue",
        "tolerance": "moderate",
        "pain": 3,
        "helper": "self",
        "red_flags": [],
        "cautions": [],
        "factors": [],
        "tools": ["ball"],
        "minutes": 10,
        "duration": None,
        "ibp": None,
    }
    assert data["safety"] == {"verdict": "clear", "reasons": [], "when": None, "action": None}
    assert data["expectation"]["benefit"] == "high"
    assert [p["key"] for p in data["expectation"]["pair_with"]] == ["exercise"]
    exercises = data["expectation"]["exercises"]
    assert 3 <= len(exercises) <= 4
    assert all(set(e) == {"key", "name", "how", "dose"} for e in exercises)
    assert set(data["pressure"]) == {"max_discomfort", "guidance", "held_by"}
    assert data["pressure"]["max_discomfort"] == 4 and data["pressure"]["held_by"] == []
    step_keys = {
        "number",
        "title",
        "area",
        "technique",
        "position",
        "tool",
        "duration_seconds",
        "pressure",
        "instructions",
        "sides",
        "zone",
    }
    assert data["steps"] and all(set(step) == step_keys for step in data["steps"])
    assert "ball" in {step["tool"] for step in data["steps"]}
    assert {"aggressive-pressure", "speak-up"} <= {w["key"] for w in data["warnings"]}
    assert "screen-skipped" in {w["key"] for w in data["warnings"]}
    assert data["therapist"] is None
    for source in data["sources"]:
        assert {"key", "title", "year", "url", "doi"} <= set(source)
        assert source["url"] or source["doi"] or source["kind"] == "rule"
    assert data["stop_signs"] and data["disclaimer"]


def test_json_new_answers_and_the_inflammatory_screen() -> None:
    data = advise_json(
        "-d",
        "unknown",
        "-t",
        "firm",
        "-p",
        "4",
        "-w",
        "self",
        "--no-red-flags",
        "--no-cautions",
        "--duration",
        "chronic",
        "--ibp",
        "onset-before-40",
        "--ibp",
        "gradual-onset",
        "--ibp",
        "better-with-exercise",
        "--ibp",
        "not-better-with-rest",
        "-m",
        "30",
    )
    assert data["answers"]["duration"] == "chronic"
    assert data["answers"]["ibp"] == [
        "better-with-exercise",
        "gradual-onset",
        "not-better-with-rest",
        "onset-before-40",
    ]
    assert data["safety"]["verdict"] == "caution"
    assert [r["key"] for r in data["safety"]["reasons"]] == ["inflammatory-screen"]
    assert data["safety"]["reasons"][0]["when"] is None
    held = [item["key"] for item in data["pressure"]["held_by"]]
    assert held == ["inflammatory-screen", "unknown-diagnosis"]
    assert data["pressure"]["max_discomfort"] == 3
    keys = [w["key"] for w in data["warnings"]]
    assert "short-session" in keys and "screen-skipped" not in keys
    assert sum(s["duration_seconds"] for s in data["steps"]) <= 15 * 60


def test_the_screen_is_null_where_it_is_not_asked() -> None:
    data = advise_json(
        "-d",
        "laxity",
        "-t",
        "gentle",
        "-p",
        "4",
        "-w",
        "self",
        "--no-red-flags",
        "--no-cautions",
        "--duration",
        "chronic",
        "--ibp",
        "gradual-onset",
    )
    assert data["answers"]["ibp"] is None
    assert "screen-skipped" not in {w["key"] for w in data["warnings"]}
    data = advise_json(
        "-d",
        "soft-tissue",
        "-t",
        "gentle",
        "-p",
        "4",
        "-w",
        "self",
        "--no-red-flags",
        "--no-cautions",
        "--duration",
        "chronic",
    )
    assert data["answers"]["ibp"] is None
    assert "screen-skipped" in {w["key"] for w in data["warnings"]}
    data = advise_json(
        "-d",
        "soft-tissue",
        "-t",
        "gentle",
        "-p",
        "4",
        "-w",
        "self",
        "--no-red-flags",
        "--no-cautions",
        "--duration",
        "chronic",
        "--no-ibp",
    )
    assert data["answers"]["ibp"] == []
    assert data["safety"]["verdict"] == "clear"


@pytest.mark.parametrize(
    "args",
    [
        ["--duration", "long"],
        ["--ibp", "night"],
        ["--ibp", "gradual-onset", "--no-ibp"],
    ],
)
def test_bad_screen_answers_are_usage_errors(args: list[str]) -> None:
    result = advise(*CLEAR, *args, "-f", "json")
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_a_red_flag_says_how_soon_in_json() -> None:
    data = advise_json("--red-flag", "fever", "--red-flag", "breathless")
    assert [(r["key"], r["when"]) for r in data["safety"]["reasons"]] == [
        ("breathless", "now"),
        ("fever", "today"),
    ]
    assert data["safety"]["verdict"] == "emergency" and data["safety"]["when"] == "now"
    assert "999" in data["safety"]["action"]


@pytest.mark.parametrize("diagnosis", [d.value for d in Diagnosis])
def test_every_diagnosis_is_accepted(diagnosis: str) -> None:
    args = [a if a != "soft-tissue" else diagnosis for a in CLEAR]
    assert advise_json(*args)["answers"]["diagnosis"] == diagnosis


@pytest.mark.parametrize("tolerance", [t.value for t in Tolerance])
def test_every_tolerance_and_short_flags(tolerance: str) -> None:
    data = advise_json(
        "-d",
        "laxity",
        "-t",
        tolerance,
        "-p",
        "2",
        "-w",
        "partner",
        "--no-red-flags",
        "--no-cautions",
        "-m",
        "15",
    )
    assert data["answers"]["tolerance"] == tolerance
    assert data["answers"]["minutes"] == 15
    assert {s["tool"] for s in data["steps"]} == {"hands"}


def test_emergency_red_flag_needs_nothing_else_and_exits_zero() -> None:
    data = advise_json("--red-flag", "saddle-numbness", "--no-input")
    assert data["safety"]["verdict"] == "emergency"
    assert data["steps"] == [] and data["pressure"] is None and data["expectation"] is None


@pytest.mark.parametrize("flag", [f.value for f in RedFlag])
def test_every_red_flag_blocks_the_routine(flag: str) -> None:
    data = advise_json(*CLEAR[:-2], "--no-cautions", "--red-flag", flag)
    assert data["safety"]["verdict"] in {"emergency", "see-clinician"}
    assert data["steps"] == []
    assert [r["key"] for r in data["safety"]["reasons"]] == [flag]


@pytest.mark.parametrize("caution", [c.value for c in Caution])
def test_every_caution_gives_a_caution_verdict(caution: str) -> None:
    args = [a for a in CLEAR if a != "--no-cautions"]
    data = advise_json(*args, "--caution", caution, "--tool", "ball", "--tool", "massage-cane")
    assert data["safety"]["verdict"] == "caution"
    assert [r["key"] for r in data["safety"]["reasons"]] == [caution]
    tools = {s["tool"] for s in data["steps"]}
    if caution in {"blood-thinners", "osteoporosis"}:
        assert tools == {"hands"} and data["pressure"]["max_discomfort"] == 3
    if caution == "pregnant":
        assert "prone" not in {s["position"] for s in data["steps"]}


@pytest.mark.parametrize("factor", [f.value for f in Factor])
def test_factors_lower_soft_tissue_benefit(factor: str) -> None:
    data = advise_json(*CLEAR, "--factor", factor)
    assert data["expectation"]["benefit"] == "moderate"
    assert data["answers"]["factors"] == [factor]


@pytest.mark.parametrize("tool", [t.value for t in Tool])
def test_every_tool_is_used(tool: str) -> None:
    data = advise_json(*CLEAR, "--tool", tool)
    assert tool in {s["tool"] for s in data["steps"]}


def test_therapist_gets_questions_not_steps() -> None:
    args = [a if a != "self" else "therapist" for a in CLEAR]
    data = advise_json(*args)
    assert data["steps"] == []
    assert set(data["therapist"]) == {"interview_questions", "ask_for", "cost_note"}
    assert "above 4 out of 10" in data["therapist"]["ask_for"][0]
    assert not any("cautions" in item for item in data["therapist"]["ask_for"])


def test_therapist_is_told_the_ceiling_and_the_cautions() -> None:
    args = [a if a != "self" else "therapist" for a in CLEAR if a != "--no-cautions"]
    data = advise_json(*args, "--caution", "osteoporosis")
    ask_for = data["therapist"]["ask_for"]
    assert "above 3 out of 10" in ask_for[0]
    assert "thin bones (osteoporosis)" in ask_for[1]


def test_repeated_flags_are_order_free() -> None:
    one = advise(
        *CLEAR,
        "--tool",
        "ball",
        "--tool",
        "foam-roller",
        "--factor",
        "obesity",
        "--factor",
        "advanced-age",
        "-f",
        "plain",
    )
    two = advise(
        "--factor",
        "advanced-age",
        "--tool",
        "foam-roller",
        *CLEAR,
        "--factor",
        "obesity",
        "--tool",
        "ball",
        "--tool",
        "ball",
        "-f",
        "plain",
    )
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout


@pytest.mark.parametrize("fmt", ["json", "plain", "markdown", "html", "svg"])
def test_same_answers_give_same_bytes(fmt: str) -> None:
    cleared = [a for a in CLEAR if a != "--no-cautions"]
    first = advise(
        *cleared, "--caution", "pregnant", "--tool", "ball", "--tool", "foam-roller", "-f", fmt
    )
    second = advise(
        "--tool", "foam-roller", "--caution", "pregnant", *cleared, "--tool", "ball", "-f", fmt
    )
    assert first.exit_code == 0, first.output
    assert first.stdout == second.stdout


@pytest.mark.parametrize(
    ("fmt", "marker"),
    [
        ("plain", "Safety check: clear"),
        ("markdown", "## Safety check: clear"),
        ("html", "<html"),
        ("svg", "<svg"),
        ("rich", "Safety check: clear"),
    ],
)
def test_each_format(fmt: str, marker: str) -> None:
    result = advise(*CLEAR, "--format", fmt)
    assert result.exit_code == 0, result.output
    assert marker in result.stdout
    assert "\x1b[" not in result.stdout


def test_output_file(tmp_path: Path) -> None:
    target = tmp_path / "plan.md"
    result = advise(*CLEAR, "-f", "markdown", "-o", str(target))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8").startswith("# sacromassage")


def test_rich_to_a_file_has_no_colour_codes(tmp_path: Path) -> None:
    target = tmp_path / "plan.txt"
    assert advise(*CLEAR, "--output", str(target)).exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert "Pressure ceiling" in text and "\x1b[" not in text


@pytest.mark.parametrize("where", ["missing-dir/plan.json", "."])
def test_unwritable_output_exits_1(tmp_path: Path, where: str) -> None:
    result = advise(*CLEAR, "-f", "json", "-o", str(tmp_path / where))
    assert result.exit_code == 1
    assert "Cannot write to" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["--diagnosis", "soft"], ["soft-tissue", "Did you mean"]),
        (["--diagnosis", "ankylosing"], ["'ankylosing-spondylitis'"]),
        (["--tolerance", "frim"], ["'firm'", "gentle"]),
        (["--helper", "partnr"], ["'partner'", "therapist"]),
        (["--red-flag", "fevr"], ["'fever'", "saddle-numbness"]),
        (["--caution", "pregnancy"], ["'pregnant'", "osteoporosis"]),
        (["--factor", "obese"], ["'obesity'"]),
        (["--tool", "roller"], ["foam-roller"]),
        (["--format", "jsn"], ["'json'", "markdown"]),
    ],
)
def test_bad_keys_exit_2_with_a_suggestion(args: list[str], names: list[str]) -> None:
    result = advise(*CLEAR, *args)
    assert result.exit_code == 2
    for name in names:
        assert name in flat(result.stderr)
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("args", "text"),
    [
        (["--pain", "11"], "from 0 to 10"),
        (["--pain", "-1"], "from 0 to 10"),
        (["--minutes", "4"], "from 5 to 60"),
        (["--minutes", "61"], "from 5 to 60"),
        (["--pain", "bad"], "whole number from 0 to 10"),
        (["-m", "7.5"], "from 5 to 60"),
        (["--pain", "²"], "from 0 to 10"),
        (["--pain=--5"], "from 0 to 10"),
        (["--pain", "+-5"], "from 0 to 10"),
        (["--minutes", "١٠"], "from 5 to 60"),
    ],
)
def test_out_of_range_numbers_exit_2(args: list[str], text: str) -> None:
    result = advise(*CLEAR, *args)
    assert result.exit_code == 2
    assert text in flat(result.stderr)


@pytest.mark.parametrize(
    "args",
    [["--red-flag", "fever", "--no-red-flags"], ["--caution", "pregnant", "--no-cautions"]],
)
def test_both_forms_of_a_screen_exit_2(args: list[str]) -> None:
    result = advise(*CLEAR, *args)
    assert result.exit_code == 2
    assert "not both" in result.stderr


def test_missing_answers_without_a_terminal_name_the_flags() -> None:
    result = advise("--diagnosis", "laxity")
    assert result.exit_code == 2
    # Everything still needed, in one go, so a script author fixes it in one edit.
    assert (
        "pass --tolerance KEY, --pain 0-10, --helper KEY, --red-flag KEY or "
        "--no-red-flags, --caution KEY or --no-cautions"
    ) in flat(result.stderr)


def test_an_empty_value_is_invalid_not_missing() -> None:
    result = advise(*CLEAR, "--diagnosis", "")
    assert result.exit_code == 2 and "'' is not valid" in flat(result.stderr)


def test_missing_answers_after_screening_name_each_flag() -> None:
    result = advise("--no-red-flags", "--no-input")
    assert result.exit_code == 2
    for flag in [
        "--caution KEY or --no-cautions",
        "--diagnosis",
        "--pain",
        "--tolerance",
        "--helper",
    ]:
        assert flag in result.stderr


def test_no_input_never_prompts_even_when_answers_are_missing() -> None:
    result = advise(*CLEAR[:-1], "--no-input")
    assert result.exit_code == 2
    assert "--caution KEY or --no-cautions" in result.stderr


def test_steps_defaults_and_json_contract() -> None:
    result = runner.invoke(app, ["steps", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == [
        "schema_version",
        "reminder",
        "pressure",
        "steps",
        "cautions",
        "warnings",
        "stop_signs",
        "disclaimer",
        "sources",
    ]
    assert data["pressure"]["max_discomfort"] == 3
    assert data["cautions"] == [] and data["warnings"] == []
    assert data["stop_signs"] and data["disclaimer"] and data["sources"]
    assert {s["tool"] for s in data["steps"]} == {"hands"}
    total = sum(s["duration_seconds"] for s in data["steps"])
    assert 300 <= total <= 600


def test_steps_with_every_option(tmp_path: Path) -> None:
    target = tmp_path / "steps.json"
    result = runner.invoke(
        app,
        [
            "steps",
            "-w",
            "partner",
            "-t",
            "firm",
            "--tool",
            "ball",
            "-m",
            "20",
            "-d",
            "sacroiliitis",
            "--caution",
            "pregnant",
            "-f",
            "json",
            "-o",
            str(target),
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["pressure"]["max_discomfort"] == 3  # inflammatory: held at gentle
    assert "prone" not in {s["position"] for s in data["steps"]}
    assert {s["tool"] for s in data["steps"]} == {"hands"}


def test_steps_plain_has_the_reminder_and_numbered_steps() -> None:
    result = runner.invoke(app, ["steps", "--tool", "foam-roller", "-f", "plain"])
    assert result.exit_code == 0
    assert "red-flags" in result.stdout
    assert "\n1. " in result.stdout and "a foam roller" in result.stdout
    assert "Stop any massage if you notice" in result.stdout
    assert "not a diagnosis" in result.stdout


def test_steps_refuses_therapist_and_bad_values() -> None:
    result = runner.invoke(app, ["steps", "--helper", "therapist"])
    assert result.exit_code == 2 and "advise --helper therapist" in result.stderr
    result = runner.invoke(app, ["steps", "--tolerance", "hard"])
    assert result.exit_code == 2 and "gentle" in result.stderr


@pytest.mark.parametrize("fmt", ["rich", "plain", "markdown", "json", "html", "svg"])
def test_listings_in_every_format(fmt: str, knowledge: Knowledge) -> None:
    from html import escape

    listings: list[tuple[str, list[tuple[str, str]]]] = [
        ("diagnoses", [(info.key.value, info.name) for info in knowledge.diagnoses.values()]),
        ("red-flags", [(info.key.value, info.name) for info in knowledge.red_flags.values()]),
    ]
    for command, entries in listings:
        result = runner.invoke(app, [command, "--format", fmt])
        assert result.exit_code == 0, result.output
        for key, name in entries:
            # Handouts for reading (html, svg) name each entry; the others show its key.
            shown = {"html": escape(name), "svg": escape(name, quote=False)}.get(fmt, key)
            assert shown in result.stdout


def test_red_flags_listing_json_has_both_groups() -> None:
    data = json.loads(runner.invoke(app, ["red-flags", "-f", "json"]).stdout)
    assert {f["key"] for f in data["red_flags"]} == {f.value for f in RedFlag}
    assert {c["key"] for c in data["cautions"]} == {c.value for c in Caution}
    urgent = {f["key"] for f in data["red_flags"] if f["urgency"] == "emergency"}
    assert urgent == {
        "saddle-numbness",
        "bladder-bowel",
        "sexual-function",
        "leg-weakness",
        "breathless",
    }
    assert {f["key"] for f in data["red_flags"] if f["when"] == "today"} == {
        "dvt-signs",
        "fever",
        "trauma",
        "cancer-history",
    }
    assert len(data["red_flags"]) == 15
    assert data["also_check"] == ""


def test_unknown_command_suggests() -> None:
    result = runner.invoke(app, ["advice"])
    assert result.exit_code == 2
    assert "advise" in result.output


def test_output_dash_means_the_screen() -> None:
    result = advise(*CLEAR, "-f", "json", "-o", "-")
    assert result.exit_code == 0 and json.loads(result.stdout)["schema_version"] == 1


def test_empty_output_name_is_refused() -> None:
    result = advise(*CLEAR, "-f", "json", "-o", "")
    assert result.exit_code == 1 and "needs a file name" in result.stderr


def test_output_follows_a_symlink_and_keeps_permissions(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_text("old", encoding="utf-8")
    real.chmod(0o600)
    link = tmp_path / "link.md"
    link.symlink_to(real)
    assert advise(*CLEAR, "-f", "markdown", "-o", str(link)).exit_code == 0
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8").startswith("# sacromassage")
    assert real.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_output_to_a_device_or_pipe_is_written_in_place(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        assert advise(*CLEAR, "-f", "json", "-o", str(fifo)).exit_code == 0
        assert fifo.is_fifo()
        received = os.read(reader, 1 << 20).decode("utf-8")
    finally:
        os.close(reader)
    assert json.loads(received)["schema_version"] == 1
    assert advise(*CLEAR, "-f", "json", "-o", os.devnull).exit_code == 0
    assert Path(os.devnull).is_char_device()


def test_a_new_output_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    target = tmp_path / "plan.json"
    old = os.umask(0o022)
    try:
        assert advise(*CLEAR, "-f", "json", "-o", str(target)).exit_code == 0
    finally:
        os.umask(old)
    assert target.stat().st_mode & 0o777 == 0o644


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_behind_stdout_is_one_clear_error() -> None:
    root = Path(__file__).resolve().parent.parent
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "sacromassage", "advise", *CLEAR, "-f", "json"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
            env={**os.environ, "PYTHONPATH": str(root)},
        )
    assert result.returncode == 1
    assert result.stderr == "Error: Cannot write to standard output: No space left on device.\n"


@pytest.mark.parametrize(
    ("args", "meant"),
    [
        (["-t", "medium"], "moderate"),
        (["-w", "friend"], "partner"),
        (["-w", "myself"], "self"),
        (["-d", "muscle"], "soft-tissue"),
        (["--tool", "roller"], "foam-roller"),
        (["--caution", "warfarin"], "blood-thinners"),
        (["-f", "text"], "plain"),
    ],
)
def test_common_words_get_a_did_you_mean(args: list[str], meant: str) -> None:
    result = advise(*args, "--no-input")
    assert result.exit_code == 2
    assert f"Did you mean '{meant}'?" in " ".join(result.output.replace("│", " ").split())


def test_completion_is_offered_in_help() -> None:
    result = runner.invoke(app, ["--help"])
    assert "--install-completion" in result.output and "--show-completion" in result.output


@pytest.mark.parametrize("fmt", ["rich", "plain", "markdown"])
def test_routines_end_with_a_pointer_to_the_map(fmt: str) -> None:
    for args in (["steps"], ["advise", *CLEAR]):
        result = runner.invoke(app, [*args, "-f", fmt])
        assert result.exit_code == 0
        assert "sacromassage map" in result.stdout.strip().splitlines()[-1] + " ".join(
            result.stdout.strip().splitlines()[-2:]
        )
    red_flag = runner.invoke(app, ["advise", "--red-flag", "fever", "-f", fmt])
    assert "sacromassage map" not in red_flag.stdout
