"""Write forms/error_cells_2021.xls and .ods: a 2021 form of 甲局 whose figure cells D6 and E6 of
sheet 三、依申请公开 hold the formulas =1/0 and =NA(), computed by LibreOffice (errors #DIV/0! and
#N/A). Run from the repository root (LibreOffice's ``soffice`` on the PATH):

    .venv/bin/python tests/data/forms/make_error_cells.py
"""

import shutil
import subprocess
import tempfile
from pathlib import Path

from openpyxl import load_workbook

import luzhou_disclosure as ld

HERE = Path(__file__).resolve().parent
RECORDS = [{"agency": "甲局", "year": 2021, "form": "2021", "section": "applications",
            "item": "本年新收政府信息公开申请数量", "applicant": applicant, "measure": "count",
            "count": count} for applicant, count in (("自然人", 5), ("商业企业", 2))]  # fmt: skip


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "error_cells_2021.xlsx"
        ld.write_form(ld.make_records(RECORDS), source)
        book = load_workbook(source)
        book["三、依申请公开"]["D6"] = "=1/0"
        book["三、依申请公开"]["E6"] = "=NA()"
        book.save(source)
        for fmt in ("xls", "ods"):
            subprocess.run(
                [shutil.which("soffice") or "soffice", "--headless", "--convert-to", fmt,
                 "--outdir", tmp, str(source)],
                check=True, capture_output=True, timeout=300,
            )  # fmt: skip
            shutil.copyfile(Path(tmp) / f"error_cells_2021.{fmt}", HERE / f"error_cells_2021.{fmt}")


if __name__ == "__main__":  # (pytest imports this file for its doctests: it writes nothing then)
    main()
