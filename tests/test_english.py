"""Every label the library defines has an English form: a walk over every vocabulary table, every
column an analysis returns, every title and message template."""

from __future__ import annotations

import warnings

import pytest

import luzhou_disclosure as ld
from luzhou_disclosure import _english, _vocab
from luzhou_disclosure._english import EN, has_chinese
from luzhou_disclosure._growth import NOTE_NO_BASE, NOTE_NO_CURRENT, NOTE_ZERO_BASE
from luzhou_disclosure.compare import _FLAG_NAMES, RATES
from luzhou_disclosure.harmonize import load_crosswalk


def english_ok(text: str) -> bool:
    return bool(text.strip()) and not has_chinese(text)


def vocabulary() -> dict[str, set[str]]:
    """Every Chinese label of the records model's vocabulary, table by table."""
    tables: dict[str, set[str]] = {
        "canonical items": {
            _vocab.PROACTIVE_TOTAL,
            _vocab.RECEIVED,
            _vocab.CARRIED_IN,
            _vocab.ANSWERED,
            _vocab.CARRIED_FORWARD,
            _vocab.REFUSED,
            _vocab.UNABLE,
            _vocab.NOT_PROCESSED,
            _vocab.OTHER_HANDLING,
            _vocab.TOTAL,
            *_vocab.STANDARD_APPLICATION_ROWS,
        },
        "applicants": set(_vocab.APPLICANT_VALUES),
        "standard outcomes": {i.item for i in _vocab.STANDARD_OUTCOMES}
        | {i.parent for i in _vocab.STANDARD_OUTCOMES if i.parent},
        "review groups and fields": {g for _s, g, _p in _vocab.REVIEW_GROUPS}
        | {p for _s, _g, p in _vocab.REVIEW_GROUPS if p}
        | set(_vocab.REVIEW_FIELDS),
        "article 20": {
            label
            for rows in _vocab.ARTICLE20.values()
            for row in rows
            for label in (row.parent, row.item, *(f for f, _m in row.fields))
        },
    }
    crosswalk = load_crosswalk()
    tables["crosswalk"] = {
        v
        for col in ("from_parent", "from_item", "from_field", "to_parent", "to_item", "to_field")
        for v in crosswalk[col].dropna()
        if v != "*"
    }
    return tables


@pytest.mark.parametrize("table", list(vocabulary()))
def test_every_vocabulary_label_has_an_english_form(table):
    labels = vocabulary()[table]
    assert labels and all(has_chinese(label) for label in labels)
    missing = sorted(label for label in labels if not english_ok(EN.get(label, "")))
    assert missing == []


def test_every_code_of_the_records_model_is_named_in_both_languages():
    for codes, names in (
        (_vocab.SECTIONS, _english.SECTION_NAMES),
        (_vocab.MEASURES, _english.MEASURE_NAMES),
        (_vocab.FORMS, _english.FORM_NAMES),
        (RATES, _english.INDICATOR_NAMES),
        ({i.unit for i in RATES.values()}, _english.INDICATOR_UNITS),
    ):
        assert set(names) == set(codes)
    for zh, en in [
        *_english.SECTION_NAMES.values(),
        *_english.MEASURE_NAMES.values(),
        *_english.FORM_NAMES.values(),
        *(pair for pairs in _english.INDICATOR_NAMES.values() for pair in pairs),
        *_english.LEVEL_NAMES.values(),
    ]:
        assert has_chinese(zh) and english_ok(en), (zh, en)


def every_output() -> dict[str, list[str]]:
    """The columns of every analysis the library offers, and of the CLI's tables."""
    from luzhou_disclosure.cli import read_inputs
    from luzhou_disclosure.harmonize import unmapped_labels
    from luzhou_disclosure.report import summary_tables

    seed = ld.load_example()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        harmonized = ld.harmonize(seed)
        outputs = {
            "records": seed,
            "category_shares": ld.category_shares(seed, rounding="half_up"),
            "yoy_growth": ld.yoy_growth(seed, year=2017),
            "refusal_breakdown": ld.refusal_breakdown(seed),
            "outcome_breakdown": ld.outcome_breakdown(seed),
            "audit": ld.audit(seed),
            "check": ld.check(seed),
            "harmonize": harmonized,
            "unmapped_labels": unmapped_labels(harmonized),
            "compare": ld.compare(seed, year=2017),
            "peer_summary (rate)": ld.peer_summary(seed, year=2017, measure="refusal_rate"),
            "peer_summary (item)": ld.peer_summary(seed, year=2017, item=_vocab.RECEIVED),
            "indicators": ld.indicators(seed),
            "check_structure": ld.check_structure(ld.example_path("pingtan") / "pingtan_2021.txt"),
            "missing_reports": ld.missing_reports(seed, expected=["泸州市统计局"]),
            "files": read_inputs([ld.example_path()], "test")[1],
            **summary_tables(seed),
        }
    return {name: [str(c) for c in frame.columns] for name, frame in outputs.items()}


def test_every_output_column_has_a_header_in_both_languages():
    outputs = every_output()
    missing = sorted({c for cols in outputs.values() for c in cols} - set(_english.COLUMN_NAMES))
    assert missing == []
    for column, (zh, en) in _english.COLUMN_NAMES.items():
        assert zh.strip() and english_ok(en), column


def test_every_title_template_and_message_has_an_english_form():
    for table in (
        _english.TEXT,
        _english.SHEET_NAMES,
        _english.NOTES,
        _english.FLAG_NAMES,
        _english.REASONS,
    ):
        for key, (zh, en) in table.items():
            assert zh.strip(), key
            assert english_ok(en.format_map(FormatAnything())), key
    assert set(_english.NOTES) == {NOTE_NO_BASE, NOTE_NO_CURRENT, NOTE_ZERO_BASE}
    assert set(_english.FLAG_NAMES) == set(_FLAG_NAMES)
    sheets = {"shares", "growth", "outcomes", "refusals", "audit"}
    sheets |= {"compare", "peers", "crosswalk", "files"}
    assert sheets <= set(_english.SHEET_NAMES)


class FormatAnything(dict):
    """Fills any template field with ASCII, so that only the template's own words are checked."""

    def __missing__(self, key: str) -> str:
        return "x"


def test_the_english_forms_are_in_one_home():
    """No module but _english defines English forms of the vocabulary (plot's old EN_LABELS)."""
    from luzhou_disclosure import plot, report

    for module in (plot, report):
        assert not hasattr(module, "EN_LABELS") and not hasattr(module, "TITLES")


@pytest.mark.parametrize(
    ("written", "zh", "en"),
    [
        ("growth from zero is undefined", "基数为0", "zero base"),
        ("new item, through crosswalk", "新增项目，经对照表换算", "new item, through crosswalk"),
        (
            "fewer than 10 applications received (min_applications)",
            "本年新收申请少于10件",
            "fewer than 10 applications received (min_applications)",
        ),
        (
            "no figure for 不予公开 + 部分公开",
            "无不予公开 + 部分公开数据",
            "no figure for not disclosed + partly disclosed",
        ),
        ("no applications received", "未收到申请", "no applications received"),
        ("a message of a user's own", "a message of a user's own", "a message of a user's own"),
    ],
)
def test_messages_in_outputs_are_shown_in_either_language(written, zh, en):
    assert _english.message(written, "zh") == zh
    assert _english.message(written, "en") == en


def test_agency_names_and_a_reports_own_items_stay_as_written():
    assert _english.item_name("泸州市统计局", "en") == "泸州市统计局"
    assert _english.item_name("办理政协提案", "en") == "办理政协提案"
    assert _english.item_name("不予公开", "en") == "not disclosed"


def test_peer_summary_writes_the_reasons_of_the_one_home():
    p = ld.peer_summary(ld.load_example(), year=2017, measure="refusal_rate", min_applications=300)
    assert p.loc[0, "excluded_reason"] == _english.reason("few_applications", min_applications=300)
