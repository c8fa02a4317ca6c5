"""Everything rootkeeper imports at run time comes with `pip install -e .` (the README's first
command), not only with the test extras: a module that only `[test]` brings works in every test
and fails for every user (issue #8: the world answered 500 for want of Pillow).

Every import in rootkeeper/ is read with ast, the lazy ones inside functions included (only
`if TYPE_CHECKING:` blocks are skipped), mapped to the distributions that provide it, and
checked against the closure of pyproject's base `dependencies`."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "rootkeeper"

# Imports a library makes on our behalf, which ast cannot see in our code: a call of
# qrcode.make(...) or .make_image(...) without an image_factory draws with qrcode's default
# factory, Pillow (an optional extra of qrcode).
IMPLIED_BY_CALLS = {"make": "PIL", "make_image": "PIL"}


def _normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _is_type_checking_block(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def _run_time_nodes(tree: ast.AST):
    pending = [tree]
    while pending:
        node = pending.pop()
        yield node
        pending.extend(child for child in ast.iter_child_nodes(node) if not _is_type_checking_block(child))


def _qrcode_draws_with_default_factory(call: ast.Call) -> str | None:
    function = call.func
    if not isinstance(function, ast.Attribute) or function.attr not in IMPLIED_BY_CALLS:
        return None
    if any(keyword.arg == "image_factory" for keyword in call.keywords):
        return None
    if function.attr == "make" and ast.unparse(function.value) != "qrcode":
        return None
    return IMPLIED_BY_CALLS[function.attr]


def imported_top_level_modules(source: str) -> set[str]:
    """Top-level names of every module the source imports at run time (lazy imports included)."""
    modules: set[str] = set()
    for node in _run_time_nodes(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module.split(".")[0])
        elif isinstance(node, ast.Call) and (implied := _qrcode_draws_with_default_factory(node)):
            modules.add(implied)
    return modules


def third_party_imports() -> dict[str, set[str]]:
    """Third-party top-level module -> the rootkeeper files that need it."""
    needed: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for module in imported_top_level_modules(path.read_text(encoding="utf-8")):
            if module in sys.stdlib_module_names or module in ("__future__", "rootkeeper"):
                continue
            needed.setdefault(module, set()).add(str(path.relative_to(REPO)))
    return needed


def base_requirements(pyproject: Path = REPO / "pyproject.toml") -> list[Requirement]:
    return [Requirement(text) for text in tomllib.loads(pyproject.read_text())["project"]["dependencies"]]


def requirement_closure(requirements: list[Requirement]) -> set[str]:
    """Normalized names of the distributions a plain install of these requirements brings,
    following each installed distribution's own requirements (markers evaluated for the
    extras asked of it)."""
    provided: set[str] = set()
    pending = [(requirement, "") for requirement in requirements]
    seen: set[tuple[str, str]] = set()
    while pending:
        requirement, extra = pending.pop()
        if requirement.marker is not None and not requirement.marker.evaluate({"extra": extra}):
            continue
        name = _normalized(requirement.name)
        provided.add(name)
        for wanted in ["", *sorted(requirement.extras)]:
            if (name, wanted) in seen:
                continue
            seen.add((name, wanted))
            pending.extend((Requirement(text), wanted)
                           for text in importlib.metadata.distribution(requirement.name).requires or [])
    return provided


def missing_from_base(needed: dict[str, set[str]], provided: set[str]) -> list[str]:
    distributions = importlib.metadata.packages_distributions()
    problems = []
    for module, files in sorted(needed.items()):
        candidates = {_normalized(name) for name in distributions.get(module, [])}
        if not candidates & provided:
            source = ", ".join(sorted(candidates)) or "no installed distribution"
            problems.append(f"{module} ({source}), needed by {', '.join(sorted(files))}")
    return problems


def test_every_run_time_import_comes_with_the_base_dependencies():
    problems = missing_from_base(third_party_imports(), requirement_closure(base_requirements()))
    assert not problems, ("not provided by `pip install -e .` (add to [project].dependencies):\n  "
                          + "\n  ".join(problems))


def test_the_audit_sees_lazy_imports_and_the_qr_image_factory_but_not_type_checking_blocks():
    source = (
        "import qrcode\nfrom typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    import only_for_mypy\n"
        "def png(uri):\n    import lazily_imported.sub\n    return qrcode.make(uri, border=4)\n"
        "def matrix(code):\n    return code.make(fit=True)\n"
    )
    assert imported_top_level_modules(source) == {"qrcode", "typing", "lazily_imported", "PIL"}
    assert "PIL" not in imported_top_level_modules("import qrcode\nqrcode.make('x', image_factory=F)\n")


def test_a_module_only_the_test_extras_bring_is_reported(tmp_path):
    """Pillow comes with the test extras; with qrcode's plain requirement it is missing."""
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\ndependencies = ["qrcode==8.2"]\n')
    problems = missing_from_base({"PIL": {"rootkeeper/rehearsal/mfa_codes.py"}},
                                 requirement_closure(base_requirements(pyproject)))
    assert problems == ["PIL (pillow), needed by rootkeeper/rehearsal/mfa_codes.py"]
    pyproject.write_text('[project]\ndependencies = ["qrcode[pil]==8.2"]\n')
    assert missing_from_base({"PIL": {"x"}}, requirement_closure(base_requirements(pyproject))) == []
