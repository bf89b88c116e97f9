"""The explorer shows what the model says about the facts on its form, and keeps up with them."""

from __future__ import annotations

import itertools
import re

import graphviz
import pytest

from policy_model import PATHWAY, TYPOLOGY, FactError, Incident, assess
from policy_model.model.examples import Example, examples
from policy_model.model.incident import FACT_COLUMNS
from policy_model.model.key_questions import KeyQuestion
from policy_model.views.explorer import CONTEXT, FIELDS, Explorer, svg_text

REVENGE = "a 14 year old shares pictures of an ex-partner for revenge"


def dot_text(dot: graphviz.Digraph) -> bytes:
    """A stand-in for Graphviz: the DOT text, so tests read the chart without ``dot``."""
    return str(dot.source).encode()


@pytest.fixture
def explorer() -> Explorer:
    return Explorer(pipe=dot_text)


def bold_edges(chart: str) -> set[tuple[str, str]]:
    """The edges the chart draws in bold (the path's pen width)."""
    return {
        (m.group(1), m.group(2))
        for m in re.finditer(r"^\s*(\w+) -> (\w+) \[[^\n]*penwidth=3\.5", chart, re.MULTILINE)
    }


def test_every_fact_but_the_month_is_on_the_form_once() -> None:
    facts = [f.fact for f in FIELDS]
    assert sorted(facts) == sorted(set(FACT_COLUMNS) - {"reported_month"})


def test_the_form_is_grouped_by_the_key_questions_then_the_record() -> None:
    groups = list(dict.fromkeys(f.group for f in FIELDS))
    assert groups == [KeyQuestion.KNOWN, KeyQuestion.SHARED, KeyQuestion.INTENT, CONTEXT]


def test_it_starts_at_the_default_incident(explorer: Explorer) -> None:
    assert explorer.assessment == assess(Incident())
    assert explorer.displayed()["subtype"] == "romantic"
    assert "Experimental: romantic" in explorer.headline_html.value


def test_setting_a_fact_changes_the_subtype_shown(explorer: Explorer) -> None:
    explorer.set_facts(age_pictured=14, sharing="peers", intent_to_harm=True)
    shown = explorer.displayed()
    assert (shown["subtype"], shown["pathway"]) == ("youth_intent_to_harm", "specialist_discussion")
    assert "Aggravated: youth only, intent to harm" in explorer.headline_html.value
    assert "Experimental: romantic" not in explorer.headline_html.value


def test_ticking_a_box_runs_the_same_update_as_set_facts(explorer: Explorer) -> None:
    """A change made on the widget itself (as a click makes it) updates what is shown."""
    explorer.controls["adult_involved"].value = True
    assert explorer.displayed()["subtype"] == "adult_involved"
    assert explorer.displayed()["pathway"] == "refer_immediately"


def test_the_highlighted_path_follows_the_facts(explorer: Explorer) -> None:
    before = bold_edges(explorer.chart_html.value)
    assert ("is_aggravated", "young_or_vulnerable") in before
    explorer.set_facts(adult_involved=True)
    after = bold_edges(explorer.chart_html.value)
    assert ("involves_adult", "refer_immediately") in after
    assert ("is_aggravated", "young_or_vulnerable") not in after
    path = explorer.assessment.path[PATHWAY.id]
    assert explorer.displayed()["path"] == " ".join(path)
    assert after == set(itertools.pairwise(path))


def test_the_typology_chart_shows_the_typology_path(explorer: Explorer) -> None:
    explorer.set_facts(sharing="public", pictured_willing=False)
    explorer.graph_choice.value = TYPOLOGY.id
    path = explorer.assessment.path[TYPOLOGY.id]
    assert explorer.displayed()["chart"] == TYPOLOGY.id
    assert path[-1] == "youth_reckless_misuse"
    assert bold_edges(explorer.chart_html.value) == set(itertools.pairwise(path))


@pytest.mark.parametrize("example", examples()[:6], ids=lambda e: e.name)
def test_choosing_a_worked_example_sets_its_facts(explorer: Explorer, example: Example) -> None:
    index = [e.name for e in explorer.examples].index(example.name)
    explorer.example_choice.value = index
    wanted = explorer.examples[index].incident()
    assert all(explorer.facts()[f] == getattr(wanted, f) for f in explorer.controls)
    assert explorer.displayed()["subtype"] == explorer.examples[index].subtype
    assert explorer.displayed()["pathway"] == explorer.examples[index].pathway


def test_an_example_resets_the_facts_it_does_not_name(explorer: Explorer) -> None:
    explorer.set_facts(vulnerable=True, platform="tiktok")
    explorer.choose_example(REVENGE)
    assert explorer.facts()["vulnerable"] is False
    assert explorer.facts()["platform"] == "unknown"


def test_changing_a_fact_after_an_example_leaves_the_example(explorer: Explorer) -> None:
    explorer.choose_example(REVENGE)
    assert explorer.example_choice.label == REVENGE
    explorer.set_facts(intent_to_harm=False)
    assert explorer.example_choice.value == -1
    assert explorer.facts()["age_pictured"] == 14  # the other facts stay


def test_reasons_quote_the_guidance_and_mark_reconstructed_steps(explorer: Explorer) -> None:
    explorer.set_facts(adult_involved=True)
    text = explorer.outcome_html.value
    for reason in explorer.assessment.reasons:
        assert reason.cite.quote.replace("'", "&#x27;").replace('"', "&quot;") in text
    reconstructed = [r for r in explorer.assessment.reasons if r.cite.reconstructed]
    assert reconstructed
    assert text.count("reconstructed from") >= len(reconstructed)


def test_actions_and_key_questions_are_shown(explorer: Explorer) -> None:
    explorer.set_facts(immediate_risk=True, sharing="public")
    text = explorer.outcome_html.value
    for action in explorer.assessment.actions:
        assert action.text.replace("'", "&#x27;") in text
    assert "Immediate risk of harm" in text and "Public" not in text.split("Key questions")[0]


def test_an_unknown_fact_or_value_is_refused_and_nothing_changes(explorer: Explorer) -> None:
    with pytest.raises(FactError, match="unknown sharing: 'frends'"):
        explorer.set_facts(sharing="frends")
    with pytest.raises(FactError, match="name"):
        explorer.set_facts(name="someone")
    assert explorer.assessment == assess(Incident())


def test_reset_returns_to_the_defaults(explorer: Explorer) -> None:
    explorer.choose_example(REVENGE)
    explorer.reset()
    assert explorer.assessment == assess(Incident())


def test_an_unknown_example_names_the_known_ones(explorer: Explorer) -> None:
    with pytest.raises(ValueError, match="two 16 year olds"):
        explorer.choose_example("no such example")


def test_charts_are_drawn_once_per_path() -> None:
    drawn: list[str] = []

    def counting(dot: graphviz.Digraph) -> bytes:
        drawn.append(str(dot.name))
        return dot_text(dot)

    explorer = Explorer(pipe=counting)
    explorer.set_facts(adult_involved=True)
    explorer.set_facts(adult_involved=False)
    assert drawn == [PATHWAY.id, PATHWAY.id]


def test_its_text_form_names_the_outcome(explorer: Explorer) -> None:
    explorer.choose_example(REVENGE)
    assert repr(explorer) == "Explorer: youth_intent_to_harm, specialist_discussion"
    bundle = explorer._repr_mimebundle_()
    assert bundle["text/plain"] == repr(explorer)
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_embedded_svg_scales_and_drops_the_prolog() -> None:
    raw = (
        b'<?xml version="1.0"?>\n<!-- Generated by graphviz version 9 -->\n'
        b'<svg width="598pt" height="834pt" viewBox="0 0 598 834"><g/></svg>\n'
    )
    text = svg_text(raw)
    assert text.startswith('<svg width="100%" style="max-width:598pt; height:auto" viewBox')
    assert "graphviz version" not in text


@pytest.mark.needs_dot
def test_the_real_chart_draws_the_path_in_bold() -> None:
    explorer = Explorer()
    explorer.set_facts(adult_involved=True)
    svg = explorer.chart_html.value
    assert svg.count("<svg") == 1 and "<?xml" not in svg
    edge = re.search(
        r"<title>involves_adult(:\w+)?&#45;&gt;refer_immediately</title>\n.*?<path[^>]*>",
        svg,
        re.DOTALL,
    )
    assert edge and 'stroke-width="3.5"' in edge.group(0)
