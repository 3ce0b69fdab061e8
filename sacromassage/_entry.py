"""The console-script entry point: load the CLI without paying for garbage collection.

Loading typer, rich and our modules allocates many long-lived objects, and the cycle
collector keeps scanning them although they never become garbage. The collector is
paused while the program loads, then those objects are frozen out of its view
(``gc.freeze``) and it runs as usual for whatever the command allocates, so a long
command (a guided session) still collects its own garbage. See benchmarks/startup.py.
"""

import gc


def main() -> None:
    gc.disable()
    try:
        from sacromassage.cli.app import main as cli_main
    finally:
        gc.freeze()
        gc.enable()
    cli_main()
