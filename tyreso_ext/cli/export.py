"""``tyreso export``: every object and financial table of every period as JSON, CSV or Excel."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tyreso_ext.cli.common import EXIT_OK, CommandError
from tyreso_ext.cli.parser import Subparsers
from tyreso_ext.outputs.open_data.files import FORMATS, provenance_fields, write_export
from tyreso_ext.outputs.open_data.records import export_data
from tyreso_ext.source.project import Project

NAME = "export"


def add_parser(commands: Subparsers) -> None:
    export = commands.add_parser(
        NAME,
        help="exportera alla objekt och ekonomitabeller som JSON, CSV eller Excel",
        description="Skriver varje objekt i varje period med fält, status, rapport, organ, period och plats i källtexten,\n"
        "indikatorernas värden och ekonomitabellernas siffror som tal.\n"
        "JSON-filen följer schemat tyreso_ext/data/tyreso-export.schema.json. Excel-filen har ett blad per tabell;\n"
        "med --format csv --ut objekt.csv blir det en fil per tabell: objekt.csv, objekt-indikatorvarden.csv\n"
        "och objekt-ekonomi.csv (utan --ut skrivs bara objekten).",
        epilog="Exempel:\n  tyreso export --format csv --ut objekt.csv\n  tyreso export --format json > objekt.json\n\n"
        "Slutstatus: 0 klart, 2 fel i kommandot.",
    )
    export.add_argument("--format", choices=FORMATS, default="json", help="filformat (standard: json)")
    export.add_argument("--ut", type=Path, metavar="FIL", help="fil att skriva (standard: skärmen; krävs för xlsx)")


def run(arguments: argparse.Namespace) -> int:
    project = Project.find(Path.cwd())
    documents = [project.read(path) for path in project.report_files()]
    data = export_data(
        [document.report for document in documents if document.report is not None],
        [obj for document in documents for obj in document.objects],
        provenance_fields(project.root),
        [
            (document.report, line, table)
            for document in documents
            if document.report is not None
            for line, table in document.finance_tables
        ],
    )
    if arguments.ut is None:
        if arguments.format == "xlsx":
            raise CommandError("Excel-formatet behöver en fil: ange --ut objekt.xlsx.")
        if arguments.format == "json":
            from tyreso_ext.outputs.open_data.files import render_json

            sys.stdout.write(render_json(data, indent=2))  # read by a person on the screen
        else:
            from tyreso_ext.outputs.open_data.files import render_csv

            sys.stdout.write(
                "\ufeff" + render_csv(data, kinds=project.settings.kinds)
            )  # the objects only; the mark Excel needs to read å, ä and ö
        return EXIT_OK
    written = write_export(data, arguments.ut, arguments.format, project.settings.kinds)
    tables = len(data["ekonomi"])
    what = f"{len(data['objekt'])} objekt och {tables} {'ekonomitabell' if tables == 1 else 'ekonomitabeller'}"
    print(f"Skrev {what} från {len(data['rapporter'])} rapporter till {_listed(written)}.", file=sys.stderr)
    return EXIT_OK


def _listed(paths: list[Path]) -> str:
    names = [str(path) for path in paths]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} och {names[-1]}"
