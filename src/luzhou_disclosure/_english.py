"""The words the library shows, in Chinese and in English: the one home of every English form.

Every output that is displayed (terminal tables, workbooks, charts, the command line) takes
``lang="zh"`` (the default) or ``lang="en"`` and finds its words here:

- :data:`EN`: the English form of each Chinese label the library defines: the canonical items,
  groups, applicants and fields of the records model (``_vocab``), the pre-2019 labels of the
  crosswalk, and the proactive categories and channels reports commonly use;
- :data:`SECTION_NAMES`, :data:`MEASURE_NAMES`, :data:`FORM_NAMES`, :data:`INDICATOR_NAMES`,
  :data:`INDICATOR_UNITS`, :data:`LEVEL_NAMES`: the codes of the records model, of the indicators
  and of ``peer_summary`` in words;
- :data:`COLUMN_NAMES`: the display header of every column an analysis returns;
- :data:`SHEET_NAMES`: the sheets of the workbooks the library writes;
- :data:`TEXT`: titles, axis labels, legends and the lines the command line prints, as
  ``str.format`` templates;
- :data:`NOTES`, :data:`FLAG_NAMES`, :data:`REASONS`: the messages analyses put into their
  outputs (growth notes, compare flags, why an agency is not ranked).

Agency names, and items as a report writes them that have no entry here, are shown as written.
"""

from __future__ import annotations

import re
import warnings

from ._growth import NOTE_NO_BASE, NOTE_NO_CURRENT, NOTE_ZERO_BASE
from ._vocab import (
    ANSWERED,
    CARRIED_FORWARD,
    CARRIED_IN,
    LEGAL_PERSONS,
    NOT_PROCESSED,
    OTHER_HANDLING,
    PROACTIVE_TOTAL,
    RECEIVED,
    REFUSED,
    TOTAL,
    UNABLE,
)

#: the languages of display
LANGS = ("zh", "en")

_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")


def has_chinese(text: str) -> bool:
    """Whether ``text`` holds a CJK character or full-width punctuation.

    >>> has_chinese("不予公开"), has_chinese("not disclosed")
    (True, False)
    """
    return bool(_CJK.search(text))


def check_lang(lang: str) -> str:
    """``lang`` itself, or a ValueError naming the languages offered.

    >>> check_lang("en")
    'en'
    """
    if lang not in LANGS:
        raise ValueError(f"lang={lang!r}: expected one of {', '.join(map(repr, LANGS))}")
    return lang


def lang_of(lang: str, english: bool | None, *, stacklevel: int = 3) -> str:
    """The language asked for, honouring the charts' deprecated ``english=True`` (it warns)."""
    check_lang(lang)
    if english is None:
        return lang
    warnings.warn(
        "english= is deprecated and will be removed; use lang='en' (or lang='zh')",
        FutureWarning,
        stacklevel=stacklevel,
    )
    return "en" if english else "zh"


def pick(pair: tuple[str, str], lang: str) -> str:
    """The form of a (Chinese, English) pair for ``lang``."""
    return pair[1] if lang == "en" else pair[0]


def text(key: str, lang: str, **fields: object) -> str:
    """The template :data:`TEXT` [``key``] in ``lang``, filled with ``fields``.

    >>> text("year", "zh", year=2017), text("year", "en", year=2017)
    ('2017年', '2017')
    """
    return pick(TEXT[key], lang).format(**fields)


# --- the vocabulary of the records model ------------------------------------------------------

#: English forms of the Chinese labels the library defines (canonical items, groups, applicants,
#: fields, the crosswalk's labels) and of the categories and channels reports commonly use
EN: dict[str, str] = {
    # applications and proactive disclosure
    PROACTIVE_TOTAL: "proactively disclosed",
    RECEIVED: "applications received",
    CARRIED_IN: "carried over",
    ANSWERED: "answered",
    CARRIED_FORWARD: "carried into next year",
    # applicants (standard form section 三 columns)
    "自然人": "natural persons",
    "商业企业": "commercial enterprises",
    "科研机构": "research institutions",
    "社会公益组织": "public-interest organisations",
    "法律服务机构": "legal service providers",
    "其他": "other",
    TOTAL: "total",
    LEGAL_PERSONS: "legal persons or other organisations",
    # outcomes (standard form section 三, rows)
    "予以公开": "disclosed",
    "部分公开": "partly disclosed",
    REFUSED: "not disclosed",
    "属于国家秘密": "state secret",
    "其他法律行政法规禁止公开": "barred by other laws",
    "危及“三安全一稳定”": "endangers security or stability",
    "保护第三方合法权益": "third-party rights",
    "属于三类内部事务信息": "internal affairs",
    "属于四类过程性信息": "process information",
    "属于行政执法案卷": "law-enforcement files",
    "属于行政查询事项": "administrative enquiry",
    UNABLE: "cannot be provided",
    "本机关不掌握相关政府信息": "not held by this agency",
    "没有现成信息需要另行制作": "would have to be created",
    "补正后申请内容仍不明确": "still unclear after correction",
    NOT_PROCESSED: "not processed",
    "信访举报投诉类申请": "petitions and complaints",
    "重复申请": "repeated application",
    "要求提供公开出版物": "published material",
    "无正当理由大量反复申请": "mass repeated applications",
    "要求行政机关确认或重新出具已获取信息": "confirm or reissue",
    OTHER_HANDLING: "other handling",
    "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请": "not corrected in time",
    "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请": (
        "fee not paid in time"
    ),
    # reviews and lawsuits (standard form section 四)
    "行政复议": "administrative reconsideration",
    "行政诉讼": "administrative litigation",
    "未经复议直接起诉": "sued without reconsideration",
    "复议后起诉": "sued after reconsideration",
    "结果维持": "upheld",
    "结果纠正": "corrected",
    "其他结果": "other result",
    "尚未审结": "pending",
    # the components of the indicators (docs/indicators.md), as their notes name them
    "办理结果总计": "applications answered",
    "行政复议总计": "administrative reconsiderations",
    "行政复议结果纠正": "reconsiderations corrected",
    "行政复议审结": "reconsiderations concluded",
    "行政诉讼总计": "lawsuits",
    "行政诉讼结果纠正": "lawsuits corrected",
    "行政诉讼审结": "lawsuits concluded",
    # standard form section 二 (Article 20 of the regulations)
    "第二十条第（一）项": "Article 20 (1)",
    "第二十条第（五）项": "Article 20 (5)",
    "第二十条第（六）项": "Article 20 (6)",
    "第二十条第（八）项": "Article 20 (8)",
    "第二十条第（九）项": "Article 20 (9)",
    "规章": "rules",
    "规范性文件": "normative documents",
    "行政规范性文件": "administrative normative documents",
    "行政许可": "administrative licensing",
    "其他对外管理服务事项": "other public services",
    "行政处罚": "administrative penalties",
    "行政强制": "administrative enforcement",
    "行政事业性收费": "administrative fees",
    "政府集中采购": "government procurement",
    "本年新制作数量": "made this year",
    "本年新公开数量": "newly disclosed this year",
    "对外公开总数量": "disclosed in all",
    "上一年项目数量": "items last year",
    "本年增/减": "change this year",
    "处理决定数量": "decisions",
    "采购项目数量": "procurement projects",
    "采购总金额": "procurement amount",
    "本年制发件数": "issued this year",
    "本年废止件数": "repealed this year",
    "现行有效件数": "in force",
    "本年处理决定数量": "decisions this year",
    "本年收费金额": "fees charged this year",
    # pre-2019 labels the crosswalk knows
    "属于已主动公开范围": "already disclosed",
    "同意公开": "agreed to disclose",
    "同意部分公开": "agreed to disclose in part",
    "国家秘密": "state secret",
    "商业秘密": "trade secret",
    "个人隐私": "personal privacy",
    "法律法规禁止公开": "barred by law",
    "危及国家安全公共安全经济安全和社会稳定": "endangers security or stability",
    "内部管理信息": "internal management information",
    "过程性信息": "process information",
    "不属于本行政机关": "not this agency's",
    "不属于本机关公开范围": "outside this agency's remit",
    "申请信息不存在": "does not exist",
    "信息不存在": "does not exist",
    "申请内容不明确": "unclear request",
    "申请内容不明确或转其他途径办理": "unclear or referred elsewhere",
    "转其他途径办理": "referred elsewhere",
    "其他原因": "other reasons",
    # proactive categories, channels and fees as reports commonly name them
    "概况类": "overview",
    "计划总结类": "plans and reviews",
    "法规公文类": "regulations and documents",
    "工作动态类": "work news",
    "人事类": "personnel",
    "财政类": "finance",
    "其他类": "other",
    "政府门户网站": "government portal",
    "部门网站": "agency website",
    "新闻发布会": "press conferences",
    "新闻通稿": "press releases",
    "政务微博": "government Weibo",
    "政务微信": "government WeChat",
    "收取费用": "fees charged",
    "收取费用（元）": "fees charged (yuan)",
    "减免费用": "fees waived",
}

#: short Chinese forms of the long canonical items, for chart labels
SHORT_ZH: dict[str, str] = {
    PROACTIVE_TOTAL: "主动公开总数",
    RECEIVED: "本年新收",
    CARRIED_IN: "上年结转",
    ANSWERED: "办理答复",
    CARRIED_FORWARD: "结转下年度",
    "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请": "逾期不补正",
    "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请": "逾期未缴费",
}


def item_name(item: str, lang: str, *, short: bool = False) -> str:
    """An item in ``lang``: its English form, or (Chinese) the item, shortened for charts.

    Items without an English form (as a report writes them) stay as written.

    >>> item_name("不予公开", "en"), item_name("本年新收政府信息公开申请数量", "zh", short=True)
    ('not disclosed', '本年新收')
    """
    if lang == "en":
        return EN.get(item, item)
    return SHORT_ZH.get(item, item) if short else item


#: section codes of the records model in words
SECTION_NAMES: dict[str, tuple[str, str]] = {
    "proactive": ("主动公开", "proactive disclosure"),
    "channel": ("主动公开渠道", "publication channels"),
    "article20": ("条例第二十条事项", "Article 20 items"),
    "applications": ("依申请公开", "applications"),
    "outcomes": ("办理结果", "outcomes"),
    "fees": ("收费及减免", "fees and waivers"),
    "reconsideration": ("行政复议", "administrative reconsideration"),
    "litigation": ("行政诉讼", "administrative litigation"),
    "other": ("其他数据", "other stated counts"),
}
#: measure codes in words (as axis labels)
MEASURE_NAMES: dict[str, tuple[str, str]] = {
    "count": ("数量", "count"),
    "change": ("增减", "change"),
    "amount": ("金额", "amount"),
    "share_pct": ("占比（%）", "share (%)"),
    "growth_pct": ("增长率（%）", "growth (%)"),
    "rate_pct": ("比率（%）", "rate (%)"),
}
#: report forms in words
FORM_NAMES: dict[str, tuple[str, str]] = {
    "narrative": ("2019年以前的叙述式报告", "pre-2019 narrative report"),
    "2019": ("2019年版标准表格", "2019 standard form"),
    "2021": ("2021年版标准表格", "2021 standard form"),
}
#: the indicators of :func:`~luzhou_disclosure.indicators` (the codes of
#: ``luzhou_disclosure.indicators.INDICATORS``, which ``peer_summary`` ranks on) in words:
#: (name, how it is computed), each (Chinese, English); docs/indicators.md defines them
INDICATOR_NAMES: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "disclosure_rate": (
        ("公开率", "disclosure rate"),
        (
            "（予以公开 + 部分公开）÷ 办理结果总计 × 100",
            "(disclosed + partly disclosed) ÷ applications answered × 100",
        ),
    ),
    "refusal_rate": (
        ("不予公开率", "refusal rate"),
        ("不予公开 ÷ 办理结果总计 × 100", "not disclosed ÷ applications answered × 100"),
    ),
    "unable_rate": (
        ("无法提供率", "cannot-be-provided rate"),
        ("无法提供 ÷ 办理结果总计 × 100", "cannot be provided ÷ applications answered × 100"),
    ),
    "not_processed_rate": (
        ("不予处理率", "not-processed rate"),
        ("不予处理 ÷ 办理结果总计 × 100", "not processed ÷ applications answered × 100"),
    ),
    "completion_rate": (
        ("办结率", "completion rate"),
        (
            "办理结果总计 ÷（本年新收 + 上年结转）× 100",
            "applications answered ÷ (received + carried over) × 100",
        ),
    ),
    "carryover_rate": (
        ("结转率", "carry-over rate"),
        (
            "结转下年度继续办理 ÷（本年新收 + 上年结转）× 100",
            "carried into next year ÷ (received + carried over) × 100",
        ),
    ),
    "reconsideration_correction_rate": (
        ("行政复议纠错率", "reconsideration correction rate"),
        (
            "行政复议结果纠正 ÷ 行政复议审结（结果维持 + 结果纠正 + 其他结果）× 100",
            "reconsiderations corrected ÷ concluded (upheld + corrected + other result) × 100",
        ),
    ),
    "litigation_correction_rate": (
        ("行政诉讼纠错率", "litigation correction rate"),
        (
            "行政诉讼结果纠正 ÷ 行政诉讼审结（结果维持 + 结果纠正 + 其他结果）× 100",
            "lawsuits corrected ÷ concluded (upheld + corrected + other result) × 100",
        ),
    ),
    "reconsiderations_per_100": (
        ("每百件申请行政复议数", "reconsiderations per 100 applications"),
        (
            "行政复议总计 ÷ 本年新收 × 100",
            "administrative reconsiderations ÷ applications received × 100",
        ),
    ),
    "lawsuits_per_100": (
        ("每百件申请行政诉讼数", "lawsuits per 100 applications"),
        ("行政诉讼总计 ÷ 本年新收 × 100", "lawsuits ÷ applications received × 100"),
    ),
    "fees_per_application": (
        ("每件申请收费", "fees per application"),
        ("收取费用（元）÷ 本年新收", "fees charged (yuan) ÷ applications received"),
    ),
}
#: the units of the indicators' values (``unit`` of :func:`~luzhou_disclosure.indicators`)
INDICATOR_UNITS: dict[str, tuple[str, str]] = {
    "pct": ("%", "%"),
    "per_100": ("件/百件申请", "per 100 applications"),
    "yuan": ("元/件", "yuan per application"),
}
#: the levels of a threshold (``level`` of ``peer_summary``)
LEVEL_NAMES: dict[str, tuple[str, str]] = {
    "red": ("红", "red"),
    "yellow": ("黄", "yellow"),
    "green": ("绿", "green"),
}


# --- column headers ---------------------------------------------------------------------------

#: display header of every column the analyses return, (Chinese, English)
COLUMN_NAMES: dict[str, tuple[str, str]] = {
    # the records model
    "agency": ("单位", "agency"),
    "year": ("年度", "year"),
    "form": ("报告格式", "form"),
    "section": ("部分", "section"),
    "item": ("项目", "item"),
    "parent": ("上级项目", "parent item"),
    "applicant": ("申请人", "applicant"),
    "field": ("栏目", "field"),
    "measure": ("指标", "measure"),
    "count": ("数量", "count"),
    "value": ("数值", "value"),
    "unit": ("计量单位", "unit"),
    "base": ("基数", "base"),
    "decimals": ("小数位数", "decimals"),
    "approx": ("约数", "approximate"),
    "label": ("原文", "label as written"),
    "source": ("来源", "source"),
    # category_shares
    "total": ("总数", "total"),
    "total_stated": ("总数为报告所载", "total stated"),
    "share_pct": ("占比（%）", "share (%)"),
    "share_pct_rounded": ("占比（%，四舍五入）", "share (%, half up)"),
    "share_pct_largest_remainder": ("占比（%，最大余数法）", "share (%, largest remainder)"),
    # yoy_growth and compare
    "base_year": ("基期年度", "base year"),
    "base_form": ("基期报告格式", "base-year form"),
    "current": ("本期", "current"),
    "previous": ("基期", "previous"),
    "change": ("增减", "change"),
    "growth_pct": ("增长率（%）", "growth (%)"),
    "note": ("说明", "note"),
    "ratio": ("本期÷基期", "ratio"),
    "new_item": ("新增项目", "new item"),
    "dropped_item": ("不再填报项目", "dropped item"),
    "growth_from_zero": ("由零增长", "growth from zero"),
    "ratio_above_5": ("比值大于5", "ratio above 5"),
    "ratio_below_0_2": ("比值小于0.2", "ratio below 0.2"),
    "via_crosswalk": ("经对照表换算", "through crosswalk"),
    "judgement": ("对照存在判断", "judgement call"),
    "summed": ("由分项加总", "summed from parts"),
    "flagged": ("需关注", "flagged"),
    "flags": ("提示", "flags"),
    # refusal_breakdown and outcome_breakdown
    "refused": ("不予公开总数", "refusals"),
    "applications": ("本年新收申请", "applications received"),
    "share_of_refusals_pct": ("占不予公开（%）", "share of refusals (%)"),
    "share_of_applications_pct": ("占申请总数（%）", "share of applications (%)"),
    "is_total": ("合计行", "total row"),
    "kind": ("类别", "kind"),
    # findings (audit, check)
    "rule": ("规则", "rule"),
    "ok": ("通过", "ok"),
    "severity": ("严重程度", "severity"),
    "expected": ("应为", "expected"),
    "found": ("报告所载", "found"),
    "difference": ("差额", "difference"),
    "message": ("说明", "message"),
    "sources": ("来源", "sources"),
    # harmonize
    "std_section": ("标准部分", "standard section"),
    "std_parent": ("标准上级项目", "standard parent item"),
    "std_item": ("标准项目", "standard item"),
    "std_field": ("标准栏目", "standard field"),
    "mapping": ("对照方式", "mapping"),
    "mapping_note": ("对照说明", "mapping note"),
    "n_records": ("记录数", "records"),
    "records": ("记录数", "records"),
    # peer_summary
    "peer_group": ("同类组", "peer group"),
    "numerator": ("分子", "numerator"),
    "ranked": ("参与排名", "ranked"),
    "rank": ("名次", "rank"),
    "n_ranked": ("排名单位数", "agencies ranked"),
    "percentile": ("百分位（%）", "percentile (%)"),
    "p25": ("P25", "P25"),
    "p50": ("中位数 P50", "median P50"),
    "p75": ("P75", "P75"),
    "excluded_reason": ("未排名原因", "why not ranked"),
    "denominator": ("分母", "denominator"),
    "level": ("提示等级", "level"),
    "threshold": ("阈值", "threshold"),
    # indicators
    "indicator": ("指标", "indicator"),
    "numerator_sources": ("分子来源", "numerator sources"),
    # missing_reports
    "group": ("分组", "group"),
    "listed": ("应报送", "listed"),
    "published": ("已发布", "published"),
    "closest": ("名称最相近的单位", "closest name"),
    "denominator_sources": ("分母来源", "denominator sources"),
    # the files read by the command line
    "file": ("文件", "file"),
    "status": ("状态", "status"),
    "figures": ("数字个数", "figures"),
    "agencies": ("单位", "agencies"),
    "years": ("年度", "years"),
}


def column_name(column: object, lang: str) -> str:
    """The display header of ``column`` (a column without an entry is shown as named).

    >>> column_name("growth_pct", "zh"), column_name("growth_pct", "en")
    ('增长率（%）', 'growth (%)')
    """
    pair = COLUMN_NAMES.get(str(column))
    return pick(pair, lang) if pair else str(column)


#: the sheets of the summary and compare workbooks
SHEET_NAMES: dict[str, tuple[str, str]] = {
    "shares": ("分类占比", "shares"),
    "growth": ("同比增长", "growth"),
    "outcomes": ("办理结果", "outcomes"),
    "refusals": ("不予公开原因", "refusals"),
    "audit": ("数字核对", "audit"),
    "compare": ("年度比较", "compare"),
    "peers": ("同类比较", "peers"),
    "crosswalk": ("对照表", "crosswalk"),
    "files": ("文件", "files"),
}

# --- messages in outputs ----------------------------------------------------------------------

#: why a growth rate is NA (the ``note`` of ``yoy_growth`` and ``compare``)
NOTES: dict[str, tuple[str, str]] = {
    NOTE_ZERO_BASE: ("基数为0", "zero base"),
    NOTE_NO_BASE: ("无基期数据", "no base-year figure"),
    NOTE_NO_CURRENT: ("无本期数据", "no current figure"),
}
#: the flags of ``compare``: the name in its ``flags`` column → (Chinese, English)
FLAG_NAMES: dict[str, tuple[str, str]] = {
    "new item": ("新增项目", "new item"),
    "dropped item": ("不再填报项目", "dropped item"),
    "growth from zero": ("由零增长", "growth from zero"),
    "ratio above 5": ("比值大于5", "ratio above 5"),
    "ratio below 0.2": ("比值小于0.2", "ratio below 0.2"),
    "through crosswalk": ("经对照表换算", "through crosswalk"),
    "judgement call": ("对照存在判断", "judgement call"),
    "summed from parts": ("由分项加总", "summed from parts"),
}
#: why ``peer_summary`` leaves an agency unranked (its ``excluded_reason``) and why an indicator is
#: NA (the ``note`` of ``indicators``): the English form, which the analyses write, and the
#: Chinese form, templates of ``str.format``
REASONS: dict[str, tuple[str, str]] = {
    "few_applications": (
        "本年新收申请少于{min_applications}件",
        "fewer than {min_applications} applications received (min_applications)",
    ),
    "no_applications": ("未收到申请", "no applications received"),
    "no_figure": ("无{what}数据", "no figure for {what}"),
    "no_peer_group": ("未分入同类组", "no peer group"),
    # why an indicator is NA (the ``note`` of ``indicators``)
    "zero_base": ("{what}为0", "{what} is 0"),
    "counted_in_group": (
        "报告（2019年以前的格式）将其计入{group}",
        "the report (before the 2019 form) counts these under {group}",
    ),
    "no_complete_report": (
        "没有报告同时载有分子和分母",
        "no report states both the numerator and the denominator",
    ),
}


def _template_pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{(\w+)\}", template)
    pattern = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts))
    return re.compile(f"^{pattern}$")


_REASON_PATTERNS = {key: _template_pattern(en) for key, (_zh, en) in REASONS.items()}


def reason(key: str, **fields: object) -> str:
    """The English ``excluded_reason`` that ``peer_summary`` writes (see :data:`REASONS`)."""
    return REASONS[key][1].format(**fields)


def message(value: str, lang: str) -> str:
    """A message an analysis wrote into its output (a growth note, compare flags, a reason for
    not ranking), in ``lang``; the items it names are named in ``lang`` too. An unknown message
    stays as written.

    >>> message("fewer than 10 applications received (min_applications)", "zh")
    '本年新收申请少于10件'
    >>> message("new item, through crosswalk", "zh")
    '新增项目，经对照表换算'
    >>> message("no figure for 本年新收政府信息公开申请数量", "en")
    'no figure for applications received'
    """
    if not value:
        return value
    if value in NOTES:
        return pick(NOTES[value], lang)
    flags = value.split(", ")
    if all(f in FLAG_NAMES for f in flags):
        return ("，" if lang == "zh" else ", ").join(pick(FLAG_NAMES[f], lang) for f in flags)
    for key, pattern in _REASON_PATTERNS.items():
        found = pattern.match(value)
        if found:
            fields = {
                k: " + ".join(item_name(part, lang, short=True) for part in v.split(" + "))
                for k, v in found.groupdict().items()
            }
            return pick(REASONS[key], lang).format(**fields)
    return value


# --- titles, labels and lines -----------------------------------------------------------------

#: every other text the library shows, as ``str.format`` templates (Chinese, English)
TEXT: dict[str, tuple[str, str]] = {
    # units of time and quantity in chart labels
    "year": ("{year}年", "{year}"),
    "count_axis": ("数量", "count"),
    "year_axis": ("年份", "year"),
    "applications_axis": ("件数", "applications"),
    # plot_category_shares
    "shares_title_proactive": (
        "{who} 主动公开信息分类{total}",
        "{who}: proactive disclosure by category{total}",
    ),
    "shares_title": ("{who} 分类占比{total}", "{who}: shares by category{total}"),
    "shares_total": ("（总数 {total}）", " (total {total})"),
    # plot_yoy_growth
    "yoy_title": (
        "{who}同比变化（{base_year}年→{year}年）",
        "{who}year-over-year change, {base_year}→{year}",
    ),
    # plot_outcomes
    "outcomes_title": ("{who} 依申请公开办理情况", "{who}: applications and outcomes"),
    "legend_in": ("申请", "applications"),
    "legend_out": ("办理结果", "outcomes"),
    "legend_forward": ("结转下年度", "carried into next year"),
    "unaccounted": ("差额", "unaccounted"),
    # plot_refusals
    "refusals_title": ("{who} 不予公开原因（{detail}）", "{who}: reasons for refusal ({detail})"),
    "refusals_total": ("共{refused}件", "{refused} refusals"),
    "refusals_share": ("，占申请{share}%", ", {share}% of applications"),
    # plot_trend
    "trend_title": ("{who}{what} 历年变化", "{who}{what}: trend"),
    # plot_agencies
    "agencies_title": ("{when}各单位{what}", "{what} by agency{when}"),
    "agencies_when": ("{year}年 ", ", {year}"),
    "agencies_against": ("（对比{base_year}年）", " against {base_year}"),
    "rate_axis": ("{name}（{unit}）：{formula}", "{name} ({unit}): {formula}"),
    "rate_title": ("{name}（{unit}）", "{name} ({unit})"),
    "legend_ranked": ("参与排名", "ranked"),
    "legend_left_out": ("未排名", "not ranked"),
    "legend_median": ("中位数 P50 = {p50}", "median P50 = {p50}"),
    "left_out_label": ("未排名：{reason}", "not ranked: {reason}"),
    # terminal tables and the command line
    "nothing_to_show": ("（无数据）", "(nothing to show)"),
    "title_shares": ("主动公开信息分类占比", "Category shares"),
    "title_growth": ("同比增长", "Year-over-year growth"),
    "title_outcomes": ("依申请公开办理情况", "Application outcomes"),
    "title_refusals": ("不予公开原因", "Refusal reasons"),
    "title_audit": ("数字核对", "Audit of printed figures"),
    "read_summary": (
        "{name}：{figures}个数字，{pairs}个单位年度",
        "{name}: {figures} figures, {pairs} agency-year(s)",
    ),
    "written": ("已写入：", "Written:"),
    "disagree": (
        "{failed}个报告所载数字与报告自身的数字不符（见工作表“{sheet}”）。",
        "{failed} printed figure(s) disagree with the report's own numbers (see sheet '{sheet}').",
    ),
    "comparison_title": (
        "{year}年与{base_year}年比较（共{rows}行；工作簿中有各申请人栏目）",
        "Comparison {year} against {base_year} "
        "({rows} rows; all applicant columns in the workbook)",
    ),
    "peers_title": (
        "同类比较：{measure}（申请不少于{min_applications}件的单位才参与比率排名）",
        "Peers by {measure} (rates ranked only with at least {min_applications} applications)",
    ),
    "peers_ranked": (
        "{agency}：{value}，第{rank}名，共{n_ranked}个；"
        "百分位 {percentile}（P25 {p25}，P50 {p50}，P75 {p75}）",
        "{agency}: {value}, rank {rank} of {n_ranked}, "
        "percentile {percentile} (P25 {p25}, P50 {p50}, P75 {p75})",
    ),
    "peers_left_out": ("{agency}：未排名：{reason}", "{agency}: not ranked: {reason}"),
    # the report card and its index (card.py)
    "card_title": (
        "{agency} {year}年政府信息公开工作年度报告 报告卡",
        "{agency}: report card, {year}",
    ),
    "card_meta": (
        "报告格式：{form}。由 luzhou_disclosure {version} 根据报告所载数字生成；"
        "每个数字的来源见“来源”栏，鼠标悬停亦可查看。",
        "Report form: {form}. Made by luzhou_disclosure {version} from the figures the report "
        "states; the source of every figure is in the column 'source', and shown on hover.",
    ),
    "card_figures": ("主要数字", "Headline figures"),
    "card_indicators": ("指标", "Indicators"),
    "card_charts": ("图表", "Charts"),
    "card_findings": ("核对结果", "Checks"),
    "card_item": ("项目", "item"),
    "card_year": ("{year}年", "{year}"),
    "card_change": ("增减", "change"),
    "card_source": ("来源", "source"),
    "card_value": ("数值", "value"),
    "card_formula": ("计算方法", "formula"),
    "card_note": ("说明", "note"),
    "card_level": ("提示", "level"),
    "card_rule": ("规则", "rule"),
    "card_severity": ("严重程度", "severity"),
    "card_message": ("说明", "what was found"),
    "card_summary": (
        "共核对{n}项：{errors}项错误，{warnings}项提示，{ok}项通过。",
        "{n} checks: {errors} errors, {warnings} warnings, {ok} passed.",
    ),
    "card_no_findings": ("没有可核对的数字。", "No figure to check."),
    "card_passed": ("通过的核对（{ok}项）", "Checks passed ({ok})"),
    "card_no_charts": ("没有可绘制的图表。", "No chart to draw."),
    "card_judgement": (
        "* 由2019年以前格式的报告经对照表换算而得，换算中含有判断（见 docs/indicators.md）。",
        "* read from a report before the 2019 form through the crosswalk, by a judgement call "
        "(see docs/indicators.md).",
    ),
    "card_na": ("无", "none"),
    "card_previous_none": ("（无上年数据）", "(no figures for the year before)"),
    "index_title": ("政府信息公开工作年度报告 报告卡索引", "Report cards"),
    "index_hint": (
        "点击列标题可按该列排序，再次点击反向排序。",
        "Click a column header to sort by it; click again to reverse.",
    ),
    "index_agency": ("单位", "agency"),
    "index_year": ("年度", "year"),
    "index_errors": ("错误", "errors"),
    "index_warnings": ("提示", "warnings"),
}

#: the severities of findings in words
SEVERITY_NAMES: dict[str, tuple[str, str]] = {
    "error": ("错误", "error"),
    "warning": ("提示", "warning"),
    "ok": ("通过", "passed"),
}

#: findings of ``check`` and ``check_structure`` as plain sentences (the report card), per rule and
#: outcome; fields: item, applicant, expected, found, difference, year, year_next (formatted)
FINDING_TEXT: dict[str, tuple[str, str]] = {
    "R1_fail": (
        "勾稽关系不成立（{applicant}）：本年新收 + 上年结转 = {found}，"
        "（七）总计 + 结转下年度继续办理 = {expected}，相差{difference}。",
        "The balance fails ({applicant}): received + carried over = {found}, answered + carried "
        "into next year = {expected}, a difference of {difference}.",
    ),
    "R1_ok": (
        "勾稽关系成立（{applicant}）：本年新收 + 上年结转 = "
        "（七）总计 + 结转下年度继续办理 = {found}。",
        "The balance holds ({applicant}): received + carried over = answered + carried into next "
        "year = {found}.",
    ),
    "R2_fail": (
        "{item}：总计栏为{found}，六类申请人之和为{expected}。",
        "{item}: the total column says {found}, the six applicant columns add up to {expected}.",
    ),
    "R2_legal_fail": (
        "{item}：法人或其他组织栏为{found}，五类组织之和为{expected}。",
        "{item}: the legal-persons column says {found}, the five organisation columns add up to "
        "{expected}.",
    ),
    "R2_ok": (
        "{item}：各申请人栏目之和等于{applicant}（{found}）。",
        "{item}: the columns add up to {applicant} ({found}).",
    ),
    "R3_fail": (
        "（七）总计（{applicant}）为{found}，各项办理结果之和为{expected}。",
        "Answered in all ({applicant}) is {found}, the outcome rows add up to {expected}.",
    ),
    "R3_ok": (
        "（七）总计（{applicant}）等于各项办理结果之和（{found}）。",
        "Answered in all ({applicant}) equals the sum of the outcome rows ({found}).",
    ),
    "R4_fail": (
        "{item}：总计为{found}，结果维持、结果纠正、其他结果、尚未审结之和为{expected}。",
        "{item}: the total is {found}, upheld + corrected + other result + pending = {expected}.",
    ),
    "R4_ok": (
        "{item}：总计等于各项结果之和（{found}）。",
        "{item}: the total equals its results ({found}).",
    ),
    "R5_negative": (
        "{item}为{found}：数量不能为负数。",
        "{item} is {found}: a count cannot be negative.",
    ),
    "R5_part_fail": (
        "{item}为{found}，超过其所属的总数{expected}。",
        "{item} is {found}, more than the whole it is part of ({expected}).",
    ),
    "R5_part_ok": (
        "{item}（{found}）不超过其所属的总数（{expected}）。",
        "{item} ({found}) does not exceed its whole ({expected}).",
    ),
    "R5_total_fail": (
        "{item}的各分项之和为{found}，超过报告所载的总数{expected}。",
        "The parts of {item} add up to {found}, more than its stated total {expected}.",
    ),
    "R5_total_below": (
        "{item}的各分项之和为{found}，少于报告所载的总数{expected}（报告可能只列出了部分分项）。",
        "The parts of {item} add up to {found}, less than its stated total {expected} (the report "
        "may list only some of them).",
    ),
    "R5_total_ok": (
        "{item}的各分项之和等于报告所载的总数（{expected}）。",
        "The parts of {item} add up to its stated total ({expected}).",
    ),
    "R6_share_fail": (
        "{item}的占比：按报告数字计算应为{expected}%，报告印为{found}%。",
        "Share of {item}: the report's figures give {expected}%, it prints {found}%.",
    ),
    "R6_share_ok": (
        "{item}的占比{found}%与按报告数字计算的结果一致。",
        "Share of {item}: the printed {found}% agrees with the figures.",
    ),
    "R6_share_open": (
        "{item}的占比{found}%无法核对：缺少计算所需的数字，或其基数为0。",
        "Share of {item}: the printed {found}% cannot be checked "
        "(a figure is missing or the base is 0).",
    ),
    "R6_growth_fail": (
        "{item}的增长率：按报告数字计算应为{expected}%，报告印为{found}%。",
        "Growth of {item}: the report's figures give {expected}%, it prints {found}%.",
    ),
    "R6_growth_ok": (
        "{item}的增长率{found}%与按报告数字计算的结果一致。",
        "Growth of {item}: the printed {found}% agrees with the figures.",
    ),
    "R6_growth_open": (
        "{item}的增长率{found}%无法核对：缺少上年数字，或上年为0。",
        "Growth of {item}: the printed {found}% cannot be checked "
        "(no figure for the year before, or it is 0).",
    ),
    "R7_fail": (
        "{item}在报告中出现多次，数字不一致：{expected}与{found}。",
        "{item} is stated more than once with different figures: {expected} and {found}.",
    ),
    "R7_prose_fail": (
        "{item}：总体情况的文字为{expected}，表格为{found}，两者不一致。",
        "{item}: the prose (总体情况) and a table disagree: {expected} and {found}.",
    ),
    "R7_ok": (
        "{item}多次出现，数字一致（{found}）。",
        "{item} is stated more than once, always as {found}.",
    ),
    "R8_fail": (
        "{year}年结转下年度继续办理（{applicant}）为{found}，{year_next}年上年结转为{expected}。",
        "Carried into {year_next} ({applicant}): {found} in {year}, "
        "but {year_next} carries over {expected}.",
    ),
    "R8_ok": (
        "{year}年结转下年度继续办理与{year_next}年上年结转一致（{found}）。",
        "Carried into {year_next}: {found}, as {year_next} carries over.",
    ),
    "R9_fail": (
        "{item}现行有效件数：{year}年为{found}，按上年现行有效件数加本年制发、减本年废止应为{expected}。",
        "{item} in force: {found} in {year}; "
        "last year's plus issued minus repealed gives {expected}.",
    ),
    "R9_ok": (
        "{item}现行有效件数与上年衔接（{found}）。",
        "{item} in force carries over from last year ({found}).",
    ),
    "R10_fail": (
        "{item}：本年{found}，上年{expected}，变化超过5倍或不足五分之一，值得核实。",
        "{item}: {found} against {expected} the year before, "
        "a change beyond ×5 or ÷5 worth a look.",
    ),
    "R10_ok": (
        "{item}：本年{found}，上年{expected}，变化在常见范围内。",
        "{item}: {found} against {expected} the year before, within the usual range.",
    ),
    "S1_fail": ("缺少“{item}”部分的标题。", "No heading for the section {item}."),
    "S1_ok": ("“{item}”部分有标题。", "The section {item} has a heading."),
    "S2_fail": (
        "“{item}”的位置与提纲的顺序不符。",
        "The section {item} is out of the outline's order.",
    ),
    "S2_ok": ("“{item}”的位置符合提纲的顺序。", "The section {item} is in the outline's order."),
    "S3_fail": (
        "“{item}”的编号与模板不符，或与其他标题重复。",
        "The section {item} is not numbered as the template numbers it, "
        "or its number is used twice.",
    ),
    "S3_ok": (
        "“{item}”的编号符合模板。",
        "The section {item} is numbered as the template numbers it.",
    ),
    "S4_fail": ("缺少{item}。", "No {item}."),
    "S4_ok": ("{item}齐全。", "{item} is present."),
}
