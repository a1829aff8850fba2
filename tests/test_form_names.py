"""Agency names through ``write_form`` → ``read_form`` (issue 12): the title cell
(``{agency}{year}年政府信息公开工作年度报告``) reads back as the same agency and year, and every
figure unchanged, whatever a real agency name holds: Chinese, Latin letters, digits, a year of its
own (泸州市2020年脱贫攻坚办), brackets (泸州市甲局(筹)), full-width punctuation, inner spaces.

The expected agency and year are the ones written; the expected figures are the records written.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import luzhou_disclosure as ld
from luzhou_disclosure._vocab import ARTICLE20, RECEIVED, REVIEW_FIELDS, REVIEW_GROUPS

FIGURE = ["section", "parent", "item", "applicant", "field", "measure", "count", "value", "unit"]

#: pieces of real agency names: place and organ words, and the characters they are made of
_CJK = st.text(
    alphabet=st.sampled_from("泸州市县区乡镇街道办事处人民政府统计局财政委员会中心甲乙丙第经济开发"
                             "卫生健康教育体育交通运输公安自然资源生态环境四川省龍馬潭綦"),
    min_size=1,
    max_size=8,
)  # fmt: skip
_LATIN = st.text(alphabet=st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"),
                 min_size=1, max_size=6)  # 泸州市CBD管委会, 高新区IT中心  # fmt: skip
_PIECES = st.one_of(
    _CJK,
    _LATIN,
    st.integers(0, 9999).map(str),  # 第2中学, 110指挥中心
    st.integers(1900, 2099).map(lambda y: f"{y}年"),  # 2020年脱贫攻坚办
    st.integers(1900, 2099).map(lambda y: f"{y}年度"),
    st.sampled_from(["政府信息公开", "政务公开", "2020年政府信息公开", "信息公开工作年度报告"]),
    st.sampled_from(["(筹)", "（筹）", "(试点)", "〔2020〕", "【临时】", "（二）"]),
    st.sampled_from(["·", "、", "－", "—", "-", "_", "，", "．", "：", "“", "”"]),
    st.sampled_from([" ", "\u3000", "  "]),
)  # fmt: skip


@st.composite
def agency_names(draw) -> str:
    """An agency name as a real one can be (the constraints, and why):

    - it starts with Chinese or a Latin letter and ends with Chinese or a closing bracket: a name
      is trimmed of surrounding whitespace by the library (docs/records.md), and the reader takes
      separators between name and year (``泸州市统计局_2021``, ``统计局-2021``) as no part of the
      name, so a name ending in ``_``, ``-``, ``.`` or a digit run glued to the year is not one an
      agency has;
    - brackets hold something (``(筹)``): empty brackets are what is left of
      ``泸州市统计局（2021）`` in a file name, and the reader drops them;
    - no control characters or line breaks: the title is one line of one cell;
    - anything else in between: digits, a year of its own (``2020年``, even ``2020年政府信息公开``),
      Latin letters, full-width punctuation, inner spaces (ASCII and U+3000), up to ~60 characters.
    """
    first = draw(st.one_of(_CJK, _LATIN))  # (built so, not filtered: no input is thrown away)
    middle = draw(st.lists(_PIECES, max_size=6))
    last = draw(st.one_of(_CJK, st.sampled_from(["(筹)", "（筹）", "〔试点〕"])))
    return "".join([first, *middle, last])


def records_of(agency: str, year: int, counts: list[int | None], amount: float | None):
    """A 2021 form's records: 本年新收 of three applicants, one article-20 count and one amount."""
    rows = [
        {"section": "applications", "item": RECEIVED, "applicant": a, "measure": "count",
         "unit": "件", "count": n}
        for a, n in zip(("自然人", "商业企业", "总计"), counts, strict=True)
    ]  # fmt: skip
    permits = next(spec for spec in ARTICLE20["2021"] if spec.item == "行政许可")
    rows.append({"section": "article20", "parent": permits.parent, "item": permits.item,
                 "field": permits.fields[0][0], "measure": "count", "unit": "件",
                 "count": counts[0]})  # fmt: skip
    fees = next(s for s in ARTICLE20["2021"] if any(m == "amount" for _, m in s.fields))
    field = next(f for f, m in fees.fields if m == "amount")
    rows.append({"section": "article20", "parent": fees.parent, "item": fees.item, "field": field,
                 "measure": "amount", "unit": "万元", "value": amount})  # fmt: skip
    section, item, parent = REVIEW_GROUPS[0]  # (section 四 has one row: a figure keeps it there)
    rows.append({"section": section, "item": item, "parent": parent, "applicant": "总计",
                 "field": REVIEW_FIELDS[-1], "measure": "count", "unit": "件",
                 "count": 1})  # fmt: skip
    for r in rows:
        r.update(agency=agency, year=year, form="2021")
    return ld.make_records(rows)


def round_trip(records: pd.DataFrame, path: Path) -> pd.DataFrame:
    ld.write_form(records, path, form="2021")
    with warnings.catch_warnings():
        warnings.simplefilter("error", ld.DisclosureWarning)  # a finding fails the test
        return ld.read_form(path)


def assert_same_figures(back: pd.DataFrame, records: pd.DataFrame) -> None:
    """Each written record reads back with its figure and unit; every other cell of the form is
    NA (read_form gives a record for each cell of the tables, blank or not)."""
    key = ["section", "parent", "item", "applicant", "field"]

    def rows(frame: pd.DataFrame) -> dict[tuple, tuple]:
        out = frame[FIGURE].astype(object)
        out = out.where(out.notna(), None)
        return {
            tuple(r[k] for k in key): tuple(r[k] for k in FIGURE) for r in out.to_dict("records")
        }

    written, read = rows(records), rows(back)
    assert len(read) == len(back)  # one record per cell
    assert {k: read.get(k) for k in written} == written
    blank = [v for k, v in read.items() if k not in written]
    assert blank and all(v[FIGURE.index("count")] is None and v[FIGURE.index("value")] is None
                         for v in blank)  # fmt: skip


@pytest.mark.slow
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    agency=agency_names(),
    year=st.integers(2008, 2099),
    counts=st.lists(st.one_of(st.none(), st.integers(0, 10**9)), min_size=3, max_size=3),
    amount=st.one_of(st.none(), st.floats(0, 1e6, allow_nan=False).map(lambda v: round(v, 4))),
)
@example(agency="泸州市甲局(筹)", year=2021, counts=[1, 2, 3], amount=0.25)
@example(agency="泸州市2020年脱贫攻坚办", year=2021, counts=[1, None, 0], amount=None)
@example(agency="泸州市2020年政府信息公开检查组", year=2021, counts=[5, 6, 7], amount=1.5)
@example(agency="泸州市 统计局　第2中心", year=2019, counts=[0, 0, 0], amount=0.0)
def test_an_agency_name_reads_back_from_the_title(tmp_path, agency, year, counts, amount):
    records = records_of(agency, year, counts, amount)
    back = round_trip(records, tmp_path / "form.xlsx")  # a file name naming neither
    assert set(back["agency"]) == {agency}
    assert set(back["year"]) == {year}
    assert_same_figures(back, records)


@pytest.mark.parametrize(
    ("agency", "year"),
    [
        ("泸州市2020年脱贫攻坚办", 2021),  # a year of its own, followed by 年
        ("泸州市2021年度专项工作组", 2021),  # the report's own year, followed by 年度
        ("泸州市2019年政府信息公开检查组", 2020),  # its year followed by the title's words
        ("第2021局", 2021),  # digits glued to the title's year
    ],
)
def test_a_name_holding_a_year_reads_back_with_the_titles_year(tmp_path, agency, year):
    # the title's year is the last one followed by 年/年度 and the title's words: write_form puts it
    # right after the name, so a year inside the name is part of the name
    records = records_of(agency, year, [3, 4, 7], 2.5)
    back = round_trip(records, tmp_path / "form.xlsx")
    assert set(back["agency"]) == {agency} and set(back["year"]) == {year}
    assert_same_figures(back, records)
