"""The dependency rules of DESIGN.md, proven by import-linter on every run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp

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


def import_cycle(modules: set[str], imports_of) -> list[str] | None:
    """One cycle of imports among ``modules`` (a list that starts and ends on the same
    module), or None. Depth-first: a module met again while still on the path closes a cycle."""
    done: set[str] = set()
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        path.append(module)
        for imported in sorted(imports_of(module) & modules):
            if imported in path:
                return path[path.index(imported):] + [imported]
            if imported not in done:
                cycle = visit(imported)
                if cycle:
                    return cycle
        path.pop()
        done.add(module)
        return None

    for module in sorted(modules):
        if module not in done:
            cycle = visit(module)
            if cycle:
                return cycle
    return None


def test_the_cycle_finder_finds_a_cycle():
    imports = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert import_cycle(set(imports), lambda module: imports[module]) == ["a", "b", "c", "a"]
    assert import_cycle({"a", "b", "d"}, lambda module: imports[module]) is None


def test_no_import_cycle_among_the_ui_modules():
    """Imports inside functions count too (grimp reads them all): an import made late to keep
    start-up cheap is still a dependency, and a cycle makes the import order matter."""
    graph = grimp.build_graph("rootkeeper", cache_dir=None)
    ui = {module for module in graph.modules if module == "rootkeeper.ui" or module.startswith("rootkeeper.ui.")}
    cycle = import_cycle(ui, graph.find_modules_directly_imported_by)
    assert cycle is None, " -> ".join(cycle or ())


def test_ruff_finds_nothing_with_the_projects_rules():
    """The rules in pyproject's [tool.ruff] (pyflakes and pycodestyle's error-prone ones), with the pinned ruff."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    checked = subprocess.run([sys.executable, "-m", "ruff", "check", "rootkeeper", "tests", "bench", "scripts"],
                             cwd=root, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
