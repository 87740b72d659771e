"""The test suite's own rules: shared helpers live in tests/helpers.py, and no test module imports another."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def _imported_modules(path: Path) -> set[str]:
    """The top-level names of every module `path` imports, at any depth (function-local imports too)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def test_no_test_module_imports_another():
    # Importing a test module runs its module-level code again under another name and couples the modules:
    # what two modules share goes into helpers.py. conftest.py is pytest's, not a library: not imported either.
    ours = {path.stem for path in TESTS.glob("*.py")} - {"helpers"}
    assert ours >= {"conftest", "test_suite"}
    wrong = {path.name: sorted(_imported_modules(path) & ours) for path in sorted(TESTS.glob("*.py"))}
    assert {name: modules for name, modules in wrong.items() if modules} == {}
