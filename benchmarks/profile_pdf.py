"""What of a report's PDF time is ours: the sample reports rendered in several ways, in one process and one run.

    python benchmarks/profile_pdf.py                 # the sample reports in reports/, each way twice
    python benchmarks/profile_pdf.py --profile 3     # and a cProfile of the first three, as today

The print pages are written once (as ``make pdf`` writes them); then every report is rendered by each
way in turn, and the median seconds per report of each way are printed, with whether its PDF has the
same bytes as today's. The ways: today's ``render_pdf``; one WeasyPrint font configuration per process
instead of one per report; the stylesheets parsed once per process instead of once per report (the
``<style>`` of the page, which is the same for all but its running footer); the facts lists laid out
without CSS grid; and all three. Nothing is written into the project.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import io
import pstats
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tyreso_ext.outputs.pdf import runner, typeset  # noqa: E402
from tyreso_ext.outputs.pdf.page import stylesheet  # noqa: E402

# The facts lists as a table-like block: what the grid does for them, without WeasyPrint's grid layout.
NO_GRID = """
dl.field-list, dl.tyreso-facts { display: block; }
dl.field-list > dt, dl.tyreso-facts > dt { float: left; clear: left; margin-right: 3mm; }
dl.field-list > dd, dl.tyreso-facts > dd { margin: 0; }
"""


class Way:
    def __init__(self, shared_fonts: bool, parsed_once: bool, no_grid: bool) -> None:
        self.shared_fonts, self.parsed_once, self.no_grid = shared_fonts, parsed_once, no_grid
        self._fonts = None
        self._sheets: list = []

    def font_config(self):
        from weasyprint.text.fonts import FontConfiguration

        if not self.shared_fonts:
            return FontConfiguration()
        if self._fonts is None:
            self._fonts = FontConfiguration()
        return self._fonts

    def render(self, job: typeset.RenderJob, target: Path) -> tuple[float, bytes]:
        from weasyprint import CSS, HTML

        start = time.perf_counter()
        root = Path(job.root).resolve()
        html = (root / job.page).read_text(encoding="utf-8")
        fonts = self.font_config()
        sheets = []
        if self.parsed_once:
            shared = stylesheet()
            if not self._sheets:
                self._sheets = [CSS(string=shared, font_config=fonts)]
            assert shared in html
            html = html.replace(shared, "", 1)  # the running footer stays in the page's <style>
            sheets += self._sheets
        if self.no_grid:
            sheets.append(CSS(string=NO_GRID, font_config=fonts))
        document = HTML(string=html, base_url=typeset.VIRTUAL_ROOT + job.page, url_fetcher=typeset._fetcher(root)).render(
            font_config=fonts, stylesheets=sheets
        )
        document.write_pdf(target, pdf_variant="pdf/ua-1", pdf_identifier=True, custom_metadata=True)
        return time.perf_counter() - start, target.read_bytes()


WAYS = {
    "som i dag": None,
    "ett typsnittsregister per process": Way(True, False, False),
    "stilmallen tolkad en gång per process": Way(False, True, False),
    "faktalistorna utan CSS-rutnät": Way(False, False, True),
    "alla tre": Way(True, True, True),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", type=Path, default=REPO, help="projektet med conf.py (standard: arkivet)")
    parser.add_argument("--rounds", type=int, default=2, help="hur många gånger varje rapport görs på varje sätt")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="profilera de N första rapporterna som i dag")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tyreso-pdfprofil-") as temporary:
        folder = Path(temporary)
        started = time.perf_counter()
        jobs = runner._write_print_pages(arguments.source, arguments.source, folder, False, None, None)
        print(f"{len(jobs)} utskriftssidor på {time.perf_counter() - started:.1f} s")
        typeset.render_pdf(jobs[0])  # WeasyPrint and Pango loaded before anything is timed
        times: dict[str, list[float]] = {name: [] for name in WAYS}
        today: dict[str, str] = {}
        same: dict[str, bool] = dict.fromkeys(WAYS, True)
        for _ in range(arguments.rounds):
            for job in jobs:
                for name, way in WAYS.items():  # the ways take turns, so that load on the machine hits all alike
                    target = folder / f"{name}.pdf"
                    if way is None:
                        result = typeset.render_pdf(typeset.RenderJob(job.label, job.root, job.page, str(target)))
                        seconds, data = result.seconds, target.read_bytes()
                        today[job.label] = hashlib.sha256(data).hexdigest()
                    else:
                        seconds, data = way.render(job, target)
                        same[name] &= hashlib.sha256(data).hexdigest() == today[job.label]
                    times[name].append(seconds)
        base = statistics.median(times["som i dag"])
        print(f"\n{len(jobs)} rapporter × {arguments.rounds} omgångar; median sekunder per rapport")
        print("| sätt | median per rapport | mot i dag | samma byte som i dag |")
        print("|---|---|---|---|")
        for name in WAYS:
            median = statistics.median(times[name])
            print(f"| {name} | {median:.2f} s | {median / base:.2f}× | {'ja' if same[name] else 'nej'} |".replace(".", ","))
        if arguments.profile:
            profile = cProfile.Profile()
            profile.enable()
            for job in jobs[: arguments.profile]:
                typeset.render_pdf(typeset.RenderJob(job.label, job.root, job.page, str(folder / "profil.pdf")))
            profile.disable()
            stream = io.StringIO()
            pstats.Stats(profile, stream=stream).sort_stats("cumulative").print_stats(40)
            print(re.sub(r"/\S+/site-packages/", "", stream.getvalue()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
