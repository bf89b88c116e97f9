"""The project's set-up files agree with each other."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
# PyPI names whose conda-forge package is named differently.
CONDA_NAMES = {"duckdb": "python-duckdb", "graphviz": "python-graphviz"}


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].lower()


def test_environment_yml_lists_every_pyproject_dependency() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = {_name(d) for d in env["dependencies"] if isinstance(d, str)}
    pip = {_name(p) for d in env["dependencies"] if isinstance(d, dict) for p in d["pip"]}
    missing = [
        r
        for r in wanted
        if CONDA_NAMES.get(_name(r), _name(r)) not in conda and _name(r) not in pip
    ]
    assert missing == []


def test_environment_yml_brings_graphviz_and_installs_the_project() -> None:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert "conda-forge" in env["channels"]
    names = {_name(d) for d in env["dependencies"] if isinstance(d, str)}
    assert {"python", "graphviz", "python-graphviz"} <= names
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert "-e ." in pip


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text()
    assert readme.index("make lab") < 400 and readme.index("make test") < 400
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_makefile_documents_every_target_it_names_in_help() -> None:
    makefile = (ROOT / "Makefile").read_text()
    phony = re.search(r"^\.PHONY: (.*)$", makefile, re.M)
    assert phony
    for target in phony.group(1).split():
        assert re.search(rf"^{target}:.*## ", makefile, re.M), target
