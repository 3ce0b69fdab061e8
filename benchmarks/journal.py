"""Time the journal's read commands on a journal of 10,000 entries.

Each figure is the median wall-clock time of a whole ``python -m sacromassage``
process (start-up included), which must stay under 0.3 s::

    python benchmarks/journal.py
    python benchmarks/journal.py --runs 11 --entries 20000

``--command`` replaces ``python -m sacromassage`` (for trying a work-in-progress CLI);
the journal lives in a temporary SACROMASSAGE_HOME that is removed afterwards.
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

LIMIT_SECONDS = 0.3
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


def time_command(command: list[str], env: dict[str, str], runs: int) -> float:
    """Median seconds over ``runs`` runs, after one untimed warm-up."""
    warm_up = subprocess.run(command, env=env, capture_output=True, text=True)
    if warm_up.returncode != 0:
        raise SystemExit(
            f"{' '.join(command)} failed with exit status {warm_up.returncode}:\n"
            f"{warm_up.stderr.strip()}"
        )
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, env=env, check=True, capture_output=True)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--command",
        default=f"{shlex.quote(sys.executable)} -m sacromassage",
        help="how to run the program (default: this python -m sacromassage)",
    )
    options = parser.parse_args()
    program = shlex.split(options.command)
    failures = 0
    with tempfile.TemporaryDirectory(prefix="sacromassage-bench-") as home:
        env = {**os.environ, "SACROMASSAGE_HOME": home, "COLUMNS": "100"}
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
        started = time.perf_counter()
        with Journal.open(Path(home) / "journal.sqlite3") as journal:
            added = journal.import_rows(make_rows(options.entries), source="benchmark")
        print(f"inserted {added} entries in {time.perf_counter() - started:.2f} s")
        for arguments in (["journal", "stats"], ["journal", "list", "--last", "50"]):
            seconds = time_command([*program, *arguments], env, options.runs)
            ok = seconds < LIMIT_SECONDS
            failures += not ok
            verdict = "under" if ok else "OVER"
            print(
                f"{' '.join(arguments):<24} median {seconds * 1000:6.1f} ms over {options.runs} "
                f"runs: {verdict} {LIMIT_SECONDS * 1000:.0f} ms"
            )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
