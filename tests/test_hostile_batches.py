"""Issue 12, batches that survive: a file that fails, whatever the failure, costs only itself; a
worker process that stops costs only the files it was reading, which are read again or named."""

from __future__ import annotations

import multiprocessing
import os
import signal
import warnings
from pathlib import Path

import pandas as pd
import pytest

import luzhou_disclosure as ld
from conftest import REPORTS
from hostile_files import RECORDS_HEAD, xlsx
from luzhou_disclosure import _batch, forms, text


def _forms(folder: Path, n: int) -> list[Path]:
    """``n`` small standard forms of different agencies (甲0局 …), each with two figures."""
    paths = []
    for i in range(n):
        records = ld.make_records(
            [
                {"agency": f"甲{i}局", "year": 2021, "form": "2021", "section": "applications",
                 "item": "本年新收政府信息公开申请数量", "applicant": "自然人", "measure": "count",
                 "count": i + 1},
                {"agency": f"甲{i}局", "year": 2021, "form": "2021", "section": "applications",
                 "item": "本年新收政府信息公开申请数量", "applicant": "总计", "measure": "count",
                 "count": i + 1},
            ]
        )  # fmt: skip
        path = folder / f"甲{i}局_2021.xlsx"
        ld.write_form(records, path)
        paths.append(path)
    return paths


def _received(records: pd.DataFrame) -> dict[str, int]:
    """Each agency's applications received (自然人), as written by _forms: agency 甲i局 has
    i + 1."""
    rows = records[
        (records["item"] == "本年新收政府信息公开申请数量") & (records["applicant"] == "自然人")
    ]
    return {a: int(c) for a, c in zip(rows["agency"], rows["count"], strict=True)}


def _read_forms(paths, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ld.read_forms([str(p) for p in paths], progress=False, **kwargs)


def test_a_workbook_beyond_the_limits_costs_only_itself_with_two_workers(tmp_path):
    good = _forms(tmp_path, 6)
    bad = xlsx(
        tmp_path / "far.xlsx",
        RECORDS_HEAD + b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
    )
    out = _read_forms([*good[:3], bad, *good[3:]], jobs=2)
    assert _received(out) == {f"甲{i}局": i + 1 for i in range(6)}
    (failed,) = out.attrs["failures"]
    assert failed["file"] == str(bad) and "used range A1:XFD1048576" in failed["error"]


@pytest.fixture
def kill_on(monkeypatch, tmp_path):
    """Make the worker reading a file named ``kill*.xlsx`` kill itself (SIGKILL, as the OOM killer
    would): every time, or only the first time (``once``: a marker file remembers it)."""
    assert multiprocessing.get_start_method() == "fork"  # the workers inherit the patch
    original = forms._read_one
    marker = tmp_path / "killed-once"

    def read_one(path, *args, **kwargs):
        name = os.path.basename(path)
        if name.startswith("kill") and (name.startswith("kill_always") or not marker.exists()):
            marker.touch()
            os.kill(os.getpid(), signal.SIGKILL)
        return original(path, *args, **kwargs)

    monkeypatch.setattr(forms, "_read_one", read_one)


def test_a_killed_worker_costs_only_the_file_it_was_reading(tmp_path, kill_on):
    good = _forms(tmp_path, 8)
    killer = tmp_path / "kill_always.xlsx"
    killer.write_bytes(good[0].read_bytes())
    out = _read_forms([*good[:4], killer, *good[4:]], jobs=2)
    assert _received(out) == {f"甲{i}局": i + 1 for i in range(8)}
    assert out.attrs["failures"] == [{"file": str(killer), "error": _batch.WORKER_STOPPED}]


def test_a_worker_killed_once_is_replaced_and_the_file_read_again(tmp_path, kill_on):
    good = _forms(tmp_path, 5)
    once = tmp_path / "kill_once.xlsx"
    ld.write_form(
        ld.make_records(
            [{"agency": "乙局", "year": 2021, "form": "2021", "section": "applications",
              "item": "本年新收政府信息公开申请数量", "applicant": "自然人", "measure": "count",
              "count": 40}]
        ),
        once,
    )  # fmt: skip
    out = _read_forms([*good, once], jobs=2)
    assert _received(out) == {**{f"甲{i}局": i + 1 for i in range(5)}, "乙局": 40}
    assert out.attrs["failures"] == []


def test_read_forms_with_two_workers_reads_what_one_reads(tmp_path):
    paths = _forms(tmp_path, 7)
    one, two = _read_forms(paths, jobs=1), _read_forms(paths, jobs=2)
    pd.testing.assert_frame_equal(one, two)


def test_read_reports_names_any_failure_of_a_file_and_reads_the_others(tmp_path, monkeypatch):
    (tmp_path / "001.txt").write_bytes((REPORTS / "001.txt").read_bytes())
    (tmp_path / "004.txt").write_text((REPORTS / "004.txt").read_text("utf-8") + "\nMARKER\n")
    original = text._read_rows

    def read_rows(doc, **kwargs):  # the report with MARKER fails as no reader error would
        lines = getattr(doc, "lines", None) or doc.prose.lines
        if "MARKER" in lines:
            raise OverflowError("int too big to convert")
        return original(doc, **kwargs)

    monkeypatch.setattr(text, "_read_rows", read_rows)
    with pytest.warns(ld.DisclosureWarning, match="1 of 2 reports could not be read"):
        out, found = ld.read_reports(tmp_path, progress=False, findings=True)
    assert out.attrs["failures"] == [
        {"file": str(tmp_path / "004.txt"), "error": "OverflowError: int too big to convert"}
    ]
    assert len(out) > 0 and set(out["source"].str.split(":").str[0]) == {"001.txt"}
    unreadable = found[found["rule"] == "unreadable_report"]
    assert unreadable["message"].tolist() == ["OverflowError: int too big to convert"]
