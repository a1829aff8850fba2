"""Report text as lines: decoding a text file, and a 1:1 normalised copy of each line.

Every figure a reader finds in prose names its place in the *original*. To keep that exact:

- a normalised copy of each line (:func:`normalise`) has the same length as the original, character
  for character (full-width digits and punctuation to ASCII, traditional characters to simplified), so
  a span found in the copy is the same span in the original;
- a plain text names a span as ``FILE:LINE:START-END`` (1-based line, 0-based span within it);
- an HTML page's lines remember, character by character, where they stood in the HTML source
  (``_offsets``), so the same ``FILE:LINE:START-END`` points into the HTML file;
- a PDF or Word file's lines are paragraphs put together from pieces with a place of their own
  (``_places``: ``page 2:line 7``, ``paragraph 12``); a span is named by the place of the piece it
  starts in and the text it covers: ``report.pdf:page 1:line 16「1136条」``.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field

from .._vocab import to_simplified


class _CharMap(dict):
    """Per-character normalisation, computed on first use: one character in, one character out."""

    def __missing__(self, code: int) -> int:
        ch = chr(code)
        nf = unicodedata.normalize("NFKC", ch)
        out = nf if len(nf) == 1 else ch
        out = to_simplified(out)
        if out in "\u3000\xa0\u2002\u2003\u2009\u200b\ufeff":
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
    """The text with full-width forms to ASCII and traditional characters to simplified, same length.

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


def plain_text(name: str, content: str) -> Text:
    """A plain text, line by line."""
    lines = content.splitlines()
    return Text(name, lines, [normalise(s) for s in lines])


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_-]+)""")
#: declared encodings read as the larger one that holds them
_WIDER = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030"}
#: encodings that decode almost any bytes: declared, they are tried only after UTF-8 (which almost
#: never decodes text in another encoding) has failed, and Latin-1 never before GB18030
_ANY_BYTES = ("gb18030", "iso8859-1", "cp1252")


def decode(raw: bytes, declared: str | None = None) -> str | None:
    """The text of a file's bytes: a byte-order mark, else a declared charset (``declared``, the
    charset of an HTTP ``Content-Type`` header, then the page's own ``<meta>`` or XML
    declaration), else UTF-8, else GB18030. None when the bytes are not text (NUL bytes without
    a UTF-16 mark).

    A declared GB2312/GBK/GB18030 or Latin-1 is tried after UTF-8: those decode almost any bytes,
    while UTF-8 almost never decodes GBK text, so bytes that are valid UTF-8 are a page
    mislabelled (a server saying ``charset=ISO-8859-1`` or GBK for a UTF-8 page).

    >>> decode("统计局".encode("gbk")), decode("统计局".encode("utf-8"))
    ('统计局', '统计局')
    >>> decode("统计局".encode("utf-8"), declared="GBK"), decode("统计局".encode("gbk"), declared="utf-8")
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
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return raw.decode(
        "gb18030", errors="replace"
    )  # pragma: no cover - gb18030 decodes almost any bytes
