"""The CJK font: found, licensed, covering the package's labels, and never set globally."""

from __future__ import annotations

from importlib.metadata import distribution

import matplotlib
import pytest
from matplotlib import font_manager
from matplotlib.font_manager import FontProperties, findfont
from matplotlib.ft2font import FT2Font
from matplotlib.textpath import TextPath

from luzhou_disclosure import _english, _fonts, _vocab
from luzhou_disclosure.errors import DisclosureWarning


@pytest.fixture
def fresh_cache():
    _fonts.cjk_family.cache_clear()
    yield
    _fonts.cjk_family.cache_clear()


def resolved_font() -> FT2Font:
    path = findfont(_fonts.font_properties())
    return FT2Font(path.path, face_index=path.face_index)


def test_the_packaged_simplified_chinese_face_is_used():
    assert _fonts.cjk_family() == "Noto Sans CJK SC"
    assert _fonts.font_families() == ["Noto Sans CJK SC", "DejaVu Sans"]
    path = findfont(_fonts.font_properties())
    assert path.path == _fonts.packaged_font_path()
    assert FT2Font(path.path, face_index=path.face_index).family_name == "Noto Sans CJK SC"


def test_the_font_licence_is_shipped_with_it():
    dist = distribution("noto-cjk-sans-otc")
    assert dist.metadata["License-Expression"] == "OFL-1.1"
    licence = dist.read_text("licenses/LICENSE")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence


def test_finding_the_font_changes_no_rcparams(fresh_cache):
    before = dict(matplotlib.rcParams)
    _fonts.cjk_family()
    assert dict(matplotlib.rcParams) == before


def vocabulary_text() -> str:
    """Every Chinese text the library defines: the vocabulary and every display word of _english."""
    parts = [*_english.EN, *_english.SHORT_ZH.values(), *_vocab.APPLICANT_VALUES]
    parts += [i.item for i in _vocab.STANDARD_OUTCOMES]
    parts += [
        row.item + row.parent + "".join(f for f, _ in row.fields)
        for rows in _vocab.ARTICLE20.values()
        for row in rows
    ]
    tables = (
        _english.SECTION_NAMES,
        _english.MEASURE_NAMES,
        _english.FORM_NAMES,
        _english.COLUMN_NAMES,
        _english.SHEET_NAMES,
        _english.NOTES,
        _english.FLAG_NAMES,
        _english.REASONS,
        _english.TEXT,
    )
    parts += [zh for table in tables for zh, _en in table.values()]
    parts += [zh for pair in _english.INDICATOR_NAMES.values() for zh, _en in pair]
    parts += [
        zh for zh, _en in (*_english.INDICATOR_UNITS.values(), *_english.LEVEL_NAMES.values())
    ]
    return "".join(parts) + "0123456789.,%+\N{MINUS SIGN}（），、“”"


def test_every_character_of_the_vocabulary_has_a_glyph():
    font = resolved_font()
    missing = sorted({ch for ch in vocabulary_text() if font.get_char_index(ord(ch)) == 0})
    assert missing == []


def test_chinese_characters_are_drawn_as_glyphs_not_boxes():
    # a missing glyph is drawn as the same .notdef box for every character; real glyphs differ
    prop = _fonts.font_properties()
    shapes = {ch: TextPath((0, 0), ch, prop=prop) for ch in "泸州统计局"}
    assert len({len(p.vertices) for p in shapes.values()}) > 1
    assert all(len(p.vertices) > 20 for p in shapes.values())


def test_system_font_when_the_package_font_is_missing(monkeypatch, fresh_cache):
    registered = {entry.name for entry in font_manager.fontManager.ttflist}
    monkeypatch.setattr(_fonts, "packaged_font_path", lambda: None)
    monkeypatch.setattr(_fonts, "SYSTEM_FAMILIES", ("No Such Font", "DejaVu Serif"))
    assert "DejaVu Serif" in registered
    assert _fonts.cjk_family() == "DejaVu Serif"


def test_no_cjk_font_warns_how_to_install_one(monkeypatch, fresh_cache):
    monkeypatch.setattr(_fonts, "packaged_font_path", lambda: None)
    monkeypatch.setattr(_fonts, "SYSTEM_FAMILIES", ("No Such Font",))
    with pytest.warns(DisclosureWarning, match="pip install noto-cjk-sans-otc"):
        assert _fonts.cjk_family() is None
    assert _fonts.font_families() == ["DejaVu Sans"]


def test_proprietary_fonts_are_never_looked_for():
    names = " ".join(_fonts.SYSTEM_FAMILIES).lower()
    assert "simhei" not in names and "yahei" not in names


def test_font_properties_passes_size():
    assert _fonts.font_properties(size=7).get_size() == 7
    assert isinstance(_fonts.font_properties(), FontProperties)
