"""The guide: the knowledge in data/ and the pure engine that turns answers into a plan."""
