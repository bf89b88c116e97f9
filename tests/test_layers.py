"""The package's layers: imports point down only, the model stays pure, the CLI starts light."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from policy_model.cli import data
from policy_model.incidents import synth
from policy_model.stats import disclosure

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "policy_model"
LAYERS = ("model", "editions", "engine", "incidents", "stats", "views", "cli")
"""Lowest first: a module may import from its own layer and the layers below it."""
HEAVY = ("pandas", "numpy", "pyarrow", "graphviz", "ipywidgets", "matplotlib")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imported(name: str, path: Path) -> set[str]:
    """The policy_model modules a module imports, anywhere in it (also inside functions)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                stem = ".".join([*base, node.module] if node.module else base)
            else:
                stem = node.module or ""
            found.add(stem)
            found.update(f"{stem}.{a.name}" for a in node.names)
    known = modules()
    return {m for m in found if m in known and m != name}


def layer(name: str) -> int | None:
    parts = name.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else None


def graph() -> dict[str, set[str]]:
    return {name: imported(name, path) for name, path in modules().items()}


def test_every_module_is_in_a_layer() -> None:
    unplaced = [n for n in modules() if n != "policy_model" and layer(n) is None]
    assert unplaced == []


def test_imports_point_down_only() -> None:
    upward = [
        f"{name} imports {target}"
        for name, targets in graph().items()
        for target in sorted(targets)
        if layer(name) is not None and layer(target) is not None and layer(target) > layer(name)  # type: ignore[operator]
    ]
    assert upward == [], "a module imports from a higher layer"


def test_nothing_imports_the_cli() -> None:
    users = [
        name
        for name, targets in graph().items()
        if not name.startswith("policy_model.cli")
        and any(t.startswith("policy_model.cli") for t in targets)
    ]
    assert users == []


def test_the_subpackages_import_each_other_without_cycles() -> None:
    edges = {
        (layer(name), layer(target))
        for name, targets in graph().items()
        for target in targets
        if layer(name) is not None and layer(target) is not None and layer(name) != layer(target)
    }
    assert not {(a, b) for a, b in edges if (b, a) in edges}


def loaded_after(statement: str) -> list[str]:
    """The heavy libraries in sys.modules after running ``statement`` in a fresh interpreter."""
    probe = f"import sys\n{statement}\nprint(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return result.stdout.split()


def test_importing_the_cli_loads_no_heavy_library() -> None:
    assert loaded_after("import policy_model.cli") == []


def test_importing_the_package_loads_no_heavy_library() -> None:
    assert loaded_after("import policy_model") == []


def test_the_model_is_pure() -> None:
    model = [n for n in modules() if layer(n) == 0]
    assert len(model) > 5
    assert loaded_after("\n".join(f"import {n}" for n in model)) == []


@pytest.mark.parametrize("name", ["PATHWAY", "Incident", "assess", "summarise", "render"])
def test_the_package_names_load_on_first_use(name: str) -> None:
    import policy_model

    assert getattr(policy_model, name) is not None
    assert name in dir(policy_model)


def test_the_cli_copies_of_defaults_agree_with_their_sources() -> None:
    assert tuple(sorted(disclosure.PROFILES)) == data.PROFILES
    assert data.SYNTH_START == synth.DEFAULT_START
    assert data.SYNTH_MONTHS == synth.DEFAULT_MONTHS
