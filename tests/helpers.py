"""Shared test helpers: scenario files, the guidance text, the enumerated fact space."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from policy_model.editions import AS_WRITTEN
from policy_model.engine.frame import Codes, contradictions
from policy_model.model import conditions
from policy_model.model.columns import COLUMNS, MAX_AGE, MIN_AGE, Kind
from policy_model.model.conditions import PICTURED, YOUNGEST
from policy_model.model.folders import folders
from policy_model.model.guidance import Guidance
from policy_model.stats.disclosure import Cells

ROOT = Path(__file__).resolve().parents[1]
GUIDANCE = ROOT / "docs" / "guidance" / "redbridge-sexting-guidance.md"
SHARED_GUIDANCE = ROOT.parent / "shared" / "guidance"


def load_scenarios() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = []
    for path in sorted(
        (p for folder in folders() for p in folder.scenarios), key=lambda p: (p.name, str(p))
    ):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            cases.append({**case, "file": path.name})
    return cases


def normalise(text: str) -> str:
    """Guidance text without Markdown emphasis, links or line breaks, for quote matching."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = text.replace("*", "").replace("\\(", "(").replace("\\)", ")")
    return re.sub(r"\s+", " ", text).strip()


def age_lines(guidance: Guidance = AS_WRITTEN) -> list[int]:
    """Every age at which any rule or consideration changes its answer."""
    rules = [q.when for g in (guidance.typology, guidance.pathway) for q in g.questions]
    rules += [c.when for c in guidance.considerations]
    return sorted(set().union(*(conditions.age_thresholds(r) for r in rules)))


def representative_ages(guidance: Guidance = AS_WRITTEN) -> list[int]:
    """Every age line, the age before it, and the extremes."""
    found = {MIN_AGE, MAX_AGE}
    for age in age_lines(guidance):
        found |= {age - 1, age}
    return sorted(a for a in found if MIN_AGE <= a <= MAX_AGE)


def read_facts(guidance: Guidance = AS_WRITTEN) -> tuple[list[str], list[str]]:
    """The yes/no facts and the categories the rules read, in column order."""
    used = guidance.typology.facts_used() | guidance.pathway.facts_used()
    facts = [n for n in COLUMNS if n in used and COLUMNS[n].kind == Kind.FACT]
    categories = [n for n in COLUMNS if n in used and COLUMNS[n].kind == Kind.CATEGORY]
    return facts, categories


def _typed(df: pd.DataFrame) -> pd.DataFrame:
    """Typed as the loader types a dataset; columns no rule reads cycle through their values."""
    n = len(df)
    for name, column in COLUMNS.items():
        if column.open:  # area: no vocabulary, and no rule reads it
            continue
        if column.kind == Kind.CATEGORY and name != "recorded_subtype":
            values = list(column.values)
            if name not in df:
                df[name] = [values[i % len(values)] for i in range(n)]
            df[name] = pd.Categorical(df[name], categories=values)
        elif column.kind == Kind.FACT:
            if name not in df:
                df[name] = np.arange(n) % 2 == 0
            df[name] = df[name].astype("boolean")
        elif column.kind == Kind.AGE and name in df:
            df[name] = df[name].astype("Int8")
    df.insert(0, "incident_id", [f"E{i}" for i in range(n)])
    df.insert(1, "reported_month", "2024-01")
    return df


def enumerate_facts(guidance: Guidance = AS_WRITTEN) -> pd.DataFrame:
    """Every consistent combination of the known facts the rules read, at every age line and
    either side of it (the two ages of two times: any pair), less those whose facts
    contradict each other (``guidance.constraints``)."""
    facts, categories = read_facts(guidance)
    ages = representative_ages(guidance)
    pairs = [(p, y) for p in ages for y in ages]
    axes: dict[str, list[Any]] = {
        "ages": pairs,
        **{name: list(COLUMNS[name].values) for name in categories},
        **{name: [False, True] for name in facts},
    }
    rows = list(itertools.product(*axes.values()))
    df = pd.DataFrame(rows, columns=list(axes))
    df[PICTURED] = [p for p, _ in df["ages"]]
    df[YOUNGEST] = [y for _, y in df["ages"]]
    df = _typed(df.drop(columns="ages"))
    broken = np.zeros(len(df), dtype=bool)
    for _, rows in contradictions(Codes(df), guidance.constraints):
        broken |= rows
    return df[~broken].reset_index(drop=True)


def class_ages(guidance: Guidance = AS_WRITTEN) -> list[int]:
    """One age for each span between age lines: the first age of each."""
    return [MIN_AGE, *age_lines(guidance)]


def line_cells(values: list[int]) -> Cells:
    """One line of counts ``x=0, x=1, ...`` and their total, as disclosure control sees it."""
    cells = Cells()
    cells.add((), sum(values))
    for i, v in enumerate(values):
        cells.add((("x", str(i)),), v)
    cells.relate((), [(("x", str(i)),) for i in range(len(values))])
    return cells
