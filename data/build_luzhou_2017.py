"""Type the figures of the Luzhou Statistics Bureau's 2017 report into the bundled records workbook.

Run from the repository root (the seed text is kept in the tests' data):

    .venv/bin/python data/build_luzhou_2017.py tests/data/seeds/000_9011374d10fa4802.txt

Every figure below was read off the report by hand; the script only finds the sentence each one
comes from (its line number and text), so that the workbook names its source, and writes the
workbook with the library's own writer.
"""

from __future__ import annotations

import sys
from pathlib import Path

import luzhou_disclosure as ld

AGENCY, YEAR = "泸州市统计局", 2017
TOTAL = "主动公开政府信息总数"
RECEIVED = "本年新收政府信息公开申请数量"
ANSWERED = "办理答复数量"

# (anchor text the sentence contains, record fields)
FIGURES: list[tuple[str, dict]] = [
    (
        "2017年主动公开政府信息811条",
        dict(section="proactive", item=TOTAL, count=811, unit="条", label="主动公开政府信息"),
    ),
    (
        "增长18.22%",
        dict(
            section="proactive",
            item=TOTAL,
            measure="growth_pct",
            value=18.22,
            decimals=2,
            unit="%",
            label="增长",
        ),
    ),
]
for item, n, pct in [
    ("概况类", 3, "0.37"),
    ("计划总结类", 22, "2.71"),
    ("法规公文类", 13, "1.60"),
    ("工作动态类", 239, "29.47"),
    ("人事类", 16, "1.97"),
    ("财政类", 6, "0.74"),
    ("其他类", 512, "63.13"),
]:
    anchor = f"{item}{n}条"
    FIGURES.append(
        (anchor, dict(section="proactive", item=item, parent=TOTAL, count=n, unit="条", label=item))
    )
    FIGURES.append(
        (
            anchor,
            dict(
                section="proactive",
                item=item,
                parent=TOTAL,
                measure="share_pct",
                value=float(pct),
                decimals=len(pct.split(".")[1]),
                unit="%",
                base=TOTAL,
                label=f"{item} 占{pct}%",
            ),
        )
    )
FIGURES += [
    (
        "通过市政府网站主动公开41条",
        dict(section="channel", item="政府门户网站", count=41, unit="条", label="市政府网站"),
    ),
    (
        "通过市统计局公众信息网主动公开696条",
        dict(section="channel", item="部门网站", count=696, unit="条", label="市统计局公众信息网"),
    ),
    (
        "统计新闻发布会3次",
        dict(
            section="channel",
            item="新闻发布会",
            count=3,
            unit="次",
            label="全市季度(半年、年度)经济运行统计新闻发布会",
        ),
    ),
    (
        "新闻通稿1次",
        dict(
            section="channel", item="新闻通稿", count=1, unit="次", label="全市经济运行统计新闻通稿"
        ),
    ),
    (
        "发布6条",
        dict(section="channel", item="政务微博", count=6, unit="条", label="微博“泸州统计”"),
    ),
    (
        "推送信息26条",
        dict(section="channel", item="政务微信", count=26, unit="条", label="微信公众号“泸州统计”"),
    ),
    (
        "共受理政府信息公开申请246件",
        dict(
            section="applications",
            item=RECEIVED,
            count=246,
            unit="件",
            label="受理政府信息公开申请",
        ),
    ),
    (
        "共办理答复246件",
        dict(section="applications", item=ANSWERED, count=246, unit="件", label="办理答复"),
    ),
    (
        "共办理答复246件,占100%",
        dict(
            section="applications",
            item=ANSWERED,
            measure="share_pct",
            value=100.0,
            decimals=0,
            unit="%",
            base=RECEIVED,
            label="办理答复 占100%",
        ),
    ),
    (
        "转结下一年办理答复0件",
        dict(
            section="applications",
            item="结转下年度继续办理",
            count=0,
            unit="件",
            label="转结下一年办理答复",
        ),
    ),
    (
        "转结下一年办理答复0件,占0%",
        dict(
            section="applications",
            item="结转下年度继续办理",
            measure="share_pct",
            value=0.0,
            decimals=0,
            unit="%",
            base=RECEIVED,
            label="转结下一年办理答复 占0%",
        ),
    ),
    (
        "属于已主动公开范围的231件",
        dict(
            section="outcomes",
            item="属于已主动公开范围",
            parent=ANSWERED,
            count=231,
            unit="件",
            label="属于已主动公开范围",
        ),
    ),
]
for item, n, pct, parent, anchor_item in [
    ("同意公开", 0, "0", ANSWERED, "同意公开"),
    ("部分公开", 0, "0", ANSWERED, "部分公开"),
    ("不予公开", 15, "6.10", ANSWERED, "不予公开"),
    ("商业秘密", 4, "1.63", "不予公开", "涉及商业秘密"),
    ("不属于本行政机关", 1, "0.41", "不予公开", "不属于本行政机关"),
    ("申请信息不存在", 5, "2.03", "不予公开", "申请信息不存在"),
    ("申请内容不明确或转其他途径办理", 5, "2.03", "不予公开", "申请内容不明确或转其他途径办理"),
    ("其他原因", 0, "0", "不予公开", "其他原因"),
]:
    anchor = f"{anchor_item}{n}件,占{pct}%"
    FIGURES.append(
        (
            anchor,
            dict(
                section="outcomes", item=item, parent=parent, count=n, unit="件", label=anchor_item
            ),
        )
    )
    FIGURES.append(
        (
            anchor,
            dict(
                section="outcomes",
                item=item,
                parent=parent,
                measure="share_pct",
                value=float(pct),
                decimals=len(pct.split(".")[1]) if "." in pct else 0,
                unit="%",
                base=RECEIVED,
                label=f"{anchor_item} 占{pct}%",
            ),
        )
    )
FIGURES += [
    (
        "未收取费用",
        dict(
            section="fees",
            item="收取费用",
            measure="amount",
            value=0.0,
            unit="元",
            label="未收取费用",
        ),
    ),
    (
        "无因政府信息公开申请行政复议、提起行政诉讼的情况",
        dict(
            section="reconsideration",
            item="行政复议",
            field="总计",
            count=0,
            unit="件",
            label="无因政府信息公开申请行政复议",
        ),
    ),
    (
        "无因政府信息公开申请行政复议、提起行政诉讼的情况",
        dict(
            section="litigation",
            item="行政诉讼",
            field="总计",
            count=0,
            unit="件",
            label="无…提起行政诉讼",
        ),
    ),
]


def main(seed: Path, out: Path) -> None:
    lines = seed.read_text(encoding="utf-8").splitlines()
    rows = []
    for anchor, fields in FIGURES:
        hits = [(i, line) for i, line in enumerate(lines, start=1) if anchor in line]
        if len(hits) != 1:
            raise SystemExit(f"anchor {anchor!r} found on {len(hits)} lines, expected exactly one")
        lineno, line = hits[0]
        sentence = _sentence(line, anchor)
        rows.append(
            {
                "agency": AGENCY,
                "year": YEAR,
                "form": "narrative",
                "measure": "count",
                "source": f"{seed.name}:{lineno} 「{sentence}」",
                **fields,
            }
        )
    rows.append(
        {
            "agency": AGENCY,
            "year": 2016,
            "form": "narrative",
            "section": "proactive",
            "item": TOTAL,
            "measure": "count",
            "count": 811 - 125,
            "unit": "条",
            "label": "比2016年多125条",
            "source": f"derived: 811 − 125 from {seed.name}:{_line(lines, '比2016年多125条')} "
            "「比2016年多125条」",
        }
    )
    records = ld.validate(ld.make_records(rows))
    ld.write_records(records, out)
    print(f"{len(records)} figures written to {out}")


def _line(lines: list[str], anchor: str) -> int:
    return next(i for i, line in enumerate(lines, start=1) if anchor in line)


def _sentence(line: str, anchor: str) -> str:
    """The sentence of ``line`` (split at 。 and ;) that holds ``anchor``, or the whole line."""
    start = line.index(anchor)
    left = max(line.rfind(p, 0, start) for p in "。;;") + 1
    ends = [i for i in (line.find(p, start + len(anchor)) for p in "。;;") if i != -1]
    right = min(ends) + 1 if ends else len(line)
    return line[left:right].strip()


if __name__ == "__main__":
    seed = Path(sys.argv[1] if len(sys.argv) > 1 else "tests/data/seeds/000_9011374d10fa4802.txt")
    main(seed, Path("src/luzhou_disclosure/data/luzhou_statistics_2017.xlsx"))
