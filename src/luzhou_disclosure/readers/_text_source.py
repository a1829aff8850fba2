"""Report text as lines: reading a path or a string, HTML to lines, and a 1:1 normalised copy.

Every figure the text reader emits names its place in the *original* text as ``FILE:LINE:START-END``
(1-based line, 0-based character span within the line). To keep that exact:

- a normalised copy of each line (:func:`normalise`) has the same length as the original, character
  for character (full-width digits and punctuation to ASCII, traditional characters to simplified), so
  a span found in the copy is the same span in the original;
- HTML is turned into lines of text (a table row becomes ``cell | cell |``), and each character of
  those lines remembers where it stood in the HTML source, so spans point into the HTML file.
"""

from __future__ import annotations

import html
import os
import re
import unicodedata
from dataclasses import dataclass, field
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

    ``lines`` are what the reader reads (for HTML: the text the page shows); ``norm`` their
    normalised copies. ``origin(line, start, end)`` gives the (line, start, end) in the source file.
    """

    name: str
    lines: list[str]
    norm: list[str]
    is_html: bool = False
    _offsets: list[list[int]] | None = field(default=None, repr=False)
    _source_line_starts: list[int] | None = field(default=None, repr=False)

    def origin(self, line: int, start: int, end: int) -> tuple[int, int, int]:
        """Source (1-based line, start, end) of ``lines[line][start:end]`` (``line`` 0-based)."""
        if self._offsets is None:
            return line + 1, start, end
        offs = self._offsets[line]
        a = offs[start]
        b = offs[max(end - 1, start)] + 1
        starts = self._source_line_starts or [0]
        ln = _bisect_right(starts, a) - 1
        return ln + 1, a - starts[ln], b - starts[ln]

    def ref(self, line: int, start: int, end: int) -> str:
        """``FILE:LINE:START-END`` of a span of ``lines[line]`` in the source."""
        ln, a, b = self.origin(line, start, end)
        return f"{self.name}:{ln}:{a}-{b}"


def _bisect_right(values: list[int], x: int) -> int:
    lo, hi = 0, len(values)
    while lo < hi:
        mid = (lo + hi) // 2
        if x < values[mid]:
            hi = mid
        else:
            lo = mid + 1
    return lo


def load_text(source: str | os.PathLike[str]) -> Text:
    """Read ``source``: a path to a text or HTML file, or the text itself (named ``<text>``)."""
    if isinstance(source, os.PathLike) or (
        isinstance(source, str)
        and "\n" not in source
        and len(source) < 1024
        and _looks_like_path(source)
    ):
        path = Path(source)
        if not path.is_file():
            raise InputFileError(
                path, "no such file; pass a path to a report text, or the text itself"
            )
        raw = path.read_bytes()
        for enc in ("utf-8-sig", "gb18030"):
            try:
                content = raw.decode(enc)
                break
            except UnicodeDecodeError:
                continue
        else:  # pragma: no cover - gb18030 decodes any byte string
            raise InputFileError(path, "not a text file in UTF-8 or GB18030")
        name = path.name
    elif isinstance(source, str):
        content, name = source, "<text>"
    else:
        raise TypeError(f"source must be a path or a string, not {type(source).__name__}")
    if _HTML_HINT.search(content):
        return _from_html(name, content)
    lines = content.splitlines()
    return Text(name, lines, [normalise(s) for s in lines])


def _looks_like_path(text: str) -> bool:
    return bool(re.search(r"\.(txt|html?|text)$", text, re.IGNORECASE)) or os.path.isfile(text)


# --- HTML -----------------------------------------------------------------------------------

_HTML_HINT = re.compile(r"<\s*(table|html|body|p|div|br|tr|td)\b", re.IGNORECASE)
_TOKEN = re.compile(
    r"<!--.*?-->|<\s*(script|style)\b.*?<\s*/\s*\1\s*>|<[^>]*>|&#?\w+;|\s+|[^<&\s]+",
    re.IGNORECASE | re.DOTALL,
)
_TAG_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z0-9]+)")
_BLOCK = frozenset(
    {
        "p",
        "div",
        "br",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "table",
        "section",
        "article",
        "title",
        "ul",
        "ol",
        "hr",
        "caption",
        "thead",
        "tbody",
    }
)


def _from_html(name: str, content: str) -> Text:
    """Lines of the text an HTML page shows; table rows as ``cell | cell |`` lines."""
    lines: list[str] = []
    offsets: list[list[int]] = []
    cur: list[str] = []
    cur_off: list[int] = []
    in_cell = False

    def newline() -> None:
        if cur and "".join(cur).strip():
            text = "".join(cur).rstrip()
            lines.append(text)
            offsets.append(cur_off[: len(text)])
        cur.clear()
        cur_off.clear()

    def put(text: str, at: int) -> None:
        for i, ch in enumerate(text):
            cur.append(ch)
            cur_off.append(at + i)

    for m in _TOKEN.finditer(content):
        tok = m.group(0)
        at = m.start()
        if tok.startswith("<"):
            tm = _TAG_NAME.match(tok)
            if not tm:
                continue
            closing, tag = tm.group(1) == "/", tm.group(2).lower()
            if tag == "tr":
                newline()
                in_cell = False
            elif tag in ("td", "th"):
                if closing:
                    while cur and cur[-1] == " ":
                        cur.pop()
                        cur_off.pop()
                    put(" | ", at)
                    in_cell = False
                else:
                    in_cell = True
            elif tag in _BLOCK and not in_cell:
                newline()
            elif tag == "br" and in_cell:
                put(" ", at)
        elif tok.startswith("&"):
            put(html.unescape(tok)[:1] or " ", at)
        elif tok.isspace():
            if cur and cur[-1] != " ":
                put(" ", at)
        else:
            put(tok, at)
    newline()
    lines = [s.rstrip() for s in lines]
    # cut leading spaces, keeping offsets aligned
    for i, s in enumerate(lines):
        k = len(s) - len(s.lstrip())
        if k:
            lines[i] = s[k:]
            offsets[i] = offsets[i][k:]
    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", content)]
    return Text(name, lines, [normalise(s) for s in lines], True, offsets, starts)
