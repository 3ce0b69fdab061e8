"""The wheel carries the knowledge base and works from any directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("sacromassage-*.whl")
    return built


def test_wheel_contains_every_data_file(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for data_file in sorted((ROOT / "data").glob("*.toml")):
        assert f"sacromassage/data/{data_file.name}" in names


def test_unpacked_wheel_runs_from_another_directory(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sacromassage, sys; from sacromassage.cli.app import main; "
            "print(sacromassage.__file__, file=sys.stderr); main()",
            "advise",
            "-d",
            "unknown",
            "-t",
            "gentle",
            "-p",
            "2",
            "-w",
            "self",
            "--no-red-flags",
            "--no-cautions",
            "-f",
            "json",
        ],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert str(site) in result.stderr  # the unpacked wheel, not the checkout, was used
    assert json.loads(result.stdout)["expectation"]["benefit"] == "uncertain"
