"""Time and memory to refuse hostile workbooks (issue 12), each read in a fresh process.

    .venv/bin/python bench/bench_hostile.py

Generates, in a temporary folder: a workbook with one value at XFD1048576 (~1 KB); a zip bomb of
1,048,575 rows × 5 numbers (~18 MB compressed, 250 MB of XML); a sheet just under the limit (a value
at A1 and one at E1000000: 5,000,000 cells). Each is read with ``read_records`` in a fresh
process; the seconds to the answer and the peak RSS of that process are printed.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from hostile_files import RECORDS_HEAD, bomb_rows, run_limited, xlsx  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        cases = {
            "value at XFD1048576": xlsx(
                Path(tmp) / "far.xlsx",
                RECORDS_HEAD + b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
            ),
            "zip bomb, 1,048,575 rows x 5": xlsx(
                Path(tmp) / "bomb.xlsx",
                (
                    RECORDS_HEAD,
                    *(
                        bomb_rows(a, min(a + 9_999, 1_048_576), 5)
                        for a in range(3, 1_048_577, 10_000)
                    ),
                ),
            ),
            "5,000,000 cells (the limit), two values": xlsx(
                Path(tmp) / "corner.xlsx",
                RECORDS_HEAD + b'<row r="1000000"><c r="E1000000"><v>1</v></c></row>',
            ),
        }
        for name, path in cases.items():
            out = run_limited(
                f"print(json.dumps(outcome(ld.read_records, {str(path)!r})))", memory=8 << 30
            )
            answer = out.get("error") or f"{out['rows']} records"
            print(
                f"{name:<42} {path.stat().st_size / 1e6:8.2f} MB  {out['seconds']:6.2f} s  "
                f"peak {out['peak_mb']:5d} MB  {answer}"
            )


if __name__ == "__main__":
    main()
