"""The package's shape: every module's imports of `mechinterp` (lazy ones inside functions included) form an acyclic
graph, the chapter-2 modules import only downwards (hub → calendar → sae → interventions → regression_explain), and no
module is longer than 700 lines (the generated `_modidx.py` aside)."""
import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "mechinterp"
MAX_LINES = 700
# modules of the other chapters that still break a rule: their split is a change of its own
KNOWN_LONG: set[str] = set()
KNOWN_IN_CYCLE: set[str] = set()
# chapter 2 from the bottom up: a module may import its own layer or lower ones, never a higher one
CHAPTER2 = ["irreducibility", "superposition", "hub", "calendar", "sae", "interventions", "regression_explain"]


def _modules() -> dict[str, Path]:
    out = {}
    for p in sorted(PKG.rglob("*.py")):
        rel = p.relative_to(PKG).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__": parts = parts[:-1]
        out[".".join(parts)] = p          # "" is the package itself
    return out


MODULES = _modules()


def _resolve(name: str, mod: str, is_pkg: bool, level: int) -> str:
    "The `mechinterp`-relative name of an import, '' for the package, None for other packages."
    if level == 0:
        if name != "mechinterp" and not name.startswith("mechinterp."): return None
        return name[len("mechinterp."):] if name != "mechinterp" else ""
    base = mod.split(".") if mod else []
    if not is_pkg: base = base[:-1]
    base = base[:len(base) - (level - 1)] if level > 1 else base
    return ".".join(base + ([name] if name else []))


def imports_of(mod: str) -> set[str]:
    "Every module of the package that `mod` imports, anywhere in its body."
    path = MODULES[mod]
    is_pkg = path.name == "__init__.py"
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for a in node.names:
                r = _resolve(a.name, mod, is_pkg, 0)
                if r is not None: out.add(r)
        elif isinstance(node, ast.ImportFrom):
            r = _resolve(node.module or "", mod, is_pkg, node.level)
            if r is None: continue
            for a in node.names:                      # `from . import corpus` imports the module corpus
                sub = f"{r}.{a.name}" if r else a.name
                out.add(sub if sub in MODULES else r)
    out.discard(mod)
    return {m for m in out if m in MODULES}


GRAPH = {m: imports_of(m) for m in MODULES}


def _cycles() -> list[list[str]]:
    "Strongly connected components with more than one module (Tarjan)."
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]
    def visit(v):
        index[v] = low[v] = counter[0]; counter[0] += 1; stack.append(v); on.add(v)
        for w in GRAPH[v]:
            if w not in index: visit(w); low[v] = min(low[v], low[w])
            elif w in on: low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop(); on.discard(w); comp.append(w)
                if w == v: break
            if len(comp) > 1: out.append(sorted(comp))
    for v in GRAPH:
        if v not in index: visit(v)
    return out


def _layer(mod: str) -> int | None:
    top = mod.split(".")[0]
    return CHAPTER2.index(top) if top in CHAPTER2 else None


def _mark(mod: str, known: set[str], why: str):
    return pytest.param(mod, marks=pytest.mark.xfail(reason=why, strict=False)) if mod in known else mod


def test_graph_sees_lazy_and_relative_imports():
    "The parser finds imports inside functions and resolves relative ones."
    assert "core" in GRAPH["calendar.model"] and "calendar.corpus" in GRAPH["calendar.model"]
    assert {"calendar.corpus", "calendar.geometry"} <= GRAPH["calendar"]
    code = "def f():\n    from mechinterp.sae import search\n"
    tree = ast.parse(code)
    node = next(n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom))
    assert _resolve(node.module, "hub", False, node.level) == "sae"
    assert _resolve("corpus", "calendar.tasks", False, 1) == "calendar.corpus"


@pytest.mark.parametrize("mod", [_mark(m, KNOWN_IN_CYCLE, "part of an import cycle outside chapter 2")
                                 for m in sorted(MODULES) if m])
def test_no_import_cycle(mod):
    cyc = [c for c in _cycles() if mod in c]
    assert not cyc, f"mechinterp.{mod} is in an import cycle: {cyc}"


@pytest.mark.parametrize("mod", [m for m in sorted(MODULES) if _layer(m) is not None])
def test_chapter2_imports_only_downwards(mod):
    up = sorted(m for m in GRAPH[mod] if _layer(m) is not None and _layer(m) > _layer(mod))
    assert not up, f"mechinterp.{mod} imports higher chapter-2 modules {up} (order: {' → '.join(CHAPTER2)})"


@pytest.mark.parametrize("mod", [_mark(m, KNOWN_LONG, "over 700 lines; split outside chapter 2")
                                 for m in sorted(MODULES) if m and not MODULES[m].name.startswith("_modidx")])
def test_module_length(mod):
    n = len(MODULES[mod].read_text(encoding="utf-8").splitlines())
    assert n <= MAX_LINES, f"mechinterp/{MODULES[mod].relative_to(PKG)} has {n} lines (at most {MAX_LINES}): split it by concept"
