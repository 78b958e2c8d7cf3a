"""The version history of the reports, read from Git: semantic diffs and per-object history."""
