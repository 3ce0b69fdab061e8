"""The HTML handout in a real browser (headless Chromium): a phone's width and paper.

How it measures, with no script in the handout itself:
- sideways scrolling: a wrapper page in a temporary folder loads the handout in a
  390-pixel-wide iframe and writes the handout's ``clientWidth`` and ``scrollWidth``
  into the page, which ``--dump-dom`` prints (headless windows are never narrower than
  500 pixels, so the window itself cannot be the phone);
- printed pages: a copy of the handout with ``@page { size: A4 }`` added is printed with
  ``--print-to-pdf`` and its ``/Type /Page`` objects are counted.

With ``CI=true`` a missing Chromium is a failure; elsewhere these tests are skipped.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sacromassage.cli.app import app

runner = CliRunner()

PARTNER = [
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
    "-f",
    "html",
]
PHONE_WIDTH = 390


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("CI") == "true":
        pytest.fail("Chromium is not installed: .ci/run installs Debian's 'chromium'")
    pytest.skip(
        "Chromium is not installed (apt-get install chromium); the handout's browser checks need it"
    )


def _run(browser: str, folder: Path, *args: str) -> str:
    command = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={folder / 'profile'}",
        *args,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def _handout(folder: Path, minutes: int) -> Path:
    result = runner.invoke(app, [*PARTNER, "-m", str(minutes)])
    assert result.exit_code == 0, result.output
    page = folder / f"handout-{minutes}.html"
    page.write_text(result.stdout, encoding="utf-8")
    return page


def _widths(browser: str, folder: Path, page: Path) -> tuple[int, int]:
    """The page's visible width and scrolled width inside a phone-wide frame."""
    wrapper = folder / f"phone-{page.stem}.html"
    wrapper.write_text(
        '<!DOCTYPE html><html><body style="margin:0">'
        f'<iframe id="phone" src="{page.name}" style="width:{PHONE_WIDTH}px;height:800px;'
        'border:0"></iframe><pre id="measure">not measured</pre><script>'
        'document.getElementById("phone").onload = function () {'
        " var root = this.contentDocument.documentElement;"
        ' document.getElementById("measure").textContent ='
        ' "width " + root.clientWidth + " scroll " + root.scrollWidth; };'
        "</script></body></html>",
        encoding="utf-8",
    )
    dom = _run(
        browser,
        folder,
        "--allow-file-access-from-files",
        "--virtual-time-budget=10000",
        "--window-size=800,900",
        "--dump-dom",
        wrapper.as_uri(),
    )
    found = re.search(r"width (\d+) scroll (\d+)", dom)
    assert found, dom[-1000:]
    return int(found[1]), int(found[2])


def _a4_pages(browser: str, folder: Path, page: Path) -> int:
    a4 = folder / f"a4-{page.name}"
    a4.write_text(
        page.read_text(encoding="utf-8").replace(
            "</head>", "<style>@page { size: A4; }</style></head>", 1
        ),
        encoding="utf-8",
    )
    pdf = folder / f"{page.stem}.pdf"
    _run(browser, folder, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", a4.as_uri())
    data = pdf.read_bytes()
    assert b"/MediaBox [0 0 594.9" in data  # A4: 210 mm is 595 points
    return len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", data))


def test_the_handout_fits_a_phone_without_sideways_scrolling(tmp_path: Path) -> None:
    browser = _chromium()
    # The measurement itself must see overflow when there is some.
    wide = tmp_path / "wide.html"
    wide.write_text(
        '<!DOCTYPE html><html><body><div style="width:600px">x</div></body></html>',
        encoding="utf-8",
    )
    width, scrolled = _widths(browser, tmp_path, wide)
    assert scrolled > width

    width, scrolled = _widths(browser, tmp_path, _handout(tmp_path, 30))
    assert 300 < width <= PHONE_WIDTH
    assert scrolled <= width, f"sideways scroll: {scrolled} px wide in {width} px"


@pytest.mark.parametrize(("minutes", "most_pages"), [(30, 4), (10, 3)])
def test_the_handout_prints_on_few_a4_pages(tmp_path: Path, minutes: int, most_pages: int) -> None:
    browser = _chromium()
    pages = _a4_pages(browser, tmp_path, _handout(tmp_path, minutes))
    assert 1 <= pages <= most_pages
