"""The dependency rules of DESIGN.md, proven by import-linter on every run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def _modules():
    return sorted((ROOT / "rootkeeper").rglob("*.py"))


def test_no_module_of_rootkeeper_is_over_300_lines():
    long = {str(path.relative_to(ROOT)): count for path in _modules()
            if (count := len(path.read_text(encoding="utf-8").splitlines())) > 300}
    assert long == {}


def test_our_code_is_imported_by_name_never_by_string():
    """An import made from a string is invisible to import-linter: the contracts could not see it."""
    import ast

    found = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
                if name in ("import_module", "__import__"):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == []
