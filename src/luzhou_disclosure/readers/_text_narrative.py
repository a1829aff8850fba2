"""Figures stated in the prose of a report: the pre-2019 narrative, and 总体情况 of standard forms.

The reader is deliberately narrow (precision over recall). It finds number tokens with a unit
(``811条``, ``400余条``, ``三件``, ``37.62万条``, ``6.10%``) and names a figure only when the words
right before the number (its *label*) say what is counted, in a section of the report that is about
it (headings set the context: 主动公开, 依申请公开, 收费, 复议/诉讼; other parts such as 存在的问题 or
政务公开工作要点 are not read). Statements of nothing (未收取费用, 无…行政复议, 未收到…申请) give 0.
Everything else — dates, phone numbers, document numbers (〔2017〕55号), counts of publications,
figures about another year — is left alone.

Each figure carries the span of its number (``811条``, ``占0.37%`` → ``0.37%``) or of the
statement of nothing (``未收取费用``) in its line.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .._findings import unreadable_figure
from .._numbers import TOO_LARGE, parse_number
from .._vocab import (
    ANSWERED,
    CARRIED_FORWARD,
    CARRIED_IN,
    PROACTIVE_TOTAL,
    RECEIVED,
    REFUSED,
    TOTAL,
)
from ._text_source import Text, strip_junk

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
_CLAUSE_REST = re.compile(r"[^,;。]*")
_RECEIVE_VERB_END = re.compile(r"(?:收到|受理|接到|共|办理|答复)$")
_INCLUDING_CARRIED = re.compile(r"\s*\(含上(?:一)?年度?结转")
_NOT_AN_ANSWER = re.compile(r"复议|诉讼|咨询|信箱|热线|建议|提案")
_REVIEW_RESULT_WORDS = re.compile(r"维持|纠正|撤销|驳回|审结|其他|胜诉|败诉")
_SHARE_LABEL_END = re.compile(r"占[^,;。]{0,12}$")
_YEAR_IN_LABEL = re.compile(r"((?:19|20)\d\d)年")


NARRATIVE_FIELD = "narrative"

# --- tokens -------------------------------------------------------------------------------------

_CN = "零〇一二两三四五六七八九十百千"
_FIG = re.compile(
    rf"(?<![\d.\-—/a-zA-Z第])(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|[{_CN}]+)"
    r"\s?(?P<big>万|亿)?(?P<approx>余|多)?\s?"
    r"(?P<unit>人次|万元|%|件|条|次|篇|项|个|起|场|元|期|份|例|家)"
)
_DELIM = re.compile(r"[,;。:!?]")
_SENT_END_RE = re.compile(r"[。!?]")


@lru_cache(maxsize=4096)
def _parse(token: str) -> Any:
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
_OTHER_YEAR = re.compile(
    r"(?<![比较与同于自至从止到\d])(?P<y>(?:19|20)\d\d)\s*年(?!\s*\d{1,2}\s*月)"
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
    total_fig: _Fig | None = None
    breakdown: bool = False  # inside 其中: … after the total
    refusal: bool = False  # after 不予公开 …中
    last: tuple[_Fig, dict[str, Any]] | None = None  # last count figure emitted, with its record
    sent: int = 0
    fees_done: bool = False

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
        if self.form != "narrative":
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
        if key in self.keys:
            old = self.keys[key]
            if old.get("count") != rec.get("count") or old.get("value") != rec.get("value"):
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
                        "message": f"{rec['source']}: the text states {item} again as {label!r}; "
                        f"kept the first figure ({old['source']})",
                        "sources": f"{old['source']} | {rec['source']}",
                    }
                )
            return None
        self.keys[key] = rec
        self.rows.append(rec)
        return rec


def read_prose(
    text: Text, *, agency: str, year: int, form: str, skip: set[int] | None = None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Records (as dicts) and findings for the figures the prose of ``text`` states.

    ``form`` is ``"narrative"`` for a pre-2019 report; for a standard-form report every figure gets
    ``field="narrative"`` (see docs/records.md) so that it sits beside the table's figure of the
    same item. Lines in ``skip`` (table lines) are not read.
    """
    st = _State(text, agency, year, form)
    skip = skip or set()
    for i, norm in enumerate(text.norm):
        if i in skip or "|" in norm:
            continue
        clean, idx = strip_junk(norm)
        if not clean.strip():
            continue
        body_start = _heading(st, clean)
        if st.ctx == "other":
            continue
        _read_line(st, i, clean, idx, body_start)
    return st.rows, st.findings


def _heading(st: _State, clean: str) -> int:
    """Update the context from a heading at the start of ``clean``; return where its body starts."""
    m = _ORDINAL.match(clean)
    stripped = clean.strip()
    if m:
        level = 1 if m["l1"] else 2 if m["l2"] else 3
        end = len(clean)
        for p in ("。", ":"):
            k = clean.find(p, m.end())
            if k != -1:
                end = min(end, k + 1)
        head = clean[m.end() : end]
        if end == len(clean) and len(head) > 40:  # a numbered paragraph, not a heading
            head = head[:40]
        ctx = _heading_context(head)
        if ctx is None:
            ctx = "overview" if level == 1 else st.level_ctx.get(level - 1, st.ctx)
        st.level_ctx[level] = ctx
        for deeper in [k for k in st.level_ctx if k > level]:
            del st.level_ctx[deeper]
        _enter(st, ctx)
        return end if end < len(clean) else m.end()
    if len(stripped) <= 24 and not _NOT_A_HEADING.search(stripped) and not stripped.endswith("。"):
        ctx = _heading_context(stripped)
        if ctx is not None:
            st.level_ctx = {1: ctx}
            _enter(st, ctx)
            return len(clean)
    return 0


def _enter(st: _State, ctx: str) -> None:
    st.ctx = ctx
    st.breakdown = False
    st.refusal = False
    st.last = None


def _read_line(st: _State, i: int, clean: str, idx: list[int] | None, body: int) -> None:
    text = clean
    figs: list[_Fig] = []
    prev_end = body
    ends = [m.end() for m in _SENT_END_RE.finditer(text, body)]
    sent_starts = [body, *ends]
    delims = [m.start() for m in _DELIM.finditer(text)]
    base = st.sent

    def sent_of(pos: int) -> int:
        return base + bisect_right(ends, pos)

    for m in _FIG.finditer(text, body):
        a = m.start()
        k = bisect_left(delims, a)
        last_delim = delims[k - 1] if k else -1
        lab_start = max(last_delim + 1, prev_end)
        label = text[lab_start:a]
        prev_end = m.end()
        try:
            num = _parse(m.group(0))
        except ValueError as exc:
            num = None
            if str(exc) == TOO_LARGE:  # 12345678901234567890条: a finding, not dropped silently
                ref = st.text.ref(i, *_span(idx, a, m.end()))
                st.findings.append(unreadable_figure(st.agency, st.year, ref, m[0], TOO_LARGE))
        if num is None:
            continue
        unit = "万元" if m["big"] == "万" and m["unit"] == "元" else m["unit"]
        figs.append(_Fig(i, a, m.end(), num, m["num"], unit, label, label, sent_of(a)))
    st.sent += len(sent_starts)
    # sentences whose figures are about another year are not read
    # (a clause group ends at 。 or ;)
    bad: list[tuple[int, int]] = []
    for seg in _SEGMENT.finditer(text[body:]) if figs and "年" in text else ():
        s, e = body + seg.start(), body + seg.end()
        for ym in _OTHER_YEAR.finditer(text, s, e):
            if int(ym["y"]) != st.year and not _is_date_range(text, ym.start()):
                bad.append((s, e))
                break
    # statements of nothing
    _zero_statements(st, i, text, idx, body)
    for f in figs:
        if any(s <= f.start < e for s, e in bad):
            st.last = None
            continue
        before = text[max(0, f.start - 40) : f.start]
        k = text.rfind("其中", body, f.start)
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
        elif k != -1 and sent_of(k) == f.sent:
            st.breakdown = st.total is not None
        n_before = len(st.rows)
        changed = _figure(st, f, text, idx, before)
        if (
            f.unit != "%"
            and not changed
            and (len(st.rows) == n_before or st.last is None or st.last[0] is not f)
        ):
            st.last = None  # a share printed after a figure not taken belongs to nothing we emitted
    st.breakdown = False


def _channel_to_total(st: _State) -> None:
    """A single channel's figure followed by 其中 and categories is the proactive total
    (通过政府门户网站主动公开信息138条。其中:概况3条, …)."""
    f, rec = st.last  # type: ignore[misc]
    old = next(k for k, v in st.keys.items() if v is rec)
    del st.keys[old]
    rec["section"], rec["item"], rec["parent"] = "proactive", PROACTIVE_TOTAL, None
    st.keys[(old[0], "proactive", None, PROACTIVE_TOTAL, old[4], old[5], old[6])] = rec
    st.total, st.total_fig = rec, f


def _is_date_range(text: str, at: int) -> bool:
    return bool(_DATE_AT.match(text[at : at + 10]))


def _span(idx: list[int] | None, a: int, b: int) -> tuple[int, int]:
    if idx is None:
        return a, b
    return idx[a], idx[b - 1] + 1


def _ref(
    st: _State, f: _Fig, idx: list[int] | None, a: int | None = None, b: int | None = None
) -> str:
    a = f.start if a is None else a
    b = f.end if b is None else b
    sa, sb = _span(idx, a, b)
    return st.text.ref(f.line, sa, sb)


_ZERO_HINT = re.compile(r"复议|诉讼|费|申请")
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
                    (has_review, "reconsideration", "行政复议"),
                    (has_lit, "litigation", "行政诉讼"),
                ):
                    if word and word.start() > neg.start():
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


def _figure(st: _State, f: _Fig, text: str, idx: list[int] | None, before: str) -> bool:
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
    # application flow and outcomes
    if ctx in ("applications", "overview", "fees") or "申请" in label:
        if _application(st, f, idx, lab, text):
            return False
    if ctx == "review" or _REVIEW_WORD.search(lab) or _LITIGATION_WORD.search(lab):
        _review(st, f, idx, lab)
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
        st.last = (f, rec)
    return rec


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
    if _TOTAL_LABEL.search(lab) and (st.ctx == "proactive" or "主动公开" in lab):
        if st.total is not None:
            return
        if "累计" in lab and _later_total(text, f.end):
            return
        if _INTERACTION_WORDS.search(lab):
            return
        rec = _emit_fig(st, f, idx, section="proactive", item=PROACTIVE_TOTAL)
        if rec is not None:
            st.total, st.total_fig = rec, f


def _later_total(text: str, at: int) -> bool:
    rest = text[at:]
    return bool(_NEW_THIS_YEAR.search(rest))


def _category_item(lab: str) -> str | None:
    lab = lab.strip(" 、")
    if not lab or len(lab) > 14 or _CATEGORY_BAD.search(lab):
        return None
    stem = _INFO_SUFFIX.sub("", lab)
    stem = _CLASS_SUFFIX.sub("", stem)
    if not stem or not _CJK_ONLY.fullmatch(stem):
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
                item = _STANDARD_OUTCOME.get(item)
                if item is None:
                    return True
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
