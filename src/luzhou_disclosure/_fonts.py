"""The CJK font the charts draw Chinese text with.

matplotlib's default font (DejaVu Sans) has no Chinese characters: without help, 泸州市统计局 is
drawn as boxes with a ``Glyph … missing from font(s)`` warning, and a fresh Debian machine has no
CJK font installed at all. The package therefore depends on ``noto-cjk-sans-otc`` (PyPI), which
ships Noto Sans CJK Regular (an OpenType collection of ~19 MB; SIL Open Font License 1.1, its
licence in the package's ``dist-info/licenses/LICENSE``). The Simplified Chinese face of that
collection, *Noto Sans CJK SC*, is registered with matplotlib's font manager on first use (a
registration only: no rcParams are changed). Failing that (the package removed), a freely
licensed CJK font already installed on the system is used (``fonts-noto-cjk``, Source Han Sans,
WenQuanYi, …); proprietary fonts such as SimHei or Microsoft YaHei are never looked for.

The charts set the family on every text they draw, ``[<CJK family>, "DejaVu Sans"]``: characters
missing from the first font (rare symbols) fall back to the second.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Iterable

from matplotlib import font_manager

from .errors import DisclosureWarning

#: the face of the bundled Noto Sans CJK collection to use (Simplified Chinese glyph forms)
PACKAGED_FAMILY = "Noto Sans CJK SC"
#: freely licensed CJK families looked for on the system when the packaged font is missing,
#: Simplified Chinese first
SYSTEM_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Noto Serif CJK SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "AR PL UMing CN",
    "AR PL UKai CN",
    "Droid Sans Fallback",
    "Noto Sans CJK TC",
    "Noto Sans CJK JP",
)
#: the family characters missing from the CJK font fall back to (matplotlib's own)
FALLBACK_FAMILY = "DejaVu Sans"

_HOW_TO_INSTALL = (
    "no CJK font found: Chinese text will be drawn as boxes. Install the package's font with "
    "`pip install noto-cjk-sans-otc`, or a system font (Debian/Ubuntu: `apt-get install "
    "fonts-noto-cjk`, then delete matplotlib's font cache in `matplotlib.get_cachedir()`)"
)


def packaged_font_path() -> str | None:
    """Path of the Noto Sans CJK collection installed with the package, or None."""
    try:
        import noto_cjk_sans_otc
    except ImportError:
        return None
    path = noto_cjk_sans_otc.FONT_PATH
    return str(path) if path.is_file() else None


def _registered(families: Iterable[str]) -> str | None:
    names = {entry.name for entry in font_manager.fontManager.ttflist}
    return next((family for family in families if family in names), None)


@functools.cache
def cjk_family() -> str | None:
    """The CJK font family the charts use, registering the packaged font on first call.

    Returns None, with a :class:`DisclosureWarning`, when no CJK font can be found.

    Examples
    --------
    >>> from luzhou_disclosure._fonts import cjk_family
    >>> cjk_family()
    'Noto Sans CJK SC'
    """
    path = packaged_font_path()
    if path is not None:
        known = {entry.fname for entry in font_manager.fontManager.ttflist}
        if path not in known:
            font_manager.fontManager.addfont(path)
        family = _registered(
            [PACKAGED_FAMILY, *(f for f in SYSTEM_FAMILIES if f.startswith("Noto Sans CJK"))]
        )
        if family is not None:
            return family
    family = _registered(SYSTEM_FAMILIES)
    if family is None:
        warnings.warn(_HOW_TO_INSTALL, DisclosureWarning, stacklevel=3)
    return family


def font_families() -> list[str]:
    """The font family list for chart text: the CJK family (if any), then DejaVu Sans."""
    family = cjk_family()
    return [family, FALLBACK_FAMILY] if family else [FALLBACK_FAMILY]


def font_properties(**kwargs) -> font_manager.FontProperties:
    """``FontProperties`` with :func:`font_families` (keyword arguments: size, weight, …)."""
    return font_manager.FontProperties(family=font_families(), **kwargs)


# --- a subset of the font, to embed in a web page ------------------------------------------------

#: the family name a page gives the subset it embeds (``@font-face``)
EMBEDDED_FAMILY = "Luzhou Noto Sans CJK SC"


def _face_index(path: str, family: str) -> int:
    """The index of the face named ``family`` in a font collection (0 for a single font)."""
    from fontTools.ttLib import TTCollection

    if not path.lower().endswith((".ttc", ".otc")):
        return 0
    with TTCollection(path, lazy=True) as collection:
        names = [face["name"].getDebugName(1) for face in collection.fonts]
    return names.index(family) if family in names else 0


@functools.cache
def embeddable_font() -> tuple[str, int] | None:
    """The CJK font a page embeds a subset of: (path, index of the face in its collection), the
    package's Noto Sans CJK SC first; None when there is none."""
    path = packaged_font_path()
    if path is not None:
        return path, _face_index(path, PACKAGED_FAMILY)
    family = cjk_family()
    if family is None:
        return None
    found = font_manager.findfont(
        font_manager.FontProperties(family=family), fallback_to_default=False
    )
    return found, _face_index(found, family)


def font_subset(text: str) -> bytes | None:
    """The glyphs of the characters of ``text`` (and of the ASCII printable characters) from the CJK
    font, as a WOFF font (OpenType, zlib-compressed) to embed in a page; None, with a
    :class:`DisclosureWarning`, when no CJK font can be found.

    Only outlines and metrics are kept (no OpenType layout, no hinting): a page of a few hundred
    Chinese characters needs some 100 KB instead of the collection's 19 MB.

    >>> data = font_subset("泸州市统计局")
    >>> data[:4]
    b'wOFF'
    """
    import io

    from fontTools import subset
    from fontTools.ttLib import TTFont

    source = embeddable_font()
    if source is None:
        warnings.warn(_HOW_TO_INSTALL, DisclosureWarning, stacklevel=2)
        return None
    path, index = source
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "vhea", "vmtx", "VORG", "DSIG"]
    options.flavor = "woff"
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(set(text) | set(map(chr, range(0x20, 0x7F))))))
    out = io.BytesIO()
    with TTFont(path, fontNumber=index, lazy=True) as font:
        subsetter.subset(font)
        font.flavor = "woff"
        font.save(out)
    return out.getvalue()
