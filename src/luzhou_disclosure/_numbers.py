"""Turning what people type into numbers, and rounding the way reports round.

One place for the rules every reader shares: a records-workbook cell, a standard-form cell and a
figure inside a report sentence are all read by :func:`parse_number`.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

#: Cell contents that mean "not reported / not applicable": NA, never 0.
NA_TOKENS = frozenset(
    {
        "",
        "-",
        "--",
        "—",
        "——",
        "–",
        "－",
        "/",
        "／",
        "\\",
        "无",
        "無",
        "不适用",
        "不適用",
        "na",
        "n/a",
        "nan",
        "none",
        "null",
        "空",
        "/ /",
    }
)

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "两": 2,
    "兩": 2,
    "贰": 2,
    "貳": 2,
    "三": 3,
    "叁": 3,
    "參": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "陸": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
_CN_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN_BIG = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
CN_NUMERAL_CHARS = "".join(_CN_DIGITS) + "".join(_CN_UNITS) + "".join(_CN_BIG)

#: Units a count or amount may carry in a cell or sentence (3件, 400余条, 12万元).
UNITS = (
    "人次",
    "万元",
    "亿元",
    "元",
    "件",
    "条",
    "项",
    "次",
    "个",
    "篇",
    "期",
    "人",
    "家",
    "份",
    "起",
    "例",
    "场",
    "批",
    "封",
    "张",
    "户",
    "宗",
    "本",
    "册",
    "部",
    "%",
    "‰",
)
_UNIT_RE = "|".join(UNITS)

_NUMBER = re.compile(
    r"""^(?P<approx_pre>约|約|近|逾|超过|超過)?
        (?P<sign>[+-])?
        (?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?
        (?P<big>万|萬|亿|億)?
        (?P<approx_mid>余|餘|多)?
        (?P<unit>UNITS)?
        (?P<approx_post>余|餘|多|左右)?$""".replace("UNITS", _UNIT_RE),
    re.VERBOSE,
)


#: figures are at most 15 digits long: every whole number below 10^15 is exact as a float (exact up
#: to 2^53 ≈ 9.007 × 10^15) and in ``Int64``; a longer one is a typing error, never a report's count
MAX_DIGITS = 15
MAX_FIGURE = 10**MAX_DIGITS
TOO_LARGE = f"a number of at most {MAX_DIGITS} digits"


def check_figure(value: float) -> float:
    """``value`` if it can be a figure (finite, below 10^15 in size); ``ValueError`` otherwise.

    >>> check_figure(811.0)
    811.0
    >>> check_figure(1.2e19)
    Traceback (most recent call last):
    ValueError: a number of at most 15 digits
    """
    if not -MAX_FIGURE < value < MAX_FIGURE:  # False for NaN too: NA is handled before
        raise ValueError(TOO_LARGE)
    return value


@dataclass(frozen=True, slots=True)
class Number:
    """A number as written: its value, whether it was approximate (400余条) and its unit."""

    value: float
    approx: bool = False
    unit: str | None = None

    @property
    def is_integer(self) -> bool:
        return float(self.value).is_integer()


def to_halfwidth(text: str) -> str:
    """Full-width digits, letters and punctuation to their ASCII forms (NFKC), spaces removed."""
    return unicodedata.normalize("NFKC", text)


def cn_numeral_to_int(text: str) -> int | None:
    """Value of a Chinese numeral such as 三, 十二, 二百零五, 一万二千; None if it is not one."""
    if not text or any(ch not in CN_NUMERAL_CHARS for ch in text):
        return None
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _CN_DIGITS:
            if digit is not None and digit != 0:
                return None  # two digits in a row (一二, 二〇二〇) is not a numeral
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            section += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
        else:  # 万 / 亿
            section += digit or 0
            total = (total + section) * _CN_BIG[ch]
            section, digit = 0, None
    return total + section + (digit or 0)


def parse_number(raw: object) -> Number | None:
    """Read a number as people type it; ``None`` for NA tokens; ``ValueError`` otherwise.

    Accepts numbers, ``811``, ``８１１``, ``1,234``, `` 12 ``, ``3件``, ``37.62万条``,
    ``400余条``, ``三件``, ``6.10%``; NA for blank, ``—``, ``/``, ``无``, ``不适用``. A figure of
    more than 15 digits (10^15 or more, after 万 and 亿) is a ``ValueError``: no report states one,
    and beyond that a float no longer holds every whole number.

    >>> parse_number("８１１")
    Number(value=811.0, approx=False, unit=None)
    >>> parse_number("400余条")
    Number(value=400.0, approx=True, unit='条')
    >>> parse_number("37.62万条").value
    376200.0
    >>> parse_number("不适用") is None
    True
    """
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValueError("a number, not a true/false value")
    if isinstance(raw, int):
        if not -MAX_FIGURE < raw < MAX_FIGURE:
            raise ValueError(TOO_LARGE)
        return Number(float(raw))
    if isinstance(raw, float):
        if math.isnan(raw):
            return None
        return Number(check_figure(raw))
    text = _SPACES.sub("", to_halfwidth(str(raw)))
    if text.lower() in NA_TOKENS:
        return None
    m = _NUMBER.match(text)
    if m is None:
        return _parse_cn(text)
    digits = m["int"].replace(",", "")
    if len(digits.lstrip("0")) > MAX_DIGITS:
        raise ValueError(TOO_LARGE)
    value = Decimal(digits + ("." + m["frac"] if m["frac"] else ""))
    if m["sign"] == "-":
        value = -value
    unit = m["unit"]
    if m["big"] and unit in ("元", None) and m["big"] in "万萬" and unit == "元":
        unit = "万元"  # 12万元 is 12 in units of 万元
    elif m["big"]:
        value *= _CN_BIG[m["big"]]
    approx = bool(m["approx_pre"] or m["approx_mid"] or m["approx_post"])
    return Number(check_figure(float(value)), approx, unit)


_SPACES = re.compile(r"\s+")
_CN_NUMBER = re.compile(
    rf"^(?P<num>[{CN_NUMERAL_CHARS}]+)(?P<approx>余|餘|多)?(?P<unit>{_UNIT_RE})?$"
)


def _parse_cn(text: str) -> Number | None:
    m = _CN_NUMBER.match(text)
    if m:
        value = cn_numeral_to_int(m["num"])
        if value is not None:
            if not -MAX_FIGURE < value < MAX_FIGURE:
                raise ValueError(TOO_LARGE)
            return Number(float(value), bool(m["approx"]), m["unit"])
    raise ValueError(
        "a number such as 12, 1,234, 3件 or ８１１, or blank, —, /, 无, 不适用 for not applicable"
    )


def round_half_up(value: float | Fraction | Decimal, decimals: int = 2) -> Decimal:
    """Round the way reports do: half up, to ``decimals`` places (``round`` rounds half to even).

    Floats are taken at their shortest repr, so 0.125 rounds to 0.13 and 2.675 to 2.68.

    >>> round_half_up(0.125, 2)
    Decimal('0.13')
    >>> round_half_up(Fraction(4 * 100, 246), 2)
    Decimal('1.63')
    """
    quantum = Decimal(1).scaleb(-decimals)
    if isinstance(value, Fraction):
        scaled = value * 10**decimals
        n = math.floor(abs(scaled) + Fraction(1, 2))
        return (Decimal(n if scaled >= 0 else -n) * quantum).quantize(quantum)
    dec = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    return dec.quantize(quantum, rounding=ROUND_HALF_UP)


def decimals_of(printed: str | float | Decimal) -> int:
    """Number of decimals a printed figure shows: ``"18.22"`` → 2, ``"100"`` → 0."""
    text = str(printed)
    return len(text.split(".", 1)[1]) if "." in text else 0


def percent_half_up(numerator, denominator, decimals):
    """``numerator ÷ denominator × 100`` rounded half away from zero, exactly, element-wise.

    Works on integer arrays (counts) without floating-point error: 15 ÷ 246 → 6.10, 125 ÷ 686 →
    18.22. Returns floats; NaN where the denominator is 0 or any input is missing.

    >>> percent_half_up([4, 125], [246, 686], [2, 2]).tolist()
    [1.63, 18.22]
    """
    import numpy as np

    num = np.asarray(numerator, dtype="float64")
    den = np.asarray(denominator, dtype="float64")
    dec = np.asarray(decimals, dtype="float64")
    out = np.full(np.broadcast(num, den, dec).shape, np.nan)
    valid = ~(np.isnan(num) | np.isnan(den) | np.isnan(dec)) & (den != 0)
    if not valid.any():
        return out
    n = np.broadcast_to(num, out.shape)[valid].astype(np.int64)
    d = np.broadcast_to(den, out.shape)[valid].astype(np.int64)
    k = np.broadcast_to(dec, out.shape)[valid].astype(np.int64)
    sign = np.sign(n) * np.sign(d)
    scale = 10**k
    q, r = np.divmod(np.abs(n) * 100 * scale, np.abs(d))
    rounded = q + (2 * r >= np.abs(d))
    out[valid] = sign * rounded / scale
    return out
