"""Time reading standard-form workbooks: read_forms vs pandas/openpyxl vs raw python-calamine.

    .venv/bin/python bench/bench_forms.py [N] [REPEATS]  # N forms (1000), REPEATS (5)
    .venv/bin/python bench/bench_forms.py 10000 3 jobs   # read_forms(jobs=2) vs jobs=1, unpinned
    taskset -c 0 .venv/bin/python bench/bench_forms.py    # one core: bench/README.md's figures
    taskset -c 0 .venv/bin/python bench/bench_forms.py 1000 7 parts  # where read_forms' time goes
    taskset -c 0 .venv/bin/python bench/bench_forms.py 1000 5 shapes  # shapes against none
    BENCH_FORMS_DIR=/tmp/forms .venv/bin/python bench/bench_forms.py   # forms written once, reused

Generates N realistic filled forms (both formats, merged cells, a few blanks) with write_form into
a temporary folder (beyond the first 1,000, or 300 in the jobs mode, copies of them under other
names), then times, on the same files, in this one process:

1. python-calamine's raw cell read (open the workbook, ``to_python`` every sheet, as read_forms
   reads every visible sheet): the floor;
2. ``read_forms(paths)`` (jobs=1: this process only), with its layout cache emptied before every
   run, so each run interprets every layout afresh as a new process would;
3. ``read_forms(paths, jobs=None)`` (all cores), for information;
4. ``pandas.read_excel(path, engine="openpyxl", sheet_name=None, header=None)`` plus the same
   interpretation (``_standard.interpret_rows`` on each workbook's cells), once (it is slow).

(1) and (2) alternate REPEATS times (with the limits check of ``_limits.check_workbook`` alone
timed between them, for its share of (2)); the best of each is reported (the machine is shared:
the best run is the one least disturbed), and the first, coldest read_forms run as well.

With a third argument ``jobs`` it times instead ``read_forms(paths, jobs=1)`` and ``jobs=2`` in
turns, REPEATS times each (layout cache emptied before each run; wall clock, and cpu of this
process and its worker processes from ``getrusage``), with the load average before and after, and
the cpu time of the raw calamine read of the same files before each turn (the floor).

With ``parts`` it times, in turns, REPEATS times each (cpu, best of each, as a ratio to the
floor's best): the floor; the limits check of every file alone; python-calamine reading the
archives the check stores (what read_forms hands it); the rest of read_forms with calamine's rows
given (each workbook read once beforehand and served from memory: interpretation through
templates, learning the layouts, settle, the frame); and read_forms itself. The parts alone sum to
less than read_forms: they cost more when they alternate file by file. (The rest is timed without
the workbook shapes of ``luzhou_disclosure._shapes``, read_forms itself with them.)

With ``shapes`` it times, in turns, REPEATS times each (cpu, best of each): read_forms as it is
(a workbook of a shape seen before is read from calamine's reading of that shape with its own
values) and with every workbook read by calamine, on the forms and on the same forms with each
blank cell written as Excel writes it (``<c r="B3" s="4"/>``: shapes then seldom repeat), each
as a ratio to the floor of its files.
"""

from __future__ import annotations

import contextlib
import gc
import os
import platform
import random
import resource
import shutil
import sys
import tempfile
import time
import warnings
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import luzhou_disclosure as ld  # noqa: E402
from luzhou_disclosure._vocab import ARTICLE20, REVIEW_FIELDS, REVIEW_GROUPS, STANDARD_OUTCOMES  # noqa: E402
from luzhou_disclosure.readers._standard import APPLICANTS_7, APPLICANTS_8, interpret_rows  # noqa: E402


def make_report(rng: random.Random, i: int) -> tuple[pd.DataFrame, str]:
    form = rng.choice(["2019", "2021"])
    year = rng.randint(2019, 2020) if form == "2019" else rng.randint(2021, 2024)

    def v(measure: str = "count"):
        if rng.random() < 0.05:
            return None
        return (
            round(rng.uniform(0, 500), 2)
            if measure == "amount"
            else rng.randint(-5 if measure == "change" else 0, 300)
        )

    rows = []
    for spec in ARTICLE20[form]:
        for field, measure in spec.fields:
            x = v(measure)
            rows.append(
                {
                    "section": "article20",
                    "parent": spec.parent,
                    "item": spec.item,
                    "field": field,
                    "measure": measure,
                    "count": x if measure != "amount" else None,
                    "value": x if measure == "amount" else None,
                }
            )
    applicants = APPLICANTS_8 if rng.random() < 0.2 else APPLICANTS_7
    for item in (
        "本年新收政府信息公开申请数量",
        "上年结转政府信息公开申请数量",
        "结转下年度继续办理",
    ):
        rows += [
            {
                "section": "applications",
                "item": item,
                "applicant": a,
                "measure": "count",
                "count": v(),
            }
            for a in applicants
        ]
    for it in STANDARD_OUTCOMES:
        if form in it.forms:
            rows += [
                {
                    "section": "outcomes",
                    "item": it.item,
                    "parent": it.parent,
                    "applicant": a,
                    "measure": "count",
                    "count": v(),
                }
                for a in applicants
            ]
    for section, item, parent in REVIEW_GROUPS:
        rows += [
            {
                "section": section,
                "item": item,
                "parent": parent,
                "field": f,
                "measure": "count",
                "count": rng.randint(0, 9),
            }
            for f in REVIEW_FIELDS
        ]
    for r in rows:
        r.update(agency=f"泸州市第{i}局", year=year, form=form)
    return ld.make_records(rows), form


def read_with_pandas(path: str) -> int:
    sheets = pd.read_excel(path, engine="openpyxl", sheet_name=None, header=None)
    grid = []
    for frame in sheets.values():
        grid += [
            ["" if isinstance(x, float) and x != x else x for x in row]
            for row in frame.itertuples(index=False)
        ]
    recs, _, _ = interpret_rows(grid, lambda r, c: f"{path}:{r}:{c}", agency="x", year=2021)
    return len(recs)


def guard_only(paths: list[str]) -> None:
    """The limits check read_forms makes of each workbook before calamine opens it (issue 12)."""
    from luzhou_disclosure._limits import check_workbook

    for p in paths:
        check_workbook(p)


def read_raw_calamine(path: str) -> int:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(path)
    return sum(len(book.get_sheet_by_name(n).to_python()) for n in book.sheet_names)


def clocked(fn) -> tuple[float, float, object]:
    """Wall-clock and cpu seconds of ``fn()``, and what it returned."""
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    return time.perf_counter() - w, time.process_time() - c, out


def timed(label: str, fn, repeats: int = 1) -> float:
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    print(f"{label:<66} {best:8.2f} s")
    return best


#: forms written (in the jobs mode); beyond them, copies of these files under other names
DISTINCT, JOBS_DISTINCT = 1000, 300


def cpu_with_workers() -> float:
    """Cpu seconds (user + system) of this process and of its ended worker processes."""
    own, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def jobs_ratio(paths: list[str], repeats: int) -> None:
    """read_forms(jobs=1) and read_forms(jobs=2) in turns: wall and cpu, best against best."""
    from luzhou_disclosure.readers import _layout

    print(f"load average before: {os.getloadavg()}")
    runs: dict[int, list[tuple[float, float]]] = {1: [], 2: []}
    floor: list[float] = []
    n = None
    for _ in range(repeats):
        c = cpu_with_workers()
        [read_raw_calamine(p) for p in paths]
        floor.append(cpu_with_workers() - c)
        for jobs in (1, 2):
            _layout.clear_cache()
            gc.collect()
            w, c = time.perf_counter(), cpu_with_workers()
            out = ld.read_forms(paths, jobs=jobs, progress=False)
            runs[jobs].append((time.perf_counter() - w, cpu_with_workers() - c))
            n = len(out)
            del out
            print(
                f"  jobs={jobs}: wall {runs[jobs][-1][0]:6.2f} s, cpu {runs[jobs][-1][1]:6.2f} s",
                flush=True,
            )
    print(f"load average after: {os.getloadavg()}; {n} records")
    one, two = min(w for w, _ in runs[1]), min(w for w, _ in runs[2])
    pairs = sorted(a[0] / b[0] for a, b in zip(runs[1], runs[2], strict=True))
    print(
        f"read_forms jobs=2 vs jobs=1, {len(paths)} forms: best {one:.2f} s -> {two:.2f} s "
        f"wall, {one / two:.2f}x faster (must be >= 1.6x); run by run {pairs[0]:.2f}x to "
        f"{pairs[-1]:.2f}x; "
        f"cpu best {min(c for _, c in runs[1]):.2f} s (jobs=1) and "
        f"{min(c for _, c in runs[2]):.2f} s (jobs=2)"
    )
    print(
        f"read_forms jobs=1 in cpu time: {min(c for _, c in runs[1]) / min(floor):.2f}x the "
        f"python-calamine floor (best {min(floor):.2f} s cpu; must be <= 1.5x)"
    )


class _ServedSheet:
    """A sheet's rows read once, served again as python-calamine serves them."""

    def __init__(self, sheet) -> None:
        self.rows, self.start = sheet.to_python(skip_empty_area=True), sheet.start

    def to_python(self, skip_empty_area: bool = True, nrows: int | None = None) -> list:
        return [list(row) for row in self.rows]


class _ServedBook:
    """A workbook read once (every sheet), served again from memory."""

    def __init__(self, book) -> None:
        self.sheets_metadata, self.sheet_names = book.sheets_metadata, book.sheet_names
        self.sheets = {n: _ServedSheet(book.get_sheet_by_name(n)) for n in book.sheet_names}

    def get_sheet_by_name(self, name: str) -> _ServedSheet:
        return self.sheets[name]


def best_in_turns(steps: dict, repeats: int) -> dict[str, float]:
    """Each of ``steps`` (label → callable) run in turns ``repeats`` times; its best cpu time."""
    best = dict.fromkeys(steps, float("inf"))
    for _ in range(repeats):
        for label, step in steps.items():
            gc.collect()
            c = time.process_time()
            step()
            best[label] = min(best[label], time.process_time() - c)
    return best


def parts_ratio(paths: list[str], repeats: int) -> None:
    """Each part of read_forms alone, in turns with the floor and read_forms itself."""
    import io

    from python_calamine import CalamineWorkbook

    from luzhou_disclosure import _limits, _xlsx, forms
    from luzhou_disclosure.readers import _layout

    stored = [_limits.check_workbook(p) for p in paths]
    archives = [a.getvalue() for a in stored if a is not None]
    served = {p: _ServedBook(_xlsx.open_workbook(p)) for p in paths}

    def stored_read() -> None:
        for data in archives:
            book = CalamineWorkbook.from_filelike(io.BytesIO(data))
            [book.get_sheet_by_name(n).to_python() for n in book.sheet_names]

    def rest() -> None:
        real = forms.open_workbook, forms.checked_workbook
        forms.open_workbook = lambda p, checked=None: served[p]
        forms.checked_workbook = lambda p, shapes=False: _xlsx.Checked(None, {})
        try:
            _layout.clear_cache()
            ld.read_forms(paths, progress=False)
        finally:
            forms.open_workbook, forms.checked_workbook = real

    def whole() -> None:
        _layout.clear_cache()
        ld.read_forms(paths, progress=False)

    steps = {
        "python-calamine raw cell read (floor)": lambda: [read_raw_calamine(p) for p in paths],
        "the limits check of every file (as read_forms makes it)": lambda: [
            _xlsx.checked_workbook(p) for p in paths
        ],
        "calamine reading the archives the check stores": stored_read,
        "the rest, calamine's rows given": rest,
        "read_forms": whole,
    }
    best = best_in_turns(steps, repeats)
    floor = best["python-calamine raw cell read (floor)"]
    print(f"({len(archives)} of {len(paths)} files stored by the check; cpu, best of {repeats})")
    for label, seconds in best.items():
        print(f"{label:<66} {seconds:8.2f} s   {seconds / floor:.2f}x the floor")
    parts = sum(best[k] for k in list(steps)[1:4])
    print(f"{'the three parts together':<66} {parts:8.2f} s   {parts / floor:.2f}x the floor")


def excel_like(paths: list[str], folder: Path) -> list[str]:
    """The forms again with each blank cell written as Excel writes it (``<c r="B3" s="4"/>``,
    where openpyxl writes ``<c r="B3" s="4" t="n"></c>``): each blank leaves its own mark on
    the sheet, so forms of one program seldom share a shape."""
    import re
    import zipfile

    blank = re.compile(rb'(<c r="[A-Z]+[0-9]+"[^>]*?)(?: t="n")?></c>')
    folder.mkdir(exist_ok=True)
    out = []
    for p in paths:
        target = folder / Path(p).name
        if not target.exists():
            with zipfile.ZipFile(p) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
                for info in zin.infolist():
                    data = zin.read(info)
                    if info.filename.startswith("xl/worksheets/"):
                        data = blank.sub(rb"\1/>", data)
                    z.writestr(info, data)
        out.append(str(target))
    return out


def shapes_ratio(paths: list[str], repeats: int, folder: Path) -> None:
    """read_forms reading the workbooks of a shape seen before from that shape (the default)
    against reading every one with calamine, on the forms and on the same forms written as Excel
    writes blank cells (where shapes seldom repeat)."""
    from luzhou_disclosure import _xlsx, forms
    from luzhou_disclosure.readers import _layout

    def read(files: list[str], shapes: bool):
        def run() -> None:
            real = forms.checked_workbook
            if not shapes:
                forms.checked_workbook = lambda p, shapes=False: _xlsx.checked_workbook(p)
            try:
                _layout.clear_cache()
                ld.read_forms(files, progress=False)
            finally:
                forms.checked_workbook = real

        return run

    excel = excel_like(paths, folder / "excel_like")
    steps = {
        "python-calamine raw cell read (floor)": lambda: [read_raw_calamine(p) for p in paths],
        "read_forms, shapes (the default)": read(paths, True),
        "read_forms, every workbook read by calamine": read(paths, False),
        "blank cells as Excel writes them: floor": lambda: [read_raw_calamine(p) for p in excel],
        "  read_forms, shapes (the default)": read(excel, True),
        "  read_forms, every workbook read by calamine": read(excel, False),
    }
    best = best_in_turns(steps, repeats)
    print(f"(cpu, best of {repeats}, each as a ratio to the floor of its files)")
    for label, seconds in best.items():
        floor = best[
            "blank cells as Excel writes them: floor"
            if label.startswith(("  ", "blank"))
            else "python-calamine raw cell read (floor)"
        ]
        print(f"{label:<66} {seconds:8.2f} s   {seconds / floor:.2f}x the floor")


def main(n: int, repeats: int, mode: str = "") -> None:
    from luzhou_disclosure.readers import _layout

    rng = random.Random(20240601)
    distinct = JOBS_DISTINCT if mode == "jobs" else DISTINCT
    kept = os.environ.get("BENCH_FORMS_DIR")  # a folder to write the forms into once and reuse
    with contextlib.nullcontext(kept) if kept else tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        paths = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for i in range(min(n, distinct)):
                records, form = make_report(rng, i)
                path = Path(tmp) / f"泸州市第{i}局_{int(records['year'].iloc[0])}.xlsx"
                if not path.exists():
                    ld.write_form(records, path, form=form)
                paths.append(str(path))
            for i in range(distinct, n):  # copies under other names (writing a form takes ~0.1 s)
                path = Path(tmp) / f"copy{i}_{Path(paths[i % distinct]).name}"
                if not path.exists():
                    shutil.copyfile(paths[i % distinct], path)
                paths.append(str(path))
        print(
            f"generated {n} forms in {time.perf_counter() - t0:.1f} s; python "
            f"{platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores, "
            f"{len(os.sched_getaffinity(0))} usable by this process"
        )
        if mode == "jobs":
            jobs_ratio(paths, repeats)
            return
        if mode == "parts":
            parts_ratio(paths, repeats)
            return
        if mode == "shapes":
            shapes_ratio(paths, repeats, Path(tmp))
            return
        raws, ours, guards, out = [], [], [], None
        for _ in range(repeats):
            raws.append(clocked(lambda: [read_raw_calamine(p) for p in paths])[:2])
            guards.append(clocked(lambda: guard_only(paths))[0])
            _layout.clear_cache()
            out = None  # the previous run's records are freed before the clock starts
            wall, cpu, out = clocked(lambda: ld.read_forms(paths, progress=False))
            ours.append((wall, cpu))
        raw, mine = min(w for w, _ in raws), min(w for w, _ in ours)
        raw_cpu, mine_cpu = min(c for _, c in raws), min(c for _, c in ours)
        print(
            f"{'python-calamine raw cell read, every sheet (floor), best of ' + str(repeats):<66} "
            f"{raw:8.2f} s"
            f"   cpu {raw_cpu:.2f} s"
        )
        print(
            f"{'ld.read_forms(paths) (jobs=1), layouts learnt afresh, best of ' + str(repeats):<66}"
            " "
            f"{mine:8.2f} s"
            f"   cpu {mine_cpu:.2f} s"
        )
        print(f"{'  its first run (cold process)':<66} {ours[0][0]:8.2f} s")
        print(
            f"{'  of which the limits check (issue 12), alone, best of ' + str(repeats):<66} "
            f"{min(guards):8.2f} s   ({min(guards) / raw:.2f}x the floor)"
        )
        print(
            f"  ({len(out)} records; all runs, wall: raw {', '.join(f'{w:.2f}' for w, _ in raws)}; "
            f"read_forms {', '.join(f'{w:.2f}' for w, _ in ours)})"
        )
        pairs = sorted(b[0] / a[0] for a, b in zip(raws, ours, strict=True))
        print(
            f"  run by run (each read_forms run against the floor run just before it): "
            f"{pairs[0]:.2f}x to {pairs[-1]:.2f}x, median {pairs[len(pairs) // 2]:.2f}x"
        )
        out = None
        _layout.clear_cache()
        cores = len(os.sched_getaffinity(0))
        both = timed(
            f"ld.read_forms(paths, jobs=None) (all {cores} usable cores)",
            lambda: ld.read_forms(paths, jobs=None, progress=False),
        )
        pd_t = timed(
            "pandas.read_excel(openpyxl, sheet_name=None) + interpretation",
            lambda: [read_with_pandas(p) for p in paths],
        )
        print(f"read_forms vs pandas/openpyxl: {pd_t / mine:.1f}x faster (must be >= 4x)")
        print(
            f"read_forms vs raw calamine:    {mine / raw:.2f}x the floor (must be <= 1.5x), best "
            "against best; "
            f"in cpu time {mine_cpu / raw_cpu:.2f}x; first run {ours[0][0] / raw:.2f}x; "
            f"all cores {both / raw:.2f}x"
        )


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 1000,
        int(sys.argv[2]) if len(sys.argv) > 2 else 5,
        sys.argv[3] if len(sys.argv) > 3 else "",
    )
