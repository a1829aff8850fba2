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
from functools import lru_cache
from typing import Any

from ._standard import POSITIONAL
from ._text_source import Text

#: counting units a Chinese numeral may carry for it to be a number token (二件, 三名, 两个)
CN_UNITS = (
    "人次|件次|个次|批次|场次|余人|件|条|次|人|个|篇|期|项|名|场|家|份|起|例|批"
    "|本|册|种|位|户|宗|封|张|部|处|所|套|台"
)
_CN = "零〇一二两三四五六七八九十百千万"

_TOKEN = re.compile(
    rf"(?=[\d{_CN}])\d+(?:,\d{{3}})*(?:\.(?!(?:19|20)\d\d\s*年)\d+)*|[{_CN}]+(?=(?:余|多)?(?:{CN_UNITS}))"
)

# --- non-figures --------------------------------------------------------------------------------

_URL = re.compile(  # each alternative starts where a word starts (no quadratic retries in a run)
    r"(?=[A-Za-z0-9_])(?<![\w.@/-])(?:"
    r"(?:https?://|www\.)[\w./:?=&%#~+-]*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|(?=[\w./-]*[A-Za-z])[\w.-]+(?:/[\w.-]+)+/?"  # a path: zwgk/zfxxgknb/202001/80576_
    r"|[\w-]+(?:\.[\w-]+)*\.(?:gov|com|cn|net|org|edu|htm|html|shtml|jhtml|jsp|aspx?|php)\b[\w./?=&%#~-]*"
    r")",
    re.ASCII,
)
_DOC = re.compile(
    r"(?=[〔\[(【令字发函第\d])(?:"
    r"[〔\[(【]\s*(?:19|20)\d\d\s*[〕\])】]\s*\d+\s*号?"  # 〔2017〕55号, (2016)237号
    r"|[〔\[【(]\s*(?:19|20)\d\d\d+\s*号"  # 〔201680号: a closing bracket lost
    r"|(?:令|字|发|函)\s*第?\s*\d+\s*号"  # 国务院令第711号, 国令第711号
    r"|第\s*\d+\s*号"
    r"|\d+/(?:19|20)\d\d-\d+"  # 索引号 014416330/2018-04736
    r")"
)
_PHONE = re.compile(r"(?=0)(?<![\d.])0\d{2,3}\s*[-—–]\s*\d{7,8}(?!\d)")
_QUOTED = re.compile(
    r"《[^《》]{0,80}》|“[^“”]{0,40}”|\"[^\"]{0,40}\"|「[^「」]{0,40}」|<[^<>]{0,60}>|〈[^〈〉]{0,60}〉"
)
_DATE = re.compile(
    r"(?=\d)(?:"
    r"(?:19|20)\d\d\s*[-./]\s*\d{1,2}\s*[-./]\s*\d{1,2}"  # 2021-01-25
    r"|\d{1,2}\s*:\s*\d{2}(?:\s*:\s*\d{2})?"  # 11:43
    r"|(?:19|20)\d\d\s*[-—–~至到]\s*(?:19|20)\d\d"  # 2019-2020
    r")"
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
        r"^\s*(?:余|多)?\s*(?:公里|千米|海里|平方米|平方公里|平方|立方米|米|亩|公顷|吨|千克|公斤|岁|周岁|摄氏度|℃|度|GB|MB|TB|G\b|M\b|兆|千瓦|兆瓦|瓦|个百分点|百分点|倍|英寸|寸|毫米|厘米|万平方米)"
    ),
    "address": re.compile(r"^\s*(?:号楼|楼|层|室|栋|幢|单元|号院|弄|巷|号门)"),
    "outline": re.compile(r"^\s*(?:个)?\s*(?:部分|章节|大部分)"),
}
_OUTLINE_ASPECTS = re.compile(r"^\s*(?:个)?\s*(?:方面(?:组成|的内容|内容)?|项内容)")
#: a numeral with a unit that begins a place name: 七家子镇, 三岔村, 五里桥
_PLACE = re.compile(r"(?:家|里|岔|道|合|塘|角|棵|间)子?(?:镇|乡|村|屯|庄|寨|桥|湾|堡|营)")
_OUTLINE_CONTEXT = re.compile(r"包括|组成|分为|共分|由.{0,60}$|报告|年报|以下\s*$|如下\s*$|从\s*$")
_SECTION_NUMBER = re.compile(r"^\s*(?:[.、．)）]\s*(?!\d)|[)）])")
_ORDINAL_BEFORE = re.compile(r"第\s*$")
_CN_ONE_PHRASE = re.compile(
    r"^一(?:次性|条龙|个窗口|件事|站式|揽子|把手|张网|张图|张清单|张表|盘棋|体化|批次|网通办|门式|次办|次告知|个平台|个中心|种方式|个部门|项制度)"
)
#: first characters of the words after a number that make it a duration, a measure or an outline
_UNIT_WORD_FIRST = frozenset(
    "工自日天小分秒周月年公千海平立米亩吨岁摄℃度GMT兆瓦百倍英寸毫厘万部章大方项"
)
_DOT_YEAR = re.compile(r"^[.、]\s*(?:19|20)\d\d\s*年")
_CLOSE_CJK = re.compile(r"^\s*[)）]\s*[\u4e00-\u9fff“\"《]")
_DOT_CJK = re.compile(r"^[.、．]\s*[\u4e00-\u9fff“\"《]")
CIRCLED = frozenset("①②③④⑤⑥⑦⑧⑨❶❷❸❹❺❻❼❽❾➀➁➂➃➄➅➆➇➈")


@lru_cache(maxsize=4096)
def _marked(norm: str) -> tuple[tuple[int, int, str], ...]:
    """Spans of ``norm`` that make every number inside them a non-figure: URLs and e-mail
    addresses, document numbers, dates and times, titles and quotations (kind ``name``)."""
    out: list[tuple[int, int, str]] = []
    # each pattern runs only on lines that may hold what it looks for (most lines hold none)
    if _LATIN_LETTER.search(norm):
        out += [(m.start(), m.end(), "url") for m in _URL.finditer(norm)]
    if "号" in norm or "/" in norm:
        out += [(m.start(), m.end(), "document_number") for m in _DOC.finditer(norm)]
    if "-" in norm or "—" in norm:
        out += [(m.start(), m.end(), "phone") for m in _PHONE.finditer(norm)]
    if _DATE_HINT.search(norm):
        out += [
            (m.start(), m.end(), "time" if ":" in m.group(0) else "date")
            for m in _DATE.finditer(norm)
        ]
    if _QUOTE_HINT.search(norm):
        out += [(m.start(), m.end(), "name") for m in _QUOTED.finditer(norm)]
    return tuple(out)


_LATIN_LETTER = re.compile(r"[A-Za-z]")
_DATE_HINT = re.compile(r"\d\s*[-./:~—–至到]\s*\d")
_QUOTE_HINT = re.compile(r"[《“\"「<〈]")


def _marked_kind(norm: str, start: int, end: int) -> str | None:
    for s, e, kind in _marked(norm):
        if kind == "name":
            if s < start and end < e:
                return kind
        elif s <= start and end <= e:
            return kind
    return None


def in_quotes(norm: str, start: int, end: int) -> bool:
    """Whether ``norm[start:end]`` sits inside a title or quotation (《…》, “…”, "…", 「…」)."""
    return any(s < start and end < e for s, e, kind in _marked(norm) if kind == "name")


_YEAR = re.compile(r"(?:19|20)\d\d")
_DATE_DIGITS = re.compile(r"\d{5,8}")
_MOBILE = re.compile(r"1[3-9]\d{9}")
_HAO = re.compile(r"^\s*号")


def non_figure(norm: str, start: int, end: int, raw: str | None = None) -> str | None:
    """The kind of non-figure the number token ``norm[start:end]`` is, or None when it may be a
    figure.

    ``norm`` is a normalised line (:func:`._text_source.normalise`); the rules look at the words
    around the token (see the module docstring for the kinds). ``raw``, the line as written, tells
    circled numbers (①, normalised to 1).

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
        if _PLACE.match(norm, end):
            return "name"  # 七家子镇, 三岔村: a place name
        return unit_kind(norm, start, end)
    if after[:1] == "年" and len(token) == 4 and _YEAR.fullmatch(token):
        return "year"  # the commonest number of a report, first
    if after[:1] in "月日" and len(token) <= 2:
        return "date"
    marked = _marked_kind(norm, start, end)
    if marked is not None:
        if marked == "date" and _YEAR.fullmatch(token):
            return "year"
        return marked
    if after[:1] == "年" and len(token) == 4 and _YEAR.fullmatch(token):
        return "year"
    if _AFTER["date"].match(after):
        return "date"
    if start > 0 and (
        (norm[start - 1].isascii() and norm[start - 1].isalpha() and norm[start - 1] not in "xX")
        or norm[start - 1] == "_"
    ):
        return "name"
    if after[:1] == "_":
        return "name"
    if (
        end < len(norm)
        and norm[end].isascii()
        and norm[end].isalpha()
        and not after.startswith(("GB", "MB", "TB", "G ", "M "))
    ):
        return "name"
    if _PHONE_WORD.search(before[-14:]) and _looks_like_phone(norm, start, end):
        return "phone"
    if _POST_WORD.search(before[-8:]) and len(token) == 6:
        return "postcode"
    if _ORDINAL_BEFORE.search(before):
        return "ordinal"
    if _AFTER["date"].match(after) or before.rstrip().endswith("月"):
        return "date"  # 12月31日, 12月31号, 12月31止 (a date that lost 日)
    if _YEAR.fullmatch(token) and not _takes_unit(after):
        return "year"
    if after[:1] == "日" and _DATE_DIGITS.fullmatch(token):
        return "date"
    if _AFTER["address"].match(after):
        return "address"
    if _HAO.match(after):  # 江阳西路1号, 5号文件
        if _ADDRESS_WORD.search(norm[max(0, start - 30) : start]) or _ROAD.search(before[-6:]):
            return "address"
        return "document_number"
    kind = unit_kind(norm, start, end)
    if kind is not None:
        return kind
    if token in _HOTLINE and not _takes_unit(after):
        return "name"
    if _is_section_number(norm, start, end, after):
        return "ordinal"
    if len(token) >= 7 and token[0] == "0" and token.isdigit():
        return "phone"
    if _MOBILE.fullmatch(token):
        return "phone"
    return None


def figure_kind(norm: str, start: int, end: int) -> str | None:
    """:func:`non_figure` for a number followed by a counting unit (``811条``, ``6个部分``): only
    what such a number can be besides a figure — an ordinal (第3次), a number inside a title or
    quotation, a document number, a duration, a measurement, the report's outline, 一 in a
    phrase."""
    if norm[start] in _CN:
        if norm[start:end] == "一":
            return "phrase"
        if start and norm[start - 1] in ("届", "第", "初", "周"):
            return "ordinal"
        if _PLACE.match(norm, end):
            return "name"
    elif start and norm[start - 1] == "第":
        return "ordinal"
    for s, e, kind in _marked(norm):
        if (s < start and end < e) if kind == "name" else (s <= start and end <= e):
            return kind
    after = norm[end : end + 12]
    word = after.lstrip(" 余多")
    if word[:1] == "个":
        word = word[1:]
    if word[:1] not in _UNIT_WORD_FIRST:  # 条, 件, 篇, %: a count, not a duration or a measure
        return None
    return _unit_after(norm, start, after)


def _unit_after(norm: str, start: int, after: str) -> str | None:
    """``duration``, ``measurement`` or ``outline`` when the words ``after`` a number say so."""
    if _AFTER["duration"].match(after):
        return "duration"
    if _AFTER["measurement"].match(after):
        return "measurement"
    if _AFTER["outline"].match(after) or (
        _OUTLINE_ASPECTS.match(after) and _OUTLINE_CONTEXT.search(norm[max(0, start - 80) : start])
    ):
        return "outline"
    return None


def unit_kind(norm: str, start: int, end: int) -> str | None:
    """The kind of non-figure a number followed by a unit word is: a duration (3个工作日), a
    measurement (5公里, 3.5个百分点), the report's outline (6个部分), a name (“7个专项行动”)."""
    kind = _unit_after(norm, start, norm[end : end + 12])
    if kind is not None:
        return kind
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
    if start and norm[start - 1] in "(（" and _CLOSE_CJK.match(after):
        return True  # (1)加强政策解读
    if _DOT_YEAR.match(after):
        return True  # 2.2020年,街道…: a heading number before a year
    if _DOT_CJK.match(after) and not norm[start - 1 : start].isdigit():
        return True  # 主要做法1.加强组织领导, (三)不予公开1.属于国家秘密: a heading glued on
    if re.search(r"(?:附件|附表|图|表)\s*$", norm[max(0, start - 4) : start]):
        return True
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


# --- the account ---------------------------------------------------------------------------------


def _spans_of(text: Text, sources: Any) -> dict[int, list[tuple[int, int]]]:
    """Spans of ``text.lines`` by (0-based) line, from the source strings the readers made with
    :meth:`~._text_source.Text.ref` (``derived: … from REF`` too; several refs joined by `` | `` in
    a finding; `` (positional)`` after a figure placed by its position in a flattened row). Names of
    places outside the text (a table cell of a PDF or Word file) have none."""
    out: dict[int, list[tuple[int, int]]] = {}
    for source in sources:
        if source.__class__ is not str:
            continue
        for part in source.split(" | ") if " | " in source else (source,):
            part = part.strip().removesuffix(POSITIONAL)
            spans = text.spans(part)
            if not spans and " from " in part:
                spans = text.spans(part.rsplit(" from ", 1)[1])
            for line, a, b in spans:
                out.setdefault(line, []).append((a, b))
    return out


def _sorted(spans: dict[int, list[tuple[int, int]]]) -> dict[int, list[tuple[int, int]]]:
    return {ln: sorted(v) for ln, v in spans.items()}


ACCOUNT_COLUMNS = ("source", "text", "status", "kind")


def account(
    text: Text,
    records: list[dict[str, Any]],
    findings: list[dict[str, Any]],
    *,
    set_aside: dict[tuple[int, int, int], str] | None = None,
    agency: str | None = None,
    year: int | None = None,
    rows: bool = True,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The account of every number token of ``text``, and a finding for each one not interpreted.

    ``records`` and ``findings`` are what the readers made (row dicts with ``source`` /
    ``sources``); ``set_aside`` maps (line, start, end) spans of ``text.lines`` that a reader set
    aside on purpose to the reason (a kind). Returns (account rows, new findings): each account row
    has ``source`` (``FILE:LINE:START-END`` of the token in the source), ``text`` (the token as
    written), ``status`` (``figure``, ``non_figure`` or ``finding``) and ``kind``. With
    ``rows=False`` only the findings are made (the rows list is empty).
    """
    figure_spans = _sorted(_spans_of(text, (r.get("source") for r in records)))
    finding_rule: dict[int, list[tuple[int, int, str]]] = {}
    for f in findings:
        rule = str(f.get("rule"))
        for i, spans in _spans_of(text, (f.get("sources"),)).items():
            finding_rule.setdefault(i, []).extend((a, b, rule) for a, b in spans)
    aside_by_line: dict[int, list[tuple[int, int, str]]] = {}
    for (ln0, a0, b0), why in (set_aside or {}).items():
        aside_by_line.setdefault(ln0, []).append((a0, b0, why))
    out: list[dict[str, Any]] = []
    new: list[dict[str, Any]] = []
    for i, norm in enumerate(text.norm):
        # the records' spans of the line, by start; the tokens come by start too, so one pass
        # tells which a record covers: the furthest end of the spans starting before a token ends
        spans, k, reach = figure_spans.get(i) or [], 0, -1
        aside = aside_by_line.get(i, ())
        for m in _TOKEN.finditer(norm):
            start, end = m.start(), m.end()
            while k < len(spans) and spans[k][0] < end:
                reach = max(reach, spans[k][1])
                k += 1
            if reach > start:
                if rows:
                    written = text.lines[i][start:end]
                    out.append(_row(text.ref(i, start, end), written, "figure", "figure"))
                continue
            written = text.lines[i][start:end]
            kind = next((w for s, e, w in aside if s <= start < e), None) if aside else None
            status = "non_figure"
            if kind is None:
                kind = non_figure(norm, start, end, text.lines[i])
            if kind is None:
                status = "finding"
                kind = next(
                    (
                        r
                        for s, e, r in finding_rule.get(i, ())
                        if s <= start < e or start <= s < end
                    ),
                    None,
                )
            if kind is None:
                kind = "number_not_interpreted"
                ref = text.ref(i, start, end)
                new.append(
                    {
                        "rule": "number_not_interpreted",
                        "ok": False,
                        "severity": "warning",
                        "agency": agency,
                        "year": year,
                        "found": None,
                        "message": f"{ref}: the number {written!r} in "
                        f"{_context(text.lines[i], start, end)!r} was not read as a figure and is "
                        "not a date, year, phone number, document number or other recognised "
                        "non-figure",
                        "sources": ref,
                    }
                )
            if rows:
                out.append(_row(text.ref(i, start, end), written, status, kind))
    return out, new


def _row(source: str, written: str, status: str, kind: str) -> dict:
    return {"source": source, "text": written, "status": status, "kind": kind}


def _context(line: str, a: int, b: int) -> str:
    lo = max(0, a - 12)
    hi = min(len(line), b + 6)
    return line[lo:hi].strip()
