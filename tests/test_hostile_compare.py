"""Issue 12, compare and peer_summary when nobody can be ranked or none of the years asked for is in
the records (both once crashed with ``Length mismatch``): an empty or all-unranked table with the
columns and dtypes of a full one, and a warning; on the command line, exit 2 with a message."""

from __future__ import annotations

import warnings

import pytest

import luzhou_disclosure as ld
from luzhou_disclosure import cli


@pytest.fixture
def two_agencies():
    """The bundled 2017 report under two names: 4 applications each (stated in the report)."""
    seed = ld.load_example()
    return ld.concat_records([seed, seed.assign(agency="乙局")])


def _quiet(fn, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args, **kwargs)


@pytest.mark.parametrize("ranking", ["refusal_rate", "主动公开政府信息总数"])
def test_nobody_ranked_gives_every_agency_with_the_reason_and_no_quartiles(two_agencies, ranking):
    if ranking == "refusal_rate":  # 4 applications each, below the minimum asked
        kwargs = {"measure": ranking}
        full = _quiet(ld.peer_summary, two_agencies, year=2017, **kwargs, min_applications=1)
        none = _quiet(ld.peer_summary, two_agencies, year=2017, **kwargs, min_applications=10**6)
    else:  # a count nobody states
        kwargs = {"item": ranking}
        full = _quiet(ld.peer_summary, two_agencies, year=2017, **kwargs)
        unstated = two_agencies[two_agencies["item"] != ranking]
        none = _quiet(ld.peer_summary, unstated, year=2017, **kwargs)
    assert sorted(none["agency"].astype(str)) == ["乙局", "泸州市统计局"]
    assert not none["ranked"].any() and none["rank"].isna().all()
    assert none[["p25", "p50", "p75"]].isna().all().all()
    assert none["excluded_reason"].notna().all()
    assert none.dtypes.astype(str).to_dict() == full.dtypes.astype(str).to_dict()


@pytest.mark.parametrize("year", [2030, [2030, 2031]])
def test_peer_summary_of_years_the_records_do_not_hold_is_empty_with_a_warning(two_agencies, year):
    full = _quiet(ld.peer_summary, two_agencies, year=2017, measure="refusal_rate")
    with pytest.warns(ld.DisclosureWarning, match="the records hold no year 2030"):
        empty = ld.peer_summary(two_agencies, year=year, measure="refusal_rate")
    assert empty.empty and list(empty.columns) == list(full.columns)


@pytest.mark.parametrize(("year", "base_year"), [(2030, 2029), (2030, 2017), (2017, 2010)])
def test_compare_of_years_the_records_do_not_hold_warns_and_keeps_its_columns(
    two_agencies, year, base_year
):
    full = _quiet(ld.compare, two_agencies, year=2017, base_year=2016)
    with pytest.warns(ld.DisclosureWarning, match="the records hold no year"):
        out = ld.compare(two_agencies, year=year, base_year=base_year)
    assert out.dtypes.astype(str).to_dict() == full.dtypes.astype(str).to_dict()
    if year == 2030:
        assert out["current"].isna().all()  # nothing stated for 2030
    else:
        assert out["previous"].isna().all() and out["current"].notna().any()


def test_cli_compare_of_a_year_no_file_holds_exits_2_saying_so(tmp_path, capsys):
    status = cli.main(
        ["compare", str(ld.example_path()), "--year", "2030", "--out", str(tmp_path / "out")]
    )
    assert status == 2
    err = capsys.readouterr().err
    assert (
        "luzhou-disclosure compare: error: no figures for 2030 in the files given (they hold the "
        "years 2016, 2017); nothing to compare"
    ) in err
    assert not (tmp_path / "out").exists()


def test_cli_compare_without_the_base_year_still_compares(tmp_path, capsys):
    status = cli.main(
        ["compare", str(ld.example_path()), "--year", "2017", "--base-year", "2010", "--no-charts",
         "--out", str(tmp_path)]
    )  # fmt: skip
    assert status == 0
    assert "warning: no figures for 2010 in the files given" in capsys.readouterr().err
    assert (tmp_path / "compare.xlsx").exists()
