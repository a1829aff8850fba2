"""Figures stated in the prose of a report: the pre-2019 narrative, and 总体情况 of standard forms.

The reader finds number tokens with a unit (``811条``, ``400余条``, ``三件``, ``37.62万条``,
``6.10%``, ``39万人次``) and names a figure from the words right before the number (its *label*) and
the part of the report it sits in (headings set the context: 主动公开, 依申请公开, 收费, 复议/诉讼,
other matters; a heading may also start in the middle of a line, as in pages flattened to one line).

- The standard items (the proactive total, its categories and channels, applications received /
  answered / carried over, outcomes and refusal reasons, fees, 复议/诉讼) are named when the label
  says what is counted; statements of nothing (未收取费用, 无…行政复议, 未收到…申请) give 0.
- Every other count the text states (制作政策解读41期, 举办新闻发布会3场, 配备了2名兼职工作人员,
  编印《统计分析》46期, 外网总访问量39万人次, a figure about another year) is kept in section
  ``other`` — item = the phrase as written before the number, unit kept, the year it is about —
  so that nothing stated is dropped and nothing is mistaken for a standard item.
- Numbers that are not figures (dates, years, phone numbers, postcodes, document numbers such as
  〔2017〕55号, section numbers, addresses, durations, the report's own outline 6个部分, numbers
  inside titles and quotations) are left alone: :mod:`._text_account` names what each one is.
- A percentage printed on its own, neither a share of a count nor a growth rate (办结率100%,
  92%高频便民服务事项实现“全程网办”), is a rate the report states: section ``other``, measure
  ``rate_pct``, the rate's phrase as item.
- The pre-2019 statistics table (政府信息公开情况统计表: 指标名称 | 计量单位 | 本年度 | 历年累计),
  flattened into prose, is read row by row; its cumulative column goes to ``other``.

Each figure carries the span of its number (``811条``, ``占0.37%`` → ``0.37%``) or of the
statement of nothing (``未收取费用``) in its line.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .._numbers import Number, parse_number
from .._vocab import (
    ANSWERED,
    CARRIED_FORWARD,
    CARRIED_IN,
    OTHER_SECTION,
    PROACTIVE_TOTAL,
    RECEIVED,
    REFUSED,
    TOTAL,
)
from ._text_account import CIRCLED, figure_kind, in_quotes, non_figure
from ._text_source import Text, strip_junk
from ._text_tables import split_run

# patterns of the clause rules below, compiled once
_REVIEW_WORDS = re.compile(r"复议|诉讼")
_FEE_WORDS = re.compile(r"收费|费用")
_APPLICATION_WORDS = re.compile(r"依申请|申请公开|收到和处理|公开申请|申请情况|申请的情况|申请办理")
_OVERVIEW_WORDS = re.compile(r"概述|总体情况|概况|基本情况|引言")
_NOT_A_HEADING = re.compile(r"\d|[,;]|^(?:无|没有|未|不)")
_DATE_AT = re.compile(r"(?:19|20)\d\d\s*年\s*\d")
_DIGIT = re.compile(r"\d")
_LEAD_CONNECTIVE = re.compile(r"^[、 ()]*(?:其中|另外|另|此外)?[、 ()]*")
_LEAD_YEAR = re.compile(r"^(?:(?:19|20)\d\d年度?|本年度?|全年|今年|年内)")
_CHARGE_WORDS = re.compile(r"收费|收取")
_CHARGE_OR_FEE = re.compile(r"收费|收取|费用")
_WAIVER_WORDS = re.compile(r"减免|免")
_LEAD_CONNECTIVE_YEAR = re.compile(r"^(?:其中|另外|此外)?[,，:：、 ]*(?:(?:19|20)\d\d年度?[,，]?)?")
_NOT_PUBLISHED_WORDS = re.compile(r"采集|修订|报送|撰写|收集|转发")
_INTERACTION_WORDS = re.compile(r"政策解读|解读|回应|信箱|咨询|建议|提案")
_NEW_THIS_YEAR = re.compile(r"(?:新增|本年|今年|年内)[^,;。]{0,8}主动公开[^,;。]{0,10}\d")
_INFO_SUFFIX = re.compile(r"(?:信息数量|信息数|类信息|信息|数量)$")
_CLASS_SUFFIX = re.compile(r"类$")
_CJK_ONLY = re.compile(r"[\u4e00-\u9fff]+")
#: a category's words: CJK, parts of a list (安全生产、应急管理类)
_CJK_LIST = re.compile(r"[\u4e00-\u9fff](?:、?[\u4e00-\u9fff])*")
_CLAUSE_REST = re.compile(r"[^,;。]*")
_RECEIVE_VERB_END = re.compile(r"(?:收到|受理|接到|共|办理|答复)$")
_INCLUDING_CARRIED = re.compile(r"\s*\(含上(?:一)?年度?结转")
_DISCLOSURE_WORDS = re.compile(r"公开|信息")
_NOT_AN_ANSWER = re.compile(r"复议|诉讼|咨询|信箱|热线|建议|提案")
_REVIEW_RESULT_WORDS = re.compile(r"维持|纠正|撤销|驳回|审结|其他|胜诉|败诉")
_SHARE_LABEL_END = re.compile(r"占[^,;。]{0,12}$")
_YEAR_IN_LABEL = re.compile(r"((?:19|20)\d\d)年")


NARRATIVE_FIELD = "narrative"

# --- tokens -------------------------------------------------------------------------------------

_CN = "零〇一二两三四五六七八九十百千"
#: counting units (longest first); money units make amounts
_UNITS = (
    "人次|件次|个次|批次|场次|条次|篇次|万元|亿元|%|余人|件|条|次|篇|项|个|起|场|元|期|份|例|家|宗|名|人|批"
    "|本|册|种|位|户|封|张|部|处|所|套|台|座|幅|则|轮|通|大类|大项|小项|大板块|板块|类"
)
_FIG = re.compile(  # the lookahead first lets the engine skip to digits and numerals quickly
    rf"(?=[\d{_CN}])(?<![\d.\-—/a-zA-Z第])(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|[{_CN}]+)"
    r"\s?(?P<big>万|亿)?(?P<approx>余|多)?\s?"
    rf"(?P<unit>{_UNITS})"
)
_MONEY = frozenset({"元", "万元", "亿元"})
#: units a standard count may carry (the rest, 名 or 种, are other counts only)
_COUNT_UNITS = frozenset("件 条 次 篇 项 个 起 场 期 份 例 家 宗 人次".split())
_DELIM = re.compile(r"[,;。:!?|]")
_UNITLESS = re.compile(r"(?:数|数量)\s*(?:为|是|达)?\s*(?P<num>\d+)(?=\s*(?:[,;。、)|]|$))")
#: a line part worth reading: it holds a number, or may state nothing (无…复议, 未收取费用)
_NUMBER_OR_NOTHING = re.compile(rf"(?=[\d{_CN}复诉费申])(?:\d|[{_CN}]|复议|诉讼|费|申请)")


@lru_cache(maxsize=4096)
def _parse(token: str) -> Number | None:
    """The number of a token's number part (``400余``, ``37.62万``, ``三``), unit left out."""
    return parse_number(token.replace(" ", ""))


# --- headings -----------------------------------------------------------------------------------

_ORDINAL = re.compile(
    r"^\s*(?:(?P<l1>[一二三四五六七八九十]+[、.,])|(?P<l2>\([一二三四五六七八九十]+\))|(?P<l3>\d{1,2}[.、)](?!\d)|\(\d{1,2}\)))"
)


def _heading_context(text: str) -> str | None:
    if _REVIEW_WORDS.search(text):
        return "review"
    if _FEE_WORDS.search(text):
        return "fees"
    if _APPLICATION_WORDS.search(text):
        return "applications"
    if "主动公开" in text:
        return "proactive"
    if re.search(
        r"问题|改进|其他需要|其他事项|建议|提案|要点|咨询|重大建设|公共资源|管理情况|平台建设|监督|保障"
        r"|举措|措施|附表|说明|创新|解读|回应|培训|队伍|组织|领导|制度|机制|宣传",
        text,
    ):
        return "other"
    if _OVERVIEW_WORDS.search(text):
        return "overview"
    return None


# --- vocabulary of labels -----------------------------------------------------------------------

_CHANNELS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("政府门户网站", re.compile(r"政府(?:门户)?网(?:站)?|门户网(?:站)?|政务网")),
    (
        "部门网站",
        re.compile(
            r"(?:局|委|办|院|中心|部门|官方|本单位|本机关)[^,;。]{0,12}(?:网站|网)|官网|信息网|公众网"
        ),
    ),
    ("政务微博", re.compile(r"微博")),
    ("政务微信", re.compile(r"微信|公众号")),
    ("新闻发布会", re.compile(r"发布会")),
    ("新闻通稿", re.compile(r"通稿")),
    ("政务新媒体", re.compile(r"新媒体")),
)
_OTHER_MEDIA = re.compile(
    r"报刊|报纸|电视|广播|电台|公示栏|公开栏|宣传栏|热线|客户端|APP|抖音|头条|短信|显示屏|查阅|平台|系统"
)
_PUBLISH_VERB = re.compile(
    r"公开|发布|推送|发送|编发|刊发|刊登|播出|更新|公布|上传|转载|举办|召开|发出"
)
_TOTAL_LABEL = re.compile(r"主动公开|(?:公开|发布|公布)(?:各类|各项)?(?:政府|政务)?信息|信息公开")
_OTHER_CATEGORY = re.compile(r"其他(?:应|需要|需)?(?:主动)?公开(?:的)?(?:政府|政务)?信息")
_NAMED_CATEGORY = re.compile(r"类(?:信息)?$")
_PUBLISHED_INFO = re.compile(r"共(?:公开|发布|公布)(?:各类|各项)?政府信息$")
_CATEGORY_BAD = re.compile(
    r"公开|发布|通过|办理|受理|申请|网站|网|\d|年|月|共|各|合计|总计|累计|全年"
)

_RECEIVED = re.compile(
    r"(?:受理|收到|接到|接收|新收|收悉|登记)[^,;。]*(?:申请|依申请)|申请[^,;。]*(?:受理|收到)"
)
_ANSWERED = re.compile(r"办理答复|答复|办结|办理|处理完毕")
_CARRIED_IN = re.compile(r"上(?:一)?年度?(?:结转|转结)")
_CARRIED_FORWARD = re.compile(r"(?:结转|转结|转入|转)(?:至|到)?下(?:一)?年|结转下年|结转下一年")

#: pre-2019 outcome labels (regex, item); standard-form narrative items in ``_STANDARD_OUTCOME``
_OUTCOMES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"已主动公开|主动公开范围"), "属于已主动公开范围"),
    (re.compile(r"(?:同意|予以|全部)公开(?:和|及|与|、)(?:同意)?部分公开"), "予以公开+部分公开"),
    (re.compile(r"部分公开"), "部分公开"),
    (re.compile(r"不予公开|不公开"), "不予公开"),
    (re.compile(r"同意公开"), "同意公开"),
    (re.compile(r"予以公开|全部公开"), "予以公开"),
)
_STANDARD_OUTCOME = {
    "同意公开": "予以公开",
    "予以公开": "予以公开",
    "部分公开": "部分公开",
    "不予公开": "不予公开",
    "予以公开+部分公开": "予以公开+部分公开",
}
_REASONS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"国家秘密"), "国家秘密"),
    (re.compile(r"商业秘密"), "商业秘密"),
    (re.compile(r"个人隐私"), "个人隐私"),
    (re.compile(r"不属于本(?:行政)?机关|非本机关"), "不属于本行政机关"),
    (re.compile(r"信息不存在"), "申请信息不存在"),
    (re.compile(r"内容不明确"), "申请内容不明确"),
    (re.compile(r"重复申请"), "重复申请"),
    (re.compile(r"^其他(?:原因)?$"), "其他原因"),
)
_REASON_PREFIX = re.compile(r"^(?:其中|涉及|属于|因|系|为|是|属)+")

_NEG = r"(?:无|没有|未|未曾|未发生|未出现|均无|零)"
_FEES_ZERO = re.compile(
    rf"(?:{_NEG}|不)[^,;。]{{0,12}}?(?:收取[^,;。]{{0,6}}?费用?|收费|收取|产生[^,;。]{{0,4}}费用)"
    r"|免费提供|不收费|不收取"
)
_APPLICATIONS_ZERO = re.compile(rf"{_NEG}(?:收到|受理|接到|接收|发生)[^,;。]{{0,14}}?申请")
_REVIEW_WORD = re.compile(r"行政复议|复议")
_LITIGATION_WORD = re.compile(r"行政诉讼|诉讼")
_REVIEW_NEG = re.compile(_NEG)
_YEARS = re.compile(r"(?:19|20)\d\d\s*年度?")
_YEAR_NAMED = re.compile(r"((?:19|20)\d\d)\s*年")
_OTHER_YEAR = re.compile(
    r"(?=[12])(?<![比较与同于\d])(?P<y>(?:19|20)\d\d)\s*年(?!\s*\d{1,2}\s*月)"
    # a year naming a document (2019年政府决算, 2020年工作要点) says what, not when
    r"(?!度?(?:政府|部门|财政)?(?:预算|决算|预决算|工作要点|工作计划|工作报告|年度报告))"
)
_CHANGE = re.compile(
    r"(?:比|较|同比)(?:(?:19|20)\d\d年度?|上年|去年|上一年度?|上年度|同期)?(?:同期)?(?:相比)?"
    r"(?P<dir>多|增加|增长|新增|少|减少|下降)了?$"
)
_GROWTH = re.compile(r"(?P<dir>增长|增加|上升|提高|增幅为?|下降|减少|降低|降幅为?)了?(?:约)?$")
_PREV_YEAR = re.compile(r"上年|去年|上一年|上年度|同期")


@dataclass
class _Fig:
    line: int
    start: int  # in the normalised line
    end: int
    num: Any  # Number
    num_text: str
    unit: str
    label: str  # normalised label text
    raw_label: str  # label as written
    sent: int  # sentence id
    item: str | None = None
    section: str | None = None


@dataclass
class _State:
    text: Text
    agency: str
    year: int
    form: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    keys: dict[tuple, dict[str, Any]] = field(default_factory=dict)
    ctx: str = "overview"
    level_ctx: dict[int, str] = field(default_factory=dict)
    total: dict[str, Any] | None = None  # the proactive total record
    breakdown: bool = False  # inside 其中: … after the total
    refusal: bool = False  # after 不予公开 …中
    last: tuple[_Fig, dict[str, Any]] | None = None  # last count figure emitted, with its record
    #: the sentence of the last total of applications stated (本年新收 or 办结 = 办理结果总计) and
    #: that total's item: a share of an outcome printed after it is a share of that total
    outcome_base: tuple[int, str] | None = None
    sent: int = 0
    fees_done: bool = False
    #: spans (line, start, end of ``text.lines``) of figures read, so none is read twice
    taken: set[tuple[int, int]] = field(default_factory=set)
    #: spans the reader set aside on purpose, and why (for the account)
    set_aside: dict[tuple[int, int, int], str] = field(default_factory=dict)
    #: the other count a 其中 breakdown of other counts belongs to: (sentence, item)
    other_parent: tuple[int, str] | None = None
    #: columns of the pre-2019 statistics table being read (本年度, 历年累计), or None
    table_columns: int | None = None
    #: whether the applications received were read (a share of them may follow)
    has_received: bool = False
    #: the standard item a 其中 breakdown of other counts follows (their shares are of it)
    share_base: tuple[int, str] | None = None

    # -- emitting --
    def emit(
        self,
        fig_line: int,
        a: int,
        b: int,
        *,
        section: str,
        item: str,
        measure: str = "count",
        number: float | None = None,
        unit: str | None = None,
        parent: str | None = None,
        base: str | None = None,
        decimals: int | None = None,
        approx: bool = False,
        label: str = "",
        year: int | None = None,
        field_: str | None = None,
        source: str | None = None,
    ) -> dict[str, Any] | None:
        if self.form != "narrative" and section != OTHER_SECTION:
            field_ = NARRATIVE_FIELD
        year = self.year if year is None else year
        key = (year, section, parent, item, field_, measure, base)
        rec: dict[str, Any] = {
            "agency": self.agency,
            "year": year,
            "form": self.form,
            "section": section,
            "item": item,
            "parent": parent,
            "field": field_,
            "measure": measure,
            "unit": unit,
            "base": base,
            "decimals": decimals,
            "approx": approx,
            "label": label,
            "source": source or self.text.ref(fig_line, a, b),
        }
        if measure in ("count", "change"):
            rec["count"] = int(number) if number is not None else None
        else:
            rec["value"] = number
        self.taken.add((fig_line, a))
        if key in self.keys:
            old = self.keys[key]
            if old.get("count") != rec.get("count") or old.get("value") != rec.get("value"):
                if section != OTHER_SECTION and source is None:
                    # a standard figure stated again with another number: the first stays the
                    # standard figure, this one is kept as an other count (its phrase as written)
                    self.taken.discard((fig_line, a))
                self.findings.append(
                    {
                        "rule": "text_repeated_figure",
                        "ok": False,
                        "severity": "warning",
                        "agency": self.agency,
                        "year": year,
                        "section": section,
                        "item": item,
                        "found": rec.get("count", rec.get("value")),
                        "expected": old.get("count", old.get("value")),
                        "message": f"{rec['source']}: the text states {item} again as {label!r}, "
                        f"with another number; kept the first figure ({old['source']})"
                        + ("" if section == OTHER_SECTION else ", this one as an other count"),
                        "sources": f"{old['source']} | {rec['source']}",
                    }
                )
            elif source is None:
                self.set_aside[(fig_line, a, b)] = "repeated"
            return None
        self.keys[key] = rec
        self.rows.append(rec)
        if section == "applications" and item.startswith(RECEIVED):
            self.has_received = True
        return rec


def read_prose(
    text: Text,
    *,
    agency: str,
    year: int,
    form: str,
    skip: set[int] | None = None,
    skip_spans: dict[int, list[tuple[int, int]]] | None = None,
    first_line: int = 0,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[tuple[int, int, int], str]]:
    """Records (as dicts), findings and the spans set aside for the figures the prose states.

    ``form`` is ``"narrative"`` for a pre-2019 report; for a standard-form report every standard
    figure gets ``field="narrative"`` (see docs/records.md) so that it sits beside the table's
    figure of the same item. Lines in ``skip`` (table lines) and spans in ``skip_spans`` (line →
    [(start, end)]: tables inside a line) are not read. The spans set aside map (line, start, end)
    of ``text.lines`` to why the reader left a number (``repeated``, ``approximate``, ``page``).
    Lines before ``first_line`` (the report's title) are the page around the report — navigation,
    a visitor counter — and are set aside whole as ``page``.
    """
    st = _State(text, agency, year, form)
    skip = skip or set()
    for i, norm in enumerate(text.norm):
        if i < first_line:
            st.set_aside[(i, 0, len(norm))] = "page"
            continue
        if i in skip:
            continue
        clean, idx = strip_junk(norm)
        if not clean.strip():
            continue
        if "|" in clean and (st.table_columns is not None or _TABLE_HEADER.search(clean)):
            _statistics_table(st, i, clean, idx, 0, len(clean))
            continue
        gaps = [_clean_pos(idx, p) for p in (skip_spans or {}).get(i, ())]
        table_here = st.table_columns is not None or "指标" in clean or "统计表" in clean
        for a, b in _segments(clean, gaps):
            if table_here and (st.table_columns is not None or _TABLE_HEADER.search(clean, a, b)):
                if _statistics_table(st, i, clean, idx, a, b):
                    continue
            body_start = _heading(st, clean, a, b)
            if body_start >= b:
                continue
            _read_line(st, i, clean, idx, body_start, b)
    return st.rows, st.findings, st.set_aside


# --- where a heading starts in the middle of a line -----------------------------------------------

#: a heading inside a line: after a sentence end (or a space after a word), an ordinal
_INLINE_HEADING = re.compile(
    r"[。;!?:： ] *"
    r"(?P<h>[一二三四五六七八九十]+[、.,]|\([一二三四五六七八九十]+\)|[（(]\d{1,2}[)）]|\d{1,2}[.、](?!\d))"
)


def _clean_pos(idx: list[int] | None, span: tuple[int, int]) -> tuple[int, int]:
    """A span of the normalised line as a span of its junk-free copy."""
    if idx is None:
        return span
    return bisect_left(idx, span[0]), bisect_left(idx, span[1])


def _segments(clean: str, gaps: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Spans of ``clean`` that start with a heading (or the line start): a page flattened to one
    line holds all its headings in that line (…取得了一定成效。(一)基本情况今年,我区…). Spans in
    ``gaps`` (tables read elsewhere) are left out."""
    if gaps:
        out: list[tuple[int, int]] = []
        at = 0
        for a, b in sorted(gaps):
            if a > at:
                out.extend((at + s, at + e) for s, e in _segments(clean[at:a]))
            at = max(at, b)
        if at < len(clean):
            out.extend((at + s, at + e) for s, e in _segments(clean[at:]))
        return out
    cuts = [0]
    if len(clean) > 300:  # a paragraph holding more than one heading
        for m in _INLINE_HEADING.finditer(clean):
            k = m.start()
            if clean[k] == " " and (k == 0 or clean[k - 1] in "、, "):
                continue  # after a space, a heading follows a word, not a list (一、…, 二、…)
            if m.start("h") - cuts[-1] >= 4:
                cuts.append(m.start("h"))
    cuts.append(len(clean))
    return [(cuts[n], cuts[n + 1]) for n in range(len(cuts) - 1)]


_ORDINAL_AT = re.compile(_ORDINAL.pattern.removeprefix("^"))
_HEAD_END = re.compile(r"[。:;|]")
_BODY_START = re.compile(r"[ \d]")
#: the words a heading ends with, when its body follows without a break (基本情况今年,…)
_HEAD_WORD_END = re.compile(r"^[^,;。]{0,16}?(?:情况|概述|概况)")


def _heading(st: _State, clean: str, a: int, b: int) -> int:
    """Update the context from a heading at ``clean[a:]``; return where its body starts."""
    m = _ORDINAL_AT.match(clean, a, b)
    if m:
        level = 1 if m["l1"] else 2 if m["l2"] else 3
        rest = clean[m.end() : min(b, m.end() + 60)]
        end_m = _HEAD_END.search(rest)
        cut = end_m.start() if end_m else len(rest)
        head = rest[: min(cut, 40)]
        word_end = _HEAD_WORD_END.search(head) if cut >= len(rest) or cut > 40 else None
        run_in = _BODY_START.search(head, 2)
        if word_end is not None and (run_in is None or word_end.end() <= run_in.start()):
            # a heading run into its body without a space: (一)基本情况今年,我区…
            head = head[: word_end.end()]
            run_in = None
        ctx = _heading_context(head)
        if ctx is None:
            ctx = "overview" if level == 1 else st.level_ctx.get(level - 1, st.ctx)
        st.level_ctx[level] = ctx
        for deeper in [k for k in st.level_ctx if k > level]:
            del st.level_ctx[deeper]
        _enter(st, ctx)
        if cut < len(rest) and rest[cut] in "。:" and cut <= 40 and not _DIGIT.search(head):
            return m.end() + cut + 1
        # a heading run into its body: the body starts at a space or a year (情况 2016年度未接到…)
        if word_end is not None and run_in is None:
            return m.end() + word_end.end()
        return m.end() + (run_in.start() if run_in else 0)
    if a != 0 or b != len(clean) or b > 60:
        return a
    stripped = clean.strip()
    if len(stripped) <= 24 and not _NOT_A_HEADING.search(stripped) and not stripped.endswith("。"):
        ctx = _heading_context(stripped)
        if ctx is not None:
            st.level_ctx = {1: ctx}
            _enter(st, ctx)
            return b
    return a


def _enter(st: _State, ctx: str) -> None:
    st.ctx = ctx
    st.breakdown = False
    st.refusal = False
    st.last = None
    st.other_parent = None
    st.share_base = None


def _read_line(st: _State, i: int, clean: str, idx: list[int] | None, body: int, stop: int) -> None:
    text = clean[:stop]
    if not _NUMBER_OR_NOTHING.search(text, body):
        st.sent += 1 + sum(text.count(p, body) for p in "。!?")
        return
    figs: list[_Fig] = []
    prev_end = body
    delims = [m.start() for m in _DELIM.finditer(text, body)]
    ends = [k + 1 for k in delims if text[k] in "。!?"]
    sent_starts = [body, *ends]
    base = st.sent

    def sent_of(pos: int) -> int:
        return base + bisect_right(ends, pos)

    raw = st.text.lines[i]
    for m in _FIG.finditer(text, body):
        a, b = m.span()
        num_text, big, unit = m.group("num", "big", "unit")
        k = bisect_left(delims, a)
        last_delim = delims[k - 1] if k else -1
        lab_start = max(last_delim + 1, prev_end, body)
        label = text[lab_start:a]
        kind = figure_kind(clean, a, a + len(num_text))
        if kind is not None and kind != "phrase":
            continue  # a date, a document number, …: part of the label of what follows
        if raw[idx[a] if idx else a] in CIRCLED:
            continue  # ①本级…: a circled number is an ordinal (normalised to 1)
        if unit == "类" and not num_text[0].isdigit():
            continue  # 三类内部事务信息: a name, not a count
        if kind is None:
            prev_end = b
        try:
            num = _parse(text[a : m.start("unit")])
        except ValueError:
            num = None  # 12345678901234567890条 too: the account names it (number_not_interpreted)
        if num is None:
            continue
        if big and unit == "元":
            unit = big + "元"
            num = Number(num.value / (10_000 if big == "万" else 100_000_000), num.approx)
        figs.append(_Fig(i, a, b, num, num_text, unit, label, label, sent_of(a)))
    # a count stated without a unit after a label ending in 数 (不予公开信息数1402。)
    for m in _UNITLESS.finditer(text, body) if "数" in text else ():
        a = m.start("num")
        k = bisect_left(delims, a)
        lab_start = max(delims[k - 1] + 1 if k else body, body)
        label = text[lab_start:a]
        if any(f.start <= a < f.end for f in figs) or non_figure(clean, a, m.end("num")):
            continue
        num = _parse(m["num"])
        if num is not None:
            figs.append(_Fig(i, a, m.end("num"), num, m["num"], "", label, label, sent_of(a)))
    figs.sort(key=lambda f: f.start)
    st.sent += len(sent_starts)
    # the year each clause group (up to 。 or ;) is about, from the last year it names before a
    # figure
    years = _clause_years(st, text, body, clean) if figs and "年" in text else []
    # statements of nothing (of applications, fees, 复议/诉讼: not under other matters)
    if st.ctx != "other" or _PROCESSING_FEE.search(text, body):
        # the 2021 form reports the fees under 六、其他需要报告的事项 (收取信息处理费情况)
        _zero_statements(st, i, text, idx, body)
    has_breakdown = "其中" in text
    for f in figs:
        if years:
            about = next((y for s, e, y in years if s <= f.start < e), None)
            if about is not None and about != st.year:
                if f.unit != "%":
                    _other(st, f, idx, text, year=about)
                st.last = None
                continue
        k = text.rfind("其中", body, f.start) if has_breakdown else -1
        st.breakdown = False
        if k != -1 and sent_of(k) == f.sent and f.unit != "%":
            if (
                st.total is None
                and st.ctx == "proactive"
                and st.last is not None
                and st.last[1]["section"] == "channel"
                and st.last[0].sent >= f.sent - 1
            ):
                _channel_to_total(st)
            st.breakdown = st.total is not None
            if (
                st.last is not None
                and st.last[0].start < k
                and st.other_parent is None
                and st.last[1]["section"] == OTHER_SECTION
            ):
                # the whole of a breakdown of other counts; a standard item is never the parent of
                # an other count (its parts are the standard ones, which checks add up)
                st.other_parent = (f.sent, st.last[1]["item"])
            elif st.last is not None and st.last[0].start < k:
                st.share_base = (f.sent, st.last[1]["item"])
        elif k != -1 and sent_of(k) == f.sent:
            st.breakdown = st.total is not None
        if st.other_parent is not None and st.other_parent[0] != f.sent:
            st.other_parent = None
        if st.other_parent is not None:
            st.breakdown = False  # the parts of an other count (其中专项资金152条): no categories
        changed = False
        if f.unit and (st.ctx != "other" or _PROCESSING_FEE.search(f.label)):
            changed = _figure(st, f, text, idx)
        taken = (f.line, idx[f.start] if idx else f.start) in st.taken
        if f.unit == "%":
            if not taken:
                _other_share(st, f, idx, text)
            if (f.line, idx[f.start] if idx else f.start) not in st.taken:
                _rate(st, f, idx, text)
        elif not changed and not taken:
            last_year = _PREV_YEAR.search(f.label) and not _CARRIED_IN.search(f.label)
            _other(st, f, idx, text, year=st.year - 1 if last_year else None)
        if f.unit != "%" and not changed and (st.last is None or st.last[0] is not f):
            st.last = None  # a share printed after a figure not taken belongs to nothing we emitted
    st.breakdown = False


def _clause_years(st: _State, text: str, body: int, line: str) -> list[tuple[int, int, int]]:
    """(start, end, year) of the stretches of ``text`` (a paragraph, or a part of one under a
    heading) that a year governs: from a year named to the next year named or the end (2019年,我镇
    通过…网站公开信息94条。通过微信…公布信息25条。: both about 2019). Years inside titles and
    quotations (《2019年工作要点》), dates (2021年12月31日), ranges (2021年1月1日至…) and
    comparisons
    (比2016年多125条) do not count."""
    if all(int(y) == st.year for y in _YEAR_NAMED.findall(text, body)):
        return []
    marks = [
        (ym.start(), int(ym["y"]))
        for ym in _OTHER_YEAR.finditer(text, body)
        if not _is_date_range(text, ym.start()) and not in_quotes(line, ym.start("y"), ym.end("y"))
    ]
    return [
        (at, marks[n + 1][0] if n + 1 < len(marks) else len(text), y)
        for n, (at, y) in enumerate(marks)
    ]


def _channel_to_total(st: _State) -> None:
    """A single channel's figure followed by 其中 and categories is the proactive total
    (通过政府门户网站主动公开信息138条。其中:概况3条, …)."""
    f, rec = st.last  # type: ignore[misc]
    old = next(k for k, v in st.keys.items() if v is rec)
    del st.keys[old]
    rec["section"], rec["item"], rec["parent"] = "proactive", PROACTIVE_TOTAL, None
    st.keys[(old[0], "proactive", None, PROACTIVE_TOTAL, old[4], old[5], old[6])] = rec
    st.total = rec


# --- other counts ---------------------------------------------------------------------------------

_OTHER_LEAD = re.compile(
    r"^(?:[、 ()”]|其中|另外|以及|及|另|此外|同时|并且|并|还|已|均|共计|总共|共|合计|全年|今年|"
    r"本年度?|年内|"
    r"截至目前|截止目前|目前|(?:19|20)\d\d年度?|年度|度)+"
)
#: words a phrase does not end with (的, 为, 达, 及, …), longest first
_OTHER_TAIL = (
    *'、 (:"“',
    "累计达",
    "达到",
    "共计",
    "超过",
    "以及",
    *"的为达有共约近逾及和与",
)


def _strip_tail(text: str) -> str:
    while text.endswith(_OTHER_TAIL):
        text = text[: -next(len(w) for w in _OTHER_TAIL if text.endswith(w))]
    return text


_AFTER_UNIT = re.compile(r"[^,;。:!?、\d(]{0,16}")


def _other_item(st: _State, f: _Fig, text: str) -> str:
    """The phrase that says what an other count counts, as written around the number: the label
    before it without leading connectives or year, and the words right after the unit when the
    phrase goes on (举办了3次经济运行统计新闻发布会 → 举办了…经济运行统计新闻发布会)."""
    item = _strip_tail(_OTHER_LEAD.sub("", f.label.strip()))
    tail_m = _AFTER_UNIT.match(text, f.end)
    tail = _strip_tail(tail_m.group(0).strip()) if tail_m else ""
    if tail and (_CJK.match(tail) or tail[0] in "《“"):
        item = f"{item}…{tail}" if item else tail
    if not _CJK.search(item):
        last = st.last[1] if st.last is not None and st.last[0].sent == f.sent else None
        item = (
            last["item"]
            if last is not None and last["section"] == OTHER_SECTION
            else f.num_text + f.unit
        )
    return item


_CJK = re.compile(r"[\u4e00-\u9fff]")
_APPROX_BEFORE = ("约", "近", "逾", "超过", "至少", "不少于", "不下", "上")


def _other(
    st: _State, f: _Fig, idx: list[int] | None, text: str, *, year: int | None = None
) -> None:
    """Keep a count the text states that is no standard item, in section ``other``."""
    if f.num_text[0] in _CN and (f.num_text == "一" or not _CJK.search(f.label)):
        return  # 一 and numerals without a label are words, not counts (the account says so)
    money = f.unit in _MONEY
    if not money and not float(f.num.value).is_integer():
        return
    item = _other_item(st, f, text)
    if f.num.approx or f.label.endswith(_APPROX_BEFORE):
        # 200多次, 约4900人次: an activity count stated roughly is not kept (the account says so);
        # it may still be the whole of a 其中 that follows
        st.set_aside[(f.line, *_span(idx, f.start, f.end))] = "approximate"
        if year is None and not money:
            whole = {
                "section": OTHER_SECTION,
                "item": item,
                "parent": None,
                "label": item,
                "year": st.year,
            }
            st.last = (f, whole)
        return
    parent = None
    if st.other_parent is not None and st.other_parent[0] == f.sent and year is None:
        parent = st.other_parent[1]
    a, b = _span(idx, f.start, f.end)
    key_year = st.year if year is None else year
    measure = "amount" if money else "count"
    key = (key_year, OTHER_SECTION, parent, item, None, measure, None)
    old = st.keys.get(key)
    if old is not None and old.get("count", old.get("value")) != f.num.value:
        # the same phrase again with another number: 54期97条 names the unit, otherwise the
        # clause group (up to ; or 。) says which, otherwise the phrase is numbered (组织开展(2))
        if old.get("unit") != f.unit:
            item = f"{item}({f.unit})"
        else:
            k = max(text.rfind(";", 0, f.start), text.rfind("。", 0, f.start))
            item = _OTHER_LEAD.sub("", text[k + 1 : f.start].strip())[-40:] or item
        n = 2
        base_item = item
        while (key_year, OTHER_SECTION, parent, item, None, measure, None) in st.keys:
            item = f"{base_item}({n})"
            n += 1
    rec = st.emit(
        f.line,
        a,
        b,
        section=OTHER_SECTION,
        item=item,
        parent=parent,
        measure=measure,
        number=f.num.value,
        unit=f.unit or None,
        approx=f.num.approx,
        label=_raw_label(st, f, idx) or item,
        year=year,
    )
    if rec is not None and year is None and not money:
        _remember(st, f, rec)


def _other_share(st: _State, f: _Fig, idx: list[int] | None, text: str) -> None:
    """A percentage printed after an other count that belongs to a 其中 breakdown: its share of
    the breakdown's whole (其中,通过网站提交的862件,占比82.4%; also written 100人次,2.04%占)."""
    if st.last is None or st.last[0].sent != f.sent:
        return
    if not (
        _SHARE_LABEL_END.search(f.label)
        or (not f.label.strip() and _SHARE_AFTER.match(text, f.end))
    ):
        return
    last = st.last[1]
    if last["section"] != OTHER_SECTION:
        return
    base = last.get("parent")
    if base is None and st.share_base is not None and st.share_base[0] == f.sent:
        base = st.share_base[1]
    if base is None and st.ctx == "proactive" and st.total is not None:
        base = PROACTIVE_TOTAL  # 各乡镇主动公开政府信息122条,占28.7%: a share of the year's total
    elif base is None and st.ctx == "applications" and st.has_received:
        base = RECEIVED  # 公民个人提出申请1030件,占比98.5%: a share of the applications received
    if base is None:
        return
    decimals = len(f.num_text.split(".")[1]) if "." in f.num_text else 0
    a, b = _span(idx, f.start, f.end)
    st.emit(
        f.line,
        a,
        b,
        section=OTHER_SECTION,
        item=last["item"],
        parent=last.get("parent"),
        measure="share_pct",
        number=f.num.value,
        unit="%",
        base=base,
        decimals=decimals,
        approx=f.num.approx,
        label=f"{last['label']} 占{f.num_text}%",
        year=last["year"],
    )


_SHARE_AFTER = re.compile(r"\s?占(?:比)?\s?(?:[。;,]|$)")
#: a rate named before it (办结率100%, 群众满意率达到98.5%)
_RATE_NAMED = re.compile(r"率\s?(?:为|是|达到|达|均为|均达|约为|约)?\s?$")
#: the words of a rate written before what it is a rate of (92%高频便民服务事项实现“全程网办”)
_RATE_PHRASE = re.compile(r"[\u4e00-\u9fff“\"《][^,;。:!?()]{1,39}")
_RATE_LEAD = re.compile(r"^(?:[、 ()”]|其中|并|且|已|均|都|全部|实现|达到|达|共|约|近|超过)*$")


def _rate(st: _State, f: _Fig, idx: list[int] | None, text: str) -> None:
    """A percentage printed on its own, neither a share of a count nor a growth rate: a rate the
    report states (办结率100%, 公开率100%, 92%高频便民服务事项实现“全程网办”), kept in section
    ``other`` with measure ``rate_pct`` and the rate's phrase as item: the label when it names a
    rate (…率), else the words after the percentage when only connectives come before it."""
    lead = f.label.rsplit("、", 1)[-1]  # in a list (…“全岛联办”、92%高频…) the rate's own words
    start, end = f.start - len(f.label), f.end  # of the rate's words, the number included
    if _RATE_NAMED.search(f.label):
        label = _strip_tail(_OTHER_LEAD.sub("", f.label.strip()))
        item = _RATE_NAMED.sub("率", label) if label else ""
    elif _RATE_LEAD.match(lead.strip()):
        m = _RATE_PHRASE.match(text, f.end)
        item = _strip_tail(m.group(0).strip()) if m else ""
        start, end = f.start - len(lead), f.end + (m.end() - f.end if m else 0)
    else:
        return
    if not _CJK.search(item):
        return
    decimals = len(f.num_text.split(".")[1]) if "." in f.num_text else 0
    a, b = _span(idx, f.start, f.end)
    wa, wb = _span(idx, start, end)
    st.emit(
        f.line,
        a,
        b,
        section=OTHER_SECTION,
        item=item,
        measure="rate_pct",
        number=f.num.value,
        unit="%",
        decimals=decimals,
        approx=f.num.approx,
        label=st.text.lines[f.line][wa:wb].strip(" ,，、") or item,
    )


# --- the pre-2019 statistics table ----------------------------------------------------------------

_TABLE_HEADER = re.compile(r"指标名称|统计表.{0,30}(?:计量|单位)")
_TABLE_COLUMNS = re.compile(r"(?:19|20)\d\d\s*年度?|本年度?|历年累计|累计|合计")
_TABLE_ROW = re.compile(
    r"(?P<label>[\u4e00-\u9fff][^|\d]{1,40}?)\s*\|?\s*(?P<unit>人次|万元|元|件|条|次|个|项|份)\s*\|?\s*"
    r"(?P<values>\d[\d.,]*(?:\s*\|?\s*\d[\d.,]*)*)"
)
_TABLE_ORDINAL = re.compile(r"^\s*(?:其中\s*[:：]?)?\s*(?:\d{1,2}\s*[.、]|[（(]\d{1,2}[)）])?\s*")
#: labels of the statistics table → (section, item, parent, field); the rest go to ``other``
_TABLE_ITEMS: tuple[tuple[re.Pattern[str], tuple[str, str, str | None, str | None]], ...] = (
    (
        re.compile(r"^主动公开(?:政府)?(?:信息|文件)(?:总)?数"),
        ("proactive", PROACTIVE_TOTAL, None, None),
    ),
    (re.compile(r"^(?:政府)?网站公开"), ("channel", "政府门户网站", None, None)),
    (re.compile(r"^政府公报公开"), ("channel", "政府公报", None, None)),
    (re.compile(r"^(?:受理)?依申请公开信息(?:总)?数"), ("applications", RECEIVED, None, None)),
    (re.compile(r"^对申请的答复(?:总)?数"), ("applications", ANSWERED, None, None)),
    (re.compile(r"^同意公开答复数"), ("outcomes", "同意公开", ANSWERED, None)),
    (re.compile(r"^同意部分公开答复数"), ("outcomes", "部分公开", ANSWERED, None)),
    (re.compile(r"^(?:否决公开|不予公开)答复数"), ("outcomes", "不予公开", ANSWERED, None)),
    (re.compile(r"^行政复议数"), ("reconsideration", "行政复议", None, TOTAL)),
    (re.compile(r"^行政诉讼数"), ("litigation", "行政诉讼", None, TOTAL)),
)


def _statistics_table(
    st: _State, i: int, clean: str, idx: list[int] | None, a: int, b: int
) -> bool:
    """Read the rows of the pre-2019 statistics table in ``clean[a:b]``; True when it is one."""
    seg = clean[a:b]
    h = _TABLE_HEADER.search(seg)
    start = a
    if h is not None:
        head = seg[h.end() : h.end() + 60]
        columns = list(_TABLE_COLUMNS.finditer(head))
        st.table_columns = max(1, min(2, len(columns)))
        start = a + h.end() + (columns[-1].end() if columns else 0)
    if st.table_columns is None:
        return False
    found = False
    for m in _TABLE_ROW.finditer(clean, start, b):
        found = True
        label = _TABLE_ORDINAL.sub("", m["label"]).strip()
        values = m["values"]
        v0 = m.start("values")
        rest = clean[m.end() : m.end() + 2]
        # the next row's ordinal glued to this row's last value: …条41815092.政府公报公开 (the
        # values may hold the 2. itself)
        if values.endswith(".") and len(values) > 2:
            values, rest = values[:-1], "." + rest
        if rest[:1] in (".", "、") and len(values) > 1 and values[-1].isdigit():
            values = values[:-1]
        cells = _table_cells(st, values, v0)
        if cells is None:
            sa, sb = _span(idx, v0, v0 + len(values))
            ref = st.text.ref(i, sa, sb)
            st.findings.append(
                {
                    "rule": "run_together_cells",
                    "ok": False,
                    "severity": "warning",
                    "agency": st.agency,
                    "year": st.year,
                    "section": None,
                    "item": label,
                    "found": None,
                    "message": f"{ref}: the statistics table row {label!r} holds "
                    f"{values.strip()!r}, {st.table_columns} cells run together without a "
                    "separator; the figures cannot be told apart and are not read",
                    "sources": ref,
                }
            )
            continue
        for col, (p0, p1, ptext) in enumerate(cells):
            _table_figure(st, i, idx, label, m["unit"], p0, p1, ptext, cumulative=col == 1)
    if not found and h is None:
        st.table_columns = None
    return found or h is not None


def _table_cells(st: _State, run: str, at: int) -> list[tuple[int, int, str]] | None:
    """The cells of a row's values, or None when they run together and cannot be told apart."""
    spans = split_run(run, st.table_columns or 1)
    if spans is None:
        return None
    return [(at + p, at + q, run[p:q]) for p, q in spans]


def _table_figure(
    st: _State,
    i: int,
    idx: list[int] | None,
    label: str,
    unit: str,
    p0: int,
    p1: int,
    ptext: str,
    *,
    cumulative: bool,
) -> None:
    try:
        number = parse_number(ptext)
    except ValueError:
        return
    if number is None:
        return
    a, b = _span(idx, p0, p1)
    money = unit in _MONEY
    if not money and not number.is_integer:
        return
    measure = "amount" if money else "count"
    value = number.value

    def emit(section: str, item: str, parent: str | None = None, field_: str | None = None) -> None:
        st.emit(
            i,
            a,
            b,
            section=section,
            item=item,
            parent=parent,
            field_=field_,
            measure=measure,
            number=value,
            unit=unit,
            label=label,
        )

    target = next((t for rx, t in _TABLE_ITEMS if rx.search(label)), None)
    if cumulative or target is None:
        emit(OTHER_SECTION, f"{label}(历年累计)" if cumulative else label)
        return
    emit(*target)
    if (i, a) not in st.taken:  # the prose stated another number for it: kept as an other count
        emit(OTHER_SECTION, label)


def _is_date_range(text: str, at: int) -> bool:
    return bool(_DATE_AT.match(text[at : at + 10]))


def _span(idx: list[int] | None, a: int, b: int) -> tuple[int, int]:
    if idx is None:
        return a, b
    return idx[a], idx[b - 1] + 1


_ZERO_HINT = re.compile(r"复议|诉讼|费|申请")
#: the fee of the 2021 form (信息处理费), reported under 六、其他需要报告的事项
_PROCESSING_FEE = re.compile(r"信息处理费")
_CLAUSE = re.compile(r"[^,;。!?]+")
_SEGMENT = re.compile(r"[^。;!?]+")


def _zero_statements(st: _State, i: int, text: str, idx: list[int] | None, body: int) -> None:
    if not _ZERO_HINT.search(text, body):
        return
    for clause_m in _CLAUSE.finditer(text[body:]):
        c0 = body + clause_m.start()
        clause = clause_m.group(0)
        has_review = _REVIEW_WORD.search(clause)
        has_lit = _LITIGATION_WORD.search(clause)
        if (has_review or has_lit) and (
            st.ctx == "review" or "信息公开" in clause or "申请" in clause
        ):
            neg = _REVIEW_NEG.search(clause)
            if neg and _DIGIT.search(_YEARS.sub("", clause)) is None:
                for word, section, item in (
                    (_REVIEW_WORD.search(clause, neg.end()), "reconsideration", "行政复议"),
                    (_LITIGATION_WORD.search(clause, neg.end()), "litigation", "行政诉讼"),
                ):
                    if word:
                        a, b = _span(idx, c0 + neg.start(), c0 + word.end())
                        st.emit(
                            i,
                            a,
                            b,
                            section=section,
                            item=item,
                            number=0,
                            unit="件",
                            label=_raw(st, i, a, b),
                            field_=TOTAL,
                        )
            continue
        if st.ctx in ("fees", "applications", "overview") or "费" in clause:
            m = _FEES_ZERO.search(clause)
            if (
                m
                and not st.fees_done
                and _DIGIT.search(m.group(0)) is None
                and (
                    st.ctx == "fees"
                    or "信息公开" in clause
                    or "申请" in clause
                    or "费用" in m.group(0)
                    or _PROCESSING_FEE.search(clause)
                )
            ):
                a, b = _span(idx, c0 + m.start(), c0 + m.end())
                st.fees_done = True
                st.emit(
                    i,
                    a,
                    b,
                    section="fees",
                    item="收取费用",
                    measure="amount",
                    number=0.0,
                    unit="元",
                    label=_raw(st, i, a, b),
                )
                continue
        m = _APPLICATIONS_ZERO.search(clause)
        if (
            m
            and st.ctx in ("applications", "fees", "overview")
            and _DIGIT.search(m.group(0)) is None
        ):
            a, b = _span(idx, c0 + m.start(), c0 + m.end())
            st.emit(
                i,
                a,
                b,
                section="applications",
                item=RECEIVED,
                number=0,
                unit="件",
                label=_raw(st, i, a, b),
            )


def _raw(st: _State, i: int, a: int, b: int) -> str:
    return st.text.lines[i][a:b]


def _clean_label(label: str) -> str:
    label = _LEAD_CONNECTIVE.sub("", label)
    label = _LEAD_YEAR.sub("", label)
    return label.strip(" 、")


def _figure(st: _State, f: _Fig, text: str, idx: list[int] | None) -> bool:
    """Read one figure; True when it was a change against last year (the last figure stays)."""
    label = f.label
    num = f.num
    if f.unit == "%":
        _percent(st, f, idx, label)
        return False
    if not float(num.value).is_integer() and f.unit not in ("元", "万元"):
        return False
    # a change against last year: derive last year's figure
    cm = _CHANGE.search(label)
    if cm and st.last is not None and st.last[0].sent == f.sent:
        _change(st, f, idx, cm)
        return True
    if _PREV_YEAR.search(label) and not _CARRIED_IN.search(label):
        return False
    lab = _clean_label(label)
    ctx = st.ctx
    # 复议/诉讼 cases, also under the heading of applications (共有行政诉讼案件1件)
    if ctx == "review" or _REVIEW_WORD.search(lab) or _LITIGATION_WORD.search(lab):
        _review(st, f, idx, lab)
        return False
    # application flow and outcomes
    if ctx in ("applications", "overview", "fees") or "申请" in label:
        if _application(st, f, idx, lab, text):
            return False
    if ctx in ("fees",) or _CHARGE_WORDS.search(lab):
        if (
            f.unit in ("元", "万元")
            and _CHARGE_OR_FEE.search(lab)
            and not _WAIVER_WORDS.search(lab)
        ):
            _emit_fig(
                st, f, idx, section="fees", item="收取费用", measure="amount", value=num.value
            )
        return False
    if ctx in ("proactive", "overview"):
        _proactive(st, f, idx, lab, text)
    return False


def _emit_fig(
    st: _State,
    f: _Fig,
    idx: list[int] | None,
    *,
    section: str,
    item: str,
    parent: str | None = None,
    measure: str = "count",
    value: float | None = None,
) -> dict | None:
    a, b = _span(idx, f.start, f.end)
    number = f.num.value if value is None else value
    raw_label = _raw_label(st, f, idx)
    rec = st.emit(
        f.line,
        a,
        b,
        section=section,
        item=item,
        parent=parent,
        measure=measure,
        number=number,
        unit=f.unit,
        approx=f.num.approx,
        label=raw_label or item,
    )
    if rec is not None and measure == "count":
        _remember(st, f, rec)
    return rec


def _remember(st: _State, f: _Fig, rec: dict[str, Any]) -> None:
    """``rec`` is the last count read; a total of applications is also the base of the shares of
    outcomes printed after it in its sentence (办结…50件，其中予以公开23件，占46.00%: of 50)."""
    st.last = (f, rec)
    if rec["section"] == "applications" and rec["item"] == RECEIVED:
        st.outcome_base = (f.sent, RECEIVED)
    elif rec["section"] == "outcomes" and rec["item"] == TOTAL:
        st.outcome_base = (f.sent, TOTAL)


def _raw_label(st: _State, f: _Fig, idx: list[int] | None) -> str:
    """The label of ``f`` as the source wrote it."""
    if not f.label:
        return ""
    a, _ = _span(idx, f.start - len(f.label), f.start)
    b, _ = _span(idx, f.start, f.end)
    raw = st.text.lines[f.line][a:b].strip(" 、,，:：")
    return _LEAD_CONNECTIVE_YEAR.sub("", raw) or raw


def _proactive(st: _State, f: _Fig, idx: list[int] | None, lab: str, text: str) -> None:
    if f.unit not in ("条", "件", "篇", "项", "个", "次", "场"):
        return
    channels = [name for name, rx in _CHANNELS if rx.search(lab)]
    if "政府门户网站" in channels and "部门网站" in channels:
        channels.remove("部门网站")
    if "新闻发布会" in channels:
        channels = [c for c in channels if c == "新闻发布会"]
    other_media = _OTHER_MEDIA.search(lab)
    if channels:
        if len(channels) > 1 or other_media or "等" in lab:
            return  # several channels together: not one channel's figure
        channel = channels[0]
        if channel != "新闻发布会" and not _PUBLISH_VERB.search(lab):
            return
        if channel == "新闻发布会" and f.unit not in ("次", "场"):
            return
        if channel != "新闻发布会" and f.unit in ("次", "场") and channel != "新闻通稿":
            return
        if "累计" in lab or _NOT_PUBLISHED_WORDS.search(lab):
            return
        _emit_fig(st, f, idx, section="channel", item=channel)
        return
    if other_media:
        return
    if f.unit in ("次", "场", "个"):
        return
    if st.breakdown and st.total is not None:
        item = _category_item(lab)
        if item is not None:
            _emit_fig(st, f, idx, section="proactive", item=item, parent=PROACTIVE_TOTAL)
        return
    if (
        _TOTAL_LABEL.search(lab)
        and (
            st.ctx == "proactive"
            or "主动公开" in lab
            # 总体情况: 今年,我区…共公布政府信息2599条 (information published is disclosed)
            or (st.ctx == "overview" and _PUBLISHED_INFO.search(lab))
        )
        and not lab.startswith("其他")  # 其他应主动公开政府信息856条: the last category
    ):
        if st.total is not None:
            return
        if "累计" in lab and _later_total(text, f.end):
            return
        if _INTERACTION_WORDS.search(lab):
            return
        rec = _emit_fig(st, f, idx, section="proactive", item=PROACTIVE_TOTAL)
        if rec is not None:
            st.total = rec


def _later_total(text: str, at: int) -> bool:
    rest = text[at:]
    return bool(_NEW_THIS_YEAR.search(rest))


def _category_item(lab: str) -> str | None:
    lab = lab.strip(" 、")
    if _OTHER_CATEGORY.fullmatch(lab):
        return "其他类"  # 其他应主动公开的政府信息856条: the last category of a breakdown
    # a long label is a category only when it says so (民政扶贫救灾社会保障就业类信息)
    if not lab or len(lab) > (24 if _NAMED_CATEGORY.search(lab) else 14):
        return None
    if _CATEGORY_BAD.search(lab):
        return None
    stem = _INFO_SUFFIX.sub("", lab)
    stem = _CLASS_SUFFIX.sub("", stem)
    if not stem or not _CJK_LIST.fullmatch(stem):
        return None
    return stem + "类"


def _application(st: _State, f: _Fig, idx: list[int] | None, lab: str, text: str) -> bool:
    """Application flow and outcomes; True when the figure was taken (or deliberately left)."""
    if f.unit not in ("件", "条", "个", "起", "份", "次", "人次", "项"):
        return False
    tail_m = _CLAUSE_REST.match(text[f.end :])
    tail = tail_m.group(0) if tail_m else ""
    full = lab
    if _RECEIVE_VERB_END.search(lab) and "申请" in tail:
        full = lab + tail  # 收到12起政府信息依申请公开
    if st.ctx not in ("applications", "overview") and not _DISCLOSURE_WORDS.search(full):
        return False  # 窗口共受理申请136437件 under another heading: service applications
    if _CARRIED_IN.search(full):
        _emit_fig(st, f, idx, section="applications", item=CARRIED_IN)
        return True
    if _CARRIED_FORWARD.search(full):
        _emit_fig(st, f, idx, section="applications", item=CARRIED_FORWARD)
        return True
    if _RECEIVED.search(full) and not _REVIEW_WORDS.search(full):
        item = RECEIVED
        if _INCLUDING_CARRIED.match(text[f.end :]):
            item = f"{RECEIVED}+{CARRIED_IN}"
        _emit_fig(st, f, idx, section="applications", item=item)
        st.refusal = False
        return True
    if st.ctx not in ("applications",) and "申请" not in full and st.last is None:
        return False
    for rx, item in _OUTCOMES:
        if rx.search(full):
            if st.form != "narrative":
                standard = _STANDARD_OUTCOME.get(item)
                if standard is None:
                    return True
                item = standard
                _emit_fig(st, f, idx, section="outcomes", item=item)
            else:
                _emit_fig(st, f, idx, section="outcomes", item=item, parent=ANSWERED)
            if item == "不予公开":
                st.refusal = True
            return True
    if st.ctx == "applications" or (
        st.last is not None and st.last[1]["section"] in ("applications", "outcomes")
    ):
        if st.form == "narrative":
            reason = _reason_item(full)
            if reason is not None and (reason != "其他原因" or st.refusal):
                _emit_fig(st, f, idx, section="outcomes", item=reason, parent=REFUSED)
                return True
        if _ANSWERED.search(full) and not _NOT_AN_ANSWER.search(full):
            if st.form == "narrative":
                _emit_fig(st, f, idx, section="applications", item=ANSWERED)
            else:
                _emit_fig(st, f, idx, section="outcomes", item=TOTAL)
            return True
    return st.ctx == "applications"


def _reason_item(label: str) -> str | None:
    key = label.rstrip("的")
    stripped = _REASON_PREFIX.sub("", key).rstrip("的")
    for rx, item in _REASONS:
        if rx.search(stripped):
            if item == "其他原因":
                return "其他原因"
            # keep the report's own wording when it says more than the usual label
            return item if stripped in (item, item.replace("申请", "")) else stripped
    return None


def _review(st: _State, f: _Fig, idx: list[int] | None, lab: str) -> None:
    if f.unit not in ("件", "起", "个", "次", "例"):
        return
    if _REVIEW_RESULT_WORDS.search(lab):
        return
    if _REVIEW_WORD.search(lab) and not _LITIGATION_WORD.search(lab):
        _emit_fig_field(st, f, idx, section="reconsideration", item="行政复议")
    elif _LITIGATION_WORD.search(lab) and not _REVIEW_WORD.search(lab):
        _emit_fig_field(st, f, idx, section="litigation", item="行政诉讼")


def _emit_fig_field(st: _State, f: _Fig, idx: list[int] | None, *, section: str, item: str) -> None:
    a, b = _span(idx, f.start, f.end)
    st.emit(
        f.line,
        a,
        b,
        section=section,
        item=item,
        number=f.num.value,
        unit=f.unit,
        approx=f.num.approx,
        label=item,
        field_=TOTAL,
    )


def _percent(st: _State, f: _Fig, idx: list[int] | None, label: str) -> None:
    if st.last is None or st.last[0].sent != f.sent:
        return
    last_fig, last = st.last
    decimals = len(f.num_text.split(".")[1]) if "." in f.num_text else 0
    a, b = _span(idx, f.start, f.end)
    common = dict(unit="%", decimals=decimals, approx=f.num.approx)
    if _SHARE_LABEL_END.search(label) or label.strip(" 、") in ("", "占"):
        if "占" not in label:
            return
        section, item = last["section"], last["item"]
        if section in ("proactive", "channel"):
            base = PROACTIVE_TOTAL
        elif section == "outcomes" and st.outcome_base == (f.sent, TOTAL):
            base = TOTAL  # the sentence's last total is 办结 (办理结果总计), not 本年新收
        elif section in ("applications", "outcomes"):
            base = RECEIVED
        else:
            return
        if item == base:
            return
        st.emit(
            f.line,
            a,
            b,
            section=section,
            item=item,
            parent=last["parent"],
            measure="share_pct",
            number=f.num.value,
            base=base,
            label=f"{last['label']} 占{f.num_text}%",
            **common,
        )
        return
    gm = _GROWTH.search(label)
    if gm:
        sign = -1 if gm["dir"] in ("下降", "减少", "降低", "降幅", "降幅为") else 1
        st.emit(
            f.line,
            a,
            b,
            section=last["section"],
            item=last["item"],
            parent=last["parent"],
            measure="growth_pct",
            number=sign * f.num.value,
            label=label.strip(" ,") or "增长",
            **common,
        )


def _change(st: _State, f: _Fig, idx: list[int] | None, cm: re.Match[str]) -> None:
    last_fig, last = st.last  # type: ignore[misc]
    if (
        f.num.approx
        or last_fig.num.approx
        or last["item"] != PROACTIVE_TOTAL
        and last["section"] not in ("applications",)
    ):
        return
    sign = -1 if cm["dir"] in ("少", "减少", "下降") else 1
    change = int(f.num.value) * sign
    previous = int(last["count"]) - change
    if previous < 0:
        return
    ym = _YEAR_IN_LABEL.search(f.label)
    year = int(ym.group(1)) if ym else st.year - 1
    if year >= st.year:
        return
    a, b = _span(idx, f.start, f.end)
    ref = st.text.ref(f.line, a, b)
    op = "−" if change >= 0 else "+"
    raw = _raw_label(st, f, idx) + st.text.lines[f.line][a:b]
    st.emit(
        f.line,
        a,
        b,
        section=last["section"],
        item=last["item"],
        parent=last["parent"],
        number=previous,
        unit=last["unit"],
        year=year,
        label=raw,
        source=f"derived: {last['count']} {op} {abs(change)} from {ref}",
    )
