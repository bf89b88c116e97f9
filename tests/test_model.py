"""The model says what the guidance says: scenarios, the whole fact space, citations."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from policy_model import PATHWAY, TYPOLOGY, Incident, assess, assess_frame
from policy_model.engine.frame import walk_frame
from policy_model.model.conditions import facts_used
from policy_model.model.graph import DecisionGraph, Outcome
from policy_model.model.key_questions import CONSIDERATIONS
from policy_model.model.pathway import COMMON_ACTIONS
from policy_model.model.vocab import CATEGORICAL_FACTS, SUBTYPE_CATEGORY, Pathway, Subtype

from .helpers import GUIDANCE, SHARED_GUIDANCE, enumerate_facts, load_scenarios, normalise

SCENARIOS = load_scenarios()
GRAPHS = (TYPOLOGY, PATHWAY)


def test_there_are_the_six_worked_examples_and_at_least_25_more() -> None:
    files = [case["file"] for case in SCENARIOS]
    assert files.count("worked_examples.yaml") == 6
    assert len(files) - 6 >= 25


@pytest.mark.parametrize("case", SCENARIOS, ids=[c["name"] for c in SCENARIOS])
def test_scenario(case: dict[str, Any]) -> None:
    """Each scenario file case gets its expected subtype and pathway."""
    incident = Incident.from_raw(case["facts"])
    result = assess(incident)
    assert (result.subtype, result.pathway) == (case["subtype"], case["pathway"]), case["checks"]
    assert result.category == SUBTYPE_CATEGORY[Subtype(case["subtype"])]


@pytest.mark.parametrize("case", SCENARIOS, ids=[c["name"] for c in SCENARIOS])
def test_scenario_agrees_with_assess_frame(case: dict[str, Any]) -> None:
    facts = Incident.from_raw(case["facts"]).facts()
    df = pd.DataFrame([facts]).astype({"age_pictured": "int8"})
    out = assess_frame(df)
    assert (out.at[0, "subtype"], out.at[0, "pathway"]) == (case["subtype"], case["pathway"])


def test_worked_example_quotes_are_in_the_guidance() -> None:
    text = normalise(GUIDANCE.read_text(encoding="utf-8"))
    for case in SCENARIOS:
        if case["file"] == "worked_examples.yaml":
            assert normalise(case["checks"]) in text, case["name"]


@pytest.fixture(scope="module")
def space() -> pd.DataFrame:
    return enumerate_facts()


def test_fact_space_covers_every_fact_the_rules_read(space: pd.DataFrame) -> None:
    used = set().union(*(g.facts_used() for g in GRAPHS)) - {"category"}
    used |= set().union(*(facts_used(c.when) for c in CONSIDERATIONS))
    assert used <= set(space.columns)
    assert len(space) == len(space.drop(columns=["incident_id"]).drop_duplicates())


def test_assess_and_assess_frame_agree_on_every_combination(space: pd.DataFrame) -> None:
    """The single-incident walk and the vectorised evaluation give the same answers."""
    out = assess_frame(space)
    columns = list(space.columns)
    for row, subtype, pathway, reasons in zip(
        space.itertuples(index=False),
        out["subtype"],
        out["pathway"],
        out["reasons"],
        strict=True,
    ):
        result = assess(Incident(**dict(zip(columns, row, strict=True))))
        assert (result.subtype, result.pathway, result.brief) == (subtype, pathway, reasons)


def _outcome_bits(graph: DecisionGraph, order: tuple[str, ...]) -> int:
    return sum(1 << order.index(o.id) for o in graph.outcomes)


def test_every_combination_reaches_exactly_one_outcome_in_each_graph(space: pd.DataFrame) -> None:
    for walked in walk_frame(space):
        mask = _outcome_bits(walked.graph, walked.order)
        per_path = [bin(int(bits) & mask).count("1") for bits in walked.path_bits]
        assert per_path and set(per_path) == {1}
        assert (walked.outcome >= 0).all()


def test_every_node_is_reachable(space: pd.DataFrame) -> None:
    for walked in walk_frame(space):
        reached = np.bitwise_or.reduce(walked.path_bits)
        unreached = [n for i, n in enumerate(walked.order) if not reached >> i & 1]
        assert unreached == [], f"{walked.graph.id}: never reached {unreached}"


def test_every_subtype_and_pathway_is_an_outcome() -> None:
    assert {o.id for o in TYPOLOGY.outcomes} == set(Subtype)
    assert {o.id for o in PATHWAY.outcomes} == set(Pathway)


def _cited() -> list[tuple[str, Any]]:
    items: list[tuple[str, Any]] = []
    for graph in GRAPHS:
        items += [(f"{graph.id}:{node.id}", node.cite) for node in graph.nodes]
        for outcome in graph.outcomes:
            items += [(f"{outcome.id}:{a.id}", a.cite) for a in outcome.actions]
    items += [(f"common:{a.id}", a.cite) for a in COMMON_ACTIONS]
    items += [(f"key question:{c.id}", c.cite) for c in CONSIDERATIONS]
    return items


@pytest.mark.parametrize(("where", "citation"), _cited(), ids=[w for w, _ in _cited()])
def test_every_rule_has_a_citation(where: str, citation: Any) -> None:
    assert citation is not None, where
    assert citation.quote.strip() and citation.section.strip() and citation.source.title


@pytest.mark.parametrize(("where", "citation"), _cited(), ids=[w for w, _ in _cited()])
def test_guidance_quotes_are_verbatim(where: str, citation: Any) -> None:
    """A rule resting on the guidance quotes it word for word; others say they are reconstructed."""
    if citation.reconstructed:
        assert citation.source.key != "Redbridge guidance", where
    else:
        text = normalise(GUIDANCE.read_text(encoding="utf-8"))
        assert normalise(citation.quote) in text, where


def test_reconstructed_steps_are_marked_in_the_pathway() -> None:
    marked = {n.id for n in PATHWAY.nodes if n.cite.reconstructed}
    assert {"involves_adult", "coerced_or_capacity", "immediate_risk"} <= marked
    assert "never_view" not in marked


def test_never_view_comes_first_and_in_every_outcome() -> None:
    assert PATHWAY.start == "never_view"
    result = assess(Incident())
    assert result.path[PATHWAY.id][0] == "never_view"
    assert result.actions[0].id == "never_view"


@pytest.mark.parametrize("pathway", list(Pathway))
def test_police_note_only_where_police_may_be_involved(pathway: Pathway) -> None:
    outcome = PATHWAY[pathway]
    assert isinstance(outcome, Outcome)
    has_note = any(a.id == "police_outcome_21" for a in outcome.actions)
    assert has_note == (pathway in (Pathway.REFER_IMMEDIATELY, Pathway.SPECIALIST_DISCUSSION))


def test_assessment_names_the_guidance_version() -> None:
    result = assess(Incident())
    assert "Redbridge" in str(result.guidance_version)
    assert str(result.guidance_version) in result.summary()
    out = assess_frame(enumerate_facts().head(3))
    assert set(out["guidance_version"]) == {str(result.guidance_version)}


def test_reasons_quote_the_rule_for_each_answer() -> None:
    result = assess(Incident(age_pictured=14, pictured_willing=False, sharing="public"))
    texts = [r.text for r in result.reasons]
    assert any(
        "without the knowledge or willing participation" in t and t.endswith("Yes.") for t in texts
    )
    assert all(r.cite.quote for r in result.reasons)
    assert "youth_reckless_misuse" in [r.node_id for r in result.reasons]


def test_considerations_are_flagged_by_the_facts() -> None:
    result = assess(
        Incident(
            vulnerable=True,
            multiple_incidents=True,
            previous_agency_involvement=True,
            sharing="public",
        )
    )
    flagged = {c.id for c in result.considerations}
    assert {"vulnerable", "multiple_incidents", "previous_involvement", "public_sharing"} <= flagged
    assert not {c.id for c in assess(Incident()).considerations}


def test_categoricals_cover_their_vocabulary() -> None:
    out = assess_frame(enumerate_facts().head(10))
    for column, enum in (("subtype", Subtype), ("pathway", Pathway)):
        assert list(out[column].cat.categories) == [e.value for e in enum]
    for name in CATEGORICAL_FACTS:
        assert name in out.columns


def test_the_bundled_guidance_is_the_shared_source_of_truth() -> None:
    """docs/guidance/ is the source of truth; where a team copy sits beside this checkout, they agree."""
    if not SHARED_GUIDANCE.is_dir():
        pytest.skip("no shared/ folder beside this checkout")
    for name in ("redbridge-sexting-guidance.md", "appendix-a-notes.md"):
        bundled = GUIDANCE.parent / name
        assert bundled.read_text(encoding="utf-8") == (SHARED_GUIDANCE / name).read_text(
            encoding="utf-8"
        )


def test_every_outcome_asks_to_tell_the_dsl_and_record_decisions() -> None:
    seen = set()
    for case in SCENARIOS:
        result = assess(Incident.from_raw(case["facts"]))
        seen.add(result.pathway)
        ids = [a.id for a in result.actions]
        assert ids[:3] == ["never_view", "tell_dsl", "record_decisions"]
    assert seen == set(Pathway)
