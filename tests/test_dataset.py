"""Records as a hive-partitioned Parquet dataset, analysed piece by piece (dataset.py).

The expected results are the in-memory functions' own on the same records: a piece-by-piece run
must give what one call on all the records gives (issue 19)."""

from __future__ import annotations

import warnings
from urllib.parse import unquote

import numpy as np
import pandas as pd
import pytest
from pandas.api.types import union_categoricals

import luzhou_disclosure as ld
from luzhou_disclosure.dataset import NEEDS, Needs, combine, dataset_pieces, run_piece

AGENCIES = (("甲局", "四川省"), ("乙局", "四川省"), ("丙局", "福建省"), ("丁局", "福建省"))


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    """Four agencies in two provinces, each with the eleven pingtan reports (2011-2025: narrative,
    2019 and 2021 forms), every count raised by the agency's number so that their figures differ;
    one count of 丁局 in 2020 off by 3 so that check finds something; sorted by year, province,
    agency (the order a dataset partitioned by year and province is read in)."""
    base = ld.load_example("pingtan")
    frames = []
    for i, (agency, province) in enumerate(AGENCIES):
        frame = base.copy()
        frame["agency"] = agency
        frame["province"] = province
        frame["count"] = frame["count"] + i
        frames.append(frame)
    records = pd.concat(frames, ignore_index=True)
    wrong = (records["agency"] == "丁局") & (records["year"] == 2020) & records["count"].notna()
    records.loc[wrong[wrong].index[0], "count"] += 3
    order = np.lexsort(
        (records["agency"].map({a: i for i, (a, _) in enumerate(AGENCIES)}), records["year"])
    )
    return records.take(order).reset_index(drop=True)


@pytest.fixture(scope="module")
def folder(panel, tmp_path_factory):
    return ld.write_dataset(
        panel, tmp_path_factory.mktemp("data") / "records", partition_by=("year", "province")
    )


def _quiet(function, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ld.DisclosureWarning)
        return function(*args, **kwargs)


def _same(got: pd.DataFrame, expected: pd.DataFrame) -> None:
    """Equal values, in the same order, with the same dtypes (a categorical's categories may be
    listed in another order)."""
    assert list(got.columns) == list(expected.columns)
    assert [str(t) for t in got.dtypes] == [str(t) for t in expected.dtypes]
    pd.testing.assert_frame_equal(got, expected, check_categorical=False)


def _pair_by_pair(records: pd.DataFrame, years: list[int], **kwargs) -> pd.DataFrame:
    """compare's rows asked one year at a time, put together: a dataset compares each pair of years
    on that pair's records alone. Asked for several years at once in memory, compare names a group
    it sums from its parts (不予公开 in 2022 against 2021, where neither form states it) as another
    year's report states it (the 2012 prose's 办理答复数量 › 不予公开), and lists a year's items in
    the order of the earliest year that lists them; pair by pair it cannot see the other years."""
    frames = [ld.compare(records, year=y, **kwargs) for y in years]
    together = pd.concat(frames, ignore_index=True)
    for column, dtype in frames[0].dtypes.items():
        if isinstance(dtype, pd.CategoricalDtype):
            together[column] = union_categoricals([f[column].array for f in frames])
    return together


def test_write_dataset_folders(panel, folder):
    years = sorted(p.name for p in folder.iterdir())
    assert years == [f"year={y}" for y in sorted(panel["year"].unique())]
    # folder names are percent-encoded (pyarrow's hive flavour): province=%E5%9B%9B…
    assert sorted(unquote(p.name) for p in (folder / "year=2021").iterdir()) == [
        "province=四川省",
        "province=福建省",
    ]
    back = pd.read_parquet(folder)
    assert len(back) == len(panel)


def test_compare_equals_in_memory(panel, folder):
    years = [2012, 2019, 2021, 2022]
    got = _quiet(ld.analyse_dataset, folder, ld.compare, year=years)
    expected = _quiet(_pair_by_pair, panel, years)
    assert len(got) == len(expected) > 0
    _same(got, expected)


def test_compare_with_base_years_equals_in_memory(panel, folder):
    got = _quiet(ld.analyse_dataset, folder, "compare", year=[2019, 2021], base_year=2016)
    expected = _quiet(_pair_by_pair, panel, [2019, 2021], base_year=2016)
    _same(got, expected)


def test_check_equals_in_memory(panel, folder):
    got = _quiet(ld.analyse_dataset, folder, ld.check)
    expected = _quiet(ld.check, panel)
    assert (~expected["ok"]).sum() > 0  # the count put off by 3 is found
    _same(got, expected)


def test_check_over_years_alone_equals_in_memory(panel, tmp_path):
    """Partitioned by year alone, check reads each year with the years beside it and keeps that
    year's findings: R8-R10 and printed growth still see the adjacent years."""
    folder = ld.write_dataset(panel, tmp_path / "by_year", partition_by="year")
    pieces = dataset_pieces(folder, ld.check)
    assert [p.keep_year for p in pieces] == sorted(panel["year"].unique().tolist())
    got = _quiet(ld.analyse_dataset, folder, ld.check)
    _same(got, _quiet(ld.check, panel))
    assert "R10" in set(got["rule"])  # year-over-year ratios, made across the windows


def test_peer_summary_equals_in_memory(panel, folder):
    years = [2018, 2020, 2022]
    got = _quiet(ld.analyse_dataset, folder, ld.peer_summary, year=years, measure="refusal_rate")
    expected = _quiet(ld.peer_summary, panel, year=years, measure="refusal_rate")
    _same(got, expected)
    # years whose reports state the item alike (the 2019 and 2021 forms' prose, field
    # "narrative"): in memory, peer_summary(item=) chooses the item's field once over all the
    # years asked, so a 2018 figure (no field) asked beside 2020 would not be ranked
    years = [2020, 2022]
    got = _quiet(
        ld.analyse_dataset,
        folder,
        ld.peer_summary,
        year=years,
        item="本年新收政府信息公开申请数量",
        peers="province",
    )
    expected = _quiet(
        ld.peer_summary, panel, year=years, item="本年新收政府信息公开申请数量", peers="province"
    )
    assert expected["ranked"].all()
    _same(got, expected)


def test_peer_summary_reads_all_agencies_of_a_year(folder):
    pieces = dataset_pieces(folder, ld.peer_summary, year=[2020, 2021], measure="refusal_rate")
    assert [p.name for p in pieces] == ["year=2020", "year=2021"]


def test_out_folder_holds_the_same_result(panel, folder, tmp_path):
    out = _quiet(ld.analyse_dataset, folder, ld.compare, year=2021, out=tmp_path / "compared")
    assert out == tmp_path / "compared"
    files = sorted(out.iterdir())
    assert len(files) == 2  # one piece per province
    back = pd.concat([pd.read_parquet(f) for f in files], ignore_index=True)
    expected = _quiet(ld.compare, panel, year=2021)
    pd.testing.assert_frame_equal(back, expected, check_categorical=False, check_dtype=False)


def test_an_agency_under_two_partitions_is_refused(panel, tmp_path):
    """Partitioned by section, every agency lies under several partitions: compare and check
    would each see part of it, so they refuse, naming the agency and two of its partitions."""
    folder = ld.write_dataset(panel, tmp_path / "by_section", partition_by=("year", "section"))
    for analysis, kwargs in ((ld.compare, {"year": 2021}), (ld.check, {})):
        with pytest.raises(ld.DatasetError, match=r"甲局 is under section=\w+ and under section="):
            ld.analyse_dataset(folder, analysis, **kwargs)


def test_peers_need_year_partitions(panel, tmp_path):
    folder = ld.write_dataset(panel, tmp_path / "by_province", partition_by="province")
    with pytest.raises(ld.DatasetError, match="partitioned by year; it is partitioned by province"):
        ld.analyse_dataset(folder, ld.peer_summary, year=2021, measure="refusal_rate")
    # compare and check are right on it: each agency lies under one province
    got = _quiet(ld.analyse_dataset, folder, ld.check)
    _same(got, _quiet(ld.check, panel))


def test_unknown_analysis_and_missing_folder(folder, tmp_path):
    with pytest.raises(ld.DatasetError, match="'yoy_growth' is not an analysis it knows"):
        ld.analyse_dataset(folder, ld.yoy_growth, year=2021)
    with pytest.raises(ld.DatasetError, match="no such dataset"):
        ld.analyse_dataset(tmp_path / "nothing", ld.check)


def test_write_refuses_a_full_folder_unless_appending(panel, tmp_path):
    first = panel[panel["province"] == "四川省"]
    second = panel[panel["province"] == "福建省"]
    folder = ld.write_dataset(first, tmp_path / "r", partition_by=("year", "province"))
    with pytest.raises(ld.DatasetError, match="append=True"):
        ld.write_dataset(second, folder, partition_by=("year", "province"))
    ld.write_dataset(second, folder, partition_by=("year", "province"), append=True)
    got = _quiet(ld.analyse_dataset, folder, ld.check)
    _same(got, _quiet(ld.check, panel))
    with pytest.raises(ld.DatasetError, match="no column 'region'"):
        ld.write_dataset(first, tmp_path / "s", partition_by="region")


def test_a_new_analysis_is_one_entry(monkeypatch, folder):
    """An analysis per report (indicators) needs each agency-year whole: every partition is a
    piece."""
    monkeypatch.setitem(NEEDS, "check", Needs("report", "each report is checked on its own"))
    pieces = dataset_pieces(folder, "check")
    assert len(pieces) == 2  # the two provinces, every year of each
    assert all(p.keep_year is None for p in pieces)


def test_dask_runs_the_same_pieces(panel, folder):
    dask = pytest.importorskip("dask")
    from luzhou_disclosure.dataset import dask_pieces

    tasks = dask_pieces(folder, ld.compare, year=[2019, 2021])
    for scheduler in ("synchronous", "threads"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ld.DisclosureWarning)
            results = dask.compute(*tasks, scheduler=scheduler)
        _same(combine(ld.compare, results), _quiet(_pair_by_pair, panel, [2019, 2021]))


def test_run_piece_of_nothing(folder):
    """A window the dataset has no records for gives no rows, not an error."""
    piece = dataset_pieces(folder, ld.compare, year=2011, base_year=2005)[0]
    assert len(run_piece(piece)) > 0  # 2011 is there; 2005 is not: every item is new
    empty = dataset_pieces(folder, ld.compare, year=2030)[0]
    assert run_piece(empty).empty


def test_indicators_equal_in_memory(panel, folder):
    """indicators per report reads each partition (year and province) alone; pooled by province
    and year, each province's partition holds its group whole; the in-memory results are the
    expected ones."""
    pieces = dataset_pieces(folder, ld.indicators)
    assert len(pieces) == 2 * panel["year"].nunique()  # every year of both provinces
    got = _quiet(ld.analyse_dataset, folder, ld.indicators)
    _same(got, _quiet(ld.indicators, panel))
    got = _quiet(ld.analyse_dataset, folder, "indicators", by=("province", "year"), year=2021)
    # (a partition column comes back from the dataset categorical, as the records read say)
    as_read = panel.astype({"province": "category"})
    expected = _quiet(ld.indicators, as_read, by=("province", "year"), year=2021)
    assert len(expected) > 0
    _same(got, expected)


def test_indicators_pooled_over_provinces_refused(folder):
    """by="year" pools every agency of a year: a dataset partitioned by province splits that."""
    with pytest.raises(ld.DatasetError, match="under province="):
        dataset_pieces(folder, ld.indicators, by="year")
