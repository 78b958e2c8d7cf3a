"""``tyreso pdf``: one PDF per report (the work is done by tyreso_ext.outputs.pdf)."""

from __future__ import annotations

import argparse
from pathlib import Path

from tyreso_ext.cli.parser import Subparsers
from tyreso_ext.source.project import Project

NAME = "pdf"


def add_parser(commands: Subparsers) -> None:
    pdf = commands.add_parser(
        NAME,
        help="en PDF per rapport",
        description="Skapar en PDF per rapport (A4, taggad PDF/UA-1, med försättsblad och innehållsförteckning)\n"
        "i byggmappen. En PDF vars innehåll inte har ändrats sedan förra bygget i samma mapp återanvänds.\n"
        "Kräver systempaketen för Pango (make pdf installerar dem som root).",
        epilog="Exempel:\n  tyreso pdf\n  tyreso pdf --ut _build/pdf --strikt\n  tyreso pdf --utan-cache\n\nSlutstatus: 0 klart, 1 fel i bygget, 2 fel i kommandot.",
    )
    pdf.add_argument(
        "--ut", type=Path, default=Path("_build/pdf"), metavar="MAPP", help="mappen för PDF-filerna (standard: _build/pdf)"
    )
    pdf.add_argument("--strikt", action="store_true", help="varningar i bygget räknas som fel, som i make html")
    pdf.add_argument("-j", "--processer", type=int, default=None, metavar="N", help="högst N samtidiga PDF-processer")
    pdf.add_argument(
        "--utan-cache", action="store_true", help="skapa alla PDF-filer på nytt, också de vars innehåll inte har ändrats"
    )


def run(arguments: argparse.Namespace) -> int:
    from tyreso_ext.outputs.pdf.__main__ import main as pdf_main  # WeasyPrint is loaded only when PDFs are made

    project = Project.find(Path.cwd())
    outdir = arguments.ut if arguments.ut.is_absolute() else Path.cwd() / arguments.ut
    options = [str(project.root), str(outdir)] + (["--strikt"] if arguments.strikt else [])
    options += ["--processer", str(arguments.processer)] if arguments.processer else []
    options += ["--utan-cache"] if arguments.utan_cache else []
    return pdf_main(options)
