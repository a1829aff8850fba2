"""String columns in pandas' own ``str`` dtype, stored with pyarrow (a required dependency), and no
private pandas API in the package: with pyarrow installed, private string-array constructors once
made every text reader fail inside pandas (issue 10)."""

from __future__ import annotations

import re
import tempfile
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow  # noqa: F401  (a required dependency: the suite runs with it)
import pytest

import luzhou_disclosure as ld
from luzhou_disclosure.records import SCHEMA

SRC = Path(ld.__file__).parent
STR = pd.StringDtype(storage="pyarrow", na_value=np.nan)

REPORT = """某县统计局2018年政府信息公开工作年度报告
一、主动公开政府信息情况
2018年主动公开政府信息120条,比2017年增加20条,增长20.00%。其中,工作动态类80条,占66.67%;其他类40条。
二、依申请公开情况
全年共收到政府信息公开申请12件,其中同意公开9件,不予公开3件。
"""


def _string_columns(frame: pd.DataFrame) -> dict[str, object]:
    """The dtype of each string column; for a categorical of strings (compare's compact columns),
    the dtype of its categories."""
    out = {}
    for c in frame.columns:
        dtype = frame[c].dtype
        if isinstance(dtype, pd.CategoricalDtype):
            dtype = dtype.categories.dtype
        if pd.api.types.is_string_dtype(dtype) or pd.api.types.is_object_dtype(dtype):
            out[c] = dtype
    return out


def _frames() -> dict[str, pd.DataFrame]:
    example = ld.load_example()
    text = ld.read_report(REPORT)
    path = Path(tempfile.mkdtemp()) / "某县统计局_2021.xlsx"
    form = ld.make_records(
        [
            {"agency": "某县统计局", "year": 2021, "form": "2021", "section": "applications",
             "item": "本年新收政府信息公开申请数量", "measure": "count", "count": 12},
        ]
    )  # fmt: skip
    ld.write_form(form, path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        read = ld.read_form(path)
    both = ld.concat_records([text, example])
    return {
        "load_example": example,
        "read_report": text,
        "read_form": read,
        "audit": ld.audit(example),
        "check": ld.check(read),
        "harmonize": ld.harmonize(both),
        "compare": ld.compare(both, year=2018, base_year=2017),
        "yoy_growth": ld.yoy_growth(example, year=2017),
        "peer_summary": ld.peer_summary(example, year=2017, item="主动公开政府信息总数"),
        "category_shares": ld.category_shares(example, rounding="half_up"),
    }


@pytest.fixture(scope="module")
def frames():
    return _frames()


@pytest.mark.parametrize(
    "name",
    [
        "load_example",
        "read_report",
        "read_form",
        "audit",
        "check",
        "harmonize",
        "compare",
        "yoy_growth",
        "peer_summary",
        "category_shares",
    ],
)
def test_string_columns_are_str_stored_with_pyarrow(frames, name):
    columns = _string_columns(frames[name])
    assert columns, f"{name} has no string column"
    assert {c: str(t) for c, t in columns.items()} == dict.fromkeys(columns, "str")
    assert all(t == STR for t in columns.values()), columns


def test_records_string_columns_are_the_schema_and_missing_is_nan(frames):
    records = frames["read_report"]
    strings = [c for c, t in SCHEMA.items() if t == "str"]
    assert set(_string_columns(records)) == set(strings)
    parent = records.loc[records["item"] == "主动公开政府信息总数", "parent"]
    assert parent.isna().all() and all(v is not pd.NA for v in parent)  # NaN, the str dtype's NA


_PRIVATE = re.compile(
    r"\._(from_backing_data|from_sequence|from_pyarrow_array|data|mask|ndarray|pa_array|mgr|values"
    r"|simple_new|str_map)\b|\bpandas\.(core|_libs)\b|from pandas\.arrays import StringArray"
)


def test_no_private_pandas_api_in_the_package():
    hits = [
        f"{path.relative_to(SRC)}:{n}: {line.strip()}"
        for path in sorted(SRC.rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if _PRIVATE.search(line)
    ]
    assert hits == []


@pytest.mark.parametrize(
    "line", ["x._data", "a._mask.copy()", "s._from_backing_data(v)", "import pandas.core.arrays"]
)
def test_the_private_api_pattern_finds_what_it_looks_for(line):
    assert _PRIVATE.search(line)
