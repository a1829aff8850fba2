"""Speed of the report text reader: reports per second for ~10 KB reports, and cost against length.

Run from the repository root (one core):

    taskset -c 0 .venv/bin/python bench/bench_text.py [--cpu]

``--cpu`` measures the CPU time of the reading thread (``time.thread_time``) instead of wall time,
best of several rounds: on a shared machine wall-clock rates swing by 2x from one run to the next.

Inputs are real texts: the seed report (11 KB, narrative), a 2021-form report built from the
development set's flattened tables (043.txt) padded with its own prose to ~10 KB, and a whole real
report flattened to one line with its tables' cells run together (batch2/011.txt, 平潭 2022,
10.6 KB).
For the length test the seed's body is repeated 1, 2, 4 and 8 times (the reader must stay linear:
the time per KB should not grow).
"""

from __future__ import annotations

import tempfile
import time
import warnings
from pathlib import Path

import luzhou_disclosure as ld
from luzhou_disclosure.errors import DisclosureWarning
from luzhou_disclosure.readers._text_account import _marked as _line_cache

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
SEED = (DATA / "seeds" / "000_9011374d10fa4802.txt").read_text(encoding="utf-8")


def _standard_text() -> str:
    text = (DATA / "reports" / "043.txt").read_text(encoding="utf-8")
    title = "某区某局2024年政府信息公开工作年度报告\n"
    prose = "\n".join(SEED.splitlines()[3:8]) + "\n"
    body = title + prose + text
    while len(body.encode("utf-8")) < 10_000:
        body = (
            body.replace("三、收到和处理", prose + "三、收到和处理", 1)
            if len(body) < 2000
            else body + prose
        )
    return body


def _rate(text: str, seconds: float = 2.0) -> tuple[float, int]:
    """Reports per second reading ``text`` again and again. The reader keeps what it finds in a
    line in a cache (the account and the prose reader look at the same lines); it is emptied before
    each read, so that a repeated text costs what a new one does."""
    n, start = 0, time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DisclosureWarning)
        while time.perf_counter() - start < seconds:
            _line_cache.cache_clear()
            ld.read_report(text)
            n += 1
    return n / (time.perf_counter() - start), n


def _cpu_rate(text: str, rounds: int = 20, reads: int = 5) -> tuple[float, int]:
    """Reports per second of CPU time of this thread, the best of ``rounds`` rounds of ``reads``
    reads (the line cache emptied before each, as in :func:`_rate`)."""
    best = float("inf")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DisclosureWarning)
        for _ in range(rounds):
            start = time.thread_time()
            for _ in range(reads):
                _line_cache.cache_clear()
                ld.read_report(text)
            best = min(best, (time.thread_time() - start) / reads)
    return 1 / best, rounds * reads


def main(cpu: bool = False) -> None:
    ld.read_report(SEED)  # warm up caches
    one_line = (DATA / "reports" / "batch2" / "011.txt").read_text(encoding="utf-8")
    for name, text in (
        ("seed (narrative)", SEED),
        ("2021 form + prose", _standard_text()),
        ("one-line page", one_line),
    ):
        rate, n = _cpu_rate(text) if cpu else _rate(text)
        kb = len(text.encode("utf-8")) / 1000
        what = "reports/s of CPU" if cpu else "reports/s"
        print(f"{name:<20} {kb:5.1f} KB  {rate:7.1f} {what}  ({n} reads)")
    if cpu:
        return
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(200):
            Path(tmp, f"r{k:03d}.txt").write_text(SEED, encoding="utf-8")
        start = time.perf_counter()
        ld.read_reports(tmp, progress=False)
        took = time.perf_counter() - start
        print(f"read_reports, 200 seed copies: {200 / took:7.1f} reports/s")
    head, body = SEED.split("\n", 1)
    print("length test (seed body repeated):")
    for k in (1, 2, 4, 8):
        text = head + "\n" + body * k
        rate, _ = _rate(text, 1.5)
        kb = len(text.encode("utf-8")) / 1000
        print(f"  x{k}: {kb:6.1f} KB  {1000 / rate:7.2f} ms/report  {1000 / rate / kb:6.3f} ms/KB")


if __name__ == "__main__":
    import sys

    main(cpu="--cpu" in sys.argv)
