"""Benchmark: tyreso_ext against plain Sphinx (the baseline) and sphinx-needs (the peer), in one run.

    python benchmarks/run.py                 # 50, 400 and 2000 reports; writes benchmarks/RESULTS.md
    python benchmarks/run.py --sizes 10,20 --needs-sizes 10 --pdf-sizes 10 --results /tmp/r.md   # a tiny run

Every figure is also printed as a ratio to plain Sphinx measured in the same run on the same machine
(with the site's theme on both sides), and the full build against plain Sphinx with Alabaster. sphinx-needs
is measured at ``--needs-sizes`` only and the PDFs at ``--pdf-sizes`` only: all PDFs from nothing, again
with nothing changed (every PDF kept from the cache) and after one edited report.
"""

from __future__ import annotations

import argparse
import compileall
import dataclasses
import itertools
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus import FORMS, CorpusSize, edit_one_report, write_corpus

HERE = Path(__file__).parent
EDITS = 3
# Kept by hand: what was changed, with the figures before and after (appended to RESULTS.md).
MEASURES_TAKEN = HERE / "ATGARDER.md"
_READ = re.compile(r"^reading sources\.\.\. \[\s*\d+%\] (.+)$")
_WRITE = re.compile(r"^writing output\.\.\. \[\s*\d+%\] (.+)$")
_PDF_TIME = re.compile(r"^.+: (\d+,\d) s \(\d+ sidor\)$", re.MULTILINE)
_PDF_COUNTS = re.compile(r"^(\d+) PDF-fil(?:er)? skapas, (\d+) PDF-fil(?:er)? återanvänds", re.MULTILINE)
_PRINT_PAGES = re.compile(r"^Utskriftssidor för \d+ rapport(?:er)? klara på (\d+,\d) s", re.MULTILINE)
ALABASTER = "alabaster"  # the form "plain" built with Sphinx's default theme, at every size
FORM_NAMES = {"tyreso": "tyreso_ext", "plain": "vanlig Sphinx", "needs": "sphinx-needs", ALABASTER: "vanlig Sphinx, Alabaster"}


@dataclasses.dataclass
class Run:
    seconds: float
    maxrss_mib: float
    status: int
    read: list[str]
    written: list[str]
    output: str


def measure(module: str, arguments: list[str], cwd: Path) -> Run:
    """Run a Python module in a child process: wall time, peak memory, documents read and written."""
    env = {**os.environ, "PYTHONHASHSEED": "0", "NO_COLOR": "1"}
    env.pop("CI", None)  # CI=true would colour Sphinx's output
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, str(HERE / "measure.py"), module, *arguments], cwd=cwd, env=env, capture_output=True, text=True
    )
    seconds = time.perf_counter() - started
    record = next(
        (json.loads(line[8:]) for line in result.stderr.splitlines() if line.startswith("MEASURE ")),
        {"maxrss_kib": 0, "status": result.returncode},
    )
    lines = result.stdout.splitlines()
    read = [match.group(1) for line in lines if (match := _READ.match(line))]
    written = [match.group(1) for line in lines if (match := _WRITE.match(line))]
    return Run(seconds, record["maxrss_kib"] / 1024, record["status"], read, written, result.stdout + result.stderr)


def sphinx(root: Path, *options: str) -> Run:
    run = measure("sphinx", ["-b", "html", *options, str(root), str(root / "_build")], root)
    if run.status != 0:
        raise SystemExit(f"Bygget misslyckades i {root}:\n{run.output[-3000:]}")
    return run


def fresh(root: Path) -> None:
    subprocess.run(["rm", "-rf", str(root / "_build")], check=True)


def pdfs(root: Path, folder: Path) -> Run:
    run = measure("tyreso_ext.outputs.pdf", [str(root), str(folder), "--processer", "2"], root)
    if run.status != 0:
        raise SystemExit(f"PDF-bygget misslyckades i {root}:\n{run.output[-3000:]}")
    return run


def pdf_figures(root: Path, folder: Path, reports: list) -> dict[str, float]:
    """All PDFs from nothing; again with nothing changed; again after one edited report (the cache kept)."""
    fresh(folder)
    every = pdfs(root, folder)
    timings = sorted(float(match.group(1).replace(",", ".")) for match in _PDF_TIME.finditer(every.output))
    unchanged = pdfs(root, folder)
    edit_one_report(root, reports)
    edited = pdfs(root, folder)

    def counts(run: Run) -> tuple[float, float]:
        match = _PDF_COUNTS.search(run.output)
        return (float(match.group(1)), float(match.group(2))) if match else (-1.0, -1.0)

    pages = _PRINT_PAGES.search(edited.output)
    return {
        "pdf_one_s": timings[len(timings) // 2] if timings else 0.0,  # the median report
        "pdf_all_s": every.seconds,
        "pdf_ok": float(len(timings) == len(reports)),
        "pdf_unchanged_s": unchanged.seconds,
        "pdf_unchanged_rendered": counts(unchanged)[0],
        "pdf_unchanged_kept": counts(unchanged)[1],
        "pdf_edit_s": edited.seconds,
        "pdf_edit_rendered": counts(edited)[0],
        "pdf_edit_kept": counts(edited)[1],
        "pdf_print_pages_s": float(pages.group(1).replace(",", ".")) if pages else 0.0,
    }


def bench_form(workdir: Path, size: int, form: str, theme: str | None = None) -> tuple[Path, list, dict[str, float]]:
    """Full builds (serial, -j 2), three one-report edits, peak memory: one form at one size."""
    name = f"{form}-{size}" if theme is None else f"{form}-{theme}-{size}"
    root = workdir / name
    reports = write_corpus(root, CorpusSize(size), form, **({"theme": theme} if theme else {}))
    serial = sphinx(root)
    fresh(root)
    parallel = sphinx(root, "-j", "2")
    fresh(root)
    sphinx(root)  # the state an edit starts from
    # Three edits in a row (a status changed each time); the median build, as one build is noisy.
    edits = []
    for _ in range(EDITS):
        edited = edit_one_report(root, reports)
        edits.append(sphinx(root))
    incremental = sorted(edits, key=lambda run: run.seconds)[len(edits) // 2]
    figures = {
        "serial_s": serial.seconds,
        "parallel_s": parallel.seconds,
        "memory_mib": serial.maxrss_mib,
        "incremental_s": incremental.seconds,
        "reread": len(incremental.read),
        "rewritten": len(incremental.written),
        "documents": len(reports) + 1 + CorpusSize(size).organs,
        "reread_is_only_the_edit": float(incremental.read == [edited]),
    }
    print(
        f"  {size:>4} rapporter, {name.rsplit('-', 1)[0]:<16}: helt bygge {serial.seconds:6.1f} s, -j 2 {parallel.seconds:6.1f} s, "
        f"efter en ändring {incremental.seconds:5.1f} s ({len(incremental.read)} lästa, {len(incremental.written)} skrivna), "
        f"minne {serial.maxrss_mib:6.0f} MiB",
        flush=True,
    )
    return root, reports, figures


def bench_size(workdir: Path, size: int, with_needs: bool, with_pdf: bool) -> dict[str, dict[str, float]]:
    figures: dict[str, dict[str, float]] = {}
    for form in FORMS:
        if form == "needs" and not with_needs:
            continue
        root, reports, figures[form] = bench_form(workdir, size, form)
        if form == "tyreso":
            check = measure("tyreso_ext.cli", ["check"], root)
            figures[form]["check_s"] = check.seconds
            print(f"  {size:>4} rapporter, tyreso check    : {check.seconds:6.2f} s", flush=True)
            if with_pdf:
                figures[form].update(pdf_figures(root, workdir / f"pdf-{size}", reports))
                ours = figures[form]
                print(
                    f"  {size:>4} rapporter, PDF             : alla {ours['pdf_all_s']:6.1f} s, oförändrat "
                    f"{ours['pdf_unchanged_s']:5.1f} s ({ours['pdf_unchanged_rendered']:.0f} skapade), efter en ändring "
                    f"{ours['pdf_edit_s']:5.1f} s ({ours['pdf_edit_rendered']:.0f} skapade)",
                    flush=True,
                )
    _, _, figures[ALABASTER] = bench_form(workdir, size, "plain", theme="alabaster")
    return figures


def ratio(value: float, baseline: float) -> str:
    return f"{value / baseline:.2f}×" if baseline else "–"


def versions() -> str:
    names = ["sphinx", "myst-parser", "sphinx-needs", "weasyprint", "tyreso-ext"]
    found = []
    for name in names:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} (saknas)")
    return ", ".join(found)


def _seconds(value: float) -> str:
    return f"{value:.1f} s" if value >= 1 else f"{value:.2f} s"


def report(results: dict[int, dict[str, dict[str, float]]], with_needs: bool, with_pdf: bool) -> str:
    sizes = sorted(results)
    with_needs = with_needs and any("needs" in results[size] for size in sizes)
    needs_sizes = [size for size in sizes if "needs" in results[size]]
    pdf_sizes = [size for size in sizes if "pdf_all_s" in results[size]["tyreso"]]
    lines = [
        "# Prestanda: tyreso_ext mot vanlig Sphinx och sphinx-needs",
        "",
        f"Uppmätt {time.strftime('%Y-%m-%d')} med `python benchmarks/run.py` på {platform.machine()}, "
        f"{os.cpu_count()} kärnor, Python {platform.python_version()}; {versions()}.",
        "Varje storlek är samma dokument i tre former (se `benchmarks/corpus.py`). Kvoterna är mot vanlig Sphinx "
        "(samma dokument som vanliga admonitions, inga sammanställningar) med samma tema, pydata-sphinx-theme, "
        "i samma körning; raden om Alabaster jämför med vanlig Sphinx med Sphinx eget standardtema."
        + (f" sphinx-needs mäts vid {', '.join(map(str, needs_sizes))} rapporter." if needs_sizes else "")
        + (f" PDF-filerna mäts vid {', '.join(map(str, pdf_sizes))} rapporter." if pdf_sizes else "")
        + " tyreso_ext:s bytekod kompileras före mätningen, som pip gör för de andra paketen (`make` gör detsamma).",
        "",
        "| rapporter | mått | vanlig Sphinx | tyreso_ext | kvot | " + ("sphinx-needs | kvot |" if with_needs else ""),
        "|---|---|---|---|---|" + ("---|---|" if with_needs else ""),
    ]
    empty_needs = " | |" if with_needs else ""
    for size in sizes:
        plain, ours = results[size]["plain"], results[size]["tyreso"]
        needs = results[size].get("needs")
        for key, label, unit in (
            ("serial_s", "helt bygge, seriellt", "s"),
            ("parallel_s", "helt bygge, -j 2", "s"),
            ("incremental_s", "bygge efter en ändrad rapport (median av 3)", "s"),
            ("memory_mib", "största minne", "MiB"),
        ):
            row = f"| {size} | {label} | {plain[key]:.1f} {unit} | {ours[key]:.1f} {unit} | {ratio(ours[key], plain[key])} |"
            if needs:
                row += f" {needs[key]:.1f} {unit} | {ratio(needs[key], plain[key])} |"
            elif with_needs:
                row += " – | |"
            lines.append(row)
        row = f"| {size} | lästa / skrivna dokument efter ändringen | {plain['reread']:.0f} / {plain['rewritten']:.0f} | {ours['reread']:.0f} / {ours['rewritten']:.0f} | |"
        if needs:
            row += f" {needs['reread']:.0f} / {needs['rewritten']:.0f} | |"
        elif with_needs:
            row += " – | |"
        lines.append(row)
        alabaster = results[size].get(ALABASTER)
        if alabaster:
            lines.append(
                f"| {size} | helt bygge, seriellt, mot vanlig Sphinx med Alabaster | {alabaster['serial_s']:.1f} s | "
                f"{ours['serial_s']:.1f} s | {ratio(ours['serial_s'], alabaster['serial_s'])} |" + empty_needs
            )
        lines.append(
            f"| {size} | `tyreso check` av alla rapporter | | {ours['check_s']:.2f} s | {ratio(ours['check_s'], ours['serial_s'])} av eget bygge |"
            + empty_needs
        )
        if with_pdf and "pdf_all_s" in ours:
            all_s = ours["pdf_all_s"]
            lines += [
                f"| {size} | PDF: alla på 2 kärnor, från början / en rapport (median) | | {all_s:.1f} s / {ours['pdf_one_s']:.1f} s | |"
                + empty_needs,
                f"| {size} | PDF: inget ändrat ({ours['pdf_unchanged_rendered']:.0f} skapade, "
                f"{ours['pdf_unchanged_kept']:.0f} återanvända) | | {_seconds(ours['pdf_unchanged_s'])} | "
                f"{ratio(ours['pdf_unchanged_s'], all_s)} av alla |" + empty_needs,
                f"| {size} | PDF: efter en ändrad rapport ({ours['pdf_edit_rendered']:.0f} skapade, "
                f"{ours['pdf_edit_kept']:.0f} återanvända; utskriftssidorna {_seconds(ours['pdf_print_pages_s'])}) | | "
                f"{_seconds(ours['pdf_edit_s'])} | {ratio(ours['pdf_edit_s'], all_s)} av alla |" + empty_needs,
            ]
    lines += ["", "## Tillväxt", ""]
    growth: list[tuple[int, int, float]] = []  # (from, to, full build growth of tyreso_ext)
    if len(sizes) > 1:
        lines.append("| form | rapporter | gånger fler | helt bygge | efter en ändring | minne |")
        lines.append("|---|---|---|---|---|---|")
        for small, large in itertools.pairwise(sizes):
            factor = large / small
            for form in results[large]:
                if form not in results[small]:
                    continue
                a, b = results[small][form], results[large][form]
                lines.append(
                    f"| {FORM_NAMES.get(form, form)} | {small} → {large} | {factor:.0f}× | {b['serial_s'] / a['serial_s']:.1f}× | "
                    f"{b['incremental_s'] / a['incremental_s']:.1f}× | {b['memory_mib'] / a['memory_mib']:.1f}× |"
                )
            growth.append((small, large, results[large]["tyreso"]["serial_s"] / results[small]["tyreso"]["serial_s"]))
        lines.append("")
        lines.append("Linjär tillväxt vore lika många gånger som antalet rapporter växer.")
    lines += ["", f"## Målen vid den största storleken ({sizes[-1]} rapporter)", ""]
    large = results[sizes[-1]]
    plain, ours = large["plain"], large["tyreso"]
    targets = [
        (
            "helt bygge ≤ 1,1 × vanlig Sphinx",
            ours["serial_s"] <= 1.1 * plain["serial_s"],
            ratio(ours["serial_s"], plain["serial_s"]),
        ),
        (
            "efter en ändring ≤ 1,5 × vanlig Sphinx",
            ours["incremental_s"] <= 1.5 * plain["incremental_s"],
            ratio(ours["incremental_s"], plain["incremental_s"]),
        ),
        ("bara den ändrade rapporten läses om", ours.get("reread_is_only_the_edit") == 1.0, f"{ours['reread']:.0f} lästa"),
        (
            "`tyreso check` ≤ 1/20 av helt bygge",
            ours["check_s"] <= ours["serial_s"] / 20,
            ratio(ours["check_s"], ours["serial_s"]),
        ),
        (
            "största minne ≤ 1,3 × vanlig Sphinx",
            ours["memory_mib"] <= 1.3 * plain["memory_mib"],
            ratio(ours["memory_mib"], plain["memory_mib"]),
        ),
    ]
    if growth:
        small, big, grown = growth[-1]
        factor = big / small
        targets.append(
            (
                f"linjär tillväxt {small} → {big} (≤ {1.1 * factor:.1f}× för {factor:.0f}× fler)".replace(".", ","),
                grown <= 1.1 * factor,
                f"{grown:.1f}×",
            )
        )
    if needs_sizes:
        at = needs_sizes[-1]
        mine, theirs = results[at]["tyreso"]["serial_s"], results[at]["needs"]["serial_s"]
        targets.insert(
            1,
            (
                "helt bygge ≤ hälften av sphinx-needs",
                mine <= 0.5 * theirs,
                f"{ratio(mine, theirs)} av sphinx-needs vid {at} rapporter",
            ),
        )
    if pdf_sizes:
        at = pdf_sizes[-1]
        mine = results[at]["tyreso"]
        targets.append(
            (
                "PDF efter en ändrad rapport ≤ 5 % av alla PDF",
                mine["pdf_edit_s"] <= 0.05 * mine["pdf_all_s"],
                f"{100 * mine['pdf_edit_s'] / mine['pdf_all_s']:.1f} % vid {at} rapporter".replace(".", ","),
            )
        )
    lines += ["| mål | uppnått | mätt |", "|---|---|---|"]
    lines += [f"| {label} | {'ja' if ok else 'NEJ'} | {measured} |" for label, ok, measured in targets]
    if MEASURES_TAKEN.exists():
        lines += ["", MEASURES_TAKEN.read_text(encoding="utf-8").rstrip()]
    return "\n".join(lines) + "\n"


def sizes_option(text: str) -> list[int]:
    try:
        values = [int(value) for value in text.split(",") if value.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"antal rapporter, kommaseparerat: {text!r}") from None
    if not values or min(values) < 4:
        raise argparse.ArgumentTypeError(f"minst 4 rapporter per storlek: {text!r}")
    return values


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=sizes_option, default="50,400,2000", help="antal rapporter, kommaseparerat")
    parser.add_argument(
        "--needs-sizes", type=sizes_option, default="400", help="storlekarna där sphinx-needs mäts (standard: 400)"
    )
    parser.add_argument("--pdf-sizes", type=sizes_option, default="400", help="storlekarna där PDF-filerna mäts (standard: 400)")
    parser.add_argument("--results", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--no-needs", action="store_true", help="hoppa över sphinx-needs")
    parser.add_argument("--no-pdf", action="store_true", help="hoppa över PDF")
    parser.add_argument("--workdir", type=Path, default=None)
    arguments = parser.parse_args()
    sizes = sorted(set(arguments.sizes))
    needs_sizes = set() if arguments.no_needs else set(arguments.needs_sizes) & set(sizes)
    pdf_sizes = set() if arguments.no_pdf else set(arguments.pdf_sizes) & set(sizes)
    if needs_sizes:
        try:
            metadata.version("sphinx-needs")
        except metadata.PackageNotFoundError:
            print("sphinx-needs saknas: installera med 'pip install -r benchmarks/requirements.txt' eller kör med --no-needs.")
            return 2
    # tyreso_ext is installed editable, so pip compiled no bytecode for it as it did for Sphinx and the rest;
    # where Python writes none (PYTHONDONTWRITEBYTECODE), every build would compile the package again.
    compileall.compile_dir(str(HERE.parent / "tyreso_ext"), quiet=1)
    with tempfile.TemporaryDirectory(prefix="tyreso-bench-") as temporary:
        workdir = arguments.workdir or Path(temporary)
        results = {}
        for size in sizes:
            results[size] = bench_size(workdir, size, size in needs_sizes, size in pdf_sizes)
    text = report(results, bool(needs_sizes), bool(pdf_sizes))
    arguments.results.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
