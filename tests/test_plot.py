"""The charts: what they draw (bars, labels, annotations), that Chinese renders, that they leave
matplotlib's settings alone.

Seed figures are stated in tests/data/seeds/000_9011374d10fa4802.txt (line 9: proactive
disclosure, line 17: applications); the standard-form records below are made up, and their
expected bars worked out by hand.
"""

from __future__ import annotations

import io
import subprocess
import sys
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402
from matplotlib.font_manager import findfont  # noqa: E402

import luzhou_disclosure as ld  # noqa: E402
from luzhou_disclosure import plot  # noqa: E402
from luzhou_disclosure._fonts import packaged_font_path  # noqa: E402

MINUS = "\N{MINUS SIGN}"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def draw(ax) -> None:
    """Render the figure the way Jupyter or savefig would, failing on any warning (missing
    glyphs)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ax.figure.canvas.draw()


def texts(ax) -> list[str]:
    return [t.get_text() for t in ax.texts]


def ticks(labels) -> list[str]:
    return [t.get_text() for t in labels]


def bars(ax) -> list[tuple[int, int]]:
    """(bottom, height) of each vertical bar, as ints."""
    return [(round(p.get_y()), round(p.get_height())) for p in ax.patches]


# --- hand-built standard-form records --------------------------------------------------------


def application_rows(
    agency: str, year: int, form: str, flow: dict, outcomes: list[tuple]
) -> list[dict]:
    base = {"agency": agency, "year": year, "form": form, "measure": "count", "unit": "件"}
    rows = [
        {**base, "section": "applications", "item": item, "count": n} for item, n in flow.items()
    ]
    rows += [
        {**base, "section": "outcomes", "item": item, "parent": parent, "count": n}
        for item, parent, n in outcomes
    ]
    return rows


#: 10 received + 2 carried over = 11 answered + 1 carried forward (by hand)
STANDARD_2019 = application_rows(
    "测试局",
    2019,
    "2019",
    {
        "本年新收政府信息公开申请数量": 10,
        "上年结转政府信息公开申请数量": 2,
        "结转下年度继续办理": 1,
    },
    [
        ("予以公开", None, 5),
        ("部分公开", None, 1),
        ("属于国家秘密", "不予公开", 1),
        ("保护第三方合法权益", "不予公开", 1),
        ("本机关不掌握相关政府信息", "无法提供", 2),
        ("重复申请", "不予处理", 1),
        ("其他处理", None, 0),
        ("总计", None, 11),
    ],
)
#: 8 received + 1 carried over = 8 answered + 1 carried forward; 其他处理 as three rows (2021 form)
STANDARD_2021 = application_rows(
    "测试局",
    2021,
    "2021",
    {"本年新收政府信息公开申请数量": 8, "上年结转政府信息公开申请数量": 1, "结转下年度继续办理": 1},
    [
        ("予以公开", None, 4),
        ("部分公开", None, 1),
        ("属于四类过程性信息", "不予公开", 1),
        ("没有现成信息需要另行制作", "无法提供", 1),
        ("申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "其他处理", 1),
        ("申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "其他处理", 0),
        ("其他", "其他处理", 0),
        ("总计", None, 8),
    ],
)


@pytest.fixture
def standard():
    return ld.make_records(STANDARD_2019 + STANDARD_2021)


def proactive_totals(figures: dict[tuple[str, int], int]):
    return ld.make_records(
        {
            "agency": a,
            "year": y,
            "form": "narrative",
            "section": "proactive",
            "item": "主动公开政府信息总数",
            "measure": "count",
            "count": n,
            "unit": "条",
        }
        for (a, y), n in figures.items()
    )


# --- the package import ----------------------------------------------------------------------


def test_importing_the_package_does_not_import_matplotlib():
    code = (
        "import sys, luzhou_disclosure; "
        "print(sorted(m for m in sys.modules if m.startswith('matplotlib')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.slow
def test_importing_and_using_plot_leaves_rcparams_alone(seed, standard):
    code = (
        "import matplotlib; matplotlib.use('Agg'); before = dict(matplotlib.rcParams)\n"
        "import luzhou_disclosure as ld, luzhou_disclosure.plot as p\n"
        "p.plot_category_shares(ld.load_example()); p.plot_outcomes(ld.load_example())\n"
        "after = dict(matplotlib.rcParams)\n"
        "print(sorted(k for k in before if before[k] != after[k] and k != 'backend'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    before = dict(matplotlib.rcParams)
    plot.plot_yoy_growth(seed)
    plot.plot_outcomes(standard, year=2021)
    assert dict(matplotlib.rcParams) == before


# --- category shares -------------------------------------------------------------------------


def test_category_shares_bars_sorted_with_count_and_percent(seed):
    fig, ax1 = plt.subplots()
    ax = plot.plot_category_shares(seed, ax=ax1)
    assert ax is ax1
    # line 9: 概况类3条,占0.37%; … 其他类512条,占63.13% — largest on top (drawn last)
    assert [round(p.get_width()) for p in ax.patches] == [3, 6, 13, 16, 22, 239, 512]
    assert ticks(ax.get_yticklabels()) == [
        "概况类",
        "财政类",
        "法规公文类",
        "人事类",
        "计划总结类",
        "工作动态类",
        "其他类",
    ]
    assert texts(ax) == [
        "3 (0.37%)",
        "6 (0.74%)",
        "13 (1.60%)",
        "16 (1.97%)",
        "22 (2.71%)",
        "239 (29.47%)",
        "512 (63.13%)",
    ]
    assert ax.get_title() == "泸州市统计局 2017年 主动公开信息分类（总数 811）"
    draw(ax)


def test_category_shares_takes_the_analysis_result_and_draws_on_the_current_axes(seed):
    fig, ax1 = plt.subplots()
    ax = plot.plot_category_shares(ld.category_shares(seed), lang="en", color="C2")
    assert ax is ax1
    assert ax.get_title() == "泸州市统计局 2017: proactive disclosure by category (total 811)"
    assert ticks(ax.get_yticklabels())[-1] == "other"
    assert ax.patches[0].get_facecolor() == to_rgba("C2")
    draw(ax)


def test_ties_keep_the_report_order_from_the_top():
    records = ld.make_records(
        [
            {
                "agency": "甲",
                "year": 2018,
                "section": "proactive",
                "item": "主动公开政府信息总数",
                "measure": "count",
                "count": 4,
            }
        ]
        + [
            {
                "agency": "甲",
                "year": 2018,
                "section": "proactive",
                "item": item,
                "parent": "主动公开政府信息总数",
                "measure": "count",
                "count": 2,
            }
            for item in ("第一类", "第二类")
        ]
    )
    ax = plot.plot_category_shares(records)
    assert ticks(ax.get_yticklabels()) == ["第二类", "第一类"]  # 第一类 on top


def test_several_agency_years_need_a_choice(seed):
    shares = ld.category_shares(seed)
    both = pd.concat([shares, shares.assign(agency="乙局")], ignore_index=True)
    with pytest.raises(ValueError, match="2 agency-years .*choose one with agency= and year="):
        plot.plot_category_shares(both)
    with pytest.raises(ValueError, match="no data for agency='丙局'"):
        plot.plot_category_shares(both, agency="丙局")
    ax = plot.plot_category_shares(both, agency="乙局", year=2017)
    assert len(ax.patches) == 7 and ax.get_title().startswith("乙局 2017年")


def test_plots_do_not_modify_the_records(seed, standard):
    copies = seed.copy(), standard.copy()
    plot.plot_category_shares(seed)
    plot.plot_outcomes(standard, year=2019)
    plot.plot_trend(standard, section="outcomes", item="不予公开")
    assert seed.equals(copies[0]) and standard.equals(copies[1])


# --- year over year --------------------------------------------------------------------------


def test_yoy_paired_bars_and_growth(seed):
    ax = plot.plot_yoy_growth(seed, year=2017)
    old, new = ax.containers
    # line 9: 2017年主动公开政府信息811条,比2016年多125条,增长18.22%
    assert [b.get_height() for b in old] == [686] and [b.get_height() for b in new] == [811]
    assert old[0].get_x() < new[0].get_x()
    assert texts(ax) == ["686", "811", "+18.22%"]
    assert ticks(ax.get_xticklabels()) == ["主动公开总数"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["2016年", "2017年"]
    assert ax.get_title() == "泸州市统计局 同比变化（2016年→2017年）"
    draw(ax)


def test_yoy_decline_zero_base_and_in_english():
    records = proactive_totals(
        {("甲局", 2018): 100, ("甲局", 2019): 80, ("乙局", 2018): 0, ("乙局", 2019): 7}
    )
    growth = ld.yoy_growth(records, year=2019)
    ax = plot.plot_yoy_growth(growth)
    labels = texts(ax)
    assert f"{MINUS}20.00%" in labels  # (80 − 100) ÷ 100, checked by hand
    assert "基数为0" in labels  # 乙局: growth from 0 is undefined
    assert ticks(ax.get_xticklabels()) == [f"{a}\n主动公开总数" for a in growth["agency"]]
    draw(ax)
    plt.figure()
    ax = plot.plot_yoy_growth(records, agency="乙局", lang="en", color="C2")
    assert ax.containers[1][0].get_facecolor() == to_rgba("C2")
    assert texts(ax)[-1] == "zero base"
    assert ax.get_title() == "乙局 year-over-year change, 2018→2019"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["2018", "2019"]
    draw(ax)


# --- applications: waterfall and refusals ----------------------------------------------------


def test_outcomes_waterfall_pre_2019(seed):
    ax = plot.plot_outcomes(seed)
    # line 17: 受理246件; 属于已主动公开范围231件, 同意公开0件, 部分公开0件, 不予公开15件;
    # 转结下一年0件
    assert bars(ax) == [(0, 246), (15, 231), (15, 0), (15, 0), (0, 15), (0, 0)]
    assert ticks(ax.get_xticklabels()) == [
        "本年新收",
        "属于已主动\n公开范围",
        "同意公开",
        "部分公开",
        "不予公开",
        "结转下年度",
    ]
    assert texts(ax) == ["246", "231\n93.90%", "0\n0.00%", "0\n0.00%", "15\n6.10%", "0"]
    assert ax.get_title() == "泸州市统计局 2017年 依申请公开办理情况"
    draw(ax)


def test_outcomes_waterfall_2019_standard_form(standard):
    ax = plot.plot_outcomes(ld.outcome_breakdown(standard), year=2019)
    labels = ticks(ax.get_xticklabels())
    assert labels == [
        "本年新收",
        "上年结转",
        "予以公开",
        "部分公开",
        "不予公开",
        "无法提供",
        "不予处理",
        "其他处理",
        "结转下年度",
    ]
    # 0→10→12, then down by 5, 1, 2 (two refusal reasons), 2, 1, 0 and 1 (carried forward) to 0
    assert bars(ax) == [(0, 10), (10, 2), (7, 5), (6, 1), (4, 2), (2, 2), (1, 1), (1, 0), (0, 1)]
    assert "差额" not in labels
    draw(ax)


def test_outcomes_waterfall_2021_standard_form_sums_other_handling(standard):
    ax = plot.plot_outcomes(standard, year=2021, lang="en")
    labels = ticks(ax.get_xticklabels())
    assert labels == [
        "applications\nreceived",
        "carried\nover",
        "disclosed",
        "partly\ndisclosed",
        "not\ndisclosed",
        "cannot be\nprovided",
        "other\nhandling",
        "carried\ninto next\nyear",
    ]
    # 0→8→9, down by 4, 1, 1, 1, 1 (其他处理: 1 + 0 + 0) and 1 to 0
    assert bars(ax) == [(0, 8), (8, 1), (5, 4), (4, 1), (3, 1), (2, 1), (1, 1), (0, 1)]
    assert ax.get_title() == "测试局 2021: applications and outcomes"
    draw(ax)


def test_outcomes_that_do_not_balance_show_the_difference():
    records = ld.make_records(
        application_rows(
            "甲局",
            2020,
            "2019",
            {"本年新收政府信息公开申请数量": 10, "结转下年度继续办理": 1},
            [("予以公开", None, 7), ("总计", None, 7)],
        )
    )
    ax = plot.plot_outcomes(records)
    assert ticks(ax.get_xticklabels())[-1] == "差额"
    assert bars(ax)[-1] == (0, 2)  # 10 − 7 − 1 = 2 unaccounted (by hand)
    assert ax.patches[-1].get_hatch() == "//"
    assert texts(ax)[-1] == "+2"
    draw(ax)


def test_refusal_reasons(seed):
    ax = plot.plot_refusals(seed)
    # line 17: 商业秘密4件, 不属于本行政机关1件, 申请信息不存在5件,
    # 申请内容不明确或转其他途径办理5件, 其他原因0件
    assert [round(p.get_width()) for p in ax.patches] == [0, 1, 4, 5, 5]
    assert ticks(ax.get_yticklabels()) == [
        "其他原因",
        "不属于本行政机关",
        "商业秘密",
        "申请内容不明确或转其他途\n径办理",
        "申请信息不存在",
    ]
    assert texts(ax) == ["0 (0.00%)", "1 (6.67%)", "4 (26.67%)", "5 (33.33%)", "5 (33.33%)"]
    assert ax.get_title() == "泸州市统计局 2017年 不予公开原因（共15件，占申请6.10%）"
    draw(ax)


def test_refusal_reasons_standard_form(standard):
    ax = plot.plot_refusals(ld.refusal_breakdown(standard), year=2019, lang="en")
    assert ticks(ax.get_yticklabels()) == ["third-party rights", "state secret"]
    assert texts(ax) == ["1 (50.00%)", "1 (50.00%)"]
    assert ax.get_title() == "测试局 2019: reasons for refusal (2 refusals, 20.00% of applications)"
    draw(ax)


# --- trend and agencies ----------------------------------------------------------------------


def test_trend_of_several_agencies():
    records = proactive_totals(
        {
            ("甲局", 2017): 5,
            ("甲局", 2018): 7,
            ("甲局", 2019): 6,
            ("乙局", 2018): 3,
            ("乙局", 2019): 9,
        }
    )
    ax = plot.plot_trend(records)
    assert [line.get_label() for line in ax.lines] == ["乙局", "甲局"]
    assert ax.lines[1].get_xdata().tolist() == [2017, 2018, 2019]
    assert ax.lines[1].get_ydata().tolist() == [5, 7, 6]
    assert ax.lines[0].get_xdata().tolist() == [2018, 2019]  # no 2017 figure: no point, not 0
    assert ticks(ax.get_xticklabels()) == ["2017", "2018", "2019"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["乙局", "甲局"]
    assert ax.get_title() == "主动公开总数 历年变化"
    draw(ax)
    plt.figure()
    ax = plot.plot_trend(records, agency="乙局")
    assert len(ax.lines) == 1 and texts(ax) == ["3", "9"]


def test_trend_of_a_standard_group_sums_its_reasons(standard):
    ax = plot.plot_trend(standard, section="outcomes", item="不予公开")
    assert ax.lines[0].get_ydata().tolist() == [2, 1]  # 2019: 1 + 1; 2021: 1
    assert ax.get_title() == "测试局 不予公开 历年变化"
    draw(ax)


def test_agencies_sorted_with_one_highlighted():
    records = proactive_totals(
        {("甲局", 2019): 50, ("乙局", 2019): 120, ("丙局", 2019): 80, ("丙局", 2018): 999}
    )
    ax = plot.plot_agencies(records, highlight="丙局")
    assert ticks(ax.get_yticklabels()) == ["甲局", "丙局", "乙局"]
    assert [round(p.get_width()) for p in ax.patches] == [50, 80, 120]  # 2019, the latest year
    colours = [p.get_facecolor() for p in ax.patches]
    assert colours[1] == to_rgba("C3") and colours[0] == colours[2] != colours[1]
    assert ax.get_yticklabels()[1].get_color() == "C3"
    assert ax.get_title() == "2019年 各单位主动公开总数"
    draw(ax)


def test_agencies_growth_with_negative_values():
    records = proactive_totals(
        {("甲局", 2018): 100, ("甲局", 2019): 80, ("乙局", 2018): 10, ("乙局", 2019): 15}
    )
    ax = plot.plot_agencies(ld.yoy_growth(records, year=2019), value="growth_pct", lang="en")
    assert [round(p.get_width()) for p in ax.patches] == [-20, 50]
    assert texts(ax) == [f"{MINUS}20.00%", "50.00%"]
    assert ax.get_xlabel() == "growth (%)"
    draw(ax)
    with pytest.raises(ValueError, match="highlight='丁局' is not among the agencies"):
        plot.plot_agencies(records, highlight="丁局")


# --- Chinese text that renders ---------------------------------------------------------------


def test_every_text_is_set_in_the_cjk_font_and_draws_later_without_missing_glyphs(seed, standard):
    """As in Jupyter: the figure is drawn after the plotting call has returned, outside any
    context."""
    fig, axes = plt.subplots(2, 3)
    plot.plot_category_shares(seed, ax=axes[0, 0])
    plot.plot_yoy_growth(seed, ax=axes[0, 1])
    plot.plot_outcomes(seed, ax=axes[0, 2])
    plot.plot_refusals(seed, ax=axes[1, 0])
    plot.plot_trend(standard, section="applications", ax=axes[1, 1])
    plot.plot_agencies(seed, ax=axes[1, 2], highlight="泸州市统计局")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.savefig(io.BytesIO(), format="png")
    font = packaged_font_path()
    for ax in axes.flat:
        for text in ax.findobj(matplotlib.text.Text):
            if any(ord(ch) > 0x2E80 for ch in text.get_text()):
                assert findfont(text.get_fontproperties()).path == font, text.get_text()


def test_negative_tick_labels_use_a_minus_sign_that_renders():
    records = proactive_totals({("甲局", 2018): 100, ("甲局", 2019): 20})
    ax = plot.plot_agencies(ld.yoy_growth(records, year=2019), value="growth_pct")
    draw(ax)
    assert any(t.get_text().startswith(MINUS) for t in ax.get_xticklabels())


def test_use_chinese_font_is_opt_in():
    with matplotlib.rc_context():
        family = plot.use_chinese_font()
        assert family == "Noto Sans CJK SC"
        assert matplotlib.rcParams["font.sans-serif"][0] == family
        fig, ax = plt.subplots()
        ax.set_title("泸州市 −5")
        draw(ax)
    assert matplotlib.rcParams["font.sans-serif"][0] != "Noto Sans CJK SC"


# --- the main job's PNGs ---------------------------------------------------------------------


@pytest.mark.slow
def test_save_summary_charts(tmp_path, seed, standard):
    records = ld.concat_records(
        [seed, standard, proactive_totals({("测试局", 2017): 40, ("测试局", 2019): 50})]
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        paths = plot.save_summary_charts(records, tmp_path / "charts")
    names = [p.name for p in paths]
    assert names == [
        "泸州市统计局_2017_category_shares.png",
        "泸州市统计局_2017_yoy.png",
        "泸州市统计局_2017_outcomes.png",
        "泸州市统计局_2017_refusals.png",
        "测试局_2019_outcomes.png",
        "测试局_2019_refusals.png",
        "测试局_2021_outcomes.png",
        "测试局_2021_refusals.png",
        "泸州市统计局_trend.png",
        "测试局_trend.png",
        "2017_agencies.png",
    ]
    for path in paths:
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert plt.get_fignums() == []  # drawn without pyplot, nothing left open


# --- one language switch: lang= ------------------------------------------------------------


def every_text(ax) -> list[str]:
    """Every text drawn on the Axes: title, axis labels, ticks, annotations, legend."""
    ax.figure.canvas.draw()
    return [t.get_text() for t in ax.findobj(matplotlib.text.Text) if t.get_text()]


def all_charts(seed, standard, lang):
    """Every chart of the module on hand-built data whose agency names are ASCII."""
    seed = seed.assign(agency="Luzhou")
    standard = standard.assign(agency="Test")
    peers = ld.make_records(
        [
            {**row, "agency": name}
            for name in ("A", "B")
            for row in application_rows(
                name,
                2019,
                "2019",
                {"本年新收政府信息公开申请数量": 12 if name == "A" else 3},
                [("属于国家秘密", "不予公开", 2), ("总计", None, 12 if name == "A" else 3)],
            )
        ]
    )
    draws = [
        lambda ax: plot.plot_category_shares(seed, ax=ax, lang=lang),
        lambda ax: plot.plot_yoy_growth(seed, ax=ax, lang=lang),
        lambda ax: plot.plot_outcomes(seed, ax=ax, lang=lang),
        lambda ax: plot.plot_outcomes(standard, year=2021, ax=ax, lang=lang),
        lambda ax: plot.plot_refusals(seed, ax=ax, lang=lang),
        lambda ax: plot.plot_refusals(standard, year=2019, ax=ax, lang=lang),
        lambda ax: plot.plot_trend(standard, section="applications", ax=ax, lang=lang),
        lambda ax: plot.plot_agencies(seed, ax=ax, lang=lang),
        lambda ax: plot.plot_agencies(
            ld.peer_summary(peers, year=2019, measure="refusal_rate"), ax=ax, lang=lang
        ),
        lambda ax: plot.plot_agencies(
            ld.compare(standard, year=2021, base_year=2019),
            value="growth_pct",
            item="本年新收政府信息公开申请数量",
            ax=ax,
            lang=lang,
        ),
    ]
    for draw_one in draws:
        fig, ax = plt.subplots()
        yield draw_one(ax)
        plt.close(fig)


@pytest.mark.slow
def test_every_chart_in_english_has_no_chinese_but_the_reports_own_words(seed, standard):
    """The reports' own labels (属于已主动公开范围 has an English form,
    申请内容不明确或转其他途径办理 too); what the library defines is English. Agencies are renamed
    to ASCII above."""
    from luzhou_disclosure._english import has_chinese

    for ax in all_charts(seed, standard, "en"):
        chinese = [t for t in every_text(ax) if has_chinese(t)]
        assert chinese == [], (ax.get_title(), chinese)


def test_every_chart_in_chinese_names_its_axes_in_chinese(seed, standard):
    from luzhou_disclosure._english import has_chinese

    for ax in all_charts(seed, standard, "zh"):
        assert has_chinese(ax.get_title()), ax.get_title()
        assert has_chinese(ax.get_xlabel() + ax.get_ylabel()), ax.get_title()


def test_english_true_is_a_deprecated_alias_of_lang_en(seed):
    with pytest.warns(FutureWarning, match="english= is deprecated.*lang='en'"):
        old = plot.plot_outcomes(seed, english=True)
    plt.figure()
    new = plot.plot_outcomes(seed, lang="en")
    assert texts(old) == texts(new) and old.get_title() == new.get_title()
    assert ticks(old.get_xticklabels()) == ticks(new.get_xticklabels())
    plt.figure()
    with pytest.warns(FutureWarning):
        assert plot.plot_trend(seed, english=False).get_title().endswith("历年变化")


def test_an_unknown_language_is_an_error(seed):
    with pytest.raises(ValueError, match="lang='fr': expected one of 'zh', 'en'"):
        plot.plot_category_shares(seed, lang="fr")


# --- the waterfall: zero bars, legend, ticks ---------------------------------------------------


def legend_texts(ax) -> list[str]:
    return [t.get_text() for t in ax.get_legend().get_texts()]


def test_waterfall_labels_zero_bars_on_the_baseline(seed):
    ax = plot.plot_outcomes(seed)
    # line 17: 同意公开0件, 部分公开0件, 转结下一年0件; their labels sit at 0, not at the level 15
    at = {a.get_text(): a.xy for a in ax.texts}
    assert at["0\n0.00%"][1] == 0 and at["0"][1] == 0
    assert at["15\n6.10%"] == (4, 15) and at["231\n93.90%"] == (1, 246)
    assert [round(a.xy[1]) for a in ax.texts] == [246, 246, 0, 0, 15, 0]


def test_waterfall_legend_lists_only_what_is_drawn(seed, standard):
    # the seed carries nothing into 2018 (a zero bar): no 结转下年度 entry
    assert legend_texts(plot.plot_outcomes(seed)) == ["申请", "办理结果"]
    plt.figure()
    # the 2019 form carries 1 into 2020 (by hand, above)
    assert legend_texts(plot.plot_outcomes(standard, year=2019)) == [
        "申请",
        "办理结果",
        "结转下年度",
    ]
    plt.figure()
    unbalanced = ld.make_records(
        application_rows(
            "甲局",
            2020,
            "2019",
            {"本年新收政府信息公开申请数量": 10, "结转下年度继续办理": 1},
            [("予以公开", None, 7), ("总计", None, 7)],
        )
    )
    ax = plot.plot_outcomes(unbalanced, lang="en")
    assert legend_texts(ax) == [
        "applications",
        "outcomes",
        "carried into next year",
        "unaccounted",
    ]
    assert ax.get_legend().get_patches()[-1].get_hatch() == "//"


def test_axis_ticks_use_thousands_separators_like_the_bar_labels():
    """12,345 received, 12,000 disclosed, 345 carried forward (made up; balances by hand)."""
    records = ld.make_records(
        application_rows(
            "甲局",
            2021,
            "2021",
            {"本年新收政府信息公开申请数量": 12345, "结转下年度继续办理": 345},
            [("予以公开", None, 12000), ("总计", None, 12000)],
        )
    )
    ax = plot.plot_outcomes(records)
    draw(ax)
    assert texts(ax)[0] == "12,345"
    labels = ticks(ax.get_yticklabels())
    assert "10,000" in labels and all("," in t for t in labels if len(t) > 3)
    growth = ld.yoy_growth(
        proactive_totals({("甲局", 2018): 5000, ("甲局", 2019): 1000}), year=2019
    )
    plt.figure()
    ax = plot.plot_agencies(growth, value="growth_pct")
    draw(ax)
    assert f"{MINUS}80" in ticks(ax.get_xticklabels())  # (1,000 − 5,000) ÷ 5,000 = −80 %


# --- the peers chart ---------------------------------------------------------------------------


@pytest.fixture
def peers():
    """Refusal rates by hand: 甲 2 of 20 = 10 %, 乙 6 of 30 = 20 %, 丙 1 of 25 = 4 %; 丁 has 2 of 4
    applications (too few to rank), 戊 states no applications at all. Each answered what it
    received (（七）总计, the base of the rate, docs/indicators.md)."""
    rows = []
    for name, received, refused in (
        ("甲局", 20, 2),
        ("乙局", 30, 6),
        ("丙局", 25, 1),
        ("丁局", 4, 2),
        ("戊局", None, 1),
    ):
        flow = {} if received is None else {"本年新收政府信息公开申请数量": received}
        answered = [] if received is None else [("总计", None, received)]
        outcomes = [("属于国家秘密", "不予公开", refused), *answered]
        rows += application_rows(name, 2021, "2021", flow, outcomes)
    return ld.peer_summary(ld.make_records(rows), year=2021, measure="refusal_rate")


def test_peers_chart_names_the_measure_and_year(peers):
    ax = plot.plot_agencies(peers, highlight="甲局")
    assert ax.get_title() == "2021年 各单位不予公开率（%）"
    assert ax.get_xlabel() == "不予公开率（%）：不予公开 ÷ 办理结果总计 × 100"
    assert "value" not in ax.get_title() + ax.get_xlabel()
    plt.figure()
    ax = plot.plot_agencies(peers, lang="en")
    assert ax.get_title() == "refusal rate (%) by agency, 2021"
    assert ax.get_xlabel() == "refusal rate (%): not disclosed ÷ applications answered × 100"


def test_peers_chart_shows_the_agencies_left_out_and_why(peers):
    ax = plot.plot_agencies(peers, highlight="甲局")
    # bottom up: the two left out (read top down in the summary's order), then the ranked,
    # largest on top
    assert ticks(ax.get_yticklabels()) == [
        "戊局\n未排名：无本年新收数据",
        "丁局\n未排名：本年新收申请少于10件",
        "丙局",
        "甲局",
        "乙局",
    ]
    widths = [round(p.get_width(), 2) for p in ax.patches]
    assert widths == [4.0, 10.0, 20.0, 50.0]  # 丁's 2 ÷ 4 = 50 % drawn, hatched; 戊 has no bar
    assert ax.patches[-1].get_hatch() == "//" and ax.patches[0].get_hatch() is None
    assert texts(ax) == ["4.00%", "10.00%", "20.00%", "50.00%"]
    assert legend_texts(ax) == ["参与排名", "未排名", "中位数 P50 = 10.00%"]  # median of 4, 10, 20
    median = [line for line in ax.lines if line.get_linestyle() == "--"]
    assert len(median) == 1 and median[0].get_xdata()[0] == 10.0
    assert ax.get_yticklabels()[3].get_color() == "C3"
    draw(ax)
    plt.figure()
    en = plot.plot_agencies(peers, lang="en")
    assert ticks(en.get_yticklabels())[1].startswith(
        "丁局\nnot ranked: fewer than 10\napplications"
    )


def test_peers_chart_of_a_count(peers):
    records = ld.make_records(
        application_rows("甲局", 2021, "2021", {"本年新收政府信息公开申请数量": 1234}, [])
        + application_rows("乙局", 2021, "2021", {"本年新收政府信息公开申请数量": 56}, [])
    )
    p = ld.peer_summary(records, year=2021, item="本年新收政府信息公开申请数量")
    ax = plot.plot_agencies(p)
    assert ax.get_title() == "2021年 各单位本年新收"
    assert texts(ax) == ["56", "1,234"]
    assert legend_texts(ax) == ["参与排名", "中位数 P50 = 645"]  # (56 + 1,234) ÷ 2


def test_compare_growth_chart_names_both_years(standard):
    c = ld.compare(standard, year=2021, base_year=2019)
    ax = plot.plot_agencies(c, value="growth_pct", item="本年新收政府信息公开申请数量")
    assert ax.get_title() == "2021年 各单位本年新收增长率（%）（对比2019年）"
    assert texts(ax) == [f"{MINUS}20.00%"]  # 8 against 10 (by hand, above)
    plt.figure()
    ax = plot.plot_agencies(c, value="growth_pct", item="本年新收政府信息公开申请数量", lang="en")
    assert ax.get_title() == "applications received growth (%) by agency, 2021 against 2019"
