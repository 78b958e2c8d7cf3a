"""The argparse machinery of ``tyreso``: Swedish headings and argparse's own messages in Swedish."""

from __future__ import annotations

import argparse
import re
from typing import NoReturn, TypeAlias

from tyreso_ext.cli.common import EXIT_USAGE


class SwedishHelp(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "användning: " if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """argparse with Swedish headings, and errors as one clear line."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("formatter_class", SwedishHelp)
        kwargs.setdefault("add_help", False)
        super().__init__(**kwargs)
        self._positionals.title = "argument"
        self._optionals.title = "flaggor"
        self.add_argument("-h", "--help", action="help", help="visa den här hjälpen och avsluta")

    def error(self, message: str) -> NoReturn:
        for pattern, swedish in ARGPARSE_MESSAGES:
            message = re.sub(pattern, swedish, message)
        self.exit(EXIT_USAGE, f"{self.prog}: fel i kommandot: {message}\nSkriv '{self.prog} --help' för hjälp.\n")


# argparse's own messages, in Swedish.
ARGPARSE_MESSAGES = [
    (r"the following arguments are required: (.*)", r"dessa argument saknas: \1"),
    (r"argument (\S+): invalid choice: (.*) \(choose from (.*)\)", r"\1: ogiltigt val \2 (välj bland \3)"),
    (r"argument (\S+): invalid (\w+) value: (.*)", r"\1: ogiltigt värde \3"),
    (r"argument (\S+): expected one argument", r"\1 behöver ett värde"),
    (r"unrecognized arguments: (.*)", r"okända argument: \1"),
    (r"argument (\S+): ambiguous option: (.*)", r"\1: flertydig flagga: \2"),
]

# What `add_subparsers()` returns: each command module's `add_parser` adds its parser to it.
Subparsers: TypeAlias = "argparse._SubParsersAction[Parser]"
