"""The knowledge base: complete, sourced, and loud about its own mistakes."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from sacromassage.guide.knowledge import Knowledge, KnowledgeError, cache_dir, data_dir, load
from sacromassage.model import Caution, Diagnosis, Helper, RedFlag, StepTool


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(data_dir(), target)
    return target


def edit(directory: Path, name: str, old: str, new: str) -> None:
    path = directory / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_every_entry_names_its_sources(knowledge: Knowledge) -> None:
    sourced: list[tuple[str, tuple[str, ...]]] = [
        *((d.key, d.sources) for d in knowledge.diagnoses.values()),
        *((f.key, f.sources) for f in knowledge.red_flags.values()),
        *((c.key, c.sources) for c in knowledge.cautions.values()),
        *((t.key, t.sources) for t in knowledge.techniques),
        *((p.key, p.sources) for p in knowledge.pairings.values()),
        *((w.key, w.sources) for w in knowledge.guidance.warnings.values()),
    ]
    for key, sources in sourced:
        assert sources, key
        assert all(source in knowledge.sources for source in sources), key


def test_every_key_has_an_entry(knowledge: Knowledge) -> None:
    assert set(knowledge.diagnoses) == set(Diagnosis)
    assert set(knowledge.red_flags) == set(RedFlag)
    assert set(knowledge.cautions) == set(Caution)


def test_at_least_twelve_techniques_across_every_tool_and_partner(knowledge: Knowledge) -> None:
    techniques = knowledge.techniques
    assert len(techniques) >= 12
    assert {t.tool for t in techniques if t.helper is Helper.SELF} == set(StepTool)
    assert any(t.helper is Helper.PARTNER for t in techniques)
    assert len({t.key for t in techniques}) == len(techniques)


@pytest.mark.parametrize(
    ("name", "old", "new", "message"),
    [
        (
            "techniques.toml",
            'tool = "ball"',
            'tool = "bal"',
            "techniques.toml: [techniques.ball-wall-glutes] tool: 'bal' is not one of",
        ),
        (
            "diagnoses.toml",
            'benefit = "high"',
            "benefit = 3",
            "diagnoses.toml: [diagnoses.soft-tissue] benefit: 3 is not one of",
        ),
        (
            "safety.toml",
            "[red_flags.fever]",
            "[red_flags.fevers]",
            "safety.toml: [red_flags] fevers: 'fevers' is not one of",
        ),
        (
            "techniques.toml",
            'sources = ["guide-time-rule"',
            'sources = ["nobody"',
            "unknown source 'nobody'",
        ),
        ("guidance.toml", "disclaimer = ", "disclaimr = ", "guidance.toml: disclaimer: is missing"),
        (
            "sources.toml",
            "[sources.seed]",
            "[sources.seed]\nlink = 1",
            "sources.toml: [sources.seed] link: is not a known field",
        ),
        (
            "sources.toml",
            'doi = "10.7326/M16-2367"',
            "",
            "sources.toml: [sources.ACP-2017] url: a source needs a url or a doi",
        ),
        (
            "sources.toml",
            'url = "https://www.nice.org.uk/guidance/ng59"',
            'url = "www.nice.org.uk/guidance/ng59"',
            "sources.toml: [sources.NICE-NG59] url: must be an https:// address",
        ),
        (
            "sources.toml",
            'kind = "rule"',
            'kind = "opinion"',
            "sources.toml: [sources.guide-pressure-rule] kind: 'opinion' is not one of",
        ),
        (
            "safety.toml",
            'when = "now"',
            'when = "soon"',
            "safety.toml: [red_flags.saddle-numbness] when: 'soon'",
        ),
        (
            "diagnoses.toml",
            'exercises = ["',
            'exercises = ["nothing", "',
            "diagnoses.toml: [diagnoses.soft-tissue] exercises: unknown exercise 'nothing'",
        ),
        (
            "guidance.toml",
            "about {each}",
            "about {every}",
            "each_side: must contain the {each} placeholder",
        ),
        (
            "guidance.toml",
            "aim for {pressure} out",
            "aim lower out",
            "guidance.toml: [session] easing_off: must contain {pressure}",
        ),
        (
            "guidance.toml",
            'speak_up = "If anything',
            'speak_upp = "If anything',
            "guidance.toml: [session] speak_up: is missing",
        ),
        (
            "diagnoses.toml",
            'pair_with = ["exercise"',
            'pair_with = ["stretching"',
            "must start with 'exercise'",
        ),
        ("techniques.toml", "seconds = ", "seconds = -", "seconds: must be a whole number"),
    ],
)
def test_mistakes_name_the_file_and_the_key(
    copy: Path, name: str, old: str, new: str, message: str
) -> None:
    edit(copy, name, old, new)
    with pytest.raises(KnowledgeError) as caught:
        load(copy, use_cache=False)
    assert message in str(caught.value)


def test_broken_toml_and_missing_files_are_named(copy: Path) -> None:
    (copy / "safety.toml").write_text("[red_flags\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"safety.toml: not valid TOML"):
        load(copy, use_cache=False)
    (copy / "safety.toml").unlink()
    with pytest.raises(KnowledgeError, match=r"safety.toml: the file is missing"):
        load(copy, use_cache=False)


def test_a_routine_must_stay_possible_for_every_caution(copy: Path) -> None:
    # Put the only standing roller step on the floor: in pregnancy no roller work is left.
    text = (copy / "techniques.toml").read_text(encoding="utf-8")
    start = text.index("[techniques.roller-wall-glutes]")
    end = text.index("tags = []", start)
    (copy / "techniques.toml").write_text(
        text[:end] + 'tags = ["floor"]' + text[end + len("tags = []") :], encoding="utf-8"
    )
    with pytest.raises(KnowledgeError, match="no focus technique for self with foam-roller"):
        load(copy, use_cache=False)


def test_the_cache_follows_edits_and_survives_garbage(copy: Path) -> None:
    first = load(copy)
    cached = list(cache_dir().glob("knowledge-*.pickle"))
    assert len(cached) == 1
    assert load(copy) == first
    edit(copy, "guidance.toml", 'disclaimer = """', 'disclaimer = """Edited. ')
    stamp = (copy / "guidance.toml").stat()
    os.utime(copy / "guidance.toml", ns=(stamp.st_atime_ns, stamp.st_mtime_ns + 10**9))
    assert load(copy).guidance.disclaimer.startswith("Edited.")
    assert len(list(cache_dir().glob("knowledge-*.pickle"))) == 1  # replaced, not added
    for path in cache_dir().glob("knowledge-*.pickle"):
        path.write_bytes(b"not pickle data")
    assert load(copy).guidance.disclaimer.startswith("Edited.")


def test_a_bad_cache_entry_is_never_trusted_over_the_files(copy: Path) -> None:
    load(copy)
    edit(copy, "techniques.toml", 'tool = "ball"', 'tool = "bal"')
    stamp = (copy / "techniques.toml").stat()
    os.utime(copy / "techniques.toml", ns=(stamp.st_atime_ns, stamp.st_mtime_ns + 10**9))
    with pytest.raises(KnowledgeError):
        load(copy)


def test_the_cache_is_private_and_one_others_could_write_is_not_trusted(copy: Path) -> None:
    first = load(copy)
    (cached,) = cache_dir().glob("knowledge-*.pickle")
    assert cached.stat().st_mode & 0o777 == 0o600
    # A cache file someone else could have written is never unpickled: rebuilt instead.
    import pickle

    key, _ = pickle.loads(cached.read_bytes())
    cached.write_bytes(pickle.dumps((key, "not knowledge")))
    cached.chmod(0o666)
    assert load(copy) == first
    assert cached.stat().st_mode & 0o777 == 0o600  # replaced by a private one


def test_the_cache_key_follows_the_code_that_builds_the_knowledge(copy: Path) -> None:
    from sacromassage.guide import knowledge

    load(copy)
    (cached,) = cache_dir().glob("knowledge-*.pickle")
    before = cached.read_bytes()
    code = Path(knowledge.__file__).resolve().parent / "validate.py"
    stamp = code.stat()
    try:
        os.utime(code, ns=(stamp.st_atime_ns, stamp.st_mtime_ns + 10**9))
        load(copy)
        assert cached.read_bytes() != before  # a new key: the knowledge was built afresh
    finally:
        os.utime(code, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
