"""A generator of standard-form workbooks laid out the many ways agencies fill them (issue 13).

:func:`consistent_report` makes the records of one report whose arithmetic holds (rules R1–R4);
:func:`write_variant` writes them as a workbook in a :class:`Style`: the 2019 or 2021 layout; one
sheet or one per section; section 三's applicant header over one, two or three rows, its columns in
another order, with a 小计 of 法人或其他组织 inside or outside that group, a 备注 column, an empty
spacer; section 四's header over one (group and field in one cell), two or three rows, its groups
and fields in another order; section 二 with its fields in another order, units on a second header
row, a 备注 column, 2021 header names such as 处理决定数量 and 收费金额（单位：元）; merged header
cells or the same text written out in every cell; simplified or traditional characters; header
text broken over lines. It returns where each figure was written, so a test can change one.

Every header text and label is typed here, not taken from the library's vocabulary: the reader is
measured against the words agencies write, not against its own tables.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook

import luzhou_disclosure as ld

TOTAL = "总计"
SUBTOTAL = "法人或其他组织"  # the records' name of the 小计 column
ORGS = ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
RECEIVED = "本年新收政府信息公开申请数量"
CARRIED_IN = "上年结转政府信息公开申请数量"
CARRIED_FORWARD = "结转下年度继续办理"
REVIEW_FIELDS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
REVIEW_GROUPS = (
    ("reconsideration", "行政复议", None),
    ("litigation", "未经复议直接起诉", "行政诉讼"),
    ("litigation", "复议后起诉", "行政诉讼"),
)

# --- what agencies write, simplified / traditional ------------------------------------------------

#: section 二: (block, [(item as recorded, row label), …], [(field, measure, header text), …])
ARTICLE20 = {
    "2019": [
        (
            "第二十条第（一）项",
            [("规章", "规章"), ("规范性文件", "规范性文件")],
            [
                ("本年新制作数量", "count", "本年新制作数量"),
                ("本年新公开数量", "count", "本年新公开数量"),
                ("对外公开总数量", "count", "对外公开总数量"),
            ],
        ),
        (
            "第二十条第（五）项",
            [("行政许可", "行政许可"), ("其他对外管理服务事项", "其他对外管理服务事项")],
            [
                ("上一年项目数量", "count", "上一年项目数量"),
                ("本年增/减", "change", "本年增/减"),
                ("处理决定数量", "count", "处理决定数量"),
            ],
        ),
        (
            "第二十条第（六）项",
            [("行政处罚", "行政处罚"), ("行政强制", "行政强制")],
            [
                ("上一年项目数量", "count", "上一年项目数量"),
                ("本年增/减", "change", "本年增/减"),
                ("处理决定数量", "count", "处理决定数量"),
            ],
        ),
        (
            "第二十条第（八）项",
            [("行政事业性收费", "行政事业性收费")],
            [
                ("上一年项目数量", "count", "上一年项目数量"),
                ("本年增/减", "change", "本年增/减"),
            ],
        ),
        (
            "第二十条第（九）项",
            [("政府集中采购", "政府集中采购")],
            [
                ("采购项目数量", "count", "采购项目数量"),
                ("采购总金额", "amount", "采购总金额"),
            ],
        ),
    ],
    "2021": [
        (
            "第二十条第（一）项",
            [("规章", "规章"), ("行政规范性文件", "行政规范性文件")],
            [
                ("本年制发件数", "count", "本年制发件数"),
                ("本年废止件数", "count", "本年废止件数"),
                ("现行有效件数", "count", "现行有效件数"),
            ],
        ),
        (
            "第二十条第（五）项",
            [("行政许可", "行政许可")],
            [("本年处理决定数量", "count", "本年处理决定数量")],
        ),
        (
            "第二十条第（六）项",
            [("行政处罚", "行政处罚"), ("行政强制", "行政强制")],
            [("本年处理决定数量", "count", "本年处理决定数量")],
        ),
        (
            "第二十条第（八）项",
            [("行政事业性收费", "行政事业性收费")],
            [("本年收费金额", "amount", "本年收费金额")],
        ),
    ],
}
#: 2021 header names some agencies use instead (what the reader must still understand)
ALIASES = {"本年处理决定数量": "处理决定数量", "本年收费金额": "收费金额"}
UNITS = {"count": "件", "change": "项"}

#: section 三 rows: (section, item, parent, label cells A, B, C), 2019 and 2021
OUTCOME_ROWS_2019 = [
    ("applications", RECEIVED, None, ("一、本年新收政府信息公开申请数量", "", "")),
    ("applications", CARRIED_IN, None, ("二、上年结转政府信息公开申请数量", "", "")),
    ("outcomes", "予以公开", None, ("三、本年度办理结果", "（一）予以公开", "")),
    (
        "outcomes",
        "部分公开",
        None,
        ("", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ""),
    ),
    ("outcomes", "属于国家秘密", "不予公开", ("", "（三）不予公开", "1.属于国家秘密")),
    ("outcomes", "其他法律行政法规禁止公开", "不予公开", ("", "", "2.其他法律行政法规禁止公开")),
    ("outcomes", "危及“三安全一稳定”", "不予公开", ("", "", "3.危及“三安全一稳定”")),
    ("outcomes", "保护第三方合法权益", "不予公开", ("", "", "4.保护第三方合法权益")),
    ("outcomes", "属于三类内部事务信息", "不予公开", ("", "", "5.属于三类内部事务信息")),
    ("outcomes", "属于四类过程性信息", "不予公开", ("", "", "6.属于四类过程性信息")),
    ("outcomes", "属于行政执法案卷", "不予公开", ("", "", "7.属于行政执法案卷")),
    ("outcomes", "属于行政查询事项", "不予公开", ("", "", "8.属于行政查询事项")),
    (
        "outcomes",
        "本机关不掌握相关政府信息",
        "无法提供",
        ("", "（四）无法提供", "1.本机关不掌握相关政府信息"),
    ),
    ("outcomes", "没有现成信息需要另行制作", "无法提供", ("", "", "2.没有现成信息需要另行制作")),
    ("outcomes", "补正后申请内容仍不明确", "无法提供", ("", "", "3.补正后申请内容仍不明确")),
    ("outcomes", "信访举报投诉类申请", "不予处理", ("", "（五）不予处理", "1.信访举报投诉类申请")),
    ("outcomes", "重复申请", "不予处理", ("", "", "2.重复申请")),
    ("outcomes", "要求提供公开出版物", "不予处理", ("", "", "3.要求提供公开出版物")),
    ("outcomes", "无正当理由大量反复申请", "不予处理", ("", "", "4.无正当理由大量反复申请")),
    (
        "outcomes",
        "要求行政机关确认或重新出具已获取信息",
        "不予处理",
        ("", "", "5.要求行政机关确认或重新出具已获取信息"),
    ),
    ("outcomes", "其他处理", None, ("", "（六）其他处理", "")),
    ("outcomes", TOTAL, None, ("", "（七）总计", "")),
    ("applications", CARRIED_FORWARD, None, ("四、结转下年度继续办理", "", "")),
]
OUTCOME_ROWS_2021 = [
    *OUTCOME_ROWS_2019[:20],
    (
        "outcomes",
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "其他处理",
        ("", "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ),
    (
        "outcomes",
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "其他处理",
        ("", "", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ),
    ("outcomes", "其他", "其他处理", ("", "", "3.其他")),
    *OUTCOME_ROWS_2019[21:],
]

#: character by character, simplified → traditional, for the words written here
_TRAD = str.maketrans(
    {
        "业": "業",
        "构": "構",
        "会": "會",
        "组": "組",
        "织": "織",
        "务": "務",
        "计": "計",
        "总": "總",
        "请": "請",
        "况": "況",
        "结": "結",
        "维": "維",
        "纠": "糾",
        "审": "審",
        "复": "復",
        "议": "議",
        "诉": "訴",
        "讼": "訟",
        "经": "經",
        "后": "後",
        "发": "發",
        "废": "廢",
        "现": "現",
        "数": "數",
        "处": "處",
        "决": "決",
        "费": "費",
        "额": "額",
        "单": "單",
        "万": "萬",
        "规": "規",
        "范": "範",
        "许": "許",
        "罚": "罰",
        "强": "強",
        "项": "項",
        "条": "條",
        "内": "內",
        "容": "容",
        "开": "開",
        "对": "對",
        "制": "製",
        "增": "增",
        "减": "減",
        "购": "購",
        "采": "採",
        "备": "備",
        "注": "註",
        "办": "辦",
        "关": "關",
        "系": "係",
        "于": "於",
        "属": "屬",
        "国": "國",
        "险": "險",
        "稳": "穩",
        "补": "補",
        "确": "確",
        "访": "訪",
        "举": "舉",
        "报": "報",
        "类": "類",
        "机": "機",
        "获": "獲",
        "转": "轉",
        "续": "續",
        "缴": "繳",
        "纳": "納",
        "执": "執",
        "询": "詢",
        "护": "護",
        "权": "權",
        "过": "過",
        "门": "門",
        "这": "這",
    }
)


def trad(text: str) -> str:
    return text.translate(_TRAD)


# --- the records --------------------------------------------------------------------------------


def consistent_report(
    rng: random.Random,
    *,
    form: str,
    subtotal: bool,
    agency: str = "泸州市甲局",
    year: int | None = None,
    fee_unit: str = "万元",
) -> pd.DataFrame:
    """Records of one report whose arithmetic holds: R1, R2 (and 小计 = its five), R3, R4.

    Per applicant column the outcome rows are drawn, （七）总计 is their sum, 结转下年度继续办理 and
    上年结转 are drawn and 本年新收 makes the 勾稽关系 hold; the 总计 column is the sum of the six,
    the 小计 column (``subtotal``) the sum of the five organisation columns.
    """
    year = year or (2020 if form == "2019" else 2022)
    rows: list[dict[str, Any]] = []
    for block, items, fields in ARTICLE20[form]:
        for item, _ in items:
            for fname, measure, _ in fields:
                if measure == "amount":
                    unit = fee_unit if fname == "本年收费金额" else "万元"
                    rows.append(
                        dict(
                            section="article20",
                            parent=block,
                            item=item,
                            field=fname,
                            measure="amount",
                            value=round(rng.uniform(0, 900), 2),
                            unit=unit,
                        )
                    )
                else:
                    low = -9 if measure == "change" else 0
                    unit = (
                        "项" if fname in ("上一年项目数量", "本年增/减", "采购项目数量") else "件"
                    )
                    rows.append(
                        dict(
                            section="article20",
                            parent=block,
                            item=item,
                            field=fname,
                            measure=measure,
                            count=rng.randint(low, 60),
                            unit=unit,
                        )
                    )
    outcome_rows = OUTCOME_ROWS_2019 if form == "2019" else OUTCOME_ROWS_2021
    body = [(s, i, p) for s, i, p, _ in outcome_rows if s == "outcomes" and i != TOTAL]
    cols: dict[str, dict[tuple, int]] = {}
    for applicant in ("自然人", *ORGS):
        fig = {(s, i, p): rng.choice([0, 0, 1, 2, 3, 5]) for s, i, p in body}
        total = sum(fig.values())
        forward = rng.randint(0, 3)
        carried_in = rng.randint(0, min(3, total + forward))
        fig[("outcomes", TOTAL, None)] = total
        fig[("applications", CARRIED_FORWARD, None)] = forward
        fig[("applications", CARRIED_IN, None)] = carried_in
        fig[("applications", RECEIVED, None)] = total + forward - carried_in
        cols[applicant] = fig
    keys = list(cols["自然人"])
    cols[TOTAL] = {k: sum(cols[a][k] for a in ("自然人", *ORGS)) for k in keys}
    if subtotal:
        cols[SUBTOTAL] = {k: sum(cols[a][k] for a in ORGS) for k in keys}
    for applicant, fig in cols.items():
        for (section, item, parent), n in fig.items():
            rows.append(
                dict(
                    section=section,
                    item=item,
                    parent=parent,
                    applicant=applicant,
                    measure="count",
                    count=n,
                    unit="件",
                )
            )
    for section, item, parent in REVIEW_GROUPS:
        four = [rng.randint(0, 4) for _ in range(4)]
        for fname, n in zip(REVIEW_FIELDS, [*four, sum(four)], strict=True):
            rows.append(
                dict(
                    section=section,
                    item=item,
                    parent=parent,
                    field=fname,
                    measure="count",
                    count=n,
                    unit="件",
                )
            )
    for r in rows:
        r.update(agency=agency, year=year, form=form)
    return ld.make_records(rows)


# --- the layouts --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Style:
    """How one workbook is laid out (see the module docstring)."""

    form: str = "2021"
    one_sheet: bool = False
    left: int = 1  # the column the tables start in (1 = A)
    merged: bool = True  # merged header cells; else the text written in every cell of the span
    traditional: bool = False
    wrapped: bool = False  # long header words broken over two lines
    annotated: bool = False  # header words followed by a unit: 自然人（件）, 结果维持（件）
    # section 三
    app_rows: int = 3
    #: the applicant columns left to right: records' names, "小计" for the subtotal, "备注", ""
    #: (spacer)
    app_order: tuple[str, ...] = ("自然人", *ORGS, TOTAL)
    subtotal_in_group: bool = True  # the 小计 column under the 法人或其他组织 heading
    unit_row: bool = False  # a row 单位：件 right under the header, at its right end
    applicant_heading: str = "申请人情况"
    # section 四
    review_rows: int = 3
    review_groups: tuple[int, ...] = (0, 1, 2)
    review_fields: tuple[int, ...] = (0, 1, 2, 3, 4)
    review_spacer: bool = False  # an empty column between 行政复议 and 行政诉讼
    review_label: bool = False  # a label column (案件数) left of the figures
    group_suffix: str = ""  # 行政复议案件, 行政诉讼案件
    # section 二
    a20_rows: int = 1
    a20_reversed: bool = False
    a20_remark: bool = False
    a20_spacer: bool = False  # an empty column between 信息内容 and the fields
    aliases: bool = False
    short_names: bool = False  # 新制作数量, 制发件数: the field without 本年
    merged_single: bool = False  # a block's single field merged over three columns (2021 template)
    fee_unit: str = "万元"

    @property
    def subtotal(self) -> bool:
        return "小计" in self.app_order

    def describe(self) -> str:
        parts = [
            self.form,
            "one sheet" if self.one_sheet else "sheet per section",
            "merged" if self.merged else "repeated",
            f"三 {self.app_rows} rows {'/'.join(x or '·' for x in self.app_order)}",
            f"四 {self.review_rows} rows",
        ]
        if self.traditional:
            parts.append("traditional")
        return ", ".join(parts)


def _a(style: Style, text: str) -> str:
    """A column name, with its unit after it in annotated styles (ASCII brackets where the
    header's cells are written out, full-width ones where they are merged)."""
    unit = "（件）" if style.merged else "(件)"
    return _t(style, f"{text}{unit}" if style.annotated else text)


def _t(style: Style, text: str) -> str:
    text = trad(text) if style.traditional else text
    if style.wrapped and len(text) >= 5 and "\n" not in text:
        cut = len(text) // 2
        text = text[:cut] + "\n" + text[cut:]
    return text


class _Sheet:
    """Cells of one worksheet, written with openpyxl; header spans merged or written out."""

    def __init__(self, ws: Any, style: Style, name: str) -> None:
        self.ws, self.style, self.name = ws, style, name
        self.row = 1

    def put(self, row: int, col: int, value: Any) -> str:
        col += self.style.left - 1
        self.ws.cell(row, col, value)
        return f"{self.name}!{self.ws.cell(row, col).coordinate}"

    def span(self, row: int, col: int, text: str, *, rows: int = 1, cols: int = 1) -> None:
        """A header cell over ``rows`` x ``cols`` cells."""
        if self.style.merged:
            self.put(row, col, text)
            if rows > 1 or cols > 1:
                c = col + self.style.left - 1
                self.ws.merge_cells(
                    start_row=row, start_column=c, end_row=row + rows - 1, end_column=c + cols - 1
                )
        else:
            for r in range(row, row + rows):
                for c in range(col, col + cols):
                    self.put(r, c, text)


def write_variant(records: pd.DataFrame, style: Style, path: Path) -> dict[tuple, str]:
    """Write ``records`` (one report) in ``style`` to ``path`` (.xlsx); where each figure went.

    The keys are (section, parent, item, applicant, field) with None for NA; the values
    ``Sheet!C5``.
    """
    recs = {
        (r.section, _na(r.parent), r.item, r.applicant, _na(r.field)): r
        for r in records.itertuples(index=False)
    }
    agency, year = records["agency"].iloc[0], int(records["year"].iloc[0])
    wb = Workbook()
    wb.remove(wb.active)
    where: dict[tuple, str] = {}
    title = f"{agency}{year}年政府信息公开工作年度报告"
    if style.one_sheet:
        sheet = _Sheet(wb.create_sheet("年报附表"), style, "年报附表")
        sheet.put(1, 1, title)
        sheet.row = 3
        sheets = [sheet, sheet, sheet]
    else:
        sheets = []
        for name in ("二、主动公开", "三、依申请公开", "四、复议诉讼"):
            sheet = _Sheet(wb.create_sheet(name), style, name)
            sheet.put(1, 1, title)
            sheet.row = 3
            sheets.append(sheet)
    _article20(sheets[0], style, recs, where)
    sheets[1].row += 2
    _applications(sheets[1], style, recs, where)
    sheets[2].row += 2
    _review(sheets[2], style, recs, where)
    wb.save(path)
    return where


def _na(v: Any) -> Any:
    return None if v is None or v is pd.NA or (isinstance(v, float) and v != v) else v


def _figure(rec: Any) -> Any:
    if rec.measure in ("count", "change"):
        return int(rec.count)
    return float(rec.value)


def _article20(sh: _Sheet, style: Style, recs: dict, where: dict) -> None:
    sh.put(sh.row, 1, _t(style, "二、主动公开政府信息情况"))
    sh.row += 1
    for block, items, fields in ARTICLE20[style.form]:
        order = list(reversed(fields)) if style.a20_reversed else list(fields)
        cols: list[tuple[str, Any]] = [("label", None)]
        if style.a20_spacer:
            cols.append(("spacer", None))
        cols += [("field", f) for f in order]
        if style.a20_remark:
            cols.append(("remark", None))
        wide = style.merged_single and len(fields) == 1  # the field over three columns
        span = 3 if wide else 1
        at, c = [], 1  # the first column of each
        for kind, _ in cols:
            at.append(c)
            c += span if kind == "field" else 1
        sh.span(sh.row, 1, _t(style, block), cols=max(c - 1, 4))
        sh.row += 1
        top = sh.row
        rows = style.a20_rows
        for i, (kind, spec) in zip(at, cols, strict=True):
            if kind == "label":
                sh.span(top, i, _t(style, "信息内容"), rows=rows)
            elif kind == "remark":
                sh.span(top, i, _t(style, "备注"), rows=rows)
            elif kind == "field":
                fname, measure, text = spec
                if style.aliases:
                    text = ALIASES.get(text, text)
                if style.short_names and text.startswith("本年") and len(text) > 5:
                    text = text[2:]
                unit = None
                if measure == "amount":
                    unit = style.fee_unit if fname == "本年收费金额" else "万元"
                if rows == 1:
                    if unit:
                        text += f"（单位：{unit}）" if fname == "本年收费金额" else f"（{unit}）"
                    sh.span(top, i, _t(style, text), cols=span)
                else:
                    sh.span(top, i, _t(style, text), cols=span)
                    note = f"（单位：{unit}）" if unit else f"（{UNITS[measure]}）"
                    sh.span(top + 1, i, _t(style, note), cols=span)
        sh.row += rows
        for item, label in items:
            sh.put(sh.row, 1, _t(style, label))
            for i, (kind, spec) in zip(at, cols, strict=True):
                if kind == "field":
                    key = ("article20", block, item, TOTAL, spec[0])
                    # the figure's cell merged like its header, or written out in each cell
                    where[key] = sh.put(sh.row, i, _figure(recs[key]))
                    if wide and style.merged:
                        c = i + style.left - 1
                        sh.ws.merge_cells(
                            start_row=sh.row, start_column=c, end_row=sh.row, end_column=c + 2
                        )
                    elif wide:
                        sh.put(sh.row, i + 1, _figure(recs[key]))
                        sh.put(sh.row, i + 2, _figure(recs[key]))
                elif kind == "remark" and item in ("规章", "行政许可"):
                    sh.put(sh.row, i, _t(style, "按年度统计"))
            sh.row += 1
    sh.row += 1


def _applications(sh: _Sheet, style: Style, recs: dict, where: dict) -> None:
    sh.put(sh.row, 1, _t(style, "三、收到和处理政府信息公开申请情况"))
    sh.row += 1
    order = style.app_order
    first = 4  # label columns A:C
    col = {name: first + i for i, name in enumerate(order)}
    n = style.app_rows
    top = sh.row
    note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    sh.span(top, 1, _t(style, note), rows=n, cols=3)
    group = [x for x in order if x in ORGS or (x == "小计" and style.subtotal_in_group)]
    g0, g1 = col[group[0]], col[group[-1]]
    if any(col[x] != g0 + i for i, x in enumerate(group)):
        raise ValueError(f"the 法人或其他组织 columns must be side by side: {order}")
    names = {
        "自然人": "自然人",
        "商业企业": "商业企业",
        "科研机构": "科研机构",
        "社会公益组织": "社会公益组织",
        "法律服务机构": "法律服务机构",
        "其他": "其他",
        TOTAL: "总计",
        "小计": "小计",
        "备注": "备注",
    }
    if n == 1:  # one row: every column named in full
        for x in order:
            if not x:
                continue
            text = "法人或其他组织小计" if x == "小计" else names[x]
            sh.span(top, col[x], _a(style, text) if x != "备注" else _t(style, text))
    else:
        row_top, row_mid = top, top + n - 2  # 申请人情况 (3 rows only), then the top level
        if n == 3:
            sh.span(row_top, first, _t(style, style.applicant_heading), cols=len(order))
        sh.span(row_mid, g0, _t(style, "法人或其他组织"), cols=g1 - g0 + 1)
        for x in order:
            if not x:
                continue
            text = _t(style, names[x]) if x == "备注" else _a(style, names[x])
            if x in group:
                sh.span(row_mid + 1, col[x], text)
            else:
                sh.span(row_mid, col[x], text, rows=2)
    sh.row = top + n
    if style.unit_row:
        sh.put(sh.row, first + len(order) - 1, _t(style, "单位：件"))
        sh.row += 1
    rows = OUTCOME_ROWS_2019 if style.form == "2019" else OUTCOME_ROWS_2021
    applicants = [x for x in order if x and x != "备注"]
    for section, item, parent, labels in rows:
        for i, text in enumerate(labels, start=1):
            if text:
                sh.put(sh.row, i, _t(style, text))
        for x in applicants:
            applicant = SUBTOTAL if x == "小计" else x
            key = (section, parent, item, applicant, None)
            where[key] = sh.put(sh.row, col[x], _figure(recs[key]))
        if "备注" in col and item in (RECEIVED, TOTAL):
            sh.put(sh.row, col["备注"], _t(style, "含转办件"))
        sh.row += 1
    sh.row += 1


def _review(sh: _Sheet, style: Style, recs: dict, where: dict) -> None:
    sh.put(sh.row, 1, _t(style, "四、政府信息公开行政复议、行政诉讼情况"))
    sh.row += 1
    top = sh.row
    fields = [REVIEW_FIELDS[i] for i in style.review_fields]
    groups = list(style.review_groups)
    # columns: the groups' blocks of five, 行政诉讼's two side by side, a spacer after 行政复议
    blocks: list[tuple[int, int]] = []  # (group, first column)
    c = 2 if style.review_label else 1
    for g in groups:
        blocks.append((g, c))
        c += 5
        if style.review_spacer and g == 0:
            c += 1
    start = dict(blocks)
    litigation = sorted(start[g] for g in (1, 2))
    if litigation[1] != litigation[0] + 5:
        raise ValueError(f"行政诉讼's two groups must be side by side: {groups}")
    n = style.review_rows
    sfx = style.group_suffix
    name = {0: "行政复议", 1: "未经复议直接起诉", 2: "复议后起诉"}
    if style.review_label:
        sh.span(top, 1, _t(style, "项目"), rows=n)
    if n == 1:
        for g, c0 in blocks:
            for i, f in enumerate(fields):
                sh.span(top, c0 + i, _a(style, f"{name[g]}-{f}"))
    elif n == 2:
        for g, c0 in blocks:
            text = name[g] + sfx if g == 0 else f"行政诉讼（{name[g]}）"
            sh.span(top, c0, _t(style, text), cols=5)
            for i, f in enumerate(fields):
                sh.span(top + 1, c0 + i, _a(style, f))
    else:  # the official three rows: 行政复议's fields merged down over rows 2 and 3
        sh.span(top, litigation[0], _t(style, "行政诉讼" + sfx), cols=10)
        for g, c0 in blocks:
            if g == 0:
                sh.span(top, c0, _t(style, "行政复议" + sfx), cols=5)
                for i, f in enumerate(fields):
                    sh.span(top + 1, c0 + i, _a(style, f), rows=2)
            else:
                sh.span(top + 1, c0, _t(style, name[g]), cols=5)
                for i, f in enumerate(fields):
                    sh.span(top + 2, c0 + i, _a(style, f))
    sh.row = top + n
    if style.review_label:
        sh.put(sh.row, 1, _t(style, "案件数"))
    for g, c0 in blocks:
        section, item, parent = REVIEW_GROUPS[g]
        for i, f in enumerate(fields):
            key = (section, parent, item, TOTAL, f)
            where[key] = sh.put(sh.row, c0 + i, _figure(recs[key]))
    sh.row += 2


# --- many styles ----------------------------------------------------------------------------------


def _applicant_order(rng: random.Random, *, subtotal: str | None, extras: list[str]) -> tuple:
    """Applicant columns in a random order: the 法人或其他组织 group kept side by side."""
    group = list(ORGS)
    rng.shuffle(group)
    if subtotal == "in":
        group.insert(rng.choice([0, len(group)]), "小计")
    top: list[Any] = ["自然人", group, TOTAL]
    if subtotal == "out":
        top.insert(rng.randint(0, len(top)), "小计")
    top += extras
    rng.shuffle(top)
    order: list[str] = []
    for x in top:
        order += x if isinstance(x, list) else [x]
    return tuple(order)


def styles(seed: int = 13, n: int = 48) -> list[Style]:
    """The styles the tests write: every option on its own, then ``n`` drawn combinations."""
    official19, official21 = Style(form="2019"), Style(form="2021")
    fixed = [
        official19,
        official21,
        # the form: 2019, three sheets, two-row header, 小计 before 总计 inside the group
        Style(
            form="2019",
            app_rows=2,
            app_order=("自然人", *ORGS, "小计", TOTAL),
        ),
        replace(official21, app_order=("自然人", "小计", *ORGS, TOTAL)),
        replace(official21, app_order=("自然人", *ORGS, "小计", TOTAL), subtotal_in_group=False),
        replace(official19, app_rows=1, app_order=("自然人", *ORGS, "小计", TOTAL)),
        replace(official21, app_order=(TOTAL, *reversed(ORGS), "自然人")),
        replace(official21, app_order=("自然人", "", *ORGS, TOTAL, "备注")),
        replace(official19, merged=False, app_order=("自然人", "小计", *ORGS, TOTAL)),
        replace(official21, merged=False, review_rows=2),
        replace(official21, traditional=True, app_rows=2),
        replace(official19, traditional=True, merged=False, review_rows=1, a20_rows=2),
        replace(official21, wrapped=True, one_sheet=True),
        replace(official19, one_sheet=True, left=2, a20_reversed=True, a20_remark=True),
        replace(official21, review_groups=(1, 2, 0), review_fields=(4, 3, 2, 1, 0)),
        replace(official21, review_groups=(2, 1, 0), review_spacer=True, review_rows=2),
        replace(official21, review_rows=1, review_groups=(0, 2, 1)),
        replace(official21, aliases=True, fee_unit="元", a20_rows=2, a20_spacer=True),
        replace(official21, fee_unit="元", a20_reversed=True),
        replace(official21, merged_single=True, short_names=True, annotated=True),
        replace(official19, unit_row=True, applicant_heading="申请人类型", group_suffix="案件"),
        replace(official21, review_label=True, merged=False, merged_single=True, a20_rows=2),
    ]
    rng = random.Random(seed)
    drawn = []
    for _ in range(n):
        form = rng.choice(["2019", "2021"])
        subtotal = rng.choice([None, None, "in", "out"])
        extras = [x for x in ("备注", "") if rng.random() < 0.25]
        app_rows = rng.choice([1, 2, 3])
        groups = rng.choice([(0, 1, 2), (0, 2, 1), (1, 2, 0), (2, 1, 0)])
        fields = list(range(5))
        if rng.random() < 0.4:
            rng.shuffle(fields)
        drawn.append(
            Style(
                form=form,
                one_sheet=rng.random() < 0.3,
                left=rng.choice([1, 1, 2]),
                merged=rng.random() < 0.6,
                traditional=rng.random() < 0.25,
                wrapped=rng.random() < 0.2,
                app_rows=app_rows,
                app_order=_applicant_order(rng, subtotal=subtotal, extras=extras),
                subtotal_in_group=subtotal != "out",
                review_rows=rng.choice([1, 2, 3]),
                review_groups=groups,
                review_fields=tuple(fields),
                review_spacer=rng.random() < 0.2,
                a20_rows=rng.choice([1, 2]),
                a20_reversed=rng.random() < 0.3,
                a20_remark=rng.random() < 0.2,
                a20_spacer=rng.random() < 0.2,
                aliases=form == "2021" and rng.random() < 0.4,
                short_names=rng.random() < 0.15,
                merged_single=form == "2021" and rng.random() < 0.4,
                annotated=rng.random() < 0.2,
                unit_row=rng.random() < 0.15,
                applicant_heading=rng.choice(["申请人情况", "申请人情况", "申请人类型"]),
                review_label=rng.random() < 0.15,
                group_suffix=rng.choice(["", "", "", "案件", "情况"]),
                fee_unit=rng.choice(["万元", "元"]) if form == "2021" else "万元",
            )
        )
    return fixed + drawn
