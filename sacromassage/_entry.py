"""The console-script entry point: load the CLI without paying for garbage collection.

Loading typer, rich and our modules allocates many long-lived objects, and the cycle
collector keeps scanning them although they never become garbage. The collector is
paused while the program loads, then those objects are frozen out of its view
(``gc.freeze``).

A command then allocates some thousands more objects that also live until it ends
(rich's modules when it prints panels, about 11,000 objects for ``advise --format
rich``; the knowledge base; the plan), and at the default threshold of 700 the collector
would scan them some 16 times, about 3 ms. So it runs only once 25,000 objects have
been allocated and not freed: a flag-only command ends before that, and a long command
(a guided session) still collects its own garbage. See benchmarks/startup.py.
"""

import gc

# Allocations (net of frees) of container objects between two youngest-generation
# collections; Python's default is 700.
GC_THRESHOLD = 25_000


def main() -> None:
    gc.disable()
    try:
        from sacromassage.cli.app import main as cli_main
    finally:
        gc.freeze()
        gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])
        gc.enable()
    cli_main()
