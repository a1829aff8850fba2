"""harmonize and the crosswalk. Expected mappings come from docs/formats.md §5 and
data/crosswalk.csv."""

from __future__ import annotations

import pandas as pd
import pytest

import luzhou_disclosure as ld
from luzhou_disclosure.harmonize import _standard_items, load_crosswalk, unmapped_labels


def _row(h: pd.DataFrame, item: str) -> pd.Series:
    return h[h["item"] == item].iloc[0]


@pytest.mark.parametrize(
    ("item", "std_parent", "std_item", "mapping"),
    [
        # docs/formats.md §5: 属于已主动公开范围 / 同意公开 → 予以公开; 商业秘密 → （三）4;
        # 申请信息不存在 → （四）1
        ("属于已主动公开范围", None, "予以公开", "mapped"),
        ("同意公开", None, "予以公开", "mapped"),
        ("商业秘密", "不予公开", "保护第三方合法权益", "mapped"),
        ("申请信息不存在", "无法提供", "本机关不掌握相关政府信息", "mapped"),
        # the judgement named in the issue: 不属于本行政机关 under 无法提供
        ("不属于本行政机关", "无法提供", "本机关不掌握相关政府信息", "judgement"),
        ("本年新收政府信息公开申请数量", None, "本年新收政府信息公开申请数量", "standard"),
        ("工作动态类", None, None, "no_counterpart"),
    ],
)
def test_seed_labels_map_as_the_crosswalk_says(seed, item, std_parent, std_item, mapping):
    h = ld.harmonize(seed)
    row = _row(h, item)
    assert row["mapping"] == mapping
    assert pd.isna(row["std_item"]) if std_item is None else row["std_item"] == std_item
    assert pd.isna(row["std_parent"]) if std_parent is None else row["std_parent"] == std_parent
    assert bool(row["judgement"]) is (mapping == "judgement")


def test_keeps_every_record_and_the_original_columns_and_does_not_mutate(seed):
    before = seed.copy()
    h = ld.harmonize(seed)
    pd.testing.assert_frame_equal(seed, before)
    assert len(h) == len(seed)
    pd.testing.assert_frame_equal(h[list(seed.columns)], seed)
    assert {
        "std_section",
        "std_parent",
        "std_item",
        "std_field",
        "mapping",
        "judgement",
        "mapping_note",
    } <= set(h.columns)


def test_unknown_label_is_listed_and_warned_never_dropped():
    r = ld.make_records(
        [
            {
                "agency": "甲局",
                "year": 2017,
                "form": "narrative",
                "section": "outcomes",
                "parent": "不予公开",
                "item": "涉及敏感事项",
                "measure": "count",
                "count": 2,
            },
            {
                "agency": "甲局",
                "year": 2017,
                "form": "narrative",
                "section": "outcomes",
                "parent": "不予公开",
                "item": "商业秘密",
                "measure": "count",
                "count": 1,
            },
        ]
    )
    with pytest.warns(ld.DisclosureWarning, match="涉及敏感事项"):
        h = ld.harmonize(r)
    assert len(h) == 2
    assert h.loc[0, "mapping"] == "unmapped"
    listed = unmapped_labels(h)
    assert listed["item"].tolist() == ["涉及敏感事项"]
    assert listed["n_records"].tolist() == [1]


def test_override_single_entry_with_a_dict(seed):
    h = ld.harmonize(seed, mapping={"不属于本行政机关": ("其他处理", "其他")})
    row = _row(h, "不属于本行政机关")
    assert (row["std_parent"], row["std_item"], row["mapping"]) == ("其他处理", "其他", "judgement")
    # the other entries still come from the bundled crosswalk
    assert _row(h, "商业秘密")["std_item"] == "保护第三方合法权益"


def test_a_whole_table_replaces_the_crosswalk(seed):
    table = load_crosswalk()
    table.loc[table["from_item"] == "商业秘密", "to_item"] = "属于国家秘密"
    h = ld.harmonize(seed, mapping=table)
    assert _row(h, "商业秘密")["std_item"] == "属于国家秘密"


def test_2019_form_items_map_to_2021_fields():
    r = ld.make_records(
        [
            {
                "agency": "乙局",
                "year": 2019,
                "form": "2019",
                "section": "article20",
                "parent": "第二十条第（一）项",
                "item": "规范性文件",
                "field": "本年新制作数量",
                "measure": "count",
                "count": 3,
            },
            {
                "agency": "乙局",
                "year": 2019,
                "form": "2019",
                "section": "article20",
                "parent": "第二十条第（一）项",
                "item": "规范性文件",
                "field": "本年新公开数量",
                "measure": "count",
                "count": 2,
            },
            {
                "agency": "乙局",
                "year": 2019,
                "form": "2019",
                "section": "outcomes",
                "item": "其他处理",
                "measure": "count",
                "count": 1,
            },
        ]
    )
    h = ld.harmonize(r)
    assert h.loc[0, ["std_item", "std_field", "mapping"]].tolist() == [
        "行政规范性文件",
        "本年制发件数",
        "mapped",
    ]
    assert h.loc[1, "mapping"] == "no_counterpart"
    assert h.loc[2, ["std_item", "mapping"]].tolist() == ["其他处理", "mapped"]


def test_missing_form_is_taken_from_the_year():
    r = ld.make_records(
        [
            {
                "agency": "丙局",
                "year": 2018,
                "section": "outcomes",
                "parent": "办理答复数量",
                "item": "同意公开",
                "measure": "count",
                "count": 5,
            }
        ]
    )
    assert ld.harmonize(r).loc[0, "std_item"] == "予以公开"


def test_categorical_input_gives_the_same_mapping(seed):
    cat = seed.astype(
        {c: "category" for c in ("agency", "form", "section", "item", "parent", "field", "measure")}
    )
    a, b = ld.harmonize(seed), ld.harmonize(cat)
    for col in ("std_item", "std_parent", "mapping"):
        assert (
            a[col].astype(object).where(a[col].notna(), None).tolist()
            == b[col].astype(object).where(b[col].notna(), None).tolist()
        )


def test_crosswalk_targets_are_2021_items_and_judgements_are_explained():
    table = load_crosswalk()
    standard = _standard_items("2021")
    targets = table[table["to_item"].notna()]
    for rec in targets.itertuples(index=False):
        parent = None if pd.isna(rec.to_parent) else rec.to_parent
        field = None if pd.isna(rec.to_field) else rec.to_field
        assert (rec.to_section, parent, rec.to_item, field) in standard, rec
    assert table.loc[table["judgement"], "note"].notna().all()
    assert set(table["version"]) == {"1"}


def test_unknown_target_is_an_error(seed):
    with pytest.raises(ValueError, match="form='2030'"):
        ld.harmonize(seed, form="2030")


# issue 16: the target form is form= (as write_form and the records' form column say); the old
# name to= still works for one release, and warns
def test_to_is_a_deprecated_alias_of_form(seed):
    with pytest.warns(FutureWarning, match="harmonize: to= is renamed form="):
        old = ld.harmonize(seed, to="2021")
    pd.testing.assert_frame_equal(old, ld.harmonize(seed, form="2021"))
    with pytest.warns(FutureWarning, match="indicators: to= is renamed form="):
        old = ld.indicators(seed, to="2021")
    pd.testing.assert_frame_equal(old, ld.indicators(seed, form="2021"))


def test_form_takes_no_warning(seed, recwarn):
    ld.harmonize(seed, form="2021")
    assert not [w for w in recwarn if issubclass(w.category, FutureWarning)]


def test_form_and_to_together_are_a_type_error(seed):
    with pytest.raises(TypeError, match="harmonize: give form= only; to= is its deprecated name"):
        ld.harmonize(seed, form="2021", to="2021")
    with pytest.raises(TypeError, match="indicators: give form= only; to= is its deprecated name"):
        ld.indicators(seed, form="2021", to="2021")


def _one_2019_report():
    """A 2019-form report of one figure (行政复议 结果维持 2), made up for the test."""
    return ld.make_records(
        [
            {
                "agency": "甲局",
                "year": 2020,
                "form": "2019",
                "section": "reconsideration",
                "item": "行政复议",
                "field": "结果维持",
                "measure": "count",
                "count": 2,
            }
        ]
    )


# write_form named the form version format= (a file format's word); it is form= now
def test_write_form_format_is_a_deprecated_alias_of_form(tmp_path):
    records = _one_2019_report()
    with pytest.warns(FutureWarning, match="write_form: format= is renamed form="):
        ld.write_form(records, tmp_path / "old.xlsx", format="2019")
    ld.write_form(records, tmp_path / "new.xlsx", form="2019")
    old, new = ld.read_form(tmp_path / "old.xlsx"), ld.read_form(tmp_path / "new.xlsx")
    pd.testing.assert_frame_equal(old.drop(columns="source"), new.drop(columns="source"))
    assert set(new["form"]) == {"2019"}
    with pytest.raises(TypeError, match="write_form: give form= only; format= is its deprecated"):
        ld.write_form(records, tmp_path / "both.xlsx", form="2019", format="2019")
    with pytest.raises(ValueError, match="form must be '2019' or '2021', not '2030'"):
        ld.write_form(records, tmp_path / "bad.xlsx", form="2030")
