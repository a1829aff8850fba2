"""Every notebook in notebooks/ runs in a real Jupyter kernel without an error or a missing
glyph."""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

pytestmark = pytest.mark.slow  # each notebook runs in a Jupyter kernel

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
#: what matplotlib prints when a character has no glyph in the font (drawn as a box)
GLYPH_WARNINGS = ("missing from font", "Glyph ")


def execute(nb: nbformat.NotebookNode, cwd: Path) -> nbformat.NotebookNode:
    # kernel "python3" is ipykernel's own spec, which jupyter_client runs with this interpreter
    client = NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}
    )
    return client.execute()


def outputs(nb: nbformat.NotebookNode):
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            yield cell, out


def test_the_kernel_runs_this_python(tmp_path):
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell("import sys; print(sys.prefix)")]
    )
    out = next(o for _, o in outputs(execute(nb, tmp_path)))
    assert out["text"].strip() == sys.prefix


def test_there_are_notebooks():
    assert {p.name for p in NOTEBOOKS} >= {"quickstart.ipynb", "comparison.ipynb"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_without_errors_or_missing_glyphs(path, tmp_path):
    nb = execute(nbformat.read(path, as_version=4), path.parent)
    problems = []
    images = 0
    for cell, out in outputs(nb):
        if out["output_type"] == "error":
            problems.append(f"{cell.source[:60]!r}: {out['ename']}: {out['evalue']}")
        text = out.get("text", "") + str(out.get("data", {}).get("text/plain", ""))
        if any(w in text for w in GLYPH_WARNINGS):
            problems.append(f"{cell.source[:60]!r}: {text[:200]}")
        images += "image/png" in out.get("data", {})
    assert problems == []
    assert images >= 5  # the charts were drawn


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_with_its_outputs(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.execution_count for c in code)
    assert any("image/png" in o.get("data", {}) for _, o in outputs(nb))


def test_a_missing_glyph_in_a_notebook_is_seen(tmp_path):
    """The check above would catch it: plain matplotlib, no CJK font, draws boxes and says so."""
    source = (
        "import matplotlib.pyplot as plt\n"
        "plt.rcParams['font.family'] = ['DejaVu Sans']\n"
        "plt.title('泸州');"
    )
    nb = execute(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)]), tmp_path)
    texts = [o.get("text", "") for _, o in outputs(nb)]
    assert any(all(w in t for w in GLYPH_WARNINGS) for t in texts)
