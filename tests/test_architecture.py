"""The layout rules of DEVELOPERS.md, checked on the source (ast, nothing imported):

- no import cycle between top-level packages, nor between modules;
- nobody imports another module's private (``_name``) names;
- no function in app code longer than 60 lines.

A package's ``__init__`` importing its own submodules (a blueprint package importing its views so
that the routes register) is not counted as an edge: the submodules import ``bp`` from it.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APP_PACKAGES = ("accounts", "advisor", "clock", "commands", "coordinator", "demo", "exports", "mailer", "pages",
                "projectdata", "questionnaire", "reports", "scoring", "storage", "surveys", "trainings", "web",
                "websitecheck")
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
# ``test_feature_layers_stay_below_the_views`` keeps them below the views).
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


# --- layers inside packages -------------------------------------------------------------------

STORAGE_LAYERS = ("storage", "trainings.storage")  # the only SQL
PURE_LAYERS = ("scoring", "trainings.rules")       # pure functions: no Flask, database or I/O
# what a layer may import of the app: the shared core below it (and itself)
LAYER_MAY_IMPORT = {
    "storage": {"storage", "scoring", "clock"},
    "trainings.storage": {"storage", "trainings.storage", "trainings.rules", "scoring", "clock"},
    "scoring": {"scoring", "surveys"},
    "trainings.rules": {"trainings.rules", "scoring"},
}
# third-party and standard modules that mean a web request, a database or I/O
NOT_PURE = ("flask", "flask_babel", "flask_login", "flask_wtf", "werkzeug", "jinja2", "sqlite3", "sqlite_utils",
            "httpx", "requests", "urllib", "socket", "subprocess", "os", "pathlib", "shutil", "io", "smtplib",
            "clock", "storage")
NOT_IN_STORAGE = ("flask_babel", "flask_login", "flask_wtf", "jinja2", "wtforms")
SQL = re.compile(r"^\s*(SELECT\b.*\bFROM\b|INSERT (OR \w+ )?INTO\b|UPDATE \w+ SET\b|DELETE FROM\b|"
                 r"(CREATE|DROP|ALTER) (TABLE|INDEX|UNIQUE INDEX|VIEW|TRIGGER)\b|PRAGMA \w|"
                 r"(BEGIN|COMMIT|ROLLBACK)\b|WITH \w+ AS\b)", re.DOTALL)
# connection care, not queries: the health check's read probe and the mail thread's rollback
SQL_OUTSIDE_STORAGE = {"web.health": "SELECT count(*) FROM sqlite_master", "mailer.sender": "ROLLBACK"}
ROUTE_DECORATORS = ("route", "get", "post", "put", "patch", "delete")


def _all_imported_names(module: str):
    """Every imported top-level module name (app or not) with its line."""
    for node in ast.walk(SOURCES[module][1]):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            yield _absolute(module, node), node.lineno


def _layer_modules(layers):
    return [m for m in SOURCES if _component(m) in layers]


def test_feature_layers_stay_below_the_views():
    """Storage imports only the shared core (never a view, a form or a template helper); the
    pure rules only other pure rules (and the survey model)."""
    found = []
    for module in _layer_modules(LAYER_MAY_IMPORT):
        allowed = LAYER_MAY_IMPORT[_component(module)]
        for target, _name, line in _imports(module):
            target = _nearest_module(target) or target
            if _component(target) not in allowed:
                found.append(f"{module}:{line} imports {target}")
    assert found == []


def test_storage_and_rules_need_no_request_and_rules_no_io():
    found = []
    for module in _layer_modules(STORAGE_LAYERS + PURE_LAYERS):
        banned = NOT_PURE if _component(module) in PURE_LAYERS else NOT_IN_STORAGE
        for name, line in _all_imported_names(module):
            if name.split(".")[0] in banned:
                found.append(f"{module}:{line} imports {name}")
        if _component(module) in PURE_LAYERS:
            found += [f"{module}:{n.lineno} calls open()" for n in ast.walk(SOURCES[module][1])
                      if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "open"]
    assert found == []


def _sql_literals(module: str):
    for node in ast.walk(SOURCES[module][1]):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.match(node.value):
            yield node.lineno, node.value


def test_sql_only_in_storage_modules():
    """Views (and every other module) never write SQL: they call the storage functions of the
    shared core (``storage/``) or of their feature (``trainings/storage/``)."""
    found = [f"{module}:{line} {text.strip()[:40]!r}" for module in SOURCES if _component(module) not in STORAGE_LAYERS
             for line, text in _sql_literals(module) if SQL_OUTSIDE_STORAGE.get(module) != text]
    assert found == []


def test_the_sql_finder_finds_sql():
    assert SQL.match("  SELECT id\n FROM companies") and SQL.match("INSERT INTO x VALUES (1)") and SQL.match("ROLLBACK")
    assert not SQL.match("Selected companies") and not SQL.match("Update the plan") and not SQL.match("Create it")


def test_every_import_of_app_code_resolves_in_this_tree():
    """An import of a module that moved away fails here, not only where another installed copy of
    the app happens to shadow it."""
    found = []
    for module in SOURCES:
        for node in ast.walk(SOURCES[module][1]):
            if isinstance(node, ast.ImportFrom):
                target = _absolute(module, node)
                if target.split(".")[0] in SOURCES and _nearest_module(target) != target:
                    found.append(f"{module}:{node.lineno} from {target}")
            elif isinstance(node, ast.Import):
                found += [f"{module}:{node.lineno} import {a.name}" for a in node.names
                          if a.name.split(".")[0] in SOURCES and a.name not in SOURCES]
    assert found == []


# --- services without a web request -----------------------------------------------------------

def _is_view(module: str) -> bool:
    """A module that defines routes (``@bp.get``, ``@public_bp.route`` …)."""
    for node in ast.walk(SOURCES[module][1]):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for decorator in node.decorator_list:
                call = decorator.func if isinstance(decorator, ast.Call) else decorator
                if (isinstance(call, ast.Attribute) and call.attr in ROUTE_DECORATORS
                        and isinstance(call.value, ast.Name)):
                    return True
    return False


def _is_cli(module: str) -> bool:
    return module.split(".")[0] == "commands" or module.rsplit(".", 1)[-1] == "cli"


def test_no_command_imports_a_view():
    """``flask …`` commands call services (plain functions taking the database, catalogue, clock,
    base URL and language), never a view module: a view needs a request, a command has none."""
    found = [f"{module}:{line} imports {target}" for module in SOURCES if _is_cli(module)
             for target, _name, line in _imports(module)
             if (_nearest_module(target) or target) in SOURCES and _is_view(_nearest_module(target) or target)]
    assert found == []


def _calls_test_request_context(tree) -> list[int]:
    return [node.lineno for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and node.attr == "test_request_context"]


def test_no_test_request_context_outside_tests():
    """Only tests fake a request; app code, commands, jobs and benchmarks run services in an app
    context (``web.context.of_app``)."""
    found = [f"{module}:{line}" for module, (_path, tree) in SOURCES.items()
             for line in _calls_test_request_context(tree)]
    for path in sorted((ROOT / "benchmarks").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        found += [f"benchmarks/{path.name}:{line}" for line in _calls_test_request_context(tree)]
    assert found == []


def test_the_view_and_cli_finders_find_them():
    assert _is_view("trainings.certificates") and _is_view("questionnaire.results")
    assert not _is_view("trainings.certificate_service") and not _is_view("trainings.cli")
    assert _is_cli("trainings.cli") and _is_cli("commands.report") and not _is_cli("trainings.enrolment_service")


# what a service may not reach for: the request, the logged-in user, the app or its connection
REQUEST_GLOBALS = {"flask": {"current_app", "request", "g", "session"}, "flask_login": {"current_user"},
                   "storage": {"get_db"}, "web.context": {"here"}, "web.i18n": {"current_language"}}


def _is_service(module: str) -> bool:
    return module.rsplit(".", 1)[-1].endswith("service")


def test_services_take_everything_as_arguments():
    """A service module (``*service.py``) gets the database, catalogues, clock, base URL and
    language from its ``Context`` (or plain arguments): it never reads the request, the logged-in
    user, ``current_app`` or the app's connection, so a command or a job can call it."""
    found = []
    for module in SOURCES:
        if not _is_service(module):
            continue
        for node in ast.walk(SOURCES[module][1]):
            if isinstance(node, ast.ImportFrom):
                banned = REQUEST_GLOBALS.get(_absolute(module, node), set())
                found += [f"{module}:{node.lineno} imports {a.name}" for a in node.names if a.name in banned]
    assert found == []


def test_the_service_finder_finds_services():
    services = [m for m in SOURCES if _is_service(m)]
    assert {"trainings.enrolment_service", "coordinator.service", "coordinator.funder_service",
            "questionnaire.results_service", "websitecheck.service"} <= set(services)
    assert not _is_service("trainings.helpers") and not _is_service("trainings.courses")
