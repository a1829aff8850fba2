"""One convention for batches: read_forms and read_reports report the files they could not read
alike."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

import luzhou_disclosure as ld
from conftest import DATA, REPORTS


def _folder(tmp_path, good, bad_name, bad_bytes):
    shutil.copy(good, tmp_path / good.name)
    (tmp_path / bad_name).write_bytes(bad_bytes)
    return tmp_path


@pytest.mark.parametrize(
    ("read", "good", "bad", "what"),
    [
        (ld.read_forms, DATA / "forms" / "eight_columns_2021.xlsx", "broken.xlsx", "files"),
        (
            lambda p: ld.read_reports(p, progress=False),
            REPORTS / "001.txt",
            "broken.txt",
            "reports",
        ),
    ],
)
def test_failed_files_are_listed_in_attrs_and_warned_once(tmp_path, read, good, bad, what):
    # broken.xlsx is not a zip; broken.txt names no agency and no year
    folder = _folder(
        tmp_path, good, bad, "全年主动公开信息12条。".encode() if bad.endswith("txt") else b"x"
    )
    with pytest.warns(ld.DisclosureWarning) as caught:
        records = read(folder)
    failures = pd.DataFrame(records.attrs["failures"])
    assert list(failures.columns) == ["file", "error"]
    assert failures["file"].tolist() == [str(folder / bad)]
    assert failures["error"].iloc[0]  # why, in words
    batch = [w for w in caught if "could not be read" in str(w.message)]
    assert len(batch) == 1 and batch[0].filename == __file__  # points at the caller
    assert str(batch[0].message) == (
        f"1 of 2 {what} could not be read (first: {folder / bad}: {failures['error'].iloc[0]}); "
        "see records.attrs['failures']"
    )
    assert len(records) > 0  # the good file was read all the same


def test_a_batch_without_failures_says_so_in_attrs(tmp_path):
    shutil.copy(REPORTS / "001.txt", tmp_path / "001.txt")
    assert ld.read_reports(tmp_path, progress=False).attrs["failures"] == []
