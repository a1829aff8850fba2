"""Report text as lines: decoding a text file, and a 1:1 normalised copy of each line.

Every figure a reader finds in prose names its place in the *original*. To keep that exact:

- a normalised copy of each line (:func:`normalise`) has the same length as the original, character
  for character (full-width digits and punctuation to ASCII, traditional characters to simplified),
  so a span found in the copy is the same span in the original;
- a plain text names a span as ``FILE:LINE:START-END`` (1-based line, 0-based span within it);
- an HTML page's lines remember, character by character, where they stood in the HTML source
  (``_offsets``), so the same ``FILE:LINE:START-END`` points into the HTML file;
- a PDF or Word file's lines are paragraphs put together from pieces with a place of their own
  (``_places``: ``page 2:line 7``, ``paragraph 12``); a span is named by the place of the piece it
  starts in and the text it covers: ``report.pdf:page 1:line 16「1136条」``.
"""

from __future__ import annotations

import codecs
import os
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .._vocab import to_simplified
from ..errors import InputFileError


class _CharMap(dict):
    """Per-character normalisation, computed on first use: one character in, one character out."""

    def __missing__(self, code: int) -> int:
        ch = chr(code)
        nf = unicodedata.normalize("NFKC", ch)
        out = nf if len(nf) == 1 else ch
        out = to_simplified(out)
        if out in "\u3000\xa0\u2002\u2003\u2009\u200b\ufeff\f\v\x1c\x1d\x1e\x85\u2028\u2029":
            out = " "
        self[code] = ord(out)
        return ord(out)


_CHARMAP = _CharMap()


_PINYIN = re.compile(r"(?<=[\u4e00-\u9fff])\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ]{1,8}\)")


def strip_junk(norm: str) -> tuple[str, list[int] | None]:
    """``norm`` without junk mirror sites insert (pinyin after characters: 统(tǒng)计), and for each
    remaining character its index in ``norm`` (``None`` when nothing was removed).

    >>> strip_junk("统(tǒng)计局")[0]
    '统计局'
    """
    if "(" not in norm or not _PINYIN.search(norm):
        return norm, None
    keep: list[int] = []
    last = 0
    for m in _PINYIN.finditer(norm):
        keep.extend(range(last, m.start()))
        last = m.end()
    keep.extend(range(last, len(norm)))
    return "".join(norm[i] for i in keep), keep


def normalise(text: str) -> str:
    """The text with full-width forms to ASCII and traditional characters to simplified, same
    length.

    >>> normalise("８１１條，佔６.10％")
    '811条,占6.10%'
    """
    return text.translate(_CHARMAP)


@dataclass
class Text:
    """A report text split into lines, with the normalised copy and a map back to the source.

    ``lines`` are what the reader reads (for HTML: the text the page shows; for a PDF or Word file:
    its paragraphs); ``norm`` their normalised copies. ``ref(line, start, end)`` names a span of a
    line in the source. Every name it gives is remembered with its span (:meth:`spans`), so that
    whatever a reader made of a span can be traced back to the line it read, whatever the source.
    """

    name: str
    lines: list[str]
    norm: list[str]
    _offsets: list[list[int]] | None = field(default=None, repr=False)
    _source_line_starts: list[int] | None = field(default=None, repr=False)
    _places: list[list[tuple[int, str]]] | None = field(default=None, repr=False)
    _named: dict[str, list[tuple[int, int, int]]] = field(default_factory=dict, repr=False)

    def origin(self, line: int, start: int, end: int) -> tuple[int, int, int]:
        """Source (1-based line, start, end) of ``lines[line][start:end]`` (``line`` 0-based)."""
        if self._offsets is None:
            return line + 1, start, end
        offs = self._offsets[line]
        a = offs[start]
        b = offs[max(end - 1, start)] + 1
        starts = self._source_line_starts or [0]
        ln = bisect_right(starts, a) - 1
        return ln + 1, a - starts[ln], b - starts[ln]

    def ref(self, line: int, start: int, end: int) -> str:
        """Where a span of ``lines[line]`` is in the source: ``FILE:LINE:START-END``, or for a
        line made of placed pieces ``FILE:PLACE「TEXT」``."""
        if self._places is not None:
            pieces = self._places[line]
            k = bisect_right(pieces, (start, "\uffff")) - 1
            ref = f"{self.name}:{pieces[max(k, 0)][1]}「{self.lines[line][start:end]}」"
        else:
            ln, a, b = self.origin(line, start, end)
            ref = f"{self.name}:{ln}:{a}-{b}"
        self._named.setdefault(ref, []).append((line, start, end))
        return ref

    def spans(self, ref: str) -> list[tuple[int, int, int]]:
        """The spans ``(line, start, end)`` of ``lines`` that :meth:`ref` named ``ref`` (several
        when a placed piece holds the same text twice); none for a name it did not give."""
        return self._named.get(ref, [])


#: where a line ends: as editors (vim, VS Code, Notepad) and Python's universal newlines count
#: lines; a form feed (``pdftotext`` writes one between pages), vertical tab, U+2028 or U+2029
#: is a character within a line (``str.splitlines`` would start a line at each of them, and every
#: later line number would differ from the one an editor shows)
LINE_END = re.compile(r"\r\n|\r|\n")


def plain_text(name: str, content: str) -> Text:
    """A plain text, line by line (lines end as :data:`LINE_END` says; the line numbers of its
    references are those an editor shows).

    >>> [t.lines for t in (plain_text("a.txt", "第1页\\n\\f第2页 12件\\u2028续\\n"),)]
    [['第1页', '\\x0c第2页 12件\\u2028续']]
    """
    lines = LINE_END.split(content)
    if lines and lines[-1] == "":
        lines.pop()  # the line end of the last line starts no line
    return Text(name, lines, [normalise(s) for s in lines])


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_-]+)""")
#: declared encodings read as the larger one that holds them
_WIDER = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030"}
#: encodings that decode almost any bytes: declared, they are tried only after UTF-8 (which almost
#: never decodes text in another encoding) has failed, and Latin-1 never before GB18030
_ANY_BYTES = ("gb18030", "iso8859-1", "cp1252")


#: a decoded text whose CJK characters are common ones less often than this reads as mojibake
PLAUSIBLE = 0.6


@lru_cache(maxsize=1)
def _common() -> frozenset[str]:
    """The common Chinese characters: GB2312's level 1 (3755 simplified) and Big5's (5401
    traditional), which make up nearly every character of a report in either script."""
    gb = bytes(
        b for lead in range(0xB0, 0xD8) for trail in range(0xA1, 0xFF) for b in (lead, trail)
    )
    trails = [*range(0x40, 0x7F), *range(0xA1, 0xFF)]
    big5 = bytes(b for lead in range(0xA4, 0xC7) for trail in trails for b in (lead, trail))
    chars = gb.decode("gb2312", "ignore") + big5.decode("big5", "ignore")
    return frozenset(chars) - {"\ufffd"}


_WIDE = re.compile(r"[\u2e80-\u2fff\u3040-\u9fff\ua000-\uf8ff\uf900-\ufaff]")


def common_share(text: str) -> tuple[float, int]:
    """The share of ``text``'s wide characters (CJK, kana, private use; not punctuation) that are
    common Chinese characters, and how many wide characters there are. A text read in the wrong
    encoding (Big5 as GB18030) turns into rare characters, kana and private-use code points.

    Of 薄猵セиЫ粄 (the start of a Big5 text read as GB18030) the wide characters are 薄 猵 セ 粄
    (и and Ы are Cyrillic), of which 薄 alone is common:

    >>> common_share("统计局2021年"), common_share("薄猵セиЫ粄")
    ((1.0, 4), (0.25, 4))
    """
    wide = _WIDE.findall(text[:200_000])
    if not wide:
        return 1.0, 0
    common = _common()
    return sum(ch in common for ch in wide) / len(wide), len(wide)


def _or_big5(raw: bytes, text: str) -> str:
    """``text`` (``raw`` read as GB18030), or ``raw`` read as Big5 when that gives the more
    plausible text (GB18030 decodes almost any bytes, Big5 among them, into mojibake)."""
    share = common_share(text)[0]
    if share >= 0.95:
        return text
    try:
        other = raw.decode("big5")
    except UnicodeDecodeError:
        return text
    return other if common_share(other)[0] > share else text


def read_text_file(path: str | os.PathLike[str], *, not_text: str) -> str:
    """The text of the file at ``path`` (:func:`decode`). A file that cannot be read, or whose bytes
    are not text, is an :class:`~luzhou_disclosure.errors.InputFileError` naming it (``not_text``
    says what the file should have been)."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise InputFileError(p, f"cannot be read ({exc.strerror or exc})") from None
    text = decode(raw)
    if text is None:
        raise InputFileError(p, not_text)
    return text


def decode(raw: bytes, declared: str | None = None) -> str | None:
    """The text of a file's bytes: a byte-order mark, else a declared charset (``declared``, the
    charset of an HTTP ``Content-Type`` header, then the page's own ``<meta>`` or XML
    declaration), else UTF-8, else GB18030. None when the bytes are not text (NUL bytes without
    a UTF-16 mark).

    Bytes read as GB18030 are also tried as Big5 (traditional Chinese) when the GB18030 text is
    implausible (:func:`common_share`): the more plausible text is returned.

    A declared GB2312/GBK/GB18030 or Latin-1 is tried after UTF-8: those decode almost any bytes,
    while UTF-8 almost never decodes GBK text, so bytes that are valid UTF-8 are a page
    mislabelled (a server saying ``charset=ISO-8859-1`` or GBK for a UTF-8 page).

    >>> decode("统计局".encode("gbk")), decode("统计局".encode("utf-8"))
    ('统计局', '统计局')
    >>> (decode("统计局".encode("utf-8"), declared="GBK"),
    ...  decode("统计局".encode("gbk"), declared="utf-8"))
    ('统计局', '统计局')
    """
    for bom, enc in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if raw.startswith(bom):
            return raw.decode(enc, errors="replace")
    if b"\x00" in raw[:4096]:
        return None
    head = raw[:4096]
    m = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    names = [declared, m.group(1).decode("ascii") if m else None]
    tried = []
    for name in names:
        if not name:
            continue
        name = _WIDER.get(name.strip().lower(), name.strip().lower())
        try:
            name = codecs.lookup(name).name
        except LookupError:
            continue
        if name not in tried:
            tried.append(name)
    first = [n for n in tried if n not in _ANY_BYTES]
    for enc in dict.fromkeys((*first, "utf-8", "gb18030", *tried)):
        try:
            text = raw.decode(enc)
        except UnicodeDecodeError:
            continue
        if enc == "gb18030" and "big5" not in tried:
            return _or_big5(raw, text)
        return text
    return raw.decode(
        "gb18030", errors="replace"
    )  # pragma: no cover - gb18030 decodes almost any bytes
