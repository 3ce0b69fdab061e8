"""Time the journal's read commands on a journal of 100,000 entries, against the floor.

The floor is ``python -c "import typer, rich.console, rich.panel"``: what any typer and
rich command pays before it does anything. Each figure is the median wall-clock time of
a whole process (start-up included); the runs of the floor and of each command are
interleaved, so a busy machine slows them alike. The goal (issue 10) is 1.3 times the
floor at most for ``journal stats`` and ``journal report``; ``--check`` exits 1 when one
is above it (``list`` and ``path`` are shown for comparison)::

    python benchmarks/journal.py
    python benchmarks/journal.py --runs 21 --check
    python benchmarks/journal.py --entries 10000

``--command`` replaces ``python -m sacromassage`` (for trying a work-in-progress CLI);
the journal lives in a temporary SACROMASSAGE_HOME that is removed afterwards.
``journal report`` is timed too once the program has it.
"""

from __future__ import annotations

import argparse
import os
import random
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sacromassage.journal.store import Journal  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from startup import ENV as STARTUP_ENV  # noqa: E402
from startup import program as startup_program  # noqa: E402

#: The most a command may take, as a multiple of the floor.
LIMIT_RATIO = 1.3
#: The commands held to it (issue 10); the others are timed for comparison: `list`
#: draws a rich table of its rows, whatever the journal's size.
HELD = ("stats", "report")
FLOOR = (sys.executable, "-c", "import typer, rich.console, rich.panel")
HELPERS = [None, "self", "partner", "therapist"]
TOOLS = [None, "hands", "ball", "foam-roller", "massage-cane"]


def make_rows(count: int, seed: int = 2001) -> list[dict[str, Any]]:
    """``count`` plausible sessions, two a day or so, ending now."""
    chance = random.Random(seed)
    start = datetime.now(timezone(timedelta(hours=1))).replace(microsecond=0)
    rows = []
    for number in range(count):
        before = chance.randint(2, 9)
        after = max(0, before - chance.randint(-1, 4))
        rows.append(
            {
                "when": (start - timedelta(hours=11 * (count - number))).isoformat(),
                "before": before,
                "after": after,
                "minutes": chance.choice([None, 10, 15, 20, 30]),
                "helper": chance.choice(HELPERS),
                "tool": chance.choice(TOOLS),
                "note": chance.choice([None, "stiff after driving", 'said "ouch", then eased']),
                "finished": chance.random() > 0.1,
                "steps": [{"number": 1, "title": "Warm the area", "outcome": "done"}],
            }
        )
    return rows


def check_runs(command: list[str], env: dict[str, str]) -> bool:
    """Run ``command`` once untimed (a warm-up); False if it does not exist (exit 2)."""
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode == 2:
        return False
    if result.returncode != 0:
        raise SystemExit(
            f"{' '.join(command)} failed with exit status {result.returncode}:\n"
            f"{result.stderr.strip()}"
        )
    return True


def medians(commands: list[list[str]], env: dict[str, str], runs: int) -> list[float]:
    """The median seconds of each command over ``runs`` rounds, each round running
    every command once in turn."""
    samples: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for command, times in zip(commands, samples, strict=True):
            started = time.perf_counter()
            subprocess.run(command, env=env, check=True, capture_output=True)
            times.append(time.perf_counter() - started)
    return [statistics.median(times) for times in samples]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument(
        "--check",
        action="store_true",
        help=f"exit 1 if a command is over {LIMIT_RATIO} x the floor",
    )
    parser.add_argument(
        "--command",
        default=None,
        help="how to run the program (default: the installed sacromassage next to this "
        "python, as startup.py finds it)",
    )
    options = parser.parse_args()
    program = shlex.split(options.command) if options.command else startup_program()
    with tempfile.TemporaryDirectory(prefix="sacromassage-bench-") as home:
        # As in startup.py: without PYTHONDONTWRITEBYTECODE, so the program's .pyc files
        # are written on the warm-up run and what is timed is the program, not compiling.
        env = {**STARTUP_ENV, "SACROMASSAGE_HOME": home, "COLUMNS": "100"}
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
        started = time.perf_counter()
        with Journal.open(Path(home) / "journal.sqlite3") as journal:
            added = journal.import_rows(make_rows(options.entries), source="benchmark")
        print(
            f"inserted {added} entries in one transaction in {time.perf_counter() - started:.2f} s"
        )
        # `journal path` reads nothing: the program's own start-up, for comparison.
        names = [
            ["journal", "stats"],
            ["journal", "report"],
            ["journal", "list", "--last", "50"],
            ["journal", "path"],
        ]
        names = [name for name in names if check_runs([*program, *name], env)]
        check_runs(list(FLOOR), env)
        floor, *seconds = medians(
            [list(FLOOR)] + [[*program, *name] for name in names], env, options.runs
        )
    print(
        f"{'floor (import typer, rich)':<28} median {floor * 1000:6.1f} ms over {options.runs} runs"
    )
    over = 0
    for name, took in zip(names, seconds, strict=True):
        ratio = took / floor
        if name[1] in HELD:
            over += ratio > LIMIT_RATIO
            verdict = f"{'ok' if ratio <= LIMIT_RATIO else 'OVER'}, limit {LIMIT_RATIO}"
        else:
            verdict = "for comparison"
        print(
            f"{' '.join(name):<28} median {took * 1000:6.1f} ms = {ratio:.2f} x the floor "
            f"({verdict})"
        )
    return 1 if options.check and over else 0


if __name__ == "__main__":
    sys.exit(main())
