"""An account of every number in a report text: a figure, a recognised non-figure, or a finding.

Nothing a report writes as a number may vanish silently. Every *number token* of a text — a run of
digits (``811``, ``0.37``, ``1,234``), or a Chinese numeral followed by a counting unit (``三件``,
``两名``) — ends as exactly one of:

``figure``
    a record's source span holds it (the records name their place as ``FILE:LINE:START-END``; a
    token is a figure when a record of the same source line spans it);
``non_figure``
    it is recognised as something other than a stated figure, and ``kind`` says what:

    ==================  ==================================================================
    kind                examples
    ==================  ==================================================================
    ``year``            2017年, 2019-2020学年, (2012)
    ``date``            12月31日, 2021-01-25, 20201231日 (a date that lost 年 and 月)
    ``time``            11:43, 15时
    ``phone``           0830-3190514, 联系电话:3195298, 12345 热线的号码
    ``postcode``        邮编:646000
    ``document_number`` 〔2017〕55号, 国务院令第711号, 川办发﹝2018﹞41号
    ``ordinal``         第二十条, 第3名, 1.属于国家秘密, (2)
    ``url``             www.naxi.gov.cn, ak3220095@163.com
    ``address``         江阳南路31号, 主楼14层, 107室
    ``duration``        3个工作日, 42分钟, 2年
    ``measurement``     5公里, 300平方米, 20吨
    ``outline``         the report's own outline: 全文包括…6个部分
    ``name``            a number inside a title or a quotation (《2019年工作要点》, “7个专项行动”),
                        a hotline (12345政务服务热线), a number glued to letters (5G)
    ``phrase``          一 with a counting unit in a set phrase (一次性告知, 一条龙服务, 一个窗口)
    ==================  ==================================================================

    or the reader set it aside itself and said why (``repeated`` when a figure is stated again);
``finding``
    the reader could not use it: a finding names the span (``kind`` is the finding's rule — for
    cells run together without a separator ``run_together_cells``), or, when nothing else names
    it, a finding of rule ``number_not_interpreted``.

The account works on the lines of a :class:`~._text_source.Text` and on the source spans the
records and findings name, so it holds for any source whose readers name spans with
:meth:`~._text_source.Text.ref` (plain text, HTML, a table grid rebuilt from either).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ._text_source import Text

#: counting units a Chinese numeral may carry for it to be a number token (二件, 三名, 两个)
CN_UNITS = "人次|件次|个次|批次|场次|余人|件|条|次|人|个|篇|期|项|名|场|家|份|起|例|批|本|册|种|位|户|宗|封|张|部|处|所|套|台"
_CN = "零〇一二两三四五六七八九十百千万"

_TOKEN = re.compile(rf"\d+(?:[.,]\d+)*|[{_CN}]+(?=(?:余|多)?(?:{CN_UNITS}))")

# --- non-figures --------------------------------------------------------------------------------

_URL = re.compile(
    r"(?:https?://|www\.)[\w./:?=&%#~+-]*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|[\w-]+(?:\.[\w-]+)*\.(?:gov|com|cn|net|org|edu|htm|html|shtml|jhtml|jsp|aspx?|php)\b[\w./?=&%#~-]*",
    re.ASCII,
)
_DOC = re.compile(
    r"[〔\[(【]\s*(?:19|20)\d\d\s*[〕\])】]\s*\d+\s*号?"  # 〔2017〕55号, (2016)237号
    r"|[〔\[【(]\s*(?:19|20)\d\d\d+\s*号"  # 〔201680号: a closing bracket lost
    r"|(?:令|字|发|函)\s*第?\s*\d+\s*号"  # 国务院令第711号, 国令第711号
    r"|第\s*\d+\s*号"
)
_QUOTED = re.compile(
    r"《[^《》]{0,80}》|“[^“”]{0,40}”|\"[^\"]{0,40}\"|「[^「」]{0,40}」|<[^<>]{0,60}>|〈[^〈〉]{0,60}〉"
)
_DATE = re.compile(
    r"(?:19|20)\d\d\s*[-./]\s*\d{1,2}\s*[-./]\s*\d{1,2}"  # 2021-01-25
    r"|\d{1,2}\s*:\s*\d{2}(?:\s*:\s*\d{2})?"  # 11:43
    r"|(?:19|20)\d\d\s*[-—–~至到]\s*(?:19|20)\d\d"  # 2019-2020
)
_PHONE_WORD = re.compile(r"电话|传真|热线|手机|联系方式|咨询电话|Tel|TEL|tel|电\s*话")
_POST_WORD = re.compile(r"邮编|邮政编码|邮\s*编")
_ADDRESS_WORD = re.compile(r"地址|位于|地点|办公地|坐落")
_ROAD = re.compile(r"[路街道巷弄村院区]\s*$")
_HOTLINE = frozenset(
    {
        "12345",
        "12315",
        "12369",
        "12388",
        "12380",
        "12306",
        "12333",
        "12348",
        "110",
        "119",
        "120",
        "122",
        "12110",
        "12366",
        "12320",
        "12338",
        "12351",
        "12358",
        "12365",
        "12319",
        "12336",
        "12395",
        "12313",
        "12329",
        "12393",
        "12350",
        "12309",
        "12377",
    }
)

_AFTER = {
    "date": re.compile(r"^\s*(?:月|日|时|点(?!\d)|周年)"),
    "duration": re.compile(
        r"^\s*(?:余|多)?\s*(?:个)?\s*(?:工作日|自然日|日内|天|小时|分钟|秒|周(?!年)|个月|月内|年内|年以上|年以内|年来|年间)"
    ),
    "measurement": re.compile(
        r"^\s*(?:余|多)?\s*(?:公里|千米|平方米|平方公里|平方|立方米|米|亩|公顷|吨|千克|公斤|岁|周岁|摄氏度|℃|度|GB|MB|TB|G\b|M\b|兆|千瓦|兆瓦|瓦|个百分点|百分点|倍|英寸|寸|毫米|厘米|万平方米)"
    ),
    "address": re.compile(r"^\s*(?:号楼|楼|层|室|栋|幢|单元|号院|弄|巷|号门)"),
    "outline": re.compile(r"^\s*(?:个)?\s*(?:部分|章节|大部分)"),
}
_OUTLINE_ASPECTS = re.compile(r"^\s*(?:个)?\s*方面(?:组成|的内容|内容)?")
_OUTLINE_CONTEXT = re.compile(r"包括|组成|分为|共分|由.{0,60}$|报告|年报|以下\s*$|如下\s*$|从\s*$")
_SECTION_NUMBER = re.compile(r"^\s*(?:[.、．)）]\s*(?!\d)|[)）])")
_ORDINAL_BEFORE = re.compile(r"第\s*$")
_LATIN = re.compile(r"[A-Za-z]")
_CN_ONE_PHRASE = re.compile(
    r"^一(?:次性|条龙|个窗口|件事|站式|揽子|把手|张网|张图|张清单|张表|盘棋|体化|批次|网通办|门式|次办|次告知|个平台|个中心|种方式|个部门|项制度)"
)
_DIGITS = re.compile(r"\d")
CIRCLED = frozenset("①②③④⑤⑥⑦⑧⑨❶❷❸❹❺❻❼❽❾➀➁➂➃➄➅➆➇➈")


def non_figure(norm: str, start: int, end: int, raw: str | None = None) -> str | None:
    """The kind of non-figure the number token ``norm[start:end]`` is, or None when it may be a figure.

    ``norm`` is a normalised line (:func:`._text_source.normalise`); the rules look at the words
    around the token (see the module docstring for the kinds).

    >>> line = "联系电话:0830-3190514;2017年主动公开811条"
    >>> [non_figure(line, m.start(), m.end()) for m in re.finditer(r"\\d+", line)]
    ['phone', 'phone', 'year', None]
    """
    token = norm[start:end]
    after = norm[end : end + 12]
    before = norm[max(0, start - 16) : start]
    if raw is not None and raw[start] in CIRCLED:
        return "ordinal"  # ①本级和部门预决算: a circled number, normalised to 1
    if token[0] in _CN:
        if token == "一":
            return "phrase"  # 一次性, 一条龙, 一项重要举措: a word, unless a reader took it as 1
        if before[-1:] in ("届", "第", "初", "周"):
            return "ordinal"
        if _AFTER["outline"].match(after) or (
            _OUTLINE_ASPECTS.match(after)
            and _OUTLINE_CONTEXT.search(norm[max(0, start - 80) : start])
        ):
            return "outline"
        if _AFTER["duration"].match(after) or _AFTER["measurement"].match(after):
            return "duration" if _AFTER["duration"].match(after) else "measurement"
        if before.endswith("第"):
            return "ordinal"
        return "name" if in_quotes(norm, start, end) else None
    for kind in ("url", "document_number", "date_pattern"):
        rx = _URL if kind == "url" else _DOC if kind == "document_number" else _DATE
        lo = max(0, start - 40)
        for m in rx.finditer(norm, lo, min(len(norm), end + 40)):
            if m.start() <= start and end <= m.end():
                if kind != "date_pattern":
                    return kind
                text = m.group(0)
                return (
                    "time"
                    if ":" in text
                    else "year"
                    if re.fullmatch(r"(?:19|20)\d\d", token)
                    else "date"
                )
    if start > 0 and (_LATIN.match(norm[start - 1]) and norm[start - 1] not in "xX"):
        return "name"
    if (
        end < len(norm)
        and _LATIN.match(norm[end])
        and not after.startswith(("GB", "MB", "TB", "G ", "M "))
    ):
        return "name"
    if _PHONE_WORD.search(before[-14:]) and _looks_like_phone(norm, start, end):
        return "phone"
    if _POST_WORD.search(before[-8:]) and len(token) == 6:
        return "postcode"
    if _ORDINAL_BEFORE.search(before):
        return "ordinal"
    if _AFTER["date"].match(after) or (
        before.rstrip().endswith("月") and re.match(r"^\s*号", after)
    ):
        return "date"
    if re.fullmatch(r"(?:19|20)\d\d", token) and not _takes_unit(after):
        return "year"
    if re.fullmatch(r"\d{5,8}", token) and after[:1] == "日":
        return "date"
    if _AFTER["duration"].match(after):
        return "duration"
    if _AFTER["measurement"].match(after):
        return "measurement"
    if _AFTER["address"].match(after):
        return "address"
    if re.match(r"^\s*号", after):  # 江阳西路1号, 5号文件
        if _ADDRESS_WORD.search(norm[max(0, start - 30) : start]) or _ROAD.search(before[-6:]):
            return "address"
        return "document_number"
    if _AFTER["outline"].match(after) or (
        _OUTLINE_ASPECTS.match(after) and _OUTLINE_CONTEXT.search(norm[max(0, start - 80) : start])
    ):
        return "outline"
    if token in _HOTLINE and not _takes_unit(after):
        return "name"
    if _is_section_number(norm, start, end, after):
        return "ordinal"
    if len(token.replace(",", "").replace(".", "")) >= 7 and token[0] == "0" and "." not in token:
        return "phone"
    if re.fullmatch(r"1[3-9]\d{9}", token):
        return "phone"
    return "name" if in_quotes(norm, start, end) else None


def _looks_like_phone(norm: str, start: int, end: int) -> bool:
    token = norm[start:end]
    return len(token) >= 3 and "." not in token and not _takes_unit(norm[end : end + 6])


_UNIT_AFTER = re.compile(rf"^\s?(?:万|亿)?(?:余|多)?\s?(?:{CN_UNITS}|元|万元|亿元|%|‰)")


def _takes_unit(after: str) -> bool:
    return bool(_UNIT_AFTER.match(after))


def _is_section_number(norm: str, start: int, end: int, after: str) -> bool:
    token = norm[start:end]
    if len(token) > 2 or not token.isdigit():
        return False
    prev = norm[:start].rstrip()
    opened = prev.endswith(("(", "（"))
    if opened:
        prev = prev[:-1].rstrip()
    at_start = not prev or prev[-1] in '。;;:：,，、!?！？|》”"' or prev.endswith(("其中", "其中:"))
    if not at_start and not (opened and prev and prev[-1] in "。;:：,，、|"):
        # a run of headings glued to the previous cell: 00000002.其他法律… is not a section number
        return False
    if opened:
        return bool(re.match(r"^\s*[)）]", after))
    return bool(_SECTION_NUMBER.match(after)) and not re.match(r"^\s*[.．]\d", after)


def in_quotes(norm: str, start: int, end: int) -> bool:
    """Whether ``norm[start:end]`` sits inside a title or quotation (《…》, “…”, "…", 「…」)."""
    for m in _QUOTED.finditer(norm, max(0, start - 80), min(len(norm), end + 80)):
        if m.start() < start and end < m.end():
            return True
    return False


# --- the account ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Token:
    line: int  # 0-based line of the Text
    start: int
    end: int
    text: str


def tokens(text: Text, line: int) -> list[Token]:
    """The number tokens of line ``line`` of ``text`` (spans in the line as the reader reads it)."""
    norm = text.norm[line]
    if not _DIGITS.search(norm) and not any(ch in _CN for ch in norm):
        return []
    return [
        Token(line, m.start(), m.end(), text.lines[line][m.start() : m.end()])
        for m in _TOKEN.finditer(norm)
    ]


_REF = re.compile(r"(?P<name>.+):(?P<line>\d+):(?P<a>\d+)-(?P<b>\d+)$")
_DERIVED_REF = re.compile(r"from (?P<ref>.+:\d+:\d+-\d+)$")


def _spans_of(sources: Any) -> dict[int, list[tuple[int, int]]]:
    """Source spans by (1-based) source line, from source strings (``derived: … from REF`` too;
    several refs joined by `` | `` in a finding)."""
    out: dict[int, list[tuple[int, int]]] = {}
    for source in sources:
        if not isinstance(source, str):
            continue
        for part in source.split(" | "):
            dm = _DERIVED_REF.search(part)
            ref = dm["ref"] if dm else part
            m = _REF.match(ref.strip())
            if m:
                out.setdefault(int(m["line"]), []).append((int(m["a"]), int(m["b"])))
    return out


def _covered(spans: dict[int, list[tuple[int, int]]], ln: int, a: int, b: int) -> bool:
    for s, e in spans.get(ln, ()):
        if s <= a < e or s < b <= e or (a <= s and e <= b):
            return True
    return False


ACCOUNT_COLUMNS = ("source", "text", "status", "kind")


def account(
    text: Text,
    records: list[dict[str, Any]],
    findings: list[dict[str, Any]],
    *,
    set_aside: dict[tuple[int, int, int], str] | None = None,
    agency: str | None = None,
    year: int | None = None,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The account of every number token of ``text``, and a finding for each one not interpreted.

    ``records`` and ``findings`` are what the readers made (row dicts with ``source`` /
    ``sources``); ``set_aside`` maps (line, start, end) spans of ``text.lines`` that a reader set
    aside on purpose to the reason (a kind). Returns (account rows, new findings): each account row
    has ``source`` (``FILE:LINE:START-END`` of the token in the source), ``text`` (the token as
    written), ``status`` (``figure``, ``non_figure`` or ``finding``) and ``kind``.
    """
    figure_spans = _spans_of(r.get("source") for r in records)
    finding_spans = _spans_of(f.get("sources") for f in findings)
    finding_rule: dict[int, list[tuple[int, int, str]]] = {}
    for f in findings:
        for ln, spans in _spans_of([f.get("sources")]).items():
            finding_rule.setdefault(ln, []).extend((a, b, str(f.get("rule"))) for a, b in spans)
    aside = set_aside or {}
    aside_by_line: dict[int, list[tuple[int, int, str]]] = {}
    for (ln0, a0, b0), why in aside.items():
        aside_by_line.setdefault(ln0, []).append((a0, b0, why))
    rows: list[dict[str, Any]] = []
    new: list[dict[str, Any]] = []
    for i in range(len(text.lines)):
        for tok in tokens(text, i):
            ln, a, b = text.origin(i, tok.start, tok.end)
            ref = f"{text.name}:{ln}:{a}-{b}"
            if _covered(figure_spans, ln, a, b):
                status, kind = "figure", "figure"
            else:
                why = next(
                    (w for s, e, w in aside_by_line.get(i, ()) if s <= tok.start < e),
                    None,
                )
                if why is not None:
                    status, kind = "non_figure", why
                elif (
                    kind := non_figure(text.norm[i], tok.start, tok.end, text.lines[i])
                ) is not None:
                    status = "non_figure"
                elif _covered(finding_spans, ln, a, b):
                    status = "finding"
                    kind = next(
                        (r for s, e, r in finding_rule.get(ln, ()) if s <= a < e or (a <= s < b)),
                        "finding",
                    )
                else:
                    status, kind = "finding", "number_not_interpreted"
                    new.append(
                        {
                            "rule": "number_not_interpreted",
                            "ok": False,
                            "severity": "warning",
                            "agency": agency,
                            "year": year,
                            "found": None,
                            "message": f"{ref}: the number {tok.text!r} in "
                            f"{_context(text.lines[i], tok.start, tok.end)!r} was not read as a figure "
                            "and is not a date, year, phone number, document number or other "
                            "recognised non-figure",
                            "sources": ref,
                        }
                    )
            rows.append({"source": ref, "text": tok.text, "status": status, "kind": kind})
    return rows, new


def _context(line: str, a: int, b: int) -> str:
    lo = max(0, a - 12)
    hi = min(len(line), b + 6)
    return line[lo:hi].strip()
