"""The vocabulary of the records model: sections, measures, applicants and canonical items.

Everything a reader emits and an analysis looks for is named here once. Labels in real reports vary
(full-width or ASCII brackets, spaces inside labels, traditional characters, 科研企业 for 科研机构);
:func:`label_key` turns any variant into a matching key, and the tables below map keys to the
canonical label that records store. The original text is kept in the records' ``label`` column.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# --- sections -------------------------------------------------------------------------------

#: section name → what it holds
SECTIONS: dict[str, str] = {
    "proactive": "主动公开: the total of proactively disclosed items and its breakdown by category",
    "channel": (
        "主动公开渠道: items or events per channel (websites, 微博, 微信, press conferences, …)"
    ),
    "article20": (
        "standard form section 二: 条例第二十条 items (规章, 行政许可, 行政处罚, 收费, 采购, …)"
    ),
    "applications": (
        "依申请公开: applications received, carried over, answered, carried into next year"
    ),
    "outcomes": "how applications were answered: 予以公开, 部分公开, 不予公开 and its reasons, …",
    "fees": "收费及减免: fees charged for disclosure, and waivers",
    "reconsideration": "行政复议 about disclosure",
    "litigation": "行政诉讼 about disclosure",
    # kept apart from the standard items above: no analysis reads it as one of them
    "other": "other counts a report states (制作政策解读41期, 举办新闻发布会3场, 配备工作人员2名, "
    "a figure about another year): item = the phrase as written, unit as written",
}
#: the section of the counts a report states that are none of the standard items
OTHER_SECTION = "other"

#: measure name → (value column, meaning)
MEASURES: dict[str, tuple[str, str]] = {
    "count": ("count", "a number of items, applications or cases (nullable integer, ≥ 0)"),
    "change": ("count", "a signed change in a count as a report states it (本年增/减)"),
    "amount": ("value", "a sum of money in ``unit`` (元 or 万元)"),
    "share_pct": ("value", "a percentage the report prints: part ÷ ``base`` × 100"),
    "growth_pct": ("value", "a growth rate the report prints: (this year − last) ÷ last × 100"),
    "rate_pct": (
        "value",
        "a rate the report prints on its own (办结率100%): no count it is made of",
    ),
}
COUNT_MEASURES = frozenset(m for m, (col, _) in MEASURES.items() if col == "count")
VALUE_MEASURES = frozenset(m for m, (col, _) in MEASURES.items() if col == "value")

#: report formats a record can come from
FORMS = ("narrative", "2019", "2021")

# --- applicants (standard form section 三 columns) -------------------------------------------

TOTAL = "总计"
APPLICANTS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", TOTAL)
#: the optional subtotal column some agencies add between 自然人 and the five organisation columns
LEGAL_PERSONS = "法人或其他组织"
APPLICANT_VALUES = (*APPLICANTS, LEGAL_PERSONS)

# --- canonical items ------------------------------------------------------------------------

PROACTIVE_TOTAL = "主动公开政府信息总数"

RECEIVED = "本年新收政府信息公开申请数量"
CARRIED_IN = "上年结转政府信息公开申请数量"
ANSWERED = "办理答复数量"
CARRIED_FORWARD = "结转下年度继续办理"

REFUSED = "不予公开"
UNABLE = "无法提供"
NOT_PROCESSED = "不予处理"
OTHER_HANDLING = "其他处理"


@dataclass(frozen=True, slots=True)
class Item:
    """One row of a standard table: its canonical label, its group and the formats that have it."""

    item: str
    parent: str | None
    forms: tuple[str, ...] = ("2019", "2021")


#: Standard form section 三, rows of 三、本年度办理结果, in table order.
STANDARD_OUTCOMES: tuple[Item, ...] = (
    Item("予以公开", None),
    Item("部分公开", None),
    Item("属于国家秘密", REFUSED),
    Item("其他法律行政法规禁止公开", REFUSED),
    Item("危及“三安全一稳定”", REFUSED),
    Item("保护第三方合法权益", REFUSED),
    Item("属于三类内部事务信息", REFUSED),
    Item("属于四类过程性信息", REFUSED),
    Item("属于行政执法案卷", REFUSED),
    Item("属于行政查询事项", REFUSED),
    Item("本机关不掌握相关政府信息", UNABLE),
    Item("没有现成信息需要另行制作", UNABLE),
    Item("补正后申请内容仍不明确", UNABLE),
    Item("信访举报投诉类申请", NOT_PROCESSED),
    Item("重复申请", NOT_PROCESSED),
    Item("要求提供公开出版物", NOT_PROCESSED),
    Item("无正当理由大量反复申请", NOT_PROCESSED),
    Item("要求行政机关确认或重新出具已获取信息", NOT_PROCESSED),
    Item(OTHER_HANDLING, None, ("2019",)),
    Item(
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", OTHER_HANDLING, ("2021",)
    ),
    Item(
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        OTHER_HANDLING,
        ("2021",),
    ),
    Item("其他", OTHER_HANDLING, ("2021",)),
    Item(TOTAL, None),
)

#: Standard form section 三, the application-flow rows (section ``applications``).
STANDARD_APPLICATION_ROWS = (RECEIVED, CARRIED_IN, CARRIED_FORWARD)

#: Standard form section 四: groups (items) × fields; the two litigation groups have parent
#: 行政诉讼.
REVIEW_FIELDS = ("结果维持", "结果纠正", "其他结果", "尚未审结", TOTAL)
REVIEW_GROUPS: tuple[tuple[str, str, str | None], ...] = (
    ("reconsideration", "行政复议", None),
    ("litigation", "未经复议直接起诉", "行政诉讼"),
    ("litigation", "复议后起诉", "行政诉讼"),
)

# --- column headers of the standard tables ----------------------------------------------------
# The table interpreter (readers/_standard.py) finds every figure's column from the header cells
# above it; these are the words it reads there (docs/formats.md §6), compared through label_key.

#: Section 三 header words naming an applicant column. 科研企业 is a common slip for 科研机构;
#: 小计 (and 合计 under 法人或其他组织) is the optional subtotal of the five organisation columns.
APPLICANT_HEADERS: dict[str, str] = {
    "自然人": "自然人",
    "商业企业": "商业企业",
    "科研机构": "科研机构",
    "科研企业": "科研机构",
    "社会公益组织": "社会公益组织",
    "法律服务机构": "法律服务机构",
    "其他": "其他",
    LEGAL_PERSONS: LEGAL_PERSONS,
    TOTAL: TOTAL,
    "小计": "小计",
    "合计": "合计",
}
#: Section 三 header words over the applicant columns that name no column of their own.
APPLICANT_GROUP_HEADERS = ("申请人情况", "申请人类型", "申请人类别", "申请人")
#: Section 四 header words naming a group of columns (index into REVIEW_GROUPS; None: 行政诉讼,
#: the parent of groups 1 and 2). Longer words first: they are looked for inside header cells.
REVIEW_GROUP_HEADERS: dict[str, int | None] = {
    "未经复议直接起诉": 1,
    "复议后起诉": 2,
    "直接起诉": 1,
    "行政复议": 0,
    "行政诉讼": None,
}
#: Section 四 header words naming a field (longer words first, as above).
REVIEW_FIELD_HEADERS: dict[str, str] = {
    "结果维持": "结果维持",
    "结果纠正": "结果纠正",
    "其他结果": "其他结果",
    "尚未审结": "尚未审结",
    "未审结": "尚未审结",
    "维持": "结果维持",
    "纠正": "结果纠正",
    "其他": "其他结果",
    TOTAL: TOTAL,
    "合计": TOTAL,
}
#: Header words of a column of remarks (text there is not a figure).
REMARK_HEADERS = ("备注", "说明", "附注", "注")
#: Words a section 四 group header may carry besides the group's name (行政复议案件, 行政诉讼情况).
REVIEW_GROUP_SUFFIXES = ("案件数", "案件", "情况", "件数", "数量")
#: Section 二 header words that are another name of a field: the field, by format.
ARTICLE20_FIELD_SYNONYMS: dict[str, dict[str, str]] = {
    "处理决定数量": {"2019": "处理决定数量", "2021": "本年处理决定数量"},
    "本年处理决定数量": {"2019": "处理决定数量", "2021": "本年处理决定数量"},
    "收费金额": {"2021": "本年收费金额"},
}


@dataclass(frozen=True, slots=True)
class Article20Row:
    """A row of standard form section 二: block (parent), item and its fields (field, measure)."""

    parent: str
    item: str
    fields: tuple[tuple[str, str], ...]


ARTICLE20: dict[str, tuple[Article20Row, ...]] = {
    "2019": (
        Article20Row(
            "第二十条第（一）项",
            "规章",
            (("本年新制作数量", "count"), ("本年新公开数量", "count"), ("对外公开总数量", "count")),
        ),
        Article20Row(
            "第二十条第（一）项",
            "规范性文件",
            (("本年新制作数量", "count"), ("本年新公开数量", "count"), ("对外公开总数量", "count")),
        ),
        Article20Row(
            "第二十条第（五）项",
            "行政许可",
            (("上一年项目数量", "count"), ("本年增/减", "change"), ("处理决定数量", "count")),
        ),
        Article20Row(
            "第二十条第（五）项",
            "其他对外管理服务事项",
            (("上一年项目数量", "count"), ("本年增/减", "change"), ("处理决定数量", "count")),
        ),
        Article20Row(
            "第二十条第（六）项",
            "行政处罚",
            (("上一年项目数量", "count"), ("本年增/减", "change"), ("处理决定数量", "count")),
        ),
        Article20Row(
            "第二十条第（六）项",
            "行政强制",
            (("上一年项目数量", "count"), ("本年增/减", "change"), ("处理决定数量", "count")),
        ),
        Article20Row(
            "第二十条第（八）项",
            "行政事业性收费",
            (("上一年项目数量", "count"), ("本年增/减", "change")),
        ),
        Article20Row(
            "第二十条第（九）项",
            "政府集中采购",
            (("采购项目数量", "count"), ("采购总金额", "amount")),
        ),
    ),
    "2021": (
        Article20Row(
            "第二十条第（一）项",
            "规章",
            (("本年制发件数", "count"), ("本年废止件数", "count"), ("现行有效件数", "count")),
        ),
        Article20Row(
            "第二十条第（一）项",
            "行政规范性文件",
            (("本年制发件数", "count"), ("本年废止件数", "count"), ("现行有效件数", "count")),
        ),
        Article20Row("第二十条第（五）项", "行政许可", (("本年处理决定数量", "count"),)),
        Article20Row("第二十条第（六）项", "行政处罚", (("本年处理决定数量", "count"),)),
        Article20Row("第二十条第（六）项", "行政强制", (("本年处理决定数量", "count"),)),
        Article20Row("第二十条第（八）项", "行政事业性收费", (("本年收费金额", "amount"),)),
    ),
}

# --- matching labels ------------------------------------------------------------------------

#: Traditional → simplified for the characters that occur in reports (labels, figures and the prose
#: around them), character by character; the one table every reader uses.
_T2S = str.maketrans(
    "開關們個來對發廢現規範導統計護權執詢項務過屬於國險穩製補確訪舉報訴類複覆認獲費繳納業機構會組織總門網條區縣鄉鎮讓這產動態"
    "況劃結財資訊與從為處數請復議轉續辦聽據屆歲營運檢標級衛學單語際歷義書決稅買賣齊聯號圖長電農醫藥歸貳參陸萬億兩餘幾實無達覽"
    "應選傳經濟緊質優點園場頁編簡稱華懷佈訂問欄設監論諮話職試識員準將節體採購競爭談東雖說還進週時間擊貫徹領豐積極堅強廣擴預績"
    "專撥銷塊鏈圍繞觀團隊該評價審創勢幣錢帳賬維輸遞徑僅備傷飾滿劉誌繫錄鐘擁帶勵廳閱閉證歡讀揮龍負責彙並輕違謀紀變邊順暢貿鮮療"
    "癒獎環當層階礎礙雜難願顯響頭風飛館驗驟鬥齡麥麵黨龜題額顧佔糾裡後隻盡眾別絡賴嚴兒殺災煙燈熱獨瑪畫異痺盤睜碼磚禮禍離穀窮筆"
    "簽糧紅約純紙紛細終絕給絲綠線練羅習聲脅腦臉臨舊艱蘇莊葉蟲裝見視親觸訓記託許診詞詳誠誤誰課調諾謝講豎貝貨貧貸貼貴賓賞賢趕趨"
    "躍車軍軌較輔載輪遊遠適遷遺鄰釋針鋼錯鍵閃閑闆陳陰陽隨隱雙雞靈靜頂須頻養驅騎髮鬧魚鳥鹽麗擔擇擬擾攜攝敗敵斷晉暫曆朧楊樂樣樹"
    "橋殘殼氣沒淚淨淺測滅滾漢潔潛澤濕瀏灣罰內減訟註",
    "开关们个来对发废现规范导统计护权执询项务过属于国险稳制补确访举报诉类复复认获费缴纳业机构会组织总门网条区县乡镇让这产动态"
    "况划结财资讯与从为处数请复议转续办听据届岁营运检标级卫学单语际历义书决税买卖齐联号图长电农医药归贰参陆万亿两余几实无达览"
    "应选传经济紧质优点园场页编简称华怀布订问栏设监论咨话职试识员准将节体采购竞争谈东虽说还进周时间击贯彻领丰积极坚强广扩预绩"
    "专拨销块链围绕观团队该评价审创势币钱帐账维输递径仅备伤饰满刘志系录钟拥带励厅阅闭证欢读挥龙负责汇并轻违谋纪变边顺畅贸鲜疗"
    "愈奖环当层阶础碍杂难愿显响头风飞馆验骤斗龄麦面党龟题额顾占纠里后只尽众别络赖严儿杀灾烟灯热独玛画异痹盘睁码砖礼祸离谷穷笔"
    "签粮红约纯纸纷细终绝给丝绿线练罗习声胁脑脸临旧艰苏庄叶虫装见视亲触训记托许诊词详诚误谁课调诺谢讲竖贝货贫贷贴贵宾赏贤赶趋"
    "跃车军轨较辅载轮游远适迁遗邻释针钢错键闪闲板陈阴阳随隐双鸡灵静顶须频养驱骑发闹鱼鸟盐丽担择拟扰携摄败敌断晋暂历胧杨乐样树"
    "桥残壳气没泪净浅测灭滚汉洁潜泽湿浏湾罚内减讼注",
)
_BRACKETS = str.maketrans(
    {
        "（": "(",
        "）": ")",
        "【": "[",
        "】": "]",
        "，": ",",
        "、": ",",
        "：": ":",
        "；": ";",
        "“": '"',
        "”": '"',
        "‘": "'",
        "’": "'",
        "〔": "(",
        "〕": ")",
        "﹝": "(",
        "﹞": ")",
    }
)
_SPACE = re.compile(r"\s+")


def to_simplified(text: str) -> str:
    """Traditional characters that occur in reports to simplified ones (character by character)."""
    return text.translate(_T2S)


@lru_cache(maxsize=16384)
def label_key(label: str) -> str:
    """A key under which label variants match: NFKC, simplified, ASCII punctuation, no spaces.

    >>> label_key("（三）不予公开") == label_key("(三) 不予公開")
    True
    >>> label_key("商业 企业")
    '商业企业'
    """
    text = unicodedata.normalize("NFKC", str(label))
    if _TO_KEY_CHARS.search(text):  # (most labels need no translation: it is the costly part)
        text = text.translate(_TO_KEY)
    return "".join(text.split())


#: _BRACKETS then _T2S in one table (no character of one maps to a character of the other)
_TO_KEY: dict[int, str | int | None] = {**_T2S, **_BRACKETS}
_TO_KEY_CHARS = re.compile("[" + re.escape("".join(map(chr, _TO_KEY))) + "]")


_ORDINAL_PREFIX = re.compile(
    r"^(?:[一二三四五六七八九十]+[,.、]|\([一二三四五六七八九十]+\)|\d+[.,、)]|\(\d+\))+"
)


def strip_ordinal(key: str) -> str:
    """Drop leading ordinals such as 一、, (三), 1., (2) from a label key."""
    return _ORDINAL_PREFIX.sub("", key)


#: the spaces and punctuation a label's matching key leaves out (ASCII after :func:`label_key`,
#: and the CJK marks it keeps)
PUNCTUATION = re.compile(r"[\s()\[\]{}<>,.:;\"'/\\|_\-—–~·!?*、，。：；“”‘’（）【】《》！？…]")


def match_key(label: str) -> str:
    """The key two labels of one item share: :func:`label_key`, leading ordinals and punctuation
    dropped.

    >>> match_key("（一）予以公开。") == match_key("1. 予以公开")
    True
    """
    return PUNCTUATION.sub("", strip_ordinal(label_key(label)))


# --- codes and column names as people type them (records files, analysis arguments) ---------
# Kept apart from the labels above: the records reader accepts these spellings and turns them into
# the codes; docs/records.md lists them. Keys are compared through ``label_key(...).lower()``.

#: the closed vocabularies of the records' code columns: column → the codes
CODES: dict[str, tuple[str, ...]] = {
    "section": tuple(SECTIONS),
    "measure": tuple(MEASURES),
    "form": FORMS,
    "applicant": APPLICANT_VALUES,
}

#: other spellings of the codes: column → {spelling: code}
CODE_ALIASES: dict[str, dict[str, str]] = {
    "section": {
        "主动公开": "proactive",
        "主动公开情况": "proactive",
        "主动公开政府信息": "proactive",
        "公开渠道": "channel",
        "主动公开渠道": "channel",
        "渠道": "channel",
        "第二十条": "article20",
        "条例第二十条": "article20",
        "依申请公开": "applications",
        "依申请": "applications",
        "政府信息公开申请": "applications",
        "申请情况": "applications",
        "办理结果": "outcomes",
        "答复结果": "outcomes",
        "处理结果": "outcomes",
        "收费": "fees",
        "收费及减免": "fees",
        "收费情况": "fees",
        "费用": "fees",
        "行政复议": "reconsideration",
        "复议": "reconsideration",
        "行政诉讼": "litigation",
        "诉讼": "litigation",
    },
    "measure": {
        "数量": "count",
        "件数": "count",
        "条数": "count",
        "计数": "count",
        "增减": "change",
        "本年增/减": "change",
        "本年增减": "change",
        "变化": "change",
        "金额": "amount",
        "数额": "amount",
        "占比": "share_pct",
        "比例": "share_pct",
        "百分比": "share_pct",
        "比重": "share_pct",
        "增长率": "growth_pct",
        "增幅": "growth_pct",
        "增长": "growth_pct",
    },
    "form": {
        "叙述": "narrative",
        "叙述式": "narrative",
        "文字": "narrative",
        "2019年前": "narrative",
        "2019年以前": "narrative",
        "2019版": "2019",
        "2019年版": "2019",
        "2019年格式": "2019",
        "2021版": "2021",
        "2021年版": "2021",
        "2021年格式": "2021",
    },
    "applicant": {
        "合计": TOTAL,
        "总数": TOTAL,
        "total": TOTAL,
        "个人": "自然人",
        "公民": "自然人",
        "科研企业": "科研机构",
        "公益组织": "社会公益组织",
        "法律服务": "法律服务机构",
        "其它": "其他",
        "法人": LEGAL_PERSONS,
        "法人和其他组织": LEGAL_PERSONS,
        "法人及其他组织": LEGAL_PERSONS,
    },
}

#: Chinese headers of the records columns: {header: column}. 单位 is the agency (工作单位); the unit
#: of a figure is 计量单位.
COLUMN_ALIASES: dict[str, str] = {
    "机关": "agency",
    "单位": "agency",
    "报告机关": "agency",
    "机关名称": "agency",
    "单位名称": "agency",
    "部门": "agency",
    "年度": "year",
    "年份": "year",
    "年": "year",
    "报告年度": "year",
    "格式": "form",
    "报告格式": "form",
    "部分": "section",
    "板块": "section",
    "项目": "item",
    "项目名称": "item",
    "事项": "item",
    "上级项目": "parent",
    "所属项目": "parent",
    "申请人": "applicant",
    "申请人类型": "applicant",
    "栏目": "field",
    "表格栏目": "field",
    "度量": "measure",
    "数量": "count",
    "件数": "count",
    "数值": "value",
    "计量单位": "unit",
    "基数": "base",
    "小数位数": "decimals",
    "小数位": "decimals",
    "约数": "approx",
    "原文标签": "label",
    "原文": "label",
    "来源": "source",
    "出处": "source",
}

#: Items of the sections whose items form a closed list (any other item there is a typing error):
#: section → items; ``outcomes`` and ``article20`` are closed for the standard forms only (below).
CLOSED_ITEMS: dict[str, tuple[str, ...]] = {
    "applications": (RECEIVED, CARRIED_IN, ANSWERED, CARRIED_FORWARD),
    "reconsideration": ("行政复议",),
    "litigation": ("行政诉讼", "未经复议直接起诉", "复议后起诉"),
}
#: the groups of standard-form outcomes, which a report may state as a figure of their own
OUTCOME_GROUPS = (REFUSED, UNABLE, NOT_PROCESSED, OTHER_HANDLING)
#: form → its standard outcome items and groups
STANDARD_OUTCOME_ITEMS: dict[str, tuple[str, ...]] = {
    form: (*(it.item for it in STANDARD_OUTCOMES if form in it.forms), *OUTCOME_GROUPS)
    for form in ("2019", "2021")
}
#: form → its section 二 items
ARTICLE20_ITEMS: dict[str, tuple[str, ...]] = {
    form: tuple(dict.fromkeys(row.item for row in rows)) for form, rows in ARTICLE20.items()
}
#: the items the analyses look for by name; in a section whose items are open, an item or parent
#: that resembles one of them without being it is probably a typing error (a warning)
KEY_ITEMS = (PROACTIVE_TOTAL, RECEIVED, CARRIED_IN, ANSWERED, CARRIED_FORWARD, REFUSED)

# --- the printed standard form --------------------------------------------------------------
# The labels the official 2021 template prints, which the form writer (forms.write_form) and the
# report writer (publish.write_report) both put on the page.

#: the titles of the form's three tables (sections 二, 三 and 四 of the report)
FORM_SECTION_TITLES = (
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
)
#: the note the template prints in the corner of table 三 (its 勾稽关系)
FORM_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
#: outcome group → the label the form prints for the group
FORM_GROUP_LABELS = {
    REFUSED: "（三）不予公开",
    UNABLE: "（四）无法提供",
    NOT_PROCESSED: "（五）不予处理",
    OTHER_HANDLING: "（六）其他处理",
}
#: outcome of no group → the label the form prints for it (an item not here prints as itself)
FORM_TOP_LABELS = {
    "予以公开": "（一）予以公开",
    "部分公开": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    OTHER_HANDLING: "（六）其他处理",
    TOTAL: "（七）总计",
}
