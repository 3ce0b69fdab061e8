"""The command line: thin typer commands, flags in and a value out."""
