"""``tyreso check``: the build's findings, without building the site (and without importing Sphinx)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from tyreso_ext.cli.common import EXIT_FINDINGS, EXIT_OK, CommandError
from tyreso_ext.cli.parser import Subparsers
from tyreso_ext.history.decided import decision_rule
from tyreso_ext.model.findings import CODES
from tyreso_ext.outputs.annotations import ANNOTATION_FORMATS
from tyreso_ext.source.project import Project

NAME = "check"


def add_parser(commands: Subparsers) -> None:
    check = commands.add_parser(
        NAME,
        help="granska rapporter utan att bygga webbplatsen",
        description="Granskar rapporterna med samma regler som bygget och skriver varje fynd som\nfil:rad:kolumn: KOD meddelande.",
        epilog="Exempel:\n  tyreso check\n  tyreso check reports/2023/T1/arbetsmarknads-och-socialnamnden.md\n  tyreso check --format json\n\n"
        "Slutstatus: 0 inga fynd, 1 minst ett fynd, 2 fel i kommandot.",
    )
    check.add_argument(
        "paths", nargs="*", type=Path, metavar="SÖKVÄG", help="filer eller mappar att granska (standard: alla rapporter)"
    )
    check.add_argument(
        "--format",
        choices=("text", "json", "github", "codequality"),
        default="text",
        help="utdataformat: text, json, github (anteckningar i GitHub Actions) eller codequality (GitLab); standard: text",
    )


def run(arguments: argparse.Namespace) -> int:
    paths: list[Path] = arguments.paths
    missing = [path for path in paths if not path.exists()]
    if missing:
        raise CommandError(f"Sökvägen finns inte: {missing[0]}")
    project = Project.find(paths[0] if paths and paths[0].is_dir() else (paths[0].parent if paths else Path.cwd()))
    extra = [file for path in paths for file in ([path] if path.is_file() else sorted(path.rglob("*.md")))]
    wanted = {project.location(file) for file in extra} if paths else None
    folders = [folder + "/" if folder != "." else "" for folder in (project.location(path) for path in paths if path.is_dir())]
    findings = [
        finding
        for finding in project.check(extra, rules=[decision_rule(project)])  # the build runs the same rules
        if wanted is None or finding.path in wanted or finding.path.startswith(tuple(folders))
    ]
    if arguments.format in ANNOTATION_FORMATS:
        sys.stdout.write(ANNOTATION_FORMATS[arguments.format](findings))
    elif arguments.format == "json":
        payload = {
            "fynd": [
                {
                    "fil": finding.path,
                    "rad": finding.line,
                    "kolumn": finding.column,
                    "kod": finding.code,
                    "beskrivning": CODES[finding.code],
                    "meddelande": finding.message,
                }
                for finding in findings
            ],
            "antal": len(findings),
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        for finding in findings:
            print(finding.as_line())
        files = len({finding.path for finding in findings})
        print(f"{len(findings)} fynd i {files} {'fil' if files == 1 else 'filer'}." if findings else "Inga fynd.")
    return EXIT_FINDINGS if findings else EXIT_OK
