"""Hostile and odd files for the tests of issue 12, generated (nothing here is a copy of a real
file), and a runner for what may abort the process or must run under a memory limit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

#: the header and one good record of a records sheet, as sheet XML (inline strings)
RECORDS_HEAD = (
    b'<row r="1">'
    + b"".join(
        b'<c r="%s1" t="inlineStr"><is><t>%s</t></is></c>' % (col, name)
        for col, name in zip(
            [b"A", b"B", b"C", b"D", b"E"],
            [b"agency", b"year", b"section", b"item", b"count"],
            strict=True,
        )
    )
    + b'</row><row r="2"><c r="A2" t="inlineStr"><is><t>\xe7\x94\xb2\xe5\xb1\x80</t></is></c>'
    b'<c r="B2"><v>2020</v></c><c r="C2" t="inlineStr"><is><t>proactive</t></is></c>'
    b'<c r="D2" t="inlineStr"><is><t>\xe6\xa6\x82\xe5\x86\xb5\xe7\xb1\xbb</t></is></c>'
    b'<c r="E2"><v>3</v></c></row>'
)
_MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def xlsx(path: Path, sheet_data: bytes | list[bytes], *, sheet: str = "records") -> Path:
    """A minimal .xlsx whose one sheet holds ``sheet_data`` (the XML inside ``<sheetData>``, or
    pieces of it, written one after another into the archive without joining them)."""
    pieces = [sheet_data] if isinstance(sheet_data, bytes) else sheet_data
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr(
            "[Content_Types].xml",
            b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            b'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
            b'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            b'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
            b'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
            b'worksheet+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            b'2006/relationships"><Relationship Id="rId1" Type="' + _REL + b'/officeDocument" '
            b'Target="xl/workbook.xml"/></Relationships>',
        )
        z.writestr(
            "xl/workbook.xml",
            b'<?xml version="1.0"?><workbook xmlns="' + _MAIN + b'" xmlns:r="' + _REL + b'">'
            b'<sheets><sheet name="' + sheet.encode() + b'" sheetId="1" r:id="rId1"/></sheets>'
            b"</workbook>",
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            b'2006/relationships"><Relationship Id="rId1" Type="' + _REL + b'/worksheet" '
            b'Target="worksheets/sheet1.xml"/></Relationships>',
        )
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            fh.write(b'<?xml version="1.0"?><worksheet xmlns="' + _MAIN + b'"><sheetData>')
            for piece in pieces:
                fh.write(piece)
            fh.write(b"</sheetData></worksheet>")
    return path


def bomb_rows(first: int, last: int, columns: int = 10) -> bytes:
    """Rows ``first``..``last`` of ``columns`` numbers each, every cell with its reference."""
    letters = [chr(65 + c).encode() for c in range(columns)]
    return b"".join(
        b'<row r="%d">' % r
        + b"".join(b'<c r="%s%d"><v>1</v></c>' % (c, r) for c in letters)
        + b"</row>"
        for r in range(first, last + 1)
    )


def set_declared_size(path: Path, member: str, size: int) -> None:
    """Rewrite the uncompressed size an archive declares for ``member`` (central directory and
    local header), leaving its data as it is: a hostile or corrupt archive."""
    import struct

    data = bytearray(path.read_bytes())
    end = data.rfind(b"PK\x05\x06")
    count, _, pos = struct.unpack_from("<HII", data, end + 10)
    for _ in range(count):
        nlen, xlen, clen = struct.unpack_from("<HHH", data, pos + 28)
        local = struct.unpack_from("<I", data, pos + 42)[0]
        if data[pos + 46 : pos + 46 + nlen] == member.encode():
            struct.pack_into("<I", data, pos + 24, size)
            struct.pack_into("<I", data, local + 22, size)
        pos += 46 + nlen + xlen + clen
    path.write_bytes(bytes(data))


def run_limited(code: str, *, memory: int = 3 << 30, timeout: float = 600) -> dict:
    """Run ``code`` in a fresh Python process whose address space is limited to ``memory`` bytes
    (``resource.setrlimit``); it prints one JSON object, returned here. A process that aborts or
    runs out of memory is an assertion error showing how it ended."""
    preamble = textwrap.dedent(
        f"""
        import json, resource, sys, time, warnings
        resource.setrlimit(resource.RLIMIT_AS, ({memory}, {memory}))
        warnings.simplefilter("ignore")
        import luzhou_disclosure as ld

        def outcome(fn, *args, **kwargs):
            t = time.perf_counter()
            try:
                value = fn(*args, **kwargs)
                out = {{"ok": True, "rows": len(value) if hasattr(value, "__len__") else None}}
            except ld.DisclosureError as exc:
                out = {{"ok": False, "error": type(exc).__name__, "message": str(exc),
                       "sheet": getattr(exc, "sheet", None)}}
            out["seconds"] = time.perf_counter() - t
            out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
            return out
        """
    )
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    done = subprocess.run(
        [sys.executable, "-c", preamble + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )
    assert done.returncode == 0, (
        f"the process ended with status {done.returncode}:\n{done.stderr[-3000:]}"
    )
    return json.loads(done.stdout.strip().splitlines()[-1])
