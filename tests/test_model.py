"""The model says what the guidance says: scenarios, the whole fact space, citations."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from policy_model import PATHWAY, TYPOLOGY, Incident, assess, assess_frame
from policy_model.editions import AS_WRITTEN, EDITIONS
from policy_model.editions.examples import examples
from policy_model.engine.frame import walk_frame
from policy_model.engine.rows import incidents_frame
from policy_model.model.conditions import facts_used
from policy_model.model.graph import Outcome
from policy_model.model.vocab import SUBTYPE_CATEGORY, Pathway, Subtype

from .helpers import GUIDANCE, SHARED_GUIDANCE, enumerate_facts, load_scenarios, normalise

SCENARIOS = load_scenarios()
EXAMPLES = examples()
GRAPHS = (TYPOLOGY, PATHWAY)
CONSIDERATIONS = AS_WRITTEN.considerations
COMMON_ACTIONS = AS_WRITTEN.common_actions


def test_there_are_the_six_worked_examples_and_at_least_25_more() -> None:
    files = [case["file"] for case in SCENARIOS]
    assert files.count("worked_examples.yaml") == 6
    assert len(files) - 6 >= 25


def _expected(value: object) -> object:
    return "|".join(value) if isinstance(value, list) else value


@pytest.mark.parametrize(
    ("example", "edition"),
    [(e, g) for e in EXAMPLES for g in EDITIONS],
    ids=[f"{e.name} [{g}]" for e in EXAMPLES for g in EDITIONS],
)
def test_scenario(example: Any, edition: str) -> None:
    """Each scenario gets its expected outcome, or what is possible while facts are not known,
    under every edition: as written, or with the overrides the case gives for that edition
    (an edition the case does not name must give what the guidance as written gives)."""
    result = assess(example.incident(), guidance=EDITIONS[edition])
    got = {
        "category": result.category,
        "subtype": result.subtype,
        "pathway": result.pathway,
        "possible_subtypes": "|".join(result.possible_subtypes),
        "possible_pathways": "|".join(result.possible_pathways),
        "precautionary_pathway": result.precautionary_pathway,
        "ask_next": result.ask_next,
    }
    expected = example.expected_under(edition)
    for key, value in expected.items():
        if key == "actions":  # the steps the guidance requires here are among those asked for
            missing = set(value) - {a.id for a in result.actions}  # type: ignore[arg-type]
            assert not missing, (key, sorted(missing), example.checks)
        elif key == "not_read":
            assert list(result.not_read) == list(value), (key, example.checks)  # type: ignore[call-overload]
        elif key.startswith("possible_"):
            assert set(got[key].split("|")) == set(value), (key, example.checks)  # type: ignore[union-attr]
        else:
            assert got[key] == _expected(value), (key, example.checks)
    if result.subtype != "undetermined" and "category" not in expected:
        assert result.category == SUBTYPE_CATEGORY[Subtype(result.subtype)]


def _one_row(incident: Incident) -> pd.DataFrame:
    return incidents_frame([incident])


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_scenario_agrees_with_assess_frame(example: Any) -> None:
    incident = example.incident()
    result = assess(incident)
    out = assess_frame(_one_row(incident)).iloc[0]
    assert (out["subtype"], out["pathway"], out["precautionary_pathway"]) == (
        result.subtype,
        result.pathway,
        result.precautionary_pathway,
    )
    assert out["reasons"] == result.brief


def test_worked_example_quotes_are_in_the_guidance() -> None:
    text = normalise(GUIDANCE.read_text(encoding="utf-8"))
    for case in SCENARIOS:
        if case["file"] == "worked_examples.yaml":
            assert normalise(case["checks"]) in text, case["name"]


@pytest.fixture(scope="module")
def space() -> pd.DataFrame:
    return enumerate_facts()


def test_fact_space_covers_every_fact_the_rules_read(space: pd.DataFrame) -> None:
    used = set().union(*(g.facts_used() for g in GRAPHS))
    used |= {f for c in CONSIDERATIONS for f in facts_used(c.when)}
    assert used <= set(space.columns)
    assert len(space) == len(space.drop(columns=["incident_id"]).drop_duplicates())


def test_assess_and_assess_frame_agree_on_every_combination(space: pd.DataFrame) -> None:
    """With every fact known, the single-incident walk and the vectorised evaluation agree."""
    out = assess_frame(space)
    columns = list(space.columns)
    for row, subtype, pathway, reasons in zip(
        space.itertuples(index=False),
        out["subtype"],
        out["pathway"],
        out["reasons"],
        strict=True,
    ):
        facts = {
            c: (v.item() if hasattr(v, "item") else v) for c, v in zip(columns, row, strict=True)
        }
        result = assess(Incident(**facts))
        assert (result.subtype, result.pathway, result.brief) == (subtype, pathway, reasons)


def test_every_combination_reaches_exactly_one_outcome_in_each_graph(space: pd.DataFrame) -> None:
    """With every fact known, no walk stops at an open question: each ends at one outcome."""
    out = assess_frame(space)
    assert not out["ask_next"].notna().any()
    assert "undetermined" not in set(out["subtype"]) | set(out["pathway"])
    for walked in walk_frame(space):
        ends = [walked.explored(k).open for k in range(len(walked.keys))]
        assert ends and all(e is None for e in ends), walked.graph.id


def test_every_node_is_reachable(space: pd.DataFrame) -> None:
    for walked in walk_frame(space):
        reached = {n for k in range(len(walked.keys)) for n in walked.explored(k).path}
        unreached = [n for n in walked.order if n not in reached]
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
    items += [(f"parameter:{p.name}", p.cite) for p in AS_WRITTEN.parameters]
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


def test_reconstructed_citations_read_as_paraphrase_not_quotation() -> None:
    """A rebuilt rule is a paraphrase of its source: no quotation marks around it."""
    cited = [c for _, c in _cited()]
    for citation in cited:
        text = str(citation)
        if citation.reconstructed:
            assert text.startswith("Paraphrase of ") and not text.startswith('"')
        else:
            assert text.startswith('"')


def test_the_first_action_quotes_the_guidance_words() -> None:
    """The first action that always applies (the emergency step comes first only where
    immediate risk is yes or not known) quotes the guidance's own words."""
    first = next(a for a in COMMON_ACTIONS if a.when is None)
    assert "“print, forward, distribute or save”" in first.text
    assert "print, forward, distribute or save" in first.cite.quote


def test_report_remove_is_credited_to_2020_not_2016() -> None:
    for where, citation in _cited():
        if "Report Remove" in citation.quote:
            assert citation.source.key == "UKCIS 2020", where


@pytest.mark.parametrize("pathway", [p for p in Pathway if p != Pathway.ADULT_IMAGE_ABUSE])
def test_serious_and_child_outcomes_say_to_avoid_criminalising(pathway: Pathway) -> None:
    """'the prosecution or criminalisation of children ... should be avoided where possible'"""
    outcome = PATHWAY[pathway]
    assert isinstance(outcome, Outcome)
    assert "avoid_criminalising" in [a.id for a in outcome.actions]


@pytest.mark.parametrize("pathway", [Pathway.REFER_IMMEDIATELY, Pathway.SPECIALIST_DISCUSSION])
def test_serious_outcomes_give_the_removal_and_reporting_routes(pathway: Pathway) -> None:
    """'Internet Watch Foundation: to report criminal content on-line and instigate a removal
    notice'; 'CEOP ... to report concerns to a Child Protection Advisor'"""
    outcome = PATHWAY[pathway]
    assert isinstance(outcome, Outcome)
    assert {"report_iwf", "report_ceop"} <= {a.id for a in outcome.actions}


def test_the_18_plus_route_asks_for_urgent_help_when_someone_is_at_immediate_risk() -> None:
    adults = {"age_pictured": 24, "age_youngest_involved": 20, "adult_involved": False}
    at_risk = assess(Incident(**adults, immediate_risk=True))
    assert at_risk.pathway == "adult_image_abuse"
    assert "urgent_risk" in [a.id for a in at_risk.actions]
    assert "urgent_risk" not in [a.id for a in assess(Incident(**adults)).actions]


def test_the_professional_judgement_note_is_at_every_outcome() -> None:
    """'It is expected that all agencies will exercise professional judgement'"""
    assert "professional_judgement" in [a.id for a in COMMON_ACTIONS]


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
    assert result.guidance_version.startswith("redbridge-2018: Redbridge")
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
    flagged = {p.consideration.id for ps in result.key_questions.values() for p in ps if p.known}
    assert {"vulnerable", "multiple_incidents", "previous_involvement", "public_sharing"} <= flagged
    quiet = assess(Incident(platform="snapchat")).key_questions
    shown = [p.consideration.id for ps in quiet.values() for p in ps]
    assert len(quiet) == 4 and shown == ["apps_services"]


def test_key_questions_say_what_is_not_known_yet() -> None:
    """All four key questions are shown, with the points whose facts are not known."""
    result = assess(Incident.not_known(age_pictured=14))
    unknown = {
        p.consideration.id for ps in result.key_questions.values() for p in ps if not p.known
    }
    assert {
        "apps_services",
        "criminal_consequences",
        "adult_involvement",
        "emotional_impact",
    } <= unknown


def test_categoricals_cover_their_vocabulary() -> None:
    out = assess_frame(enumerate_facts().head(10))
    for column, enum in (("subtype", Subtype), ("pathway", Pathway)):
        assert list(out[column].cat.categories) == [*(e.value for e in enum), "undetermined"]
    assert list(out["precautionary_pathway"].cat.categories) == [p.value for p in Pathway]


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
        seen.add(result.precautionary_pathway)
        ids = [a.id for a in result.actions]
        if "urgent_risk" in ids:  # "act on that first": the emergency step leads
            assert ids[0] == "urgent_risk" and result.incident.immediate_risk is not False
            ids = ids[1:]
        assert ids[:4] == ["never_view", "tell_dsl", "record_decisions", "professional_judgement"]
    assert seen == set(Pathway)
