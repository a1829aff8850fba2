"""Habits of the code that a test can hold: no module imports another module's private names.

A name that starts with an underscore belongs to its module. A helper two modules share is made
public within the package (no underscore; a private module such as ``_vocab`` may hold public
names), so that whoever changes it sees who uses it. Importing a private *module*
(``from .readers import _standard``) is fine.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "luzhou_disclosure"


def _target(node: ast.ImportFrom, package: list[str], root: Path) -> list[str] | None:
    """The module a ``from … import`` reads, as dotted parts below ``root``; None outside it."""
    named = node.module.split(".") if node.module else []
    if node.level:
        return package[: len(package) - (node.level - 1)] + named
    if named[:1] == [root.name]:
        return named[1:]
    return None


def private_imports(root: Path = PACKAGE) -> set[tuple[str, str, str]]:
    """(importing file, imported module below ``root``, name) of every ``from X import _name`` of
    a private name that is not itself a module; imports from outside the package are left out."""

    def is_module(dotted: list[str]) -> bool:
        where = root.joinpath(*dotted)
        return where.with_suffix(".py").is_file() or (where / "__init__.py").is_file()

    found = set()
    for path in sorted(root.rglob("*.py")):
        package = list(path.relative_to(root).parts[:-1])
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if not isinstance(node, ast.ImportFrom):
                continue
            target = _target(node, package, root)
            if target is None:
                continue
            for alias in node.names:
                name = alias.name
                if not name.startswith("_") or name.startswith("__"):
                    continue
                if is_module([*target, name]):
                    continue  # a private module, imported as a module: fine
                found.add((path.relative_to(root).as_posix(), ".".join(target), name))
    return found


def test_the_walker_sees_a_private_import_and_lets_a_private_module_pass(tmp_path):
    # a package made for the test: in sub/user.py one import of a private name (found), one of
    # a public name and one of a private module (both fine), one from outside the package
    root = tmp_path / "pkg"
    (root / "sub").mkdir(parents=True)
    (root / "__init__.py").write_text("", encoding="utf-8")
    (root / "_helpers.py").write_text("_SECRET = 1\nPUBLIC = 2\n", encoding="utf-8")
    (root / "sub" / "__init__.py").write_text("", encoding="utf-8")
    (root / "sub" / "user.py").write_text(
        "from .._helpers import PUBLIC, _SECRET\nfrom .. import _helpers\n"
        "from pkg._helpers import _SECRET as again\nfrom os import _exit\n",
        encoding="utf-8",
    )
    assert private_imports(root) == {("sub/user.py", "_helpers", "_SECRET")}


def test_no_module_imports_a_private_name_of_another():
    found = sorted(private_imports())
    assert not found, (
        "private names imported across modules (make the helper public within the package, or "
        f"move it to a shared private module under a public name): {found}"
    )
