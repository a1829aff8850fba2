"""Build the hand-arranged standard-form workbooks of this folder (run once; the files are
committed).

    .venv/bin/python tests/data/forms/make_forms.py

- ``泸州市甲局_2020_one_sheet.xlsx``: a 2019-format report with all three sections on one sheet, a
  three-row title block above, blank rows between the sections, label variants (ASCII brackets,
  ``规 章``, ``商业 企业``, ``科研企业``, traditional characters), cells typed as people type them
  (``1,234``, ``３``, ``2件``, ``/``, ``—``, ``无``, ``不适用``, blank) and one formula whose cached
  value LibreOffice computes (the 总计 of the first row).
- ``eight_columns_2021.xlsx``: a 2021-format report whose section 三 carries the extra
  法人或其他组织 subtotal column, starting in column B below a title block, sections on separate
  sheets with merged label cells; the agency and year are in the title cell only.
- ``subtotal_before_total_2019.xlsx``: the form of issue 13, a 2019-format report on three sheets
  whose section 三 header runs over two rows, 法人或其他组织 merged over its five columns and a
  小计 after them, then 总计; one 勾稽关系 break planted in it (自然人 and 总计 carry 2 into next
  year where 1 balances the column).

The expected figures in tests/test_forms.py were checked by hand against the cells written here.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent


def one_sheet_2019(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "年报附表"
    ws["A1"] = "泸州市甲局2020年政府信息公开工作年度报告"
    ws["A2"] = "附：统计表（单位：件）"
    r = 4
    ws.cell(r, 1, "二、主动公开政府信息情况")
    rows2 = [
        ["第二十条第(一)项"],
        ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
        ["规 章", 0, 0, 0],
        ["规范性文件", "３", "3件", 12],
        ["第二十条第(五)项"],
        ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
        ["行政许可", 45, -2, "1,234"],
        ["其他对外管理服务事项", "/", "—", "无"],
        ["第二十条第(六)项"],
        ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
        ["行政处罚", 10, 1, 88],
        ["行政強制", 2, 0, ""],
        ["第二十条第(八)项"],
        ["信息内容", "上一年项目数量", "本年增/减"],
        ["行政事业性收费", 1, 0],
        ["第二十条第(九)项"],
        ["信息内容", "采购项目数量", "采购总金额(万元)"],
        ["政府集中采购", 4, 12.5],
    ]
    for row in rows2:
        r += 1
        for c, v in enumerate(row, start=1):
            ws.cell(r, c, v)
    r += 3  # blank rows between sections
    ws.cell(r, 1, "三、收到和处理政府信息公开申请情况")
    r += 1
    ws.cell(r, 1, "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)")
    ws.cell(r, 4, "申请人情况")
    ws.cell(r + 1, 4, "自然人")
    ws.cell(r + 1, 5, "法人或其他组织")
    ws.cell(r + 1, 10, "总计")
    for c, a in enumerate(
        ["商业 企业", "科研企业", "社会公益组织", "法律服务机构", "其他"], start=5
    ):
        ws.cell(r + 2, c, a)
    ws.merge_cells(start_row=r + 1, start_column=5, end_row=r + 1, end_column=9)
    r += 3
    body = [
        (["一、本年新收政府信息公开申请数量", "", ""], [5, 1, 0, 0, 0, 0, "=SUM(D{r}:I{r})"]),
        (["二、上年结转政府信息公开申请数量", "", ""], [1, 0, 0, 0, 0, 0, 1]),
        (["三、本年度办理结果", "(一)予以公开", ""], [3, 1, 0, 0, 0, 0, 4]),
        (["", "(二)部分公开(区分处理的,只计这一情形,不计其他情形)", ""], [1, 0, 0, 0, 0, 0, 1]),
        (["", "(三)不予公開", "1.屬於國家秘密"], [0, 0, 0, 0, 0, 0, 0]),
        (["", "", "2.其他法律行政法规禁止公开"], [0, 0, 0, 0, 0, 0, 0]),
        (["", "", "3.危及“三安全一稳定”"], [0, 0, 0, 0, 0, 0, 0]),
        (["", "", "4.保护第三方合法权益"], [1, 0, 0, 0, 0, 0, 1]),
        (["", "", "5.属于三类内部事务信息"], [0, 0, 0, 0, 0, 0, 0]),
        (["", "", "6.属于四类过程性信息"], [0, 0, 0, 0, 0, 0, 0]),
        (["", "", "7.属于行政执法案卷"], [0, 0, 0, 0, 0, 0, 0]),
        (["", "", "8.属于行政查询事项"], [0, 0, 0, 0, 0, 0, 0]),
        (["", "(四)无法提供", "1.本机关不掌握相关政府信息"], [1, 0, 0, 0, 0, 0, 1]),
        (["", "", "2.没有现成信息需要另行制作"], [0, 0, 0, 0, 0, 0, 0]),
        (["", "", "3.补正后申请内容仍不明确"], [0, 0, 0, 0, 0, 0, 0]),
        (["", "(五)不予处理", "1.信访举报投诉类申请"], [0, 0, 0, 0, 0, 0, 0]),
        (["", "", "2.重复申请"], [0, 0, 0, 0, 0, 0, 0]),
        (["", "", "3.要求提供公开出版物"], [0, 0, 0, 0, 0, 0, 0]),
        (["", "", "4.无正当理由大量反复申请"], [0, 0, 0, 0, 0, 0, 0]),
        (["", "", "5.要求行政机关确认或重新出具已获取信息"], [0, 0, 0, 0, 0, 0, 0]),
        (["", "(六)其他处理", ""], [0, 0, 0, 0, 0, 0, 0]),
        (["", "(七)总计", ""], [6, 1, 0, 0, 0, 0, 7]),
        (["四、结转下年度继续办理", "", ""], [0, 0, 0, 0, 0, "不适用", 0]),
    ]
    first = r
    for labels, values in body:
        for c, v in enumerate(labels, start=1):
            if v:
                ws.cell(r, c, v)
        for c, v in enumerate(values, start=4):
            ws.cell(r, c, v.format(r=r) if isinstance(v, str) and v.startswith("=") else v)
        r += 1
    ws.merge_cells(start_row=first + 2, start_column=1, end_row=first + 21, end_column=1)
    ws.merge_cells(start_row=first + 4, start_column=2, end_row=first + 11, end_column=2)
    r += 2
    ws.cell(r, 1, "四、政府信息公开行政复议、行政诉讼情况")
    r += 1
    ws.cell(r, 1, "行政复议")
    ws.cell(r, 6, "行政诉讼")
    ws.cell(r + 1, 6, "未经复议直接起诉")
    ws.cell(r + 1, 11, "复议后起诉")
    for i in range(15):
        ws.cell(r + 2, 1 + i, ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"][i % 5])
    for i, v in enumerate([1, 0, 0, 1, 2, 0, 0, 0, 0, 0, "", "", "", "", ""]):
        ws.cell(r + 3, 1 + i, v)
    wb.save(path)


def eight_columns_2021(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "主动公开"
    ws["B2"] = "泸州市乙局２０２１年度政府信息公开工作年度报告"
    rows = [
        ["第二十条第（一）项"],
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", 0, 0, 0],
        ["行政规范性文件", 2, 1, 9],
        ["第二十条第（五）项"],
        ["信息内容", "本年处理决定数量"],
        ["行政许可", 321],
        ["第二十条第（六）项"],
        ["信息内容", "本年处理决定数量"],
        ["行政处罚", 17],
        ["行政强制", 0],
        ["第二十条第（八）项"],
        ["信息内容", "本年收费金额（单位：万元）"],
        ["行政事业性收费", 3.25],
    ]
    for i, row in enumerate(rows, start=4):
        for c, v in enumerate(row, start=2):
            ws.cell(i, c, v)
        if len(row) == 2:
            ws.merge_cells(start_row=i, start_column=3, end_row=i, end_column=5)
    ws2 = wb.create_sheet("依申请公开")
    ws2["B1"] = "三、收到和处理政府信息公开申请情况"
    top = 3
    ws2.cell(top, 2, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")
    ws2.merge_cells(start_row=top, start_column=2, end_row=top + 2, end_column=4)
    ws2.cell(top, 5, "申请人情况")
    ws2.merge_cells(start_row=top, start_column=5, end_row=top, end_column=12)
    ws2.cell(top + 1, 5, "自然人")
    ws2.cell(top + 1, 6, "法人或其他组织")
    ws2.merge_cells(start_row=top + 1, start_column=6, end_row=top + 1, end_column=11)
    ws2.cell(top + 1, 12, "总计")
    for c, a in enumerate(
        ["小计", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"], start=6
    ):
        ws2.cell(top + 2, c, a)
    labels = [
        ("一、本年新收政府信息公开申请数量", None, None),
        ("二、上年结转政府信息公开申请数量", None, None),
        ("三、本年度办理结果", "（一）予以公开", None),
        (None, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", None),
        *[
            (None, "（三）不予公开" if i == 1 else None, f"{i}.{t}")
            for i, t in enumerate(
                [
                    "属于国家秘密",
                    "其他法律行政法规禁止公开",
                    "危及“三安全一稳定”",
                    "保护第三方合法权益",
                    "属于三类内部事务信息",
                    "属于四类过程性信息",
                    "属于行政执法案卷",
                    "属于行政查询事项",
                ],
                start=1,
            )
        ],
        *[
            (None, "（四）无法提供" if i == 1 else None, f"{i}.{t}")
            for i, t in enumerate(
                ["本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确"],
                start=1,
            )
        ],
        *[
            (None, "（五）不予处理" if i == 1 else None, f"{i}.{t}")
            for i, t in enumerate(
                [
                    "信访举报投诉类申请",
                    "重复申请",
                    "要求提供公开出版物",
                    "无正当理由大量反复申请",
                    "要求行政机关确认或重新出具已获取信息",
                ],
                start=1,
            )
        ],
        (
            None,
            "（六）其他处理",
            "1.申请人无正当理由逾期不补正，行政机关不再处理其政府信息公开申请",
        ),
        (None, None, "2.申请人逾期未按收费通知要求缴纳费用，行政机关不再处理其政府信息公开申请"),
        (None, None, "3.其他"),
        (None, "（七）总计", None),
        ("四、结转下年度继续办理", None, None),
    ]
    special = {
        0: [10, 3, 2, 1, 0, 0, 0, 13],
        1: [2, 0, 0, 0, 0, 0, 0, 2],
        2: [8, 2, 1, 1, 0, 0, 0, 10],
        23: [8, 2, 1, 1, 0, 0, 0, 10],
        24: [4, 1, 1, 0, 0, 0, 0, 5],
    }
    for i, (a, b, c) in enumerate(labels):
        r = top + 3 + i
        for col, v in ((2, a), (3, b), (4, c)):
            if v:
                ws2.cell(r, col, v)
        for j, v in enumerate(special.get(i, [0] * 8)):
            ws2.cell(r, 5 + j, v)
    ws3 = wb.create_sheet("复议诉讼")
    ws3["A1"] = "行政复议"
    ws3.merge_cells("A1:E2")
    ws3["F1"] = "行政诉讼"
    ws3.merge_cells("F1:O1")
    ws3["F2"] = "未经复议直接起诉"
    ws3["K2"] = "复议后起诉"
    for i in range(15):
        ws3.cell(3, 1 + i, ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"][i % 5])
        ws3.cell(4, 1 + i, [0, 1, 0, 0, 1][i % 5])
    wb.save(path)


def subtotal_before_total_2019(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "二、主动公开"
    ws["A1"] = "泸州市丙局2020年政府信息公开工作年度报告"
    rows2 = [
        ["第二十条第（一）项"],
        ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
        ["规章", 0, 0, 0],
        ["规范性文件", 1, 1, 7],
        ["第二十条第（五）项"],
        ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
        ["行政许可", 12, 1, 40],
        ["其他对外管理服务事项", 3, 0, 5],
        ["第二十条第（六）项"],
        ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
        ["行政处罚", 20, -1, 16],
        ["行政强制", 2, 0, 0],
        ["第二十条第（八）项"],
        ["信息内容", "上一年项目数量", "本年增/减"],
        ["行政事业性收费", 1, 0],
        ["第二十条第（九）项"],
        ["信息内容", "采购项目数量", "采购总金额（万元）"],
        ["政府集中采购", 2, 8.5],
    ]
    for i, row in enumerate(rows2, start=3):
        for c, v in enumerate(row, start=1):
            ws.cell(i, c, v)
    ws2 = wb.create_sheet("三、依申请公开")
    ws2["A1"] = "泸州市丙局2020年政府信息公开工作年度报告"
    ws2["A3"] = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    ws2.merge_cells("A3:C4")
    ws2["D3"] = "自然人"
    ws2.merge_cells("D3:D4")
    ws2["E3"] = "法人或其他组织"
    ws2.merge_cells("E3:J3")
    ws2["K3"] = "总计"
    ws2.merge_cells("K3:K4")
    for c, a in enumerate(
        ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "小计"], 5
    ):
        ws2.cell(4, c, a)
    # columns: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 小计, 总计
    zero = [0] * 8
    body = [
        (("一、本年新收政府信息公开申请数量", "", ""), [5, 2, 0, 0, 1, 0, 3, 8]),
        (("二、上年结转政府信息公开申请数量", "", ""), [1, 0, 0, 0, 0, 0, 0, 1]),
        (("三、本年度办理结果", "（一）予以公开", ""), [3, 2, 0, 0, 0, 0, 2, 5]),
        (
            ("", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ""),
            [1, 0, 0, 0, 0, 0, 0, 1],
        ),
        (("", "（三）不予公开", "1.属于国家秘密"), zero),
        (("", "", "2.其他法律行政法规禁止公开"), zero),
        (("", "", "3.危及“三安全一稳定”"), zero),
        (("", "", "4.保护第三方合法权益"), [1, 0, 0, 0, 0, 0, 0, 1]),
        (("", "", "5.属于三类内部事务信息"), zero),
        (("", "", "6.属于四类过程性信息"), zero),
        (("", "", "7.属于行政执法案卷"), zero),
        (("", "", "8.属于行政查询事项"), zero),
        (("", "（四）无法提供", "1.本机关不掌握相关政府信息"), [0, 0, 0, 0, 1, 0, 1, 1]),
        (("", "", "2.没有现成信息需要另行制作"), zero),
        (("", "", "3.补正后申请内容仍不明确"), zero),
        (("", "（五）不予处理", "1.信访举报投诉类申请"), zero),
        (("", "", "2.重复申请"), zero),
        (("", "", "3.要求提供公开出版物"), zero),
        (("", "", "4.无正当理由大量反复申请"), zero),
        (("", "", "5.要求行政机关确认或重新出具已获取信息"), zero),
        (("", "（六）其他处理", ""), zero),
        (("", "（七）总计", ""), [5, 2, 0, 0, 1, 0, 3, 8]),
        # the planted break: 2 carried into next year by 自然人 (and so by 总计), where 1 balances
        (("四、结转下年度继续办理", "", ""), [2, 0, 0, 0, 0, 0, 0, 2]),
    ]
    for r, (labels, values) in enumerate(body, start=5):
        for c, v in enumerate(labels, start=1):
            if v:
                ws2.cell(r, c, v)
        for c, v in enumerate(values, start=4):
            ws2.cell(r, c, v)
    ws2.merge_cells("A7:A26")
    ws2.merge_cells("B9:B16")
    ws3 = wb.create_sheet("四、复议诉讼")
    ws3["A1"] = "泸州市丙局2020年政府信息公开工作年度报告"
    ws3["A3"] = "行政复议"
    ws3.merge_cells("A3:E3")
    ws3["F3"] = "行政诉讼"
    ws3.merge_cells("F3:O3")
    for c in range(1, 6):
        ws3.cell(4, c, ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"][c - 1])
        ws3.merge_cells(start_row=4, start_column=c, end_row=5, end_column=c)
    ws3["F4"] = "未经复议直接起诉"
    ws3.merge_cells("F4:J4")
    ws3["K4"] = "复议后起诉"
    ws3.merge_cells("K4:O4")
    for i in range(10):
        ws3.cell(5, 6 + i, ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"][i % 5])
    for i, v in enumerate([1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0]):
        ws3.cell(6, 1 + i, v)
    wb.save(path)


def recalculated(src: Path, dest: Path) -> None:
    """Let LibreOffice open and save the workbook, so that formulas carry cached values."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{tmp}/profile",
                "--headless",
                "--convert-to",
                "xlsx",
                "--outdir",
                f"{tmp}/out",
                str(src),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        shutil.copy(Path(tmp) / "out" / src.name, dest)


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "泸州市甲局_2020_one_sheet.xlsx"
        one_sheet_2019(raw)
        recalculated(raw, HERE / raw.name)
    eight_columns_2021(HERE / "eight_columns_2021.xlsx")
    subtotal_before_total_2019(HERE / "subtotal_before_total_2019.xlsx")
