"""Benchmark: tyreso_ext against plain Sphinx (the baseline) and sphinx-needs (the peer), in one run.

    python benchmarks/run.py                 # 50, 200 and 400 reports; writes benchmarks/RESULTS.md
    python benchmarks/run.py --sizes 8 --no-pdf --results /tmp/r.md   # the smallest run (the tests use it)

Every figure is also printed as a ratio to plain Sphinx measured in the same run on the same machine.
"""

from __future__ import annotations

import argparse
import dataclasses
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


def bench_size(workdir: Path, size: int, with_needs: bool, with_pdf: bool) -> dict[str, dict[str, float]]:
    figures: dict[str, dict[str, float]] = {}
    forms = [form for form in FORMS if with_needs or form != "needs"]
    for form in forms:
        root = workdir / f"{form}-{size}"
        reports = write_corpus(root, CorpusSize(size), form)
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
        figures[form] = {
            "serial_s": serial.seconds,
            "parallel_s": parallel.seconds,
            "memory_mib": serial.maxrss_mib,
            "incremental_s": incremental.seconds,
            "reread": len(incremental.read),
            "rewritten": len(incremental.written),
            "documents": len(reports) + 1 + CorpusSize(size).organs,
        }
        if form == "tyreso":
            figures[form]["reread_is_only_the_edit"] = float(incremental.read == [edited])
            check = measure("tyreso_ext.cli", ["check"], root)
            figures[form]["check_s"] = check.seconds
            if with_pdf:
                every = measure("tyreso_ext.outputs.pdf", [str(root), str(workdir / f"pdf-{size}"), "--processer", "2"], root)
                timings = sorted(float(match.group(1).replace(",", ".")) for match in _PDF_TIME.finditer(every.output))
                figures[form]["pdf_one_s"] = timings[len(timings) // 2] if timings else 0.0  # the median report
                figures[form]["pdf_all_s"] = every.seconds
                figures[form]["pdf_ok"] = float(every.status == 0 and len(timings) == len(reports))
        print(
            f"  {size:>4} rapporter, {form:<6}: helt bygge {serial.seconds:6.1f} s, -j 2 {parallel.seconds:6.1f} s, "
            f"efter en ändring {incremental.seconds:5.1f} s ({len(incremental.read)} lästa, {len(incremental.written)} skrivna), "
            f"minne {serial.maxrss_mib:6.0f} MiB",
            flush=True,
        )
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


def report(results: dict[int, dict[str, dict[str, float]]], with_needs: bool, with_pdf: bool) -> str:
    sizes = sorted(results)
    lines = [
        "# Prestanda: tyreso_ext mot vanlig Sphinx och sphinx-needs",
        "",
        f"Uppmätt {time.strftime('%Y-%m-%d')} med `python benchmarks/run.py` på {platform.machine()}, "
        f"{os.cpu_count()} kärnor, Python {platform.python_version()}; {versions()}.",
        "Varje storlek är samma dokument i tre former (se `benchmarks/corpus.py`). Kvoterna är mot vanlig Sphinx "
        "(samma dokument som vanliga admonitions, inga sammanställningar) i samma körning.",
        "",
        "| rapporter | mått | vanlig Sphinx | tyreso_ext | kvot | " + ("sphinx-needs | kvot |" if with_needs else ""),
        "|---|---|---|---|---|" + ("---|---|" if with_needs else ""),
    ]
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
            lines.append(row)
        row = f"| {size} | lästa / skrivna dokument efter ändringen | {plain['reread']:.0f} / {plain['rewritten']:.0f} | {ours['reread']:.0f} / {ours['rewritten']:.0f} | |"
        if needs:
            row += f" {needs['reread']:.0f} / {needs['rewritten']:.0f} | |"
        lines.append(row)
        lines.append(
            f"| {size} | `tyreso check` av alla rapporter | | {ours['check_s']:.2f} s | {ratio(ours['check_s'], ours['serial_s'])} av eget bygge |"
            + (" | |" if needs else "")
        )
        if with_pdf and "pdf_one_s" in ours:
            lines.append(
                f"| {size} | PDF: en rapport (median) / alla på 2 kärnor | | {ours['pdf_one_s']:.1f} s / {ours['pdf_all_s']:.1f} s | |"
                + (" | |" if needs else "")
            )
    lines += ["", "## Tillväxt från minsta till största storlek", ""]
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        factor = large / small
        lines.append(f"Antalet rapporter växer {factor:.0f} gånger ({small} → {large}); linjär tillväxt vore {factor:.0f}×.")
        lines.append("")
        lines.append("| form | helt bygge | efter en ändring | minne |")
        lines.append("|---|---|---|---|")
        for form in results[large]:
            a, b = results[small][form], results[large][form]
            lines.append(
                f"| {form} | {b['serial_s'] / a['serial_s']:.1f}× | {b['incremental_s'] / a['incremental_s']:.1f}× | {b['memory_mib'] / a['memory_mib']:.1f}× |"
            )
    lines += ["", "## Målen vid den största storleken", ""]
    large = results[sizes[-1]]
    plain, ours, needs = large["plain"], large["tyreso"], large.get("needs")
    targets = [
        (
            "helt bygge ≤ 1,2 × vanlig Sphinx",
            ours["serial_s"] <= 1.2 * plain["serial_s"],
            ratio(ours["serial_s"], plain["serial_s"]),
        ),
        (
            "efter en ändring ≤ 2 × vanlig Sphinx",
            ours["incremental_s"] <= 2 * plain["incremental_s"],
            ratio(ours["incremental_s"], plain["incremental_s"]),
        ),
        ("bara den ändrade rapporten läses om", ours.get("reread_is_only_the_edit") == 1.0, f"{ours['reread']:.0f} lästa"),
        (
            "`tyreso check` ≤ 1/10 av helt bygge",
            ours["check_s"] <= ours["serial_s"] / 10,
            ratio(ours["check_s"], ours["serial_s"]),
        ),
        (
            "största minne ≤ 1,5 × vanlig Sphinx",
            ours["memory_mib"] <= 1.5 * plain["memory_mib"],
            ratio(ours["memory_mib"], plain["memory_mib"]),
        ),
    ]
    if needs:
        targets.insert(
            1,
            (
                "helt bygge ≤ hälften av sphinx-needs",
                ours["serial_s"] <= 0.5 * needs["serial_s"],
                ratio(ours["serial_s"], needs["serial_s"]) + " av sphinx-needs",
            ),
        )
    lines += ["| mål | uppnått | mätt |", "|---|---|---|"]
    lines += [f"| {label} | {'ja' if ok else 'NEJ'} | {measured} |" for label, ok, measured in targets]
    if MEASURES_TAKEN.exists():
        lines += ["", MEASURES_TAKEN.read_text(encoding="utf-8").rstrip()]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="50,200,400", help="antal rapporter, kommaseparerat")
    parser.add_argument("--results", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--no-needs", action="store_true", help="hoppa över sphinx-needs")
    parser.add_argument("--no-pdf", action="store_true", help="hoppa över PDF")
    parser.add_argument("--workdir", type=Path, default=None)
    arguments = parser.parse_args()
    with_needs = not arguments.no_needs
    if with_needs:
        try:
            metadata.version("sphinx-needs")
        except metadata.PackageNotFoundError:
            print("sphinx-needs saknas: installera med 'pip install -r benchmarks/requirements.txt' eller kör med --no-needs.")
            return 2
    sizes = [int(value) for value in arguments.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="tyreso-bench-") as temporary:
        workdir = arguments.workdir or Path(temporary)
        results = {}
        for size in sizes:
            results[size] = bench_size(workdir, size, with_needs, not arguments.no_pdf)
    text = report(results, with_needs, not arguments.no_pdf)
    arguments.results.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
