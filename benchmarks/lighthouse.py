"""Lighthouse on each page type of the built site, in mobile emulation, against Debian's headless Chromium.

    python benchmarks/lighthouse.py                       # builds the site; writes benchmarks/RESULTS-lighthouse.md
    python benchmarks/lighthouse.py --site _build/html    # an already built site
    python benchmarks/lighthouse.py --results /tmp/l.md   # the table elsewhere

Lighthouse comes from the npm registry into the virtual environment (``make test`` fetches the version the
Makefile pins, as it does axe-core); TYRESO_LIGHTHOUSE names another copy, TYRESO_CHROMIUM another browser.
The site is served over HTTP on 127.0.0.1 (a free port) for the runs. The accessibility and best-practices
scores are what tests/test_accessibility.py asserts; the performance figures are only recorded: they depend
on the machine, and Lighthouse simulates a slow phone on a slow network.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import functools
import gzip
import http.server
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).parent
REPO = HERE.parent
RESULTS = HERE / "RESULTS-lighthouse.md"
CHROMIUM = os.environ.get("TYRESO_CHROMIUM", "/usr/bin/chromium")
# Headless, and nothing that reaches out of the machine (no updates, no sync, no QUIC probes).
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)
CATEGORIES = ("accessibility", "best-practices", "performance")
# One page of each type the readers meet: docname → what it is (Swedish, for the table).
PAGE_TYPES = {
    "index": "Startsidan",
    "reports/2023/T1/arbetsmarknads-och-socialnamnden": "En rapport",
    "tyreso-uppdrag": "Ett register",
    "historik": "Historik",
    "docs/skriva-rapport": "En handbokssida",
}
# Lighthouse's performance metrics, in the order of its report.
METRICS = {
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT",
    "cumulative-layout-shift": "CLS",
    "speed-index": "Speed Index",
}


class LighthouseError(RuntimeError):
    """Lighthouse or Chromium is missing, or a run gave no report."""


def lighthouse_executable() -> Path:
    """Lighthouse as the Makefile fetches it from npm (make test); TYRESO_LIGHTHOUSE names another copy."""
    default = Path(sys.prefix) / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
    path = Path(os.environ.get("TYRESO_LIGHTHOUSE") or default)
    if not path.is_file():
        raise LighthouseError(
            f"Lighthouse saknas ({path}). Kör 'make test', som hämtar det från npm, eller ange programmet i TYRESO_LIGHTHOUSE."
        )
    if shutil.which("node") is None:
        raise LighthouseError("Lighthouse behöver Node.js, som saknas: installera Debianpaketet nodejs (eller npm).")
    if shutil.which(CHROMIUM) is None:
        raise LighthouseError(
            f"Chromium saknas ({CHROMIUM}). Installera Debianpaketet 'chromium' (make test gör det som administratör)."
        )
    return path


COMPRESSED = frozenset({".html", ".css", ".js", ".svg", ".json", ".txt"})


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Files as a web server sends them: text compressed (gzip) when the browser accepts it; no log lines."""

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.suffix in COMPRESSED and path.is_file() and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(path.read_bytes(), compresslevel=6)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """The folder served over HTTP on 127.0.0.1, a free port, while the block runs; yields the root address.
    Only this machine's loopback address: nothing outside reaches it."""
    handler = functools.partial(_Handler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@dataclasses.dataclass(frozen=True)
class Audit:
    """One of Lighthouse's checks that did not pass fully, with what it found (for a failing test's message)."""

    category: str
    id: str
    title: str
    score: float
    items: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class Result:
    page: str
    scores: dict[str, int]  # category → 0 to 100
    metrics: dict[str, str]  # metric id → as Lighthouse shows it ('1.2 s')
    failing: tuple[Audit, ...]
    seconds: float
    blocking: tuple[tuple[str, int], ...] = ()  # the files that hold up the first paint: (path, bytes), largest first


def _items(audit: dict) -> tuple[str, ...]:
    details = audit.get("details") or {}
    found = []
    for item in details.get("items", [])[:5]:
        node = item.get("node") or {}
        text = item.get("description") or item.get("url") or node.get("selector") or node.get("snippet") or ""
        found.append(str(text)[:160])
    return tuple(found)


def run(url: str, output: Path | None = None) -> Result:
    """One Lighthouse run on ``url``: mobile emulation (its default form factor), simulated throttling."""
    executable = lighthouse_executable()
    with tempfile.TemporaryDirectory(prefix="tyreso-lighthouse-") as folder:
        report = Path(folder) / "report.json"
        env = {**os.environ, "CHROME_PATH": shutil.which(CHROMIUM) or CHROMIUM}
        started = time.perf_counter()
        done = subprocess.run(
            [
                str(executable),
                url,
                "--quiet",
                "--output=json",
                f"--output-path={report}",
                f"--only-categories={','.join(CATEGORIES)}",
                f"--chrome-flags={' '.join(CHROMIUM_FLAGS)}",
                "--max-wait-for-load=30000",
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            cwd=folder,
        )
        seconds = time.perf_counter() - started
        if done.returncode != 0 or not report.is_file():
            raise LighthouseError(f"Lighthouse gav ingen rapport för {url} (kod {done.returncode}): {done.stderr[-2000:]}")
        if output is not None:
            shutil.copyfile(report, output)
        data = json.loads(report.read_text(encoding="utf-8"))
    if data.get("runtimeError"):
        raise LighthouseError(f"Lighthouse kunde inte öppna {url}: {data['runtimeError']}")
    scores = {}
    failing = []
    for category in CATEGORIES:
        section = data["categories"][category]
        if section["score"] is None:
            raise LighthouseError(f"Lighthouse gav inget värde för {category} på {url}.")
        scores[category] = round(section["score"] * 100)
        for reference in section["auditRefs"]:
            audit = data["audits"][reference["id"]]
            if reference.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                failing.append(Audit(category, audit["id"], audit["title"], audit["score"], _items(audit)))
    metrics = {metric: data["audits"][metric].get("displayValue", "–").replace("\xa0", " ") for metric in METRICS}
    blocking_audit = data["audits"].get("render-blocking-resources") or data["audits"].get("render-blocking-insight") or {}
    items = (blocking_audit.get("details") or {}).get("items", [])
    blocking = sorted(
        ((urllib.parse.urlsplit(item["url"]).path, int(item.get("totalBytes", 0))) for item in items if item.get("url")),
        key=lambda pair: -pair[1],
    )
    return Result(url, scores, metrics, tuple(failing), seconds, tuple(blocking))


def table(results: dict[str, Result]) -> str:
    """The figures per page type, as a Markdown table."""
    lines = [
        "| sidtyp | sida | tillgänglighet | bästa praxis | prestanda | " + " | ".join(METRICS.values()) + " |",
        "|---|---|---|---|---|" + "---|" * len(METRICS),
    ]
    for page, result in results.items():
        scores = result.scores
        lines.append(
            f"| {PAGE_TYPES.get(page, page)} | `{page}` | {scores['accessibility']} | {scores['best-practices']} | "
            f"{scores['performance']} | " + " | ".join(result.metrics[metric] for metric in METRICS) + " |"
        )
    return "\n".join(lines)


# Kept by hand: what was changed for Lighthouse, with the figures before (written under the table).
MEASURES_TAKEN = (
    "\nÅtgärdat 2026-12-01: temats skript skrev ett fel i konsolen på varje sida (inget färgläge angivet), som gav "
    "bästa praxis 96; nu sätts läget *auto* före skriptet. Varje sida laddade också Sphinx sökindex och sökverktyg "
    "(`searchindex.js`, 100 kB för exempelwebbplatsen och växande med varje rapport) för en sökning medan man skriver "
    "som webbplatsen inte använder; nu laddar bara söksidan dem. Utan komprimering gav det prestanda 60–62 och "
    "FCP 6,3–6,9 s före, 62–65 och 5,6–6,1 s efter.\n"
)


def blocking_text(results: dict[str, Result]) -> str:
    """What holds up the first paint of the landing page, as Lighthouse lists it: the figure to work on."""
    first = next(iter(results.values()), None)
    if first is None or not first.blocking:
        return ""
    total = sum(size for _, size in first.blocking)
    largest = ", ".join(f"`{path.lstrip('/')}` {size / 1024:.0f} kB" for path, size in first.blocking[:4])
    return (
        f"\nDet som håller upp första ritningen av startsidan är {len(first.blocking)} filer som måste hämtas innan "
        f"sidan ritas, {total / 1024:.0f} kB, störst {largest}.\n"
    )


def lighthouse_version(executable: Path) -> str:
    done = subprocess.run([str(executable), "--version"], capture_output=True, text=True, timeout=60)
    return done.stdout.strip() or "okänd"


def chromium_version() -> str:
    done = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=60)
    return done.stdout.strip().splitlines()[0] if done.stdout.strip() else "okänd"


def build_site(target: Path) -> Path:
    """The repository's site, built strictly as `make html` builds it."""
    from sphinx.cmd.build import build_main

    html = target / "html"
    status = build_main(["-b", "html", "-W", "--keep-going", "-q", "-d", str(target / "doctrees"), str(REPO), str(html)])
    if status != 0:
        raise SystemExit(f"Webbplatsen byggdes inte (kod {status}).")
    return html


def write_results(path: Path, results: dict[str, Result]) -> None:
    executable = lighthouse_executable()
    text = (
        "# Lighthouse: webbplatsens sidtyper i mobilemulering\n\n"
        f"Uppmätt {time.strftime('%Y-%m-%d')} med `python benchmarks/lighthouse.py` på {platform.machine()}, "
        f"{os.cpu_count()} kärnor; Lighthouse {lighthouse_version(executable)}, {chromium_version()} (headless).\n"
        "Lighthouses standardform: mobil (Moto G Power, 412 × 823 px) med simulerad strypning (långsam 4G, 4× långsammare "
        "processor); sidorna serveras från 127.0.0.1, texten komprimerad (gzip) som en webbserver skickar den. Tillgänglighet och bästa praxis kontrolleras i testerna "
        "(100 och minst 95); prestandan mäts bara och beror på maskinen.\n\n"
        f"{table(results)}\n\n"
        "FCP: första innehållet ritat; LCP: största innehållet ritat; TBT: total blockerad tid; CLS: layoutförskjutning; "
        "Speed Index: hur fort sidan fylls.\n"
        f"{blocking_text(results)}{MEASURES_TAKEN}"
    )
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="en redan byggd webbplats (annars byggs den)")
    parser.add_argument("--results", type=Path, default=RESULTS, help="tabellen skrivs hit")
    arguments = parser.parse_args(argv)
    lighthouse_executable()
    with tempfile.TemporaryDirectory(prefix="tyreso-lighthouse-site-") as folder:
        site = arguments.site or build_site(Path(folder))
        results = {}
        with serve(site) as root:
            for page in PAGE_TYPES:
                result = run(f"{root}{page}.html")
                results[page] = result
                print(f"{page}: {result.scores} {result.metrics} ({result.seconds:.0f} s)", flush=True)
                for audit in result.failing:
                    print(f"  {audit.category}: {audit.id} ({audit.score:.2f}) {audit.title} {list(audit.items)}", flush=True)
    write_results(arguments.results, results)
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
