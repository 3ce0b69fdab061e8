"""The body map: every technique has a zone on it, every work zone is used, and the
loader names a wrong zone by file and key."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from xml.etree import ElementTree

import pytest
from typer.testing import CliRunner

from sacromassage.cli.app import app
from sacromassage.guide.knowledge import MAP_FILE, Knowledge, KnowledgeError, data_dir, load

runner = CliRunner()
SVG = "{http://www.w3.org/2000/svg}"

# What the map must show, by the id each zone has in data/body-map.svg.
LANDMARKS = {
    "landmark-dimples",
    "landmark-top-of-pelvis",
    "landmark-sacrum",
    "landmark-tailbone",
    "landmark-sit-bones",
    "landmark-spine",
    "landmark-hip-point",
}
NEVER = {"spine", "middle-of-sacrum", "joint-line", "tailbone", "sit-bones", "sciatic-nerve"}
WORK = {
    "upper-outer-buttock",
    "outer-hip",
    "beside-spine",
    "side-of-low-back",
    "front-of-hip",
    "lower-back-and-buttocks",
    "outer-buttock-deep",
}


def test_the_map_has_every_landmark_and_zone(knowledge: Knowledge) -> None:
    kinds = {
        kind: {key for key, zone in knowledge.zones.items() if zone.kind == kind}
        for kind in ("landmark", "never", "work")
    }
    assert kinds == {"landmark": LANDMARKS, "never": NEVER, "work": WORK}
    for zone in knowledge.zones.values():
        assert zone.name and zone.description and "-" not in zone.name


def test_every_technique_is_on_a_work_zone_and_every_work_zone_is_used(
    knowledge: Knowledge,
) -> None:
    work = {key for key, zone in knowledge.zones.items() if zone.kind == "work"}
    used = {technique.zone for technique in knowledge.techniques}
    assert used <= work
    assert used == work, f"work zones no technique uses: {sorted(work - used)}"
    # Warm-up and cool-down strokes are broad: they name the broad zone.
    for technique in knowledge.techniques:
        if technique.phase.value != "focus":
            assert technique.zone == "lower-back-and-buttocks", technique.key


def test_a_technique_on_an_unknown_zone_is_named(tmp_path: Path) -> None:
    copy = tmp_path / "data"
    shutil.copytree(data_dir(), copy)
    path = copy / "techniques.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('zone = "beside-spine"', 'zone = "spine"', 1), encoding="utf-8")
    with pytest.raises(
        KnowledgeError,
        match=r"techniques.toml: \[techniques\.[\w-]+\] zone: "
        r"'spine' is not a work zone of body-map.svg",
    ):
        load(copy, use_cache=False)
    (copy / MAP_FILE).write_text("<svg", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="body-map.svg: not valid XML"):
        load(copy, use_cache=False)


def test_json_steps_name_their_zone(knowledge: Knowledge) -> None:
    result = runner.invoke(app, ["steps", "-w", "partner", "-m", "30", "-f", "json"])
    steps = json.loads(result.stdout)["steps"]
    assert steps and all(step["zone"] in knowledge.zones for step in steps)


def test_the_svg_of_a_routine_is_the_numbered_map() -> None:
    result = runner.invoke(app, ["steps", "-w", "partner", "-m", "30", "-f", "svg"])
    root = ElementTree.fromstring(result.stdout)
    data = json.loads(
        runner.invoke(app, ["steps", "-w", "partner", "-m", "30", "-f", "json"]).stdout
    )
    numbers = root.find(f".//{SVG}g[@id='step-numbers']")
    assert numbers is not None
    shown = sorted(int(text.text or 0) for text in numbers.iter(f"{SVG}text"))
    assert shown == [step["number"] for step in data["steps"]]
    assert root.find(f".//{SVG}g[@id='sciatic-nerve']") is not None


def test_the_html_handout_shows_the_numbered_map() -> None:
    import html5lib

    result = runner.invoke(app, ["steps", "-w", "self", "--tool", "ball", "-f", "html"])
    tree = html5lib.parse(result.stdout, namespaceHTMLElements=False)
    figures = list(tree.iter("figure"))
    assert len(figures) == 1
    assert figures[0].find(".//{http://www.w3.org/2000/svg}g[@id='step-numbers']") is not None


def test_the_text_map_fits_80_columns_and_has_a_legend(knowledge: Knowledge) -> None:
    result = runner.invoke(app, ["map"])
    assert result.exit_code == 0, result.output
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    from sacromassage.render.map import LETTERS

    # Every work and never-press zone is drawn and named in the legend.
    drawn = set(LETTERS.values())
    assert {k for k, z in knowledge.zones.items() if z.kind != "landmark"} - drawn == {
        "lower-back-and-buttocks"
    }  # the broad zone is the whole drawing, named in words
    for key in drawn | {"lower-back-and-buttocks"}:
        assert knowledge.zones[key].name in result.stdout
    assert "Never press" in result.stdout and "Work here" in result.stdout


def test_the_map_in_words_describes_every_zone(knowledge: Knowledge) -> None:
    result = runner.invoke(app, ["map", "-f", "plain"])
    assert result.exit_code == 0, result.output
    flat = " ".join(result.stdout.split())
    for zone in knowledge.zones.values():
        assert f"{zone.name}: {zone.description}" in flat
    assert runner.invoke(app, ["map", "-o", "map.html"]).exit_code == 2
