"""The layout rules of the package, checked on its source (issue 12's "done when").

- No import cycle between the package's modules, counting every import: module level,
  inside functions and under `TYPE_CHECKING` (a cycle there is still a knot to untie).
- No module over 700 lines.
- No function whose body (after its docstring) runs over 60 lines unless it says why, in a
  comment that starts `# Long` (for instance `# Long on purpose: the innermost loop…`).
  A Typer command's signature does not count: only its body does.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "cadence_cli"
MAX_MODULE_LINES = 700
MAX_FUNCTION_LINES = 60


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _imported(
    module: str, path: Path, node: ast.Import | ast.ImportFrom, known: set[str]
) -> set[str]:
    """The package modules one import statement names (`from a import b` may name a.b)."""
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names if alias.name in known}
    if node.level:
        base = module.split(".")
        if path.name != "__init__.py":
            base = base[:-1]
        base = base[: len(base) - (node.level - 1)]
        prefix = ".".join([*base, *([node.module] if node.module else [])])
    else:
        prefix = node.module or ""
    names = {prefix} | {f"{prefix}.{alias.name}" for alias in node.names}
    return names & known


def _import_graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                graph[name] |= _imported(name, path, node, known) - {name}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, edges = work[-1]
            advanced = False
            for target in edges:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(graph[target]))))
                    advanced = True
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_import_cycle() -> None:
    assert _cycles(_import_graph()) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    """The check above can fail: a two-module knot is found."""
    assert _cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [["a", "b"]]


def test_no_module_over_700_lines() -> None:
    long = {
        str(path.relative_to(PACKAGE)): count
        for path in _modules().values()
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def _long_functions_without_a_reason(source: str) -> list[tuple[int, str, int]]:
    lines = source.splitlines()
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        body = node.body
        if (
            len(body) > 1
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
        ):
            body = body[1:]
        end = node.end_lineno or node.lineno
        length = end - body[0].lineno + 1
        if length <= MAX_FUNCTION_LINES:
            continue
        first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
        text = lines[max(0, first - 4) : end]
        if not any(line.strip().startswith("# Long") for line in text):
            found.append((node.lineno, node.name, length))
    return found


def test_long_functions_say_why() -> None:
    unexplained = {
        f"{path.relative_to(PACKAGE)}:{line} {name}": length
        for path in _modules().values()
        for line, name, length in _long_functions_without_a_reason(path.read_text(encoding="utf-8"))
    }
    assert unexplained == {}


def test_the_length_check_counts_the_body_and_reads_the_reason() -> None:
    body = "".join(f"    x{i} = {i}\n" for i in range(MAX_FUNCTION_LINES + 1))
    plain = f'def f():\n    """Doc."""\n{body}'
    assert _long_functions_without_a_reason(plain) == [(1, "f", MAX_FUNCTION_LINES + 1)]
    assert _long_functions_without_a_reason("# Long on purpose: a table.\n" + plain) == []
    short = f'def f():\n    """Doc."""\n{body.split(chr(10), 1)[1]}'
    assert _long_functions_without_a_reason(short) == []


def _registering_modules(typer_app: Any) -> set[str]:
    """The modules whose functions are the commands of a Typer app and its groups."""
    found = {c.callback.__module__.rpartition(".")[2] for c in typer_app.registered_commands}
    for group in typer_app.registered_groups:
        found |= _registering_modules(group.typer_instance)
    return found


def test_the_console_script_knows_which_module_registers_each_command() -> None:
    """`cadence X` imports only `COMMAND_MODULES[X]`: a command missing from the table, or
    registered by a module the table does not name, would be "no such command"."""
    from cadence_cli import cli

    app = cli.register_all()
    registered: dict[str, tuple[str, ...]] = {}
    for command in app.registered_commands:
        registered[cli._name(command)] = (command.callback.__module__.rpartition(".")[2],)
    for group in app.registered_groups:
        name = cli._group_name(group)
        assert name is not None
        registered[name] = tuple(sorted(_registering_modules(group.typer_instance)))
    assert registered == cli.COMMAND_MODULES
