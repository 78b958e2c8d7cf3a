"""``tyreso diff``: what changed in the reports' objects between two Git versions."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tyreso_ext.cli.common import EXIT_OK, CommandError
from tyreso_ext.cli.parser import Subparsers
from tyreso_ext.history.changes import compare
from tyreso_ext.history.decided import DecidedReports
from tyreso_ext.history.formats import FORMATTERS
from tyreso_ext.history.gitrepo import GitUnavailable, open_repository
from tyreso_ext.history.snapshot import History
from tyreso_ext.source.project import Project

NAME = "diff"


def add_parser(commands: Subparsers) -> None:
    diff = commands.add_parser(
        NAME,
        help="visa vad som ändrats i rapporterna mellan två versioner",
        description="Jämför rapporternas objekt mellan två Git-versioner: tillagda och borttagna objekt,\n"
        "ändrad status, ändrade fält, ändrad text och objekt som flyttats mellan filer.",
        epilog="Exempel:\n  tyreso diff main...HEAD   (som en merge request: från där grenen utgick från main)\n"
        "  tyreso diff main HEAD\n  tyreso diff HEAD~3 HEAD --format markdown\n"
        "  tyreso diff main            (jämför med arbetskopian som den är nu)\n\n"
        "Slutstatus: 0 klart, 2 fel i kommandot (till exempel en version som inte finns).",
    )
    diff.add_argument("before", metavar="VERSION1", help="den tidigare versionen (gren, tagg eller incheckning)")
    diff.add_argument("after", nargs="?", metavar="VERSION2", help="den senare versionen (standard: arbetskopian)")
    diff.add_argument("--format", choices=("text", "markdown", "json"), default="text", help="utdataformat (standard: text)")


def run(arguments: argparse.Namespace) -> int:
    project = Project.find(Path.cwd())
    repository = open_repository(project.root)
    if repository is None:
        raise CommandError("Mappen är inte en Git-katalog, så det finns inga versioner att jämföra.")
    history = History(project, repository)
    before, after = arguments.before, arguments.after
    base_of = None
    if "..." in before and after is None:
        # 'main...HEAD': from where the branch left main, as a merge request shows it.
        base_of, _, after = before.partition("...")
        before, after = base_of, after or "HEAD"
    shas = []
    for revision in (before, after):
        try:
            shas.append(repository.resolve(revision) if revision else None)
        except GitUnavailable:
            hint = (
                " Arkivet är en grund kopia (shallow clone): hämta hela historiken med 'git fetch --unshallow'."
                if repository.is_shallow()
                else ""
            )
            raise CommandError(f"Versionen finns inte i Git: {revision}.{hint}") from None
    before_sha, after_sha = shas
    if base_of is not None:
        if before_sha is None or after_sha is None:  # '...HEAD': no branch named before the dots
            raise CommandError("Skriv grenen före '...', till exempel 'tyreso diff main...HEAD'.")
        try:
            before_sha = repository.merge_base(before_sha, after_sha)
        except GitUnavailable:
            raise CommandError(f"{base_of} och {after} har ingen gemensam version.") from None
    changes = compare(history.snapshot(before_sha), history.snapshot(after_sha))
    # Changes in reports already decided in the earlier version are marked (a rättelse or TY041).
    decided = DecidedReports(history).decided_changes(before_sha, after_sha, changes) if before_sha and changes else []
    label_before = f"{(before_sha or '')[:7]} (där {after} utgick från {base_of})" if base_of is not None else before
    sys.stdout.write(FORMATTERS[arguments.format](changes, label_before, after or "arbetskopian", decided))
    return EXIT_OK
