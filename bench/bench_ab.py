"""Before and after: the same workloads timed on two revisions of the library, interleaved.

    .venv/bin/python bench/bench_ab.py BEFORE [AFTER] [--rounds 5] [--only NAME ...]

BEFORE and AFTER are git revisions (AFTER defaults to the working tree). BEFORE is checked out
into a temporary worktree; each round runs every workload once on each revision, in a fresh
process whose ``sys.path`` starts with that revision's ``src`` (the same ``.venv``, so the same
pandas, numpy and pyarrow). The order alternates from round to round (A B, then B A), so a change
of the machine's load falls on both. Each process times its own work in cpu time
(``time.process_time``, after imports and input loading) and prints it; the report gives, per
workload, the median and best of each revision and the median of the per-round ratios
after ÷ before.

The inputs are made once, by the AFTER revision, and read by both:

- ``read_forms``: 300 filled standard forms (both formats) written by ``bench_forms.make_report``
  and ``write_form``;
- ``read_report``: every report text of ``tests/data`` (the seed, the 20 development texts and the
  61 of batch2), each read once (a text the reader refuses counts its time to the refusal);
- ``harmonize``, ``compare``, ``peer_summary``, ``check``: the synthetic panel of
  ``bench_panel.make_panel`` (1,000 agencies × 2014–2023), saved as Parquet as made and harmonized,
  each workload called as ``bench_panel.pipeline`` calls it.

Issue 16 asks that its clean-up leave the bench figures no worse; this is how that is measured.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"

#: each workload: Python run in the child after ``import luzhou_disclosure as ld``; ``INPUTS`` is
#: the inputs folder; the code between the markers is timed
WORKLOADS = {
    "read_forms": (
        "paths = sorted(str(p) for p in (INPUTS / 'forms').glob('*.xlsx'))",
        "ld.read_forms(paths)",
    ),
    "read_report": (
        "texts = [p.read_text(encoding='utf-8') for p in sorted((INPUTS / 'texts').glob('*.txt'))]",
        "for t in texts:\n    try:\n        ld.read_report(t)\n    except ld.DisclosureError:\n"
        "        pass",
    ),
    "harmonize": (
        "import pandas as pd\npanel = pd.read_parquet(INPUTS / 'panel.parquet')",
        "ld.harmonize(panel)",
    ),
    "compare": (
        "import pandas as pd\nh = pd.read_parquet(INPUTS / 'harmonized.parquet')",
        "ld.compare(h, year=list(range(2015, 2024)))",
    ),
    "peer_summary": (
        "import pandas as pd\nh = pd.read_parquet(INPUTS / 'harmonized.parquet')",
        "ld.peer_summary(h, year=list(range(2014, 2024)), measure='refusal_rate')",
    ),
    "check": (
        "import pandas as pd\npanel = pd.read_parquet(INPUTS / 'panel.parquet')",
        "ld.check(panel)",
    ),
}

CHILD = """
import sys, time, warnings
from pathlib import Path
sys.path.insert(0, {src!r})
import luzhou_disclosure as ld
assert Path(ld.__file__).is_relative_to({src!r}), ld.__file__
INPUTS = Path({inputs!r})
warnings.simplefilter("ignore")
{setup}
t0 = time.process_time()
{work}
print(time.process_time() - t0)
"""


def make_inputs(folder: Path) -> None:
    """The workloads' inputs, written with the library of this working tree."""
    sys.path[:0] = [str(ROOT / "src"), str(BENCH)]
    import warnings

    import bench_forms
    import bench_panel
    import bench_text

    import luzhou_disclosure as ld

    (folder / "forms").mkdir(parents=True)
    rng = random.Random(7)
    # the form version's keyword: form= since issue 16 part 3, format= before
    version = "form" if "form" in inspect.signature(ld.write_form).parameters else "format"
    for i in range(300):
        records, form = bench_forms.make_report(rng, i)
        ld.write_form(records, folder / "forms" / f"form-{i:04d}.xlsx", **{version: form})
    (folder / "texts").mkdir()
    texts = [bench_text.DATA / "seeds" / "000_9011374d10fa4802.txt"]
    texts += sorted((bench_text.DATA / "reports").glob("*.txt"))
    texts += sorted((bench_text.DATA / "reports" / "batch2").glob("*.txt"))
    for i, path in enumerate(texts):
        shutil.copyfile(path, folder / "texts" / f"{i:03d}.txt")
    panel = bench_panel.make_panel(1000, seed=1)
    panel.to_parquet(folder / "panel.parquet", index=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ld.harmonize(panel).to_parquet(folder / "harmonized.parquet", index=False)


def run(src: Path, inputs: Path, name: str) -> float:
    setup, work = WORKLOADS[name]
    code = CHILD.format(src=str(src), inputs=str(inputs), setup=setup, work=work)
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=src.parent
    )
    if done.returncode:
        sys.exit(f"{name} failed on {src}:\n{done.stderr[-2000:]}")
    return float(done.stdout.split()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before", help="git revision timed as 'before'")
    parser.add_argument(
        "after", nargs="?", help="git revision timed as 'after' (default: the tree)"
    )
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", nargs="+", choices=list(WORKLOADS), default=list(WORKLOADS))
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench_ab-"))
    trees = {}
    try:
        for label, rev in (("before", args.before), ("after", args.after)):
            if rev is None:
                trees[label] = ROOT / "src"
                continue
            tree = tmp / label
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "add", "--quiet", "--detach", str(tree), rev],
                check=True,
            )
            trees[label] = tree / "src"
        inputs = tmp / "inputs"
        make_inputs(inputs)
        times: dict[str, dict[str, list[float]]] = {
            n: {"before": [], "after": []} for n in args.only
        }
        for r in range(args.rounds):
            order = ("before", "after") if r % 2 == 0 else ("after", "before")
            for name in args.only:
                for label in order:
                    times[name][label].append(run(trees[label], inputs, name))
            print(f"round {r + 1}/{args.rounds} done", file=sys.stderr, flush=True)
        report = {}
        for name, t in times.items():
            ratios = [a / b for a, b in zip(t["after"], t["before"], strict=True)]
            report[name] = {
                "before_median_s": statistics.median(t["before"]),
                "after_median_s": statistics.median(t["after"]),
                "before_best_s": min(t["before"]),
                "after_best_s": min(t["after"]),
                "median_ratio_after_before": statistics.median(ratios),
                "ratios": [round(x, 3) for x in ratios],
            }
            print(
                f"{name:13s} before {report[name]['before_median_s']:.3f} s "
                f"(best {report[name]['before_best_s']:.3f})  after "
                f"{report[name]['after_median_s']:.3f} s (best {report[name]['after_best_s']:.3f})"
                f"  after/before median {report[name]['median_ratio_after_before']:.3f}"
            )
        print(json.dumps({"before": args.before, "after": args.after or "tree", **report}))
    finally:
        for label, rev in (("before", args.before), ("after", args.after)):
            if rev is not None:
                subprocess.run(
                    ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tmp / label)],
                    check=False,
                )
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    main()
