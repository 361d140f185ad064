"""The layout of coach/ (docs/architecture.md): one package per capability, dependencies that
point one way only, and no module that is a grab-bag or named after its own package."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GRAB_BAG_NAMES = {"utils", "helpers", "misc", "common", "stuff", "lib"}


def coach_modules() -> dict[str, Path]:
    """Every module of coach/ by dotted name, migrations left out (Django writes those)."""
    modules = {}
    for path in sorted((ROOT / "coach").rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if "migrations" in parts:
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


def imported_modules(path: Path, modules: dict[str, Path]) -> set[str]:
    """The coach modules that a module imports, at its top or inside a function alike. An
    import of a package's member counts as an import of the member's module when it is one,
    and of the package otherwise."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{alias.name}" for alias in node.names] + [node.module]
        else:
            continue
        for name in names:
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name:
                found.add(name)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = coach_modules()
    return {name: imported_modules(path, modules) - {name} for name, path in modules.items()}


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each group of modules that import each other, directly or through others (Tarjan's
    strongly connected components of more than one module)."""
    index: dict[str, int] = {}
    lowlink: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles = []

    def visit(module: str) -> None:
        index[module] = lowlink[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in sorted(graph.get(module, ())):
            if target not in index:
                visit(target)
                lowlink[module] = min(lowlink[module], lowlink[target])
            elif target in on_stack:
                lowlink[module] = min(lowlink[module], index[target])
        if lowlink[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return cycles


def test_the_cycle_finder_finds_a_circle_through_a_third_module():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}

    assert import_cycles(graph) == [["a", "b", "c"]]


def test_no_coach_module_imports_one_that_imports_it_back():
    cycles = import_cycles(import_graph())

    assert cycles == [], "import cycles in coach/: " + "; ".join(" <-> ".join(c) for c in cycles)


def test_services_never_import_tasks():
    graph = import_graph()
    importers = sorted({m for m, targets in graph.items() for t in targets if t.endswith(".tasks")})

    assert importers == ["coach.apps"], "only the app's start-up registers the tasks"


def test_each_capability_is_a_package_of_its_own():
    for capability in ["accounts", "sessions", "dashboard", "coaching", "realtime"]:
        assert (ROOT / "coach" / capability / "__init__.py").exists(), capability


def test_no_module_is_named_after_its_own_package_or_is_a_grab_bag():
    offenders = []
    for name in coach_modules():
        parts = name.split(".")
        if len(parts) < 2:
            continue
        package, module = parts[-2], parts[-1]
        if module == package or module.startswith(package + "_"):
            offenders.append(name)
        if module in GRAB_BAG_NAMES:
            offenders.append(name)

    assert offenders == []


def test_the_architecture_page_names_every_module_that_exists():
    page = (ROOT / "docs" / "architecture.md").read_text()
    missing = [
        str(path.relative_to(ROOT))
        for name, path in coach_modules().items()
        if path.name != "__init__.py" and str(path.relative_to(ROOT / "coach")) not in page
    ]

    assert missing == [], "docs/architecture.md does not mention " + ", ".join(missing)
