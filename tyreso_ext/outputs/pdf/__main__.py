"""``python -m tyreso_ext.outputs.pdf [KÄLLMAPP] [UTMAPP]``: one PDF per report into the build folder."""

from __future__ import annotations

import argparse
import sys

from tyreso_ext.outputs.pdf.runner import PdfError, build_pdfs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tyreso_ext.outputs.pdf",
        description="Skapar en PDF per rapport (A4, taggad PDF/UA-1) i byggmappen.",
        epilog="Exempel: python -m tyreso_ext.outputs.pdf . _build/pdf --strikt",
    )
    parser.add_argument("source", nargs="?", default=".", metavar="KÄLLMAPP", help="mappen med conf.py (standard: .)")
    parser.add_argument(
        "output", nargs="?", default="_build/pdf", metavar="UTMAPP", help="mappen för PDF-filerna (standard: _build/pdf)"
    )
    parser.add_argument(
        "-j",
        "--processer",
        type=int,
        default=None,
        metavar="N",
        help="högst N samtidiga PDF-processer (standard: en per processor)",
    )
    parser.add_argument("--strikt", action="store_true", help="varningar i bygget räknas som fel, som i make html")
    parser.add_argument(
        "--utan-cache",
        action="store_true",
        help="skapa alla PDF-filer på nytt, också de vars innehåll inte har ändrats sedan förra bygget",
    )
    arguments = parser.parse_args(argv)
    try:
        build_pdfs(
            arguments.source,
            arguments.output,
            workers=arguments.processer,
            strict=arguments.strikt,
            use_cache=not arguments.utan_cache,
        )
    except PdfError as error:
        print(f"tyreso pdf: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
