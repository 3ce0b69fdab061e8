"""The guided session: a timed walk through the routine that saves what was done."""
