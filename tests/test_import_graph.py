"""No module of fwatlas imports another that imports it back, directly or not (module
level or inside functions; imports for type checkers only do not count)."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"


def _graph() -> dict[str, set[str]]:
    mods = {}
    for path in (SRC / "fwatlas").rglob("*.py"):
        name = ".".join(path.relative_to(SRC).with_suffix("").parts)
        mods[name.removesuffix(".__init__")] = path
    edges: dict[str, set[str]] = {m: set() for m in mods}
    for name, path in mods.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        typing_only = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If)
                       and getattr(node.test, "id", None) == "TYPE_CHECKING" for n in ast.walk(node)}
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        for node in ast.walk(tree):
            if id(node) in typing_only or not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                base = package.split(".")[:len(package.split(".")) - (node.level - 1)] if node.level else []
                module = ".".join(base + ([node.module] if node.module else []))
                targets = [f"{module}.{a.name}" for a in node.names] + ([module] if node.module else [])
            edges[name] |= {t for t in targets if t in mods and t != name}
    return edges


def _reaches(edges, start: str, goal: str) -> bool:
    seen, todo = set(), [start]
    while todo:
        m = todo.pop()
        if m == goal:
            return True
        if m not in seen:
            seen.add(m)
            todo.extend(edges.get(m, ()))
    return False


@pytest.mark.parametrize("a,b", [
    ("fwatlas.kb", "fwatlas.scaffold"),
    ("fwatlas.render.pages", "fwatlas.render.freshness"),
    ("fwatlas.render.pages", "fwatlas.render.snippets"),
    ("fwatlas.links.cli", "fwatlas.links.options"),
    ("fwatlas.kb", "fwatlas.signals"),
])
def test_no_import_circle_between(a, b):
    edges = _graph()
    assert not (_reaches(edges, a, b) and _reaches(edges, b, a)), f"{a} and {b} import each other (directly or not)"


def test_no_import_circle_anywhere_in_the_package():
    edges = _graph()
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(m: str) -> list[str] | None:
        state[m] = 1
        path.append(m)
        for n in sorted(edges[m]):
            if state.get(n) == 1:
                return path[path.index(n):] + [n]
            if n not in state:
                found = visit(n)
                if found:
                    return found
        path.pop()
        state[m] = 2
        return None

    for m in sorted(edges):
        if m not in state:
            circle = visit(m)
            assert circle is None, "import circle: " + " -> ".join(circle)
