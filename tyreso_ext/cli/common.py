"""What every ``tyreso`` command shares: the exit codes and the error for a wrong command."""

from __future__ import annotations

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class CommandError(Exception):
    """A problem with the command itself, shown as one line and exit code 2."""
