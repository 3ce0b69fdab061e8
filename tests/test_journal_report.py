"""``journal report``: the clinician report as HTML (a real HTML5 parser), Markdown and
JSON, on an empty journal, one entry and a year of entries; built as a pure value."""

from __future__ import annotations

import json
import re
import stat
from collections import Counter
from datetime import date, datetime, timedelta
from html import escape
from pathlib import Path
from typing import Any

import html5lib
import pytest
from typer.testing import CliRunner

from sacromassage import profile
from sacromassage.cli.app import app
from sacromassage.guide.knowledge import Knowledge
from sacromassage.journal.entry import Entry
from sacromassage.journal.stats import summarise
from sacromassage.journal.store import Journal
from sacromassage.journal.tally import CheckIn, DayPain, Group, local_day, summary_of
from sacromassage.journal.words import load
from sacromassage.model import Answers, Caution, Diagnosis, Helper, Tolerance, Tool
from sacromassage.render.report import (
    Figures,
    Report,
    ReportWords,
    build_report,
    person_of,
    report_dict,
    weekly_counts,
)
from sacromassage.render.report_html import html_report
from sacromassage.render.report_text import markdown_report, plain_report
from tests.test_handouts_browser import PHONE_WIDTH, _chromium, _run, _widths

runner = CliRunner()
WORDS = ReportWords(load(), "Not medical advice.")
TODAY = date(2026, 6, 3)  # a Wednesday: week 2026-W23
NS = "{http://www.w3.org/1999/xhtml}"
SAVED = Answers(
    diagnosis=Diagnosis.SOFT_TISSUE,
    tolerance=Tolerance.MODERATE,
    helper=Helper.SELF,
    cautions=frozenset({Caution.BLOOD_THINNERS}),
    tools=frozenset({Tool.BALL}),
    minutes=15,
)


def moment(days_ago: float) -> str:
    start = datetime.combine(TODAY, datetime.min.time()).replace(hour=19).astimezone()
    return (start - timedelta(days=days_ago)).isoformat()


def a_year() -> tuple[list[Entry], list[CheckIn]]:
    """About 240 sessions over a year, pain before falling from 7 to 3, with every helper
    and tool and a few stopped because it hurt; a check-in each week."""
    entries = []
    for number in range(240):
        ago = 359 - number * 1.5
        before = 7 - round(4 * number / 240)
        entries.append(
            Entry(
                id=number + 1,
                uid=f"u{number}",
                when=moment(ago),
                before=before,
                after=None if number % 17 == 0 else max(0, before - 1 - number % 3),
                helper=("self", "partner", "therapist")[number % 3],
                tools=(("ball",), ("hands", "foam-roller"), ())[number % 3],
                note="<script>alert('note')</script>",
                finished=number % 11 != 0,
                stopped="hurt" if number % 22 == 0 else None,
            )
        )
    check_ins = [
        CheckIn(
            week + 1,
            f"c{week}",
            moment(364 - 7 * week),
            7 - week // 13,
            6 - week // 13,
            5 - week // 13,
            min(7, 1 + week // 8),
        )
        for week in range(53)
    ]
    return entries, check_ins


def every_day(entries: list[Entry]) -> list[DayPain]:
    """Sessions by day and pain before, as the store's ``days_since`` gives them."""
    counted = Counter((local_day(entry.when), entry.before) for entry in entries)
    return [DayPain(day, before, n) for (day, before), n in sorted(counted.items())]


def test_weekly_counts_count_only_the_days_asked_for() -> None:
    days = every_day(a_year()[0])
    every = weekly_counts(days)
    recent = weekly_counts(days, since=date(2026, 5, 25))
    assert sum(every.values()) == 240
    assert recent == {week: every[week] for week in ("2026-W22", "2026-W23")}


def report_of(
    entries: list[Entry],
    check_ins: list[CheckIn] | None = None,
    knowledge: Knowledge | None = None,
    weeks: int = 12,
) -> Report:
    summary = summary_of(entries, check_ins or [])
    figures = Figures(
        summarise(summary, WORDS.journal, TODAY),
        summary.check_ins,
        weekly_counts(every_day(entries)),
    )
    person = None if knowledge is None else person_of(SAVED, knowledge)
    return build_report(figures, person, weeks, TODAY, WORDS)


ONE = [Entry(id=1, uid="one", when=moment(2), before=6, after=3, helper="self", tools=("ball",))]
JOURNALS = {"empty": lambda: ([], []), "one-entry": lambda: (ONE, []), "a-year": a_year}


@pytest.fixture(params=sorted(JOURNALS))
def report(request: pytest.FixtureRequest, knowledge: Knowledge) -> Report:
    entries, check_ins = JOURNALS[request.param]()
    # The year also has saved answers; the others show how to save them.
    return report_of(entries, check_ins, knowledge if request.param == "a-year" else None)


# --------------------------------------------------------------------------- HTML


def parsed(page: str) -> Any:
    return html5lib.HTMLParser(strict=True).parse(page)


def test_the_html_is_one_valid_self_contained_page(report: Report) -> None:
    page = html_report(report)
    document = parsed(page)  # strict: any parse error raises
    assert document.get("lang") == "en"
    assert document.find(f"{NS}head/{NS}title").text == WORDS.text["title"]
    viewport = [
        meta.get("content") for meta in document.iter(f"{NS}meta") if meta.get("name") == "viewport"
    ]
    assert viewport == ["width=device-width, initial-scale=1"]
    style = "".join(element.text or "" for element in document.iter(f"{NS}style"))
    assert "@media print" in style and "@page" in style
    assert not list(document.iter(f"{NS}script"))
    for element in document.iter():
        assert not any(name.startswith("on") for name in element.keys())
        assert element.get("src") is None
    assert "<link" not in page and "url(" not in page and "@import" not in page
    headings = [h.text for h in document.iter(f"{NS}h2")]
    words = report.text
    assert headings == [words[key] for key in ("who", "what", "meaning", "questions", "disclaimer")]
    assert len(list(document.iter("{http://www.w3.org/2000/svg}svg"))) == 1
    text = "".join(document.itertext())
    assert report.stats.verdict in text
    assert all(question in text for question in WORDS.journal.questions)
    assert "Not medical advice." in text


def test_the_html_chart_draws_each_week(knowledge: Knowledge) -> None:
    entries, check_ins = a_year()
    document = parsed(html_report(report_of(entries, check_ins, knowledge)))
    svg = next(document.iter("{http://www.w3.org/2000/svg}svg"))
    tags = [element.tag.split("}")[1] for element in svg.iter()]
    assert tags.count("polyline") == 2  # before and after, every week has sessions
    bars = [r for r in svg.iter("{http://www.w3.org/2000/svg}rect") if r.get("fill") == "#9e9e9e"]
    assert len(bars) == 12 + 1  # a bar each week, and the legend's
    assert tags.count("rect") - len(bars) == 12 + 1  # a PEG square each week, and the legend's


def test_the_html_escapes_keys_and_never_shows_notes() -> None:
    entries = [
        Entry(
            id=1,
            uid="x",
            when=moment(1),
            before=5,
            after=2,
            helper="<img src=x onerror=alert(1)>",
            tools=("a&b",),
            note="secret <b>note</b>",
        )
    ]
    page = html_report(report_of(entries))
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "a&amp;b" in page
    assert "secret" not in page
    parsed(page)


def test_the_saved_answers_show_the_ceiling_and_the_routine(knowledge: Knowledge) -> None:
    report = report_of(ONE, knowledge=knowledge)
    assert report.person is not None
    facts = dict(report.person.facts())
    assert facts["Diagnosis"] == knowledge.diagnoses[Diagnosis.SOFT_TISSUE].name
    assert facts["Cautions"] == knowledge.cautions[Caution.BLOOD_THINNERS].name
    # Blood thinners hold the ceiling at the gentle level.
    assert facts["Pressure ceiling"] == "3 out of 10"
    assert report.person.steps and facts["Routine"].startswith(report.person.steps[0])
    assert facts["Session length"] == "15 min"
    assert escape(WORDS.text["no-profile"]) not in html_report(report)
    assert escape(WORDS.text["no-profile"]) in html_report(report_of(ONE))


# --------------------------------------------------------------------------- Markdown


def test_the_markdown_has_every_part_and_a_row_a_week(report: Report) -> None:
    text = markdown_report(report)
    lines = text.splitlines()
    assert lines[0] == f"# {WORDS.text['title']}"
    for heading in ("who", "meaning", "questions", "disclaimer"):
        assert f"## {WORDS.text[heading]}" in lines
    assert f"## {report.text['what']}" in lines
    weeks = [line for line in lines if line.startswith("| 2026-W")]
    assert [line.split(" | ")[0][2:] for line in weeks] == [
        week.week for week in report.sessions_per_week
    ]
    assert weeks[-1].startswith("| 2026-W23 |")
    assert "<script>" not in text and "alert" not in text
    assert report.stats.verdict in text


def test_the_markdown_shows_check_ins_and_groups_on_a_year(knowledge: Knowledge) -> None:
    entries, check_ins = a_year()
    text = markdown_report(report_of(entries, check_ins, knowledge))
    assert "| Date | PEG (pain, life, activity) | Change since starting (1-7) |" in text
    assert f"| 2026-06-03 | 2.0 (3, 2, 1) | 7: {WORDS.journal.change[7]} |" in text
    assert "| partner |" in text and "| foam-roller |" in text and "| not recorded |" in text
    assert "**Pressure ceiling:** 3 out of 10" in text


# --------------------------------------------------------------------------- JSON

CONTRACT = {
    "schema_version",
    "generated",
    "weeks",
    "from",
    "to",
    "profile",
    "sessions_per_week",
    "trend",
    "check_ins",
    "sessions",
    "by_helper",
    "by_tool",
    "stopped_hurt",
    "relief",
    "course",
    "outlook",
    "verdict",
    "questions",
    "disclaimer",
}


def test_the_json_contract(report: Report) -> None:
    data = json.loads(json.dumps(report_dict(report)))
    assert set(data) == CONTRACT
    assert data["schema_version"] == 1
    assert (data["generated"], data["to"], data["from"]) == ("2026-06-03",) * 2 + ("2026-03-16",)
    assert data["weeks"] == 12 and len(data["sessions_per_week"]) == 12
    assert data["sessions_per_week"][-1] == {"week": "2026-W23", "monday": "2026-06-01"} | {
        "sessions": data["sessions_per_week"][-1]["sessions"]
    }
    assert set(data["relief"]) >= {"median_points", "noticeable", "enough"}
    assert set(data["course"]) >= {"measure", "baseline", "latest", "change_points", "weeks"}
    assert data["outlook"] in {"too-early", "helping", "relief-only", "improving", "not-helping"}
    assert data["questions"] == list(WORDS.journal.questions)
    assert data["disclaimer"] == "Not medical advice."
    assert "alert" not in json.dumps(data)


def test_the_json_on_a_year(knowledge: Knowledge) -> None:
    entries, check_ins = a_year()
    data = report_dict(report_of(entries, check_ins, knowledge))
    assert data["profile"]["diagnosis"] == "soft-tissue" and data["profile"]["ceiling"] == 3
    assert data["profile"]["cautions"] == ["blood-thinners"] and data["profile"]["steps"]
    assert sum(week["sessions"] for week in data["sessions_per_week"]) == sum(
        1 for entry in entries if entry.when >= moment(TODAY.weekday() + 77)
    )
    assert [week["week"] for week in data["trend"]] == [
        week["week"] for week in data["sessions_per_week"]
    ]
    assert len(data["check_ins"]) == 12
    assert data["check_ins"][-1]["kind"] == "check-in"
    assert data["check_ins"][-1]["change_words"] == WORDS.journal.change[7]
    assert data["stopped_hurt"] == 11 and data["sessions"] == 240
    assert {group["helper"] for group in data["by_helper"]} == {"self", "partner", "therapist"}
    assert data["course"]["measure"] == "peg" and data["outlook"] == "helping"


def test_the_empty_report_in_json_and_plain() -> None:
    report = report_of([])
    data = report_dict(report)
    assert data["profile"] is None and data["check_ins"] == [] and data["trend"] == []
    assert all(week["sessions"] == 0 for week in data["sessions_per_week"])
    text = plain_report(report)
    assert WORDS.text["no-sessions"] in " ".join(text.split())
    assert WORDS.text["no-check-ins"] in " ".join(text.split())


def test_a_group_key_is_shown_as_it_is_only_escaped() -> None:
    summary = summary_of([])._replace(by_helper=(Group("<b>|x", 1, 2),), pairs=())
    stats = summarise(summary, WORDS.journal, TODAY)
    report = build_report(Figures(stats, (), {}), None, 4, TODAY, WORDS._replace(disclaimer="d"))
    assert "&lt;b&gt;|x" in html_report(report)
    assert "\\<b\\>\\|x" in markdown_report(report)


# --------------------------------------------------------------------------- the command


def add_year(knowledge: Knowledge) -> None:
    entries, _ = a_year()
    today = datetime.now().astimezone().date()
    shift = today - TODAY
    rows = []
    for entry in entries:
        row = entry.to_dict()
        row["when"] = (datetime.fromisoformat(entry.when) + shift).isoformat()
        rows.append(row)
    with Journal.open() as journal:
        assert journal.import_rows(rows) == len(rows)


def test_the_command_writes_each_format(tmp_path: Path, knowledge: Knowledge) -> None:
    add_year(knowledge)
    profile.save_if_changed(SAVED._replace(red_flags=frozenset(), pain=3))
    for name, looks_like in [
        ("report.html", "<!DOCTYPE html>"),
        ("report.md", "# "),
        ("report.json", "{"),
        ("report.txt", WORDS.text["title"]),
    ]:
        target = tmp_path / name
        result = runner.invoke(app, ["journal", "report", "-o", str(target)])
        assert result.exit_code == 0, result.output
        assert target.read_text(encoding="utf-8").startswith(looks_like)
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert data["sessions"] == 240 and data["profile"]["minutes"] == 15
    assert "Pressure ceiling: 3 out of 10" in " ".join(
        (tmp_path / "report.txt").read_text(encoding="utf-8").split()
    )


def test_the_command_on_an_empty_journal_and_on_screen() -> None:
    result = runner.invoke(app, ["journal", "report"])
    assert result.exit_code == 0, result.output
    assert WORDS.text["no-profile"].split(",")[0] in " ".join(result.stdout.split())
    result = runner.invoke(app, ["journal", "report", "--weeks", "4", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["sessions_per_week"]) == 4


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--weeks", "0"], "1 to 520"),
        (["--weeks", "521"], "1 to 520"),
        (["-f", "pdf"], "rich, plain, markdown, html, json"),
        (["-o", "report.csv"], "cannot write csv"),
    ],
)
def test_the_command_refuses_bad_flags(args: list[str], says: str) -> None:
    result = runner.invoke(app, ["journal", "report", *args])
    assert result.exit_code == 2
    assert says in " ".join(result.stderr.replace("│", " ").split())


def test_a_damaged_profile_is_said_and_the_report_still_made() -> None:
    where = profile.profile_path()
    where.parent.mkdir(parents=True, exist_ok=True)
    where.write_text("not = [toml", encoding="utf-8")
    result = runner.invoke(app, ["journal", "report", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["profile"] is None
    assert "damaged" in result.stderr


# --------------------------------------------------------------------------- in a browser


def printed_pages(browser: str, folder: Path, page: Path, size: str) -> int:
    """Pages of ``page`` printed by Chromium on ``size`` paper (A4 or letter)."""
    sized = folder / f"{size}-{page.name}"
    sized.write_text(
        page.read_text(encoding="utf-8").replace(
            "</head>", f"<style>@page {{ size: {size}; }}</style></head>", 1
        ),
        encoding="utf-8",
    )
    pdf = folder / f"{sized.stem}.pdf"
    _run(browser, folder, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", sized.as_uri())
    data = pdf.read_bytes()
    width = {"A4": b"/MediaBox [0 0 594.9", "letter": b"/MediaBox [0 0 612 "}[size]
    assert width in data
    return len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", data))


@pytest.fixture
def year_page(tmp_path: Path, knowledge: Knowledge) -> Path:
    entries, check_ins = a_year()
    page = tmp_path / "report.html"
    page.write_text(html_report(report_of(entries, check_ins, knowledge)), encoding="utf-8")
    return page


@pytest.mark.parametrize("size", ["A4", "letter"])
def test_a_year_prints_on_at_most_two_pages(tmp_path: Path, year_page: Path, size: str) -> None:
    browser = _chromium()
    assert 1 <= printed_pages(browser, tmp_path, year_page, size) <= 2


def test_a_year_reads_on_a_phone_without_sideways_scrolling(
    tmp_path: Path, year_page: Path
) -> None:
    browser = _chromium()
    width, scrolled = _widths(browser, tmp_path, year_page)
    assert 300 < width <= PHONE_WIDTH
    assert scrolled <= width, f"sideways scroll: {scrolled} px wide in {width} px"


def test_the_store_gives_sessions_by_day_from_a_date_on(tmp_path: Path) -> None:
    entries = a_year()[0][:40]
    since = local_day(entries[20].when)
    with Journal.open(tmp_path / "journal.sqlite3") as journal:
        journal.import_rows([entry.to_dict() for entry in entries])
        kept = journal.days_since(since)
    assert kept == tuple(item for item in every_day(entries) if item.day >= since)
    assert sum(item.sessions for item in kept) >= 20
