"""What render/ may import: never the store or the file formats, and `--json` never Rich.

Read from the source (not by importing), so a lazy import inside a function counts too.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

import cadence_cli

PACKAGE = Path(cadence_cli.__file__).parent
RENDER = sorted((PACKAGE / "render").glob("*.py"))


def imports(path: Path) -> set[str]:
    """The modules `path` imports when it runs (a `TYPE_CHECKING` block only names types)."""
    found: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for block in ast.walk(tree):
        if isinstance(block, ast.If) and ast.unparse(block.test).endswith("TYPE_CHECKING"):
            block.body = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
    return found


@pytest.mark.parametrize("path", RENDER, ids=lambda p: p.name)
def test_render_never_reaches_the_store_or_the_file_formats(path: Path) -> None:
    bad = {
        name
        for name in imports(path)
        if name.startswith(("cadence_cli.store", "cadence_cli.interop", "cadence_cli.cli"))
        or name.split(".")[0] in {"sqlalchemy", "sqlmodel", "typer"}
    }
    assert not bad, f"{path.name} imports {sorted(bad)}"


@pytest.mark.parametrize("name", ["shapes.py", "safe.py"])
def test_json_shapes_use_the_standard_library_and_the_core_only(name: str) -> None:
    for module in imports(PACKAGE / "render" / name):
        top = module.split(".")[0]
        allowed = module.startswith(("cadence_cli.core", "cadence_cli.render.safe"))
        assert allowed or top in sys.stdlib_module_names or top == "__future__", module


def test_the_dump_builds_its_records_with_the_json_shapes() -> None:
    assert "cadence_cli.render.shapes" in imports(PACKAGE / "interop" / "jsondump.py")


def test_wording_is_pure() -> None:
    allowed = {"__future__", "datetime", "functools", "typing"}  # functools: a memo, no state
    assert imports(PACKAGE / "core" / "wording.py") <= allowed


def test_the_render_package_file_imports_nothing() -> None:
    assert imports(PACKAGE / "render" / "__init__.py") == set()
