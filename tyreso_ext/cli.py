"""The ``tyreso`` command for staff. Exit codes: 0 inga fynd, 1 fynd, 2 fel i kommandot."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .model.findings import CODES
from .project import Project, ProjectError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tyreso",
        description="Verktyg för kommunens planer och uppföljningar som kod.",
        epilog="Exempel: tyreso check reports/2023/T1",
    )
    commands = parser.add_subparsers(dest="command", metavar="KOMMANDO", title="kommandon")
    check = commands.add_parser(
        "check",
        help="granska rapporter utan att bygga webbplatsen",
        description="Granskar rapporterna med samma regler som bygget och skriver varje fynd som fil:rad:kolumn: KOD meddelande.",
        epilog="Exempel: tyreso check reports/2023/T1/arbetsmarknads-och-socialnamnden.md\n"
        "Slutstatus: 0 inga fynd, 1 minst ett fynd, 2 fel i kommandot.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument("paths", nargs="*", type=Path, metavar="SÖKVÄG", help="filer eller mappar att granska (standard: alla rapporter)")
    check.add_argument("--format", choices=("text", "json"), default="text", help="utdataformat (standard: text)")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    arguments = parser.parse_args(argv)
    if arguments.command is None:
        parser.print_help()
        return 2
    try:
        return _check(arguments.paths, arguments.format)
    except ProjectError as error:
        print(f"tyreso: {error}", file=sys.stderr)
        return 2


def _check(paths: list[Path], output_format: str) -> int:
    missing = [path for path in paths if not path.exists()]
    if missing:
        raise ProjectError(f"Sökvägen finns inte: {missing[0]}")
    project = Project.find(paths[0] if paths and paths[0].is_dir() else (paths[0].parent if paths else Path.cwd()))
    extra = [file for path in paths for file in ([path] if path.is_file() else sorted(path.rglob("*.md")))]
    wanted = {file.resolve().relative_to(project.root).as_posix() for file in extra} if paths else None
    findings = [finding for finding in project.check(extra) if wanted is None or finding.path in wanted]
    if output_format == "json":
        payload = {
            "fynd": [
                {"fil": finding.path, "rad": finding.line, "kolumn": finding.column, "kod": finding.code,
                 "beskrivning": CODES[finding.code], "meddelande": finding.message}
                for finding in findings
            ],
            "antal": len(findings),
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        for finding in findings:
            print(finding.as_line())
        files = len({finding.path for finding in findings})
        print(f"{len(findings)} fynd i {files} filer." if findings else "Inga fynd.")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
