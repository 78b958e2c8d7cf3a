"""The ``tyreso`` command for staff.

Exit codes: 0 klart (inga fynd), 1 fynd i rapporterna, 2 fel i kommandot (fel sökväg, fil finns redan …).

Each command is one module in this package, listed in ``COMMANDS``. A command module has
``NAME`` (the word typed after ``tyreso``), ``add_parser(commands)`` (its arguments and help),
``run(arguments) -> int`` (the exit code) and, optionally, ``ERRORS``: its own exceptions that are
shown as one line with exit code 2, like ``CommandError``. Adding a command means writing its
module and adding it to ``COMMANDS``.
"""

from __future__ import annotations

import argparse
import os
import sys

from tyreso_ext.cli import check, diff, export, faststall, importera, init, kolada, ny, pdf, serve, verifiera
from tyreso_ext.cli.common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, CommandError
from tyreso_ext.cli.parser import Parser
from tyreso_ext.source.project import ProjectError

__all__ = ["COMMANDS", "EXIT_FINDINGS", "EXIT_OK", "EXIT_USAGE", "CommandError", "main"]

# In the order `tyreso --help` lists them.
COMMANDS = (check, ny, export, serve, pdf, diff, faststall, verifiera, init, kolada, importera)

# Shown as one line with exit code 2: errors in the command, a missing project, and each command's own.
_ERRORS = (CommandError, ProjectError, *(error for command in COMMANDS for error in getattr(command, "ERRORS", ())))


def _parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="tyreso",
        description="Verktyg för kommunens planer och uppföljningar som kod.",
        epilog="Exempel:\n  tyreso check\n  tyreso ny reports/2023/T1/arbetsmarknads-och-socialnamnden.md 2023-T2\n\n"
        "Slutstatus: 0 klart, 1 fynd i rapporterna, 2 fel i kommandot.",
    )
    commands = parser.add_subparsers(dest="command", metavar="KOMMANDO", title="kommandon", parser_class=Parser)
    for command in COMMANDS:
        command.add_parser(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    arguments = parser.parse_args(argv)
    if arguments.command is None:
        parser.print_help()
        return EXIT_USAGE
    command = {command.NAME: command for command in COMMANDS}[arguments.command]
    try:
        return command.run(arguments)
    except _ERRORS as error:
        print(f"tyreso {arguments.command}: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return EXIT_OK
    except BrokenPipeError:
        # The reader went away (e.g. `tyreso check | head`): stop quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
