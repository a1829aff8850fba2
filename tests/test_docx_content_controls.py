"""Word content controls (w:sdt) in table cells: their paragraphs are part of the cell's text and a
table inside one is set aside as nested, as if the control were not there (expected values by
hand from the XML below)."""

import xml.etree.ElementTree as ET

from luzhou_disclosure.readers import _docx

_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _el(xml: str):
    return ET.fromstring(
        xml.replace("<w:tc>", f"<w:tc {_NS}>", 1).replace("<w:tr>", f"<w:tr {_NS}>", 1)
    )


def test_a_cell_reads_through_its_content_controls():
    tc = _el(
        "<w:tc><w:p><w:r><w:t>本年</w:t></w:r></w:p>"
        "<w:sdt><w:sdtContent><w:p><w:r><w:t>新收</w:t></w:r></w:p>"
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
        "<w:p><w:r><w:t>carried</w:t></w:r></w:p></w:sdtContent></w:sdt>"
        "<w:p><w:r><w:t>over</w:t></w:r></w:p></w:tc>"
    )
    nested: list = []
    # 本年 + 新收 join without a space (CJK), 新收 + carried too, carried + over with one
    assert _docx._cell_text(tc, nested) == "本年新收carried over"
    assert [t.tag.rsplit("}", 1)[1] for t in nested] == ["tbl"]


def test_the_cells_of_a_row_are_found_inside_content_controls():
    tr = _el(
        "<w:tr><w:tc><w:p/></w:tc><w:sdt><w:sdtContent><w:tc><w:p/></w:tc>"
        "<w:sdt><w:sdtContent><w:tc><w:p/></w:tc></w:sdtContent></w:sdt>"
        "</w:sdtContent></w:sdt><w:sdt/></w:tr>"
    )
    assert len(_docx._children(tr, _docx._TC)) == 3
