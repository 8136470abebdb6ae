"""The project's layout holds: no import cycle among its modules, every app imports only the apps
to its left (module-level and function-level imports alike), and no module outside migrations
and data is over about 400 lines.

    core ← feedback ← polls ← reporting ← faces (wall, staff, home, api); search reads the domain,
    polls and home and no app but the project imports it; demo imports anything, nothing
    imports demo; echowall/ (settings, urls, middleware) is the project and may import any app.

The graph is built from the source with `ast`, so an import inside a function counts like one at
the top. Importing a submodule (`feedback.models.history`) is an edge to that module only, not
to its package's ``__init__`` (Python runs it first, but it is no dependency of the importer).
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ["core", "feedback", "polls", "reporting", "wall", "staff", "home", "api", "search", "demo"]
PROJECT = [*APPS, "echowall"]

# app -> the apps it may import (itself always).
ALLOWED = {
    "core": set(),
    "feedback": {"core"},
    "polls": {"core", "feedback"},
    "reporting": {"core", "feedback", "polls"},
    "wall": {"core", "feedback", "polls", "reporting"},
    "staff": {"core", "feedback", "polls", "reporting"},
    "home": {"core", "feedback", "polls", "reporting"},
    "api": {"core", "feedback", "polls", "reporting"},
    "search": {"core", "feedback", "polls", "home"},
    "demo": set(APPS) - {"demo"},
    "echowall": set(APPS),
}

# "About 400": a module may run a few lines over when the formatter breaks long lines.
MAX_LINES = 420
# Data rather than code, and why it may be longer: the demo app (its topics, texts, tables and
# the plan that walks them through the workflow) and the judged relevance corpus.
LONG_DATA = ("demo/", "tests/search/relevance/build_corpus.py")


def project_files():
    for top in PROJECT:
        for path in sorted((ROOT / top).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in project_files()}


def imported_modules(name, path):
    """Every project module `name` imports, anywhere in its source."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                origin = ".".join([*base, *([node.module] if node.module else [])])
            else:
                origin = node.module
            # `from pkg import module` imports that module; `from module import name` the module.
            targets = [f"{origin}.{alias.name}" for alias in node.names] + [origin]
        else:
            continue
        for target in targets:
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


GRAPH = {name: imported_modules(name, path) for name, path in MODULES.items()}


def strongly_connected(graph):
    """Tarjan's algorithm: the groups of modules that import each other (in a cycle)."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            groups.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_the_graph_sees_function_level_imports():
    # feedback's AppConfig connects its receivers from inside ready().
    assert "feedback.receivers" in GRAPH["feedback.apps"]


def test_no_project_module_is_part_of_an_import_cycle():
    cycles = [sorted(group) for group in strongly_connected(GRAPH) if len(group) > 1]
    assert cycles == []


def test_every_app_imports_only_the_apps_to_its_left():
    wrong = sorted(
        f"{name} imports {target}"
        for name, targets in GRAPH.items()
        for target in targets
        if (app := name.split(".")[0]) != (other := target.split(".")[0])
        and other not in ALLOWED[app]
    )
    assert wrong == []


@pytest.mark.parametrize("app", ["core", "feedback", "polls", "reporting"])
def test_the_lower_apps_never_reach_a_face_search_or_the_demo(app):
    faces = {"wall", "staff", "home", "search", "demo", "echowall"}
    assert not {
        target
        for name, targets in GRAPH.items()
        if name.split(".")[0] == app
        for target in targets
        if target.split(".")[0] in faces
    }


def test_no_module_outside_migrations_and_data_is_over_about_400_lines():
    paths = [
        *project_files(),
        *sorted((ROOT / "tests").rglob("*.py")),
        *sorted((ROOT / "bench").rglob("*.py")),
    ]
    long = {
        str(path.relative_to(ROOT)): count
        for path in paths
        if (count := len(path.read_text().splitlines())) > MAX_LINES
        and not str(path.relative_to(ROOT)).startswith(LONG_DATA)
    }
    assert long == {}
