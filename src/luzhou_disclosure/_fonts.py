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
