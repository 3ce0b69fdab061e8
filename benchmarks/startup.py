"""Start-up benchmark: how long a flag-only ``advise`` takes, against an import floor.

Run it in the venv you want to measure:

    python benchmarks/startup.py            # 20 runs each, prints medians and ratios
    python benchmarks/startup.py --runs 40 --check   # exit 1 if a ratio is above 1.10

The floor is ``python -c "import typer, rich.console, rich.panel"`` in the same venv:
what any typer + rich program pays before doing anything. The target is a ratio of at
most 1.10 for both ``--format json`` and ``--format rich`` (issue 7), measured in one run:
the machine's speed drifts, so only ratios from the same run compare.

PYTHONDONTWRITEBYTECODE is dropped for the runs: a pip-installed package has its .pyc
files, and an editable checkout gets them on the warm-up run, so what is measured is the
program, not Python compiling it. The knowledge cache is warmed the same way.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

LIMIT = 1.10
ANSWERS = [
    "advise",
    "--diagnosis",
    "soft-tissue",
    "--tolerance",
    "moderate",
    "--pain",
    "4",
    "--helper",
    "self",
    "--no-red-flags",
    "--no-cautions",
    "--tool",
    "ball",
]


def program() -> list[str]:
    """The installed console script next to this Python, else ``python -m sacromassage``."""
    script = Path(sys.executable).with_name("sacromassage")
    if script.exists():
        return [str(script)]
    found = shutil.which("sacromassage")
    return [found] if found else [sys.executable, "-m", "sacromassage"]


ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def children_cpu() -> float:
    """CPU time (user + system) of the finished child processes so far; 0 on Windows."""
    if sys.platform == "win32":
        return 0.0
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def wall_time(command: list[str]) -> tuple[float, float]:
    """Wall time and the child's CPU time of one run."""
    cpu = children_cpu()
    start = time.perf_counter()
    subprocess.run(
        command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV
    )
    return time.perf_counter() - start, children_cpu() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--check", action="store_true", help="exit 1 when a ratio is too high")
    args = parser.parse_args()

    commands = {
        "floor (import typer, rich.console, rich.panel)": [
            sys.executable,
            "-c",
            "import typer, rich.console, rich.panel",
        ],
        "advise --format json": [*program(), *ANSWERS, "--format", "json"],
        "advise --format rich": [*program(), *ANSWERS, "--format", "rich"],
    }
    for command in commands.values():  # warm the file cache and .pyc files
        wall_time(command)
    times: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):  # interleaved, so drift hits every command alike
        for name, command in commands.items():
            wall, used = wall_time(command)
            times[name].append(wall)
            cpu[name].append(used)

    medians = {name: statistics.median(values) for name, values in times.items()}
    cpu_medians = {name: statistics.median(values) for name, values in cpu.items()}
    floor = medians[next(iter(commands))]
    cpu_floor = cpu_medians[next(iter(commands))] or 1.0
    ok = True
    # The target is on wall time; CPU time is shown as well because it moves less when
    # other programs share the machine.
    print(f"median wall time over {args.runs} runs ({sys.executable}), and CPU time")
    for name, median in medians.items():
        ratio = median / floor
        line = (
            f"  {name:<50} {median * 1000:7.1f} ms   ratio {ratio:.2f}"
            f"   (CPU {cpu_medians[name] * 1000:6.1f} ms, {cpu_medians[name] / cpu_floor:.2f})"
        )
        if name.startswith("advise"):
            passed = ratio <= LIMIT
            ok = ok and passed
            line += "   ok" if passed else f"   ABOVE {LIMIT:.2f}"
        print(line)
    return 0 if ok or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())
