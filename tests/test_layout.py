"""The package's layers import only from layers below them, with no cycle and no private name
taken from another module."""
import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "symact"
LAYERS = ["core", "parse", "catalog", "report", "numeric", "prove", "analysis", "api", "verifier", "codegen", "store", "publish", "cli"]


def _layer(module: str) -> int | None:
    parts = module.split(".")
    if parts[0] != "symact" or len(parts) == 1:
        return None
    name = parts[1]
    return LAYERS.index(name) if name in LAYERS else None


def _modules():
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        yield ".".join(parts), path


def _imports(module: str, path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            yield base, [a.name for a in node.names]
        elif isinstance(node, ast.Import):
            for a in node.names:
                yield a.name, []


def test_layers_only_import_downwards():
    bad = []
    for module, path in _modules():
        mine = _layer(module)
        if mine is None:
            continue
        for target, _ in _imports(module, path):
            theirs = _layer(target)
            if theirs is not None and theirs > mine:
                bad.append(f"{module} imports {target}")
    assert not bad, bad


def test_no_private_names_are_imported():
    bad = []
    for module, path in _modules():
        for target, names in _imports(module, path):
            if target.startswith("symact"):
                bad += [f"{module}: {target}.{n}" for n in names if n.startswith("_") and not n.endswith("__")]
    assert not bad, bad


def test_no_import_cycles_between_modules():
    modules = dict(_modules())
    graph = {}
    for m, p in modules.items():
        edges = set()
        for t, names in _imports(m, p):
            if not t.startswith("symact"):
                continue
            subs = [f"{t}.{n}" for n in names if f"{t}.{n}" in modules]  # from package import module
            edges.update(subs or [t])
        graph[m] = edges
    state: dict[str, int] = {}

    def visit(m, stack):
        state[m] = 1
        for t in graph.get(m, ()):
            t = t if t in graph else t.rsplit(".", 1)[0]
            if t not in graph or t == m:
                continue
            if state.get(t) == 1 and t != "symact":
                raise AssertionError(f"cycle: {' -> '.join(stack + [t])}")
            if t not in state:
                visit(t, stack + [t])
        state[m] = 2
    for m in graph:
        if m not in state:
            visit(m, [m])
