"""Section 四 flattened into text keeps only its group cells (行政复议 | 行政诉讼) above a row of
fifteen figures: that header says no more than a missing one, so the row of exactly the official
fifteen cells is read in the official order, by position (issue 13's one exception); groups in
another order, or another number of cells, are findings and nothing is read.

The figures are those of the section 四 row of tests/data/pingtan/pingtan_2022.txt (行政复议 0 1 1
0 2, 未经复议直接起诉 1 0 0 0 1, 复议后起诉 0 0 0 0 0), whose header the text keeps as 行政复议 and
行政诉讼 alone.
"""

from __future__ import annotations

import warnings

from luzhou_disclosure.readers._standard import interpret_grid

ROW = ["0", "1", "1", "0", "2", "1", "0", "0", "0", "1", "0", "0", "0", "0", "0"]


def read(grid):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return interpret_grid(grid, lambda r, c: f"g:{r}:{c}", agency="甲局", year=2022)


def test_the_group_cells_alone_read_the_row_in_the_official_order():
    recs, found = read([["行政复议", "行政诉讼"], ROW])
    got = {(r.item, r.field): r.count for r in recs.itertuples()}
    assert len(got) == 15
    assert got[("行政复议", "结果纠正")] == 1 and got[("行政复议", "其他结果")] == 1
    assert got[("行政复议", "总计")] == 2
    assert got[("未经复议直接起诉", "结果维持")] == 1 and got[("未经复议直接起诉", "总计")] == 1
    assert got[("复议后起诉", "总计")] == 0
    assert recs["source"].str.endswith(" (positional)").all()
    assert recs.set_index(["item", "field"]).loc[("行政复议", "总计"), "source"] == (
        "g:1:4 (positional)"
    )
    assert "header_mismatch" not in set(found["rule"])


def test_the_groups_in_another_order_are_a_finding_and_nothing_is_read():
    recs, found = read([["行政诉讼", "行政复议"], ROW])
    assert recs.empty
    assert "header_mismatch" in set(found["rule"])


def test_a_row_of_fourteen_cells_under_the_group_cells_is_not_placed():
    recs, found = read([["行政复议", "行政诉讼"], ROW[:14]])
    assert recs.empty
    assert not found.empty
