"""``tyreso serve``: a preview of the site that is rebuilt and reloaded on every save (sphinx-autobuild)."""

from __future__ import annotations

import argparse
import os
import socket
import sys
from pathlib import Path

from tyreso_ext.cli.common import CommandError
from tyreso_ext.cli.parser import Subparsers
from tyreso_ext.source.project import Project

NAME = "serve"


def add_parser(commands: Subparsers) -> None:
    serve = commands.add_parser(
        NAME,
        help="förhandsgranska webbplatsen medan du skriver",
        description="Bygger webbplatsen, visar den på http://ADRESS:PORT och bygger om och laddar om sidan\nnär du sparar en fil.",
        epilog="Exempel:\n  tyreso serve\n  tyreso serve --port 8001\n\nAvsluta med Ctrl+C.",
    )
    serve.add_argument("--port", type=int, default=8000, help="port (standard: 8000)")
    serve.add_argument("--adress", default="127.0.0.1", help="adress att lyssna på (standard: 127.0.0.1)")
    serve.add_argument("--ut", type=Path, default=Path("_build/forhandsgranskning"), metavar="MAPP", help="byggmapp")


def run(arguments: argparse.Namespace) -> int:
    project = Project.find(Path.cwd())
    outdir = arguments.ut if arguments.ut.is_absolute() else project.root / arguments.ut
    with socket.socket() as probe:
        try:
            probe.bind((arguments.adress, arguments.port))
        except OSError:
            raise CommandError(
                f"Porten {arguments.port} används redan. Välj en annan med till exempel --port {arguments.port + 1}."
            ) from None
    command = [
        sys.executable,
        "-m",
        "sphinx_autobuild",
        str(project.root),
        str(outdir),
        "--host",
        arguments.adress,
        "--port",
        str(arguments.port),
        "-q",
        "--ignore",
        str(project.root / "_build"),
        "--ignore",
        str(project.root / ".venv"),
        "--ignore",
        str(outdir),
    ]
    print(f"Förhandsgranskning på http://{arguments.adress}:{arguments.port}/ – avsluta med Ctrl+C.", file=sys.stderr, flush=True)
    os.execv(sys.executable, command)  # the preview server takes this process's place: Ctrl+C and signals reach it
