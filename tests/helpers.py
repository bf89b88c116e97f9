"""Shared test helpers: scenario files, the guidance text, the enumerated fact space."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from policy_model.model import conditions
from policy_model.model.key_questions import CONSIDERATIONS
from policy_model.model.pathway import PATHWAY
from policy_model.model.typology import TYPOLOGY
from policy_model.model.vocab import BOOLEAN_FACTS, CATEGORICAL_FACTS, MAX_AGE, MIN_AGE

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "policy_model" / "model" / "scenarios"
GUIDANCE = ROOT / "docs" / "guidance" / "redbridge-sexting-guidance.md"
SHARED_GUIDANCE = ROOT.parent / "shared" / "guidance"


def load_scenarios() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = []
    for path in sorted(SCENARIOS.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            cases.append({**case, "file": path.name})
    return cases


def normalise(text: str) -> str:
    """Guidance text without Markdown emphasis, links or line breaks, for quote matching."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = text.replace("*", "").replace("\\(", "(").replace("\\)", ")")
    return re.sub(r"\s+", " ", text).strip()


def representative_ages() -> list[int]:
    """Every age at which any rule changes its answer, the age before it, and the extremes."""
    found = {MIN_AGE, MAX_AGE}
    rules = [q.when for g in (TYPOLOGY, PATHWAY) for q in g.questions]
    rules += [c.when for c in CONSIDERATIONS]
    for rule in rules:
        for age in conditions.age_thresholds(rule):
            found |= {age - 1, age}
    return sorted(a for a in found if MIN_AGE <= a <= MAX_AGE)


def enumerate_facts() -> pd.DataFrame:
    """Every combination of the boolean facts and the categorical facts the rules read."""
    used = set().union(TYPOLOGY.facts_used(), PATHWAY.facts_used())
    categorical = {
        name: [e.value for e in enum] for name, enum in CATEGORICAL_FACTS.items() if name in used
    }
    axes: dict[str, list[Any]] = {
        "age_pictured": representative_ages(),
        **categorical,
        **{name: [False, True] for name in BOOLEAN_FACTS},
    }
    rows = list(itertools.product(*axes.values()))
    df = pd.DataFrame(rows, columns=list(axes))
    # Facts no rule reads cycle through their values, so the frame is complete and varied.
    for name, enum in CATEGORICAL_FACTS.items():
        if name not in categorical:
            values = [e.value for e in enum]
            df[name] = [values[i % len(values)] for i in range(len(df))]
    for name, enum in CATEGORICAL_FACTS.items():
        df[name] = pd.Categorical(df[name], categories=[e.value for e in enum])
    df.insert(0, "incident_id", [f"E{i}" for i in range(len(df))])
    df.insert(1, "reported_month", "2024-01")
    df["age_pictured"] = df["age_pictured"].astype("int8")
    return df
