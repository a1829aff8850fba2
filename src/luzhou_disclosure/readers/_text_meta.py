"""Agency, year and format of a report text, from its title and first lines.

Titles read ``泸州市统计局2017年政府信息公开工作年度报告``, ``2016年朝阳乡政府信息公开工作年度报告``
or sit inside a sentence (``现向社会公开《西秀区统计局2024年政府信息公开工作年度报告》``); failing a
title, the opening paragraph often names the agency (``由安康市统计局围绕…编制``, ``请与泸州市水务局
办公室联系``) and the statistics period (``统计期限为2020年1月1日至2020年12月31日``).
"""

from __future__ import annotations

import re

#: how many leading lines may hold the title and the opening paragraph
_HEAD_LINES = 12
#: the longest line that may be a title and nothing more (an agency of up to 40 characters, the
#: year and the words of a title, 12 characters around them)
_TITLE_MAX = 120
_AGENCY_CHARS = r"[\u4e00-\u9fff()（）·]"
_AGENCY_END = (
    r"(?:局|委|委员会|办|办公室|厅|院|政府|区|县|市|州|盟|旗|乡|镇|街道|街道办事处"
    r"|中心|所|站|处|会|署|馆|队|公司|部)"
)

_TITLE_AGENCY_FIRST = re.compile(
    rf"(?P<agency>{_AGENCY_CHARS}{{2,40}}?)\s*(?P<year>(?:19|20)\d\d)\s*(?:年度?)?\s*(?:本级)?(?:政府)?(?:\(机关\))?\s*"
    r"(?:政府|政务)?信息公开\s*(?:工作)?\s*(?:年度)?\s*(?:工作)?\s*(?:报告|年报)"
)
_TITLE_YEAR_FIRST = re.compile(
    rf"(?P<year>(?:19|20)\d\d)\s*年度?\s*(?P<agency>{_AGENCY_CHARS}{{2,40}}?{_AGENCY_END})"
    r"(?:人民政府)?政府?信息公开\s*(?:工作)?\s*(?:年度)?\s*(?:报告|年报)"
)
_TITLE_YEAR_ONLY = re.compile(
    r"(?P<year>(?:19|20)\d\d)\s*年度?\s*(?:本级)?(?:政府)?(?:\(机关\))?\s*(?:政府|政务)?信息公开\s*(?:工作)?\s*(?:年度)?\s*(?:报告|年报)"
)
_PERIOD = re.compile(
    r"(?:统计)?(?:期限|时段|期|时限|时间)\S{0,6}?(?P<year>(?:19|20)\d\d)\s*年\s*1\s*月\s*1\s*日"
)
#: a title naming the agency but no year (驼峰路街道办事处政府信息公开工作年度报告)
_TITLE_NO_YEAR = re.compile(
    rf"^\s*(?P<agency>{_AGENCY_CHARS}{{2,30}}?{_AGENCY_END})(?:人民政府)?"
    r"\s*(?:政府|政务)?信息公开\s*(?:工作)?\s*(?:年度)?\s*(?:报告|年报)"
)
#: the opening sentence: 为认真做好京山市卫生健康局政府信息公开工作;
#: 2021年,县卫生健康局的政府信息公开工作…
_WORK_OF = re.compile(
    rf"(?:做好|(?P<year>(?:19|20)\d\d)\s*年度?\s*[,,]\s*)(?P<agency>{_AGENCY_CHARS}{{2,30}}?{_AGENCY_END})"
    r"(?:的)?(?:政府|政务)?信息公开工作"
)
_YEAR_WORK = re.compile(r"(?P<year>(?:19|20)\d\d)\s*年度?\s*(?:的)?政府信息公开")
_BY_AGENCY = re.compile(
    rf"(?:由|系|是)(?P<agency>{_AGENCY_CHARS}{{2,30}}?{_AGENCY_END})(?:根据|依据|按照|围绕|编制|组织编制)"
)
_CONTACT = re.compile(
    rf"请(?:与|联系|致电)(?P<agency>{_AGENCY_CHARS}{{2,30}}?{_AGENCY_END})"
    r"(?:办公室|政务公开办|信息公开办|综合科|政府信息公开\S{0,8}?办公室)?(?:联系|\(|,|。)"
)
_GENERIC = re.compile(r"^(?:本|我|全|该|上述|以下|各|市|县|区|省|年度?|政府|人民政府)+$")
#: the report's own words for itself (我局, 本单位), not a name (本溪市卫生健康委员会 is one)
_OWN = re.compile(
    r"^(?:我|本)(?:局|委|办|单位|机关|部门|级|市|县|区|乡|镇|院|厅|中心|处|街道|政府)?(?![溪])"
)
_LEAD_VERB = re.compile(r"^(?:现将|现就|结合|做好|根据|按照|为)+")
_ENDS_AS_AGENCY = re.compile(rf"{_AGENCY_END}(?:\([\u4e00-\u9fff]{{1,6}}\))?\)?$")  # 甲局(筹)
_NOISE_PREFIX = re.compile(r"^.*?(?:公开|公布|发布|印发|关于|《|“|\"|:|\s)")


def title_line(norm_lines: list[str]) -> int | None:
    """The index of the first line that is the report's title and nothing more (a line of a page
    *about* the report, 现向社会公开《…年度报告》, is not one); ``None`` when no such line is found.

    >>> title_line(["首页 政务公开 今日访问量12345次",
    ...             "泸州市某局2023年政府信息公开工作年度报告", "一、总体情况"])
    1
    """
    for i, line in enumerate(norm_lines):
        stripped = line.strip()
        if len(stripped) > _TITLE_MAX:
            # a title line is the title and a few characters more (a page's one line is not)
            continue
        for pattern in (_TITLE_AGENCY_FIRST, _TITLE_YEAR_FIRST, _TITLE_YEAR_ONLY, _TITLE_NO_YEAR):
            m = pattern.search(stripped)
            if m and m.start() <= 2 and len(stripped) - m.end() <= 12:
                return i
    return None


def _head(norm_lines: list[str]) -> list[str]:
    """The first lines, each joined to the next (a title broken over two lines:
    …信息公开工作 / 年度报告)."""
    head = norm_lines[:_HEAD_LINES]
    return [
        line + (" " + head[i + 1].strip() if i + 1 < len(head) else "")
        for i, line in enumerate(head)
    ]


def detect_year(norm_lines: list[str]) -> tuple[int | None, int | None]:
    """The report year and the 0-based line it was read from, or (None, None)."""
    head = _head(norm_lines)
    for pattern in (
        _TITLE_AGENCY_FIRST,
        _TITLE_YEAR_FIRST,
        _TITLE_YEAR_ONLY,
        _PERIOD,
        _YEAR_WORK,
        _WORK_OF,
    ):
        for i, line in enumerate(head):
            m = pattern.search(line)
            if m and m["year"]:
                return int(m["year"]), i
    return None, None


def detect_agency(norm_lines: list[str]) -> tuple[str | None, int | None]:
    """The agency the report is by and the 0-based line it was read from, or (None, None)."""
    head = _head(norm_lines)
    for i, line in enumerate(head):
        for pattern in (_TITLE_AGENCY_FIRST, _TITLE_YEAR_FIRST):
            for found in pattern.finditer(line):
                agency = _clean_agency(found["agency"])
                if agency:
                    return agency, i
    for pattern in (_TITLE_NO_YEAR, _BY_AGENCY, _CONTACT, _WORK_OF):
        for i, line in enumerate(head):
            m = pattern.search(line)
            if m:
                agency = _clean_agency(m["agency"])
                if agency:
                    return agency, i
    return None, None


def _strip(text: str) -> str:
    """``text`` without the quotes and spaces around it, and brackets there that close nothing
    (an agency's own, 泸州市甲局(筹), are kept)."""
    while True:
        stripped = text.strip(" 《》“”\"'")
        if stripped.endswith(")") and stripped.count("(") < stripped.count(")"):
            stripped = stripped[:-1]
        elif stripped.startswith("(") and stripped.count("(") > stripped.count(")"):
            stripped = stripped[1:]
        elif stripped.startswith(")") or stripped.endswith("("):
            stripped = stripped[1:] if stripped.startswith(")") else stripped[:-1]
        elif stripped.startswith("(") and stripped.endswith(")") and stripped.count("(") == 1:
            stripped = stripped[1:-1]  # the whole name in brackets
        if stripped == text:
            return text
        text = stripped


def _clean_agency(text: str) -> str | None:
    text = _strip(text)
    # a title inside a sentence: keep what follows the last verb or opening mark
    while True:
        m = _NOISE_PREFIX.match(text)
        if not m:
            break
        if m.end() >= len(text):
            return None
        text = text[m.end() :]
    text = _LEAD_VERB.sub("", _strip(text))
    if (
        len(text) < 2
        or _GENERIC.match(text)
        or _OWN.match(text)
        or not _ENDS_AS_AGENCY.search(text)
    ):
        return None
    if not re.search(r"[\u4e00-\u9fff]", text):
        return None
    return text
