"""The layout rules of DEVELOPERS.md, checked on the source (ast, nothing imported):

- no import cycle between top-level packages, nor between modules;
- nobody imports another module's private (``_name``) names;
- no function in app code longer than 60 lines.

A package's ``__init__`` importing its own submodules (a blueprint package importing its views so
that the routes register) is not counted as an edge: the submodules import ``bp`` from it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APP_PACKAGES = ("accounts", "advisor", "clock", "commands", "coordinator", "demo", "exports", "pages", "projectdata",
                "questionnaire", "reports", "scoring", "storage", "surveys", "trainings", "web")
APP_MODULES = ("app",)
MAX_FUNCTION_LINES = 60
# Migrations are append-only history (a released migration is never edited), so their length is
# not a design choice that could be improved.
LENGTH_EXEMPT = ("storage.migrations",)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _sources() -> dict[str, tuple[Path, ast.Module]]:
    paths = [ROOT / f"{name}.py" for name in APP_MODULES]
    for package in APP_PACKAGES:
        paths += sorted((ROOT / package).rglob("*.py"))
    return {_module_name(p): (p, ast.parse(p.read_text(encoding="utf-8"), str(p))) for p in paths}


SOURCES = _sources()


def _is_package(module: str) -> bool:
    return SOURCES[module][0].name == "__init__.py"


def _absolute(module: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".")
    if not _is_package(module):
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _imports(module: str):
    """(imported module, imported name or None, line) for every import of app code in a module."""
    for node in ast.walk(SOURCES[module][1]):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in SOURCES or alias.name.split(".")[0] in SOURCES:
                    yield alias.name, None, node.lineno
        elif isinstance(node, ast.ImportFrom):
            target = _absolute(module, node)
            if target.split(".")[0] not in SOURCES:
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                if sub in SOURCES:
                    yield sub, None, node.lineno
                else:
                    yield target, alias.name, node.lineno


def _nearest_module(name: str) -> str | None:
    while name and name not in SOURCES:
        name = name.rpartition(".")[0]
    return name or None


def _module_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {m: set() for m in SOURCES}
    for module in SOURCES:
        for target, _name, _line in _imports(module):
            target = _nearest_module(target)
            if target is None or target == module:
                continue
            if _is_package(module) and target.startswith(module + "."):
                continue  # a package registering its own submodules (see the docstring)
            graph[module].add(target)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one node (Tarjan)."""
    index, low, stack, on_stack, result, counter = {}, {}, [], set(), [], [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                item = stack.pop()
                on_stack.discard(item)
                component.append(item)
                if item == node:
                    break
            if len(component) > 1:
                result.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return result


def test_no_cycle_between_modules():
    assert _cycles(_module_graph()) == []


# A feature package keeps its lower layers in subpackages of their own (``trainings/storage``: its
# SQL, ``trainings/rules``: its pure rules); other packages may read them without depending on the
# feature's views, so each layer is a node of its own in the package graph (and
# the storage modules import only the shared core).
FEATURE_LAYERS = ("storage", "rules")


def _component(module: str) -> str:
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in FEATURE_LAYERS:
        return ".".join(parts[:2])
    return parts[0]


def test_no_cycle_between_top_level_packages():
    packages: dict[str, set[str]] = {}
    for module, targets in _module_graph().items():
        top = _component(module)
        packages.setdefault(top, set()).update(_component(t) for t in targets if _component(t) != top)
    assert _cycles(packages) == []


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def test_no_private_name_imported_from_another_module():
    found = []
    for module in SOURCES:
        module_aliases = set()
        for target, name, line in _imports(module):
            if name is not None and _private(name):
                found.append(f"{module}:{line} imports {target}.{name}")
        for node in ast.walk(SOURCES[module][1]):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for alias in node.names:
                    module_aliases.add(alias.asname or alias.name.split(".")[0])
        for node in ast.walk(SOURCES[module][1]):
            if (isinstance(node, ast.Attribute) and _private(node.attr) and isinstance(node.value, ast.Name)
                    and node.value.id in module_aliases):
                found.append(f"{module}:{node.lineno} uses {node.value.id}.{node.attr}")
    assert found == []


def _functions():
    for module, (path, tree) in SOURCES.items():
        if module in LENGTH_EXEMPT:
            continue
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                yield (f"{module}.{node.name} ({path.relative_to(ROOT)}:{node.lineno})",
                       node.end_lineno - node.lineno + 1)


def test_no_import_inside_a_function_unless_it_breaks_a_cycle():
    """Imports belong at the top; one inside a function needs a comment naming the cycle it breaks
    ("cycle: ...") or why it must be lazy ("lazy: ...", e.g. a heavy library only some requests use)."""
    found = []
    for module, (path, tree) in SOURCES.items():
        lines = path.read_text(encoding="utf-8").splitlines()
        for function in ast.walk(tree):
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(function):
                if isinstance(node, (ast.Import, ast.ImportFrom)) and not any(
                        word in lines[node.lineno - 1] for word in ("# cycle:", "# lazy:")):
                    found.append(f"{module}:{node.lineno}")
    assert found == []


def test_no_long_function_in_app_code():
    assert [f"{name}: {lines} lines" for name, lines in _functions() if lines > MAX_FUNCTION_LINES] == []


@pytest.mark.parametrize("source, expected", [
    ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, [["a", "b", "c"]]),
    ({"a": {"b"}, "b": set()}, []),
])
def test_the_cycle_finder_finds_cycles(source, expected):
    assert _cycles(source) == expected

