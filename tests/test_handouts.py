"""Handouts: the format from the file name, the HTML document, the light SVG pages."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sacromassage.cli.app import app

runner = CliRunner()

PARTNER_30 = [
    "advise",
    "-d",
    "soft-tissue",
    "-t",
    "gentle",
    "-p",
    "3",
    "-w",
    "partner",
    "--no-red-flags",
    "--no-cautions",
    "--duration",
    "acute",
    "-m",
    "30",
]


@pytest.mark.parametrize(
    ("name", "looks_like"),
    [
        ("plan.html", "<!DOCTYPE html>"),
        ("plan.HTM", "<!DOCTYPE html>"),
        ("plan.svg", "<svg"),
        ("plan.md", "# "),
        ("plan.markdown", "# "),
        ("plan.json", '{\n  "schema_version"'),
        ("plan.txt", "sacromassage: diagnoses\n====="),
        ("plan.text", "sacromassage: diagnoses\n╭"),
        ("plan", "sacromassage: diagnoses\n╭"),
    ],
)
def test_the_output_file_name_chooses_the_format(
    tmp_path: Path, name: str, looks_like: str
) -> None:
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
    tmp_path: Path, command: list[str]
) -> None:
    target = tmp_path / "plan.csv"
    result = runner.invoke(app, [*command, "-o", str(target)])
    assert result.exit_code == 2
    assert "cannot write csv" in result.stderr
    assert "rich, plain, markdown, json, html, svg" in result.stderr
    assert not target.exists()


# Keys and flags a handout must say in words: every answer key with a hyphen, and the
# positions a reader would not know.
HANDOUT_COMMANDS = {
    "partner-30": PARTNER_30,
    "self-ball": [
        "advise",
        "-d",
        "soft-tissue",
        "-t",
        "moderate",
        "-p",
        "4",
        "-w",
        "self",
        "--no-red-flags",
        "--no-cautions",
        "--tool",
        "ball",
        "--tool",
        "foam-roller",
        "--tool",
        "massage-cane",
    ],
    "pregnant": [
        "advise",
        "-d",
        "pregnancy-related",
        "-t",
        "gentle",
        "-p",
        "5",
        "-w",
        "partner",
        "--no-red-flags",
        "--caution",
        "pregnant",
        "--caution",
        "blood-thinners",
    ],
    "therapist": [
        "advise",
        "-d",
        "ankylosing-spondylitis",
        "-t",
        "firm",
        "-p",
        "6",
        "-w",
        "therapist",
        "--no-red-flags",
        "--no-cautions",
        "--duration",
        "chronic",
    ],
    "unknown-screen": [
        "advise",
        "-d",
        "unknown",
        "-t",
        "gentle",
        "-p",
        "9",
        "-w",
        "self",
        "--no-red-flags",
        "--caution",
        "osteoporosis",
        "--caution",
        "recent-surgery",
        "--caution",
        "skin-condition",
        "--duration",
        "chronic",
        "--ibp",
        "gradual-onset",
        "--ibp",
        "better-with-exercise",
        "--ibp",
        "onset-before-40",
        "--ibp",
        "not-better-with-rest",
    ],
    "emergency": ["advise", "--red-flag", "saddle-numbness", "--red-flag", "fever"],
    "see-clinician": ["advise", "--red-flag", "weight-loss"],
    "steps": ["steps", "-w", "partner", "--caution", "blood-thinners", "-m", "20"],
    "steps-self": ["steps", "--tool", "ball", "--tool", "foam-roller", "-t", "firm"],
    "diagnoses": ["diagnoses"],
    "red-flags": ["red-flags"],
}


def _forbidden_words() -> set[str]:
    from sacromassage import model

    words = {"prone", "supine"}
    for kind in (
        model.RedFlag,
        model.Caution,
        model.Verdict,
        model.Hold,
        model.Diagnosis,
        model.Position,
        model.StepTool,
        model.Factor,
        model.IbpItem,
        model.Duration,
        model.When,
        model.Urgency,
    ):
        words |= {member.value for member in kind if "-" in member.value}
    # Also plain English, as in the exercise "Side-lying clams"; steps say "on your side".
    return words - {"side-lying"}


FORBIDDEN = _forbidden_words()


def render(command: list[str], fmt: str) -> str:
    result = runner.invoke(app, [*command, "-f", fmt])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("name", HANDOUT_COMMANDS)
def test_html_handouts_are_semantic_printable_and_in_words(name: str) -> None:
    import html5lib

    page = render(HANDOUT_COMMANDS[name], "html")
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    tree = parser.parse(page)  # strict: any parse error (a stray tag, a bad nesting) raises
    assert page.startswith("<!DOCTYPE html>")
    assert tree.get("lang") == "en"
    title = tree.find("head/title")
    assert title is not None and title.text and "sacromassage" in title.text
    viewport = [m for m in tree.iter("meta") if m.get("name") == "viewport"]
    assert viewport and "width=device-width" in (viewport[0].get("content") or "")
    styles = list(tree.iter("style"))
    assert len(styles) == 1
    css = styles[0].text or ""
    assert "@media print" in css and "@page" in css and "break-inside: avoid" in css
    assert not list(tree.iter("script")) and not list(tree.iter("link"))
    for element in tree.iter():
        assert element.get("src") is None, element.tag
        assert not str(element.get("style", "")).count("url(")
        assert not any(name.startswith("on") for name in element.attrib)
    assert "url(" not in css and "@import" not in css
    assert tree.find("body//h1") is not None and tree.find("body//h2") is not None
    body = tree.find("body")
    assert body is not None
    visible = " ".join(body.itertext())
    assert "--" not in visible
    # Keys are lower case; a name that starts with the same words ("Soft-tissue pain") is not.
    spoken = {word for word in FORBIDDEN if re.search(rf"(?<![\w-]){word}(?![\w-])", visible)}
    assert not spoken, f"keys in the visible text: {sorted(spoken)}"


@pytest.mark.parametrize("name", ["partner-30", "self-ball", "steps"])
def test_html_steps_are_an_ordered_list(name: str) -> None:
    import html5lib

    tree = html5lib.parse(render(HANDOUT_COMMANDS[name], "html"), namespaceHTMLElements=False)
    lists = [ol for ol in tree.iter("ol") if "steps" in (ol.get("class") or "")]
    assert len(lists) == 1
    numbers = [int(li.get("value") or 0) for li in lists[0].findall("li")]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 3


@pytest.mark.parametrize("name", HANDOUT_COMMANDS)
def test_svg_outputs_are_light_pages_that_parse_as_xml(name: str) -> None:
    from xml.etree import ElementTree

    picture = render(HANDOUT_COMMANDS[name], "svg")
    root = ElementTree.fromstring(picture)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    background = root.find("{http://www.w3.org/2000/svg}rect")
    assert background is not None and background.get("fill") == "#ffffff"
    assert background.get("width") == root.get("width")
    words = " ".join(root.itertext())
    assert "--" not in words and "<script" not in picture and "href=" not in picture
