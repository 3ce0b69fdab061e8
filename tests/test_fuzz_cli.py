"""Arbitrary text, numbers and bytes in every argument, and in files to import: an answer
or one sentence, never a traceback. hypothesis picks the values; CliRunner records any
exception that escaped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from sacromassage.cli.app import app

runner = CliRunner()

# Text a person, a script or a broken pipe might hand over: any code point (lone
# surrogates included), digits from other scripts, huge numbers, control characters.
NASTY = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(blacklist_categories=()), max_size=30),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(
        [
            "",
            " ",
            "-",
            "--",
            "٣",
            "1_0",
            "1e9",
            "0x10",
            "nan",
            "\x1b[2J",
            "\x00",
            "9" * 5000,
            "-1",
            "11",
            "61",
            "moderate",
            "friend",
            "Soft-Tissue",
        ]
    ),
)

ADVISE_OPTIONS = [
    "-d",
    "-t",
    "-p",
    "-w",
    "--red-flag",
    "--caution",
    "--factor",
    "--tool",
    "-m",
    "--duration",
    "--ibp",
    "-f",
]
STEPS_OPTIONS = ["-w", "-t", "--tool", "-m", "-d", "--caution", "-f"]


def assert_clean(args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        args,
        repr(result.exception),
    )
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.output)
    assert "Traceback" not in result.output


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(option=st.sampled_from(ADVISE_OPTIONS), value=NASTY)
def test_advise_never_crashes_on_any_value(option: str, value: str) -> None:
    assert_clean(
        [
            "advise",
            "--no-red-flags",
            "--no-cautions",
            "-d",
            "soft-tissue",
            "-t",
            "gentle",
            "-p",
            "3",
            "-w",
            "self",
            "--no-input",
            option,
            value,
        ]
    )


@settings(max_examples=80, deadline=None)
@given(option=st.sampled_from(STEPS_OPTIONS), value=NASTY)
def test_steps_never_crashes_on_any_value(option: str, value: str) -> None:
    assert_clean(["steps", option, value])


@settings(max_examples=40, deadline=None)
@given(command=st.sampled_from(["diagnoses", "red-flags"]), value=NASTY)
def test_listings_never_crash_on_any_format(command: str, value: str) -> None:
    assert_clean([command, "-f", value])


@settings(max_examples=40, deadline=None)
@given(words=st.lists(NASTY, max_size=4))
def test_any_words_after_the_program_name(words: list[str]) -> None:
    assert_clean(words)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=st.text(min_size=1, max_size=40))
def test_any_output_file_name(tmp_path: Path, name: str) -> None:
    assert_clean(["advise", "--red-flag", "fever", "-f", "plain", "-o", str(tmp_path / name)])


JOURNAL_ADD_OPTIONS = ["--before", "--after", "-m", "-d", "-w", "--tool", "--note", "--when"]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(option=st.sampled_from(JOURNAL_ADD_OPTIONS), value=NASTY)
def test_journal_add_never_crashes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, option: str, value: str
) -> None:
    monkeypatch.setenv("SACROMASSAGE_HOME", str(tmp_path / "home"))
    args = ["journal", "add", "--before", "5", "--after", "3", option, value]
    assert_clean(args)
    assert_clean(["journal", "list", "-f", "plain"])


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    command=st.sampled_from(
        [
            ["list", "--last"],
            ["list", "--since"],
            ["show"],
            ["delete", "--yes"],
            ["stats", "--weeks"],
            ["list", "-f"],
            ["stats", "-f"],
            ["export", "-f"],
            ["show", "1", "-f"],
        ]
    ),
    value=NASTY,
)
def test_journal_reads_never_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str], value: str
) -> None:
    monkeypatch.setenv("SACROMASSAGE_HOME", str(tmp_path / "home"))
    assert_clean(["journal", "add", "--before", "5", "--after", "3"])
    assert_clean(["journal", *command, value])


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    content=st.one_of(
        st.binary(max_size=400),
        st.text(max_size=400).map(lambda text: text.encode("utf-8", "surrogatepass")),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=20),
            lambda inner: (
                st.lists(inner, max_size=4)
                | st.dictionaries(st.text(max_size=8), inner, max_size=4)
            ),
            max_leaves=20,
        ).map(lambda value: json.dumps(value).encode()),
        st.lists(
            st.dictionaries(
                st.sampled_from(
                    [
                        "when",
                        "before",
                        "after",
                        "note",
                        "steps",
                        "tool",
                        "helper",
                        "minutes",
                        "kind",
                    ]
                ),
                NASTY,
                max_size=6,
            ),
            max_size=3,
        ).map(lambda rows: json.dumps(rows).encode()),
    ),
    suffix=st.sampled_from([".json", ".csv", ".txt"]),
)
def test_journal_import_never_crashes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes, suffix: str
) -> None:
    monkeypatch.setenv("SACROMASSAGE_HOME", str(tmp_path / "home"))
    source = tmp_path / f"import{suffix}"
    source.write_bytes(content)
    assert_clean(["journal", "import", str(source)])
    assert_clean(["journal", "export", "-f", "csv"])


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    command=st.sampled_from(
        [
            ["map", "-f"],
            ["profile", "-f"],
            ["session", "-d"],
            ["session", "--ready"],
            ["advise", "--saved", "-p"],
        ]
    ),
    value=NASTY,
)
def test_map_profile_and_session_never_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str], value: str
) -> None:
    monkeypatch.setenv("SACROMASSAGE_HOME", str(tmp_path / "home"))
    assert_clean([*command, value])
