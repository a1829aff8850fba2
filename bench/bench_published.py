"""Speed of read_report on reports as agencies publish them: a 6-page PDF and a 3-table Word file.

Run from the repository root (one core):

    taskset -c 0 .venv/bin/python bench/bench_published.py [RUNS]

The inputs are made as an agency makes them: the official blank 2021 template
(tests/data/published/template_2021_blank.docx) filled in with python-docx (the figures of
tests/test_published_word.py, and its 总体情况 paragraph repeated until the PDF has 6 pages), saved
as .docx, and exported to PDF by LibreOffice. The real 5-page 洪泽区 2023 PDF is measured too.

Each reader is compared with its floor, in one process, the two alternating RUNS times (default 9):

- PDF: ``ld.read_report(pdf)`` against pdfplumber's bare ``extract_text()`` of every page (opening
  the file included in both);
- Word: ``ld.read_report(docx)`` against python-docx's bare walk of every table cell
  (``Document(path)``, then ``cell.text`` of every cell of every row of every table).

Printed: the best run of each and their ratio in wall-clock and in cpu time (target ≤ 2x), and the
median of the run-by-run wall-clock ratios (the machine is shared: the best run is the least
disturbed one).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import docx
import pdfplumber

import luzhou_disclosure as ld
from luzhou_disclosure._fonts import packaged_font_path
from luzhou_disclosure.errors import DisclosureWarning

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from test_published_word import OVERVIEW, fill_template  # noqa: E402

HONGZE = ROOT / "tests" / "data" / "published" / "hongze_2023.pdf"


def to_pdf(src: Path, tmp: Path) -> Path:
    """LibreOffice's PDF of ``src``, with the package's CJK font visible to it."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        sys.exit("LibreOffice is missing: run scripts/test-setup.sh")
    conf = tmp / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <dir>{Path(packaged_font_path()).parent}</dir>\n"
        f"  <cachedir>{tmp / 'fc-cache'}</cachedir>\n</fontconfig>\n",
        encoding="utf-8",
    )
    subprocess.run(
        [
            exe,
            f"-env:UserInstallation={(tmp / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=300,
        env=dict(os.environ, FONTCONFIG_FILE=str(conf)),
    )
    return tmp / f"{src.stem}.pdf"


def six_pages(tmp: Path) -> tuple[Path, Path]:
    """The filled template (.docx) and its PDF, with 6 pages: the fewest repetitions of the
    总体情况 paragraph that give 6 pages, found by bisection."""

    def pages(k: int) -> tuple[int, Path, Path]:
        src = fill_template(tmp / "report.docx", overview=OVERVIEW * k)
        pdf = to_pdf(src, tmp)
        with pdfplumber.open(pdf) as p:
            return len(p.pages), src, pdf

    lo, hi = 1, 128
    while lo < hi:
        mid = (lo + hi) // 2
        if pages(mid)[0] >= 6:
            hi = mid
        else:
            lo = mid + 1
    n, src, pdf = pages(lo)
    if n != 6:
        sys.exit(f"could not make a 6-page PDF ({n} pages with {lo} repetitions)")
    return src, pdf


def floor_pdf(path: Path) -> int:
    with pdfplumber.open(path) as pdf:
        return sum(len(page.extract_text() or "") for page in pdf.pages)


def floor_docx(path: Path) -> int:
    n = 0
    for table in docx.Document(str(path)).tables:
        for row in table.rows:
            for cell in row.cells:
                n += len(cell.text)
    return n


def ours(path: Path) -> int:
    return len(ld.read_report(path))


def compare(label: str, floor, path: Path, runs: int) -> None:
    floor(path), ours(path)  # warm up: imports, caches
    times: dict[str, list[tuple[float, float]]] = {"floor": [], "ours": []}
    for _ in range(runs):
        for name, fn in (("floor", floor), ("ours", ours)):
            wall, cpu = time.perf_counter(), time.process_time()
            fn(path)
            times[name].append((time.perf_counter() - wall, time.process_time() - cpu))
    f_wall, f_cpu = (min(t[k] for t in times["floor"]) for k in (0, 1))
    o_wall, o_cpu = (min(t[k] for t in times["ours"]) for k in (0, 1))
    by_run = statistics.median(
        o[0] / f[0] for o, f in zip(times["ours"], times["floor"], strict=True)
    )
    print(
        f"{label:<34} floor {f_wall * 1000:7.1f} ms  read_report {o_wall * 1000:7.1f} ms  "
        f"best/best wall {o_wall / f_wall:4.2f}x  cpu {o_cpu / f_cpu:4.2f}x  "
        f"median run by run {by_run:4.2f}x"
    )


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    warnings.simplefilter("ignore", DisclosureWarning)
    with tempfile.TemporaryDirectory() as tmp:
        word, pdf = six_pages(Path(tmp))
        with pdfplumber.open(pdf) as p:
            pages = len(p.pages)
        print(f"{runs} runs each; records: PDF {ours(pdf)}, Word {ours(word)}")
        compare(f"PDF, {pages} pages (LibreOffice)", floor_pdf, pdf, runs)
        compare("PDF, 5 pages (洪泽区 2023, WPS)", floor_pdf, HONGZE, runs)
        compare("Word .docx, 3 tables", floor_docx, word, runs)


if __name__ == "__main__":
    main()
