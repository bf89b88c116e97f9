"""The explorer shows what the model says about the facts on its form, and keeps up with them:
a form read from the column registry, three states for every fact, and an outcome panel that
says what is settled, what is still possible, and what to ask next."""

from __future__ import annotations

import itertools
import re

import graphviz
import pytest

from policy_model import PATHWAY, TYPOLOGY, FactError, Incident, assess
from policy_model.editions import EDITIONS
from policy_model.editions.examples import Example, examples
from policy_model.model.columns import COLUMNS, CONTEXT, Kind
from policy_model.model.vocab import KeyQuestion
from policy_model.views.explorer import FIELDS, Explorer, svg_text
from policy_model.views.inputs import AS_PICTURED, NOT_KNOWN, AgeInput, FactInput

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


def dashed_edges(chart: str) -> set[tuple[str, str]]:
    """The edges the chart draws as still possible."""
    return {
        (m.group(1), m.group(2))
        for m in re.finditer(r"^\s*(\w+) -> (\w+) \[[^\n]*style=dashed", chart, re.MULTILINE)
    }


# ---- the form, from the registry ----------------------------------------------------------


def test_every_fact_age_and_category_is_on_the_form_once() -> None:
    asked = {c.name for c in COLUMNS.of_kind(Kind.FACT, Kind.AGE, Kind.CATEGORY) if not c.open}
    facts = [f.fact for f in FIELDS]
    assert len(facts) == len(set(facts))
    assert set(facts) == asked - {"recorded_subtype", "recorded_pathway"}  # conclusions


def test_the_form_is_grouped_by_the_key_questions_then_the_record() -> None:
    groups = list(dict.fromkeys(f.group for f in FIELDS))
    assert groups == [KeyQuestion.KNOWN, KeyQuestion.SHARED, KeyQuestion.INTENT, CONTEXT]
    assert all(f.group == COLUMNS[f.fact].group for f in FIELDS)


def test_labels_and_values_come_from_the_registry(explorer: Explorer) -> None:
    for field in explorer.fields:
        heading = explorer.controls[field.fact].children[0].value
        assert field.column.label.replace("'", "&#x27;") in heading
    sharing = explorer.controls["sharing"].dropdown
    column = COLUMNS["sharing"]
    assert sharing.options == (
        *((column.value_label(v), v) for v in column.values),
        (NOT_KNOWN, ""),
    )
    assert ("not known", "") not in explorer.controls["agency"].dropdown.options


def _descendants(widget: object) -> list[object]:
    found = [widget]
    for child in getattr(widget, "children", ()):
        found += _descendants(child)
    return found


# ---- three states, starting from nothing known -----------------------------------------


def test_your_own_facts_start_with_everything_not_known(explorer: Explorer) -> None:
    assert explorer.incident() == Incident.not_known()
    assert explorer.assessment == assess(Incident.not_known())
    for fact, control in explorer.controls.items():
        if COLUMNS[fact].may_be_unknown:
            assert control.value is None, fact
    assert explorer.controls["adult_involved"].buttons.value == NOT_KNOWN


def test_while_not_known_the_panel_says_not_yet_determined(explorer: Explorer) -> None:
    shown = explorer.displayed()
    assert shown["subtype"] == shown["pathway"] == "undetermined"
    assert shown["precaution"] == "refer_immediately"
    assert shown["ask"] == explorer.assessment.ask_next
    headline = explorer.headline_html.value
    assert "not yet determined" in headline and "Still possible" in headline
    assert "Follow meanwhile" in headline
    for pathway in explorer.assessment.possible_pathways:
        assert f'data-value="{pathway}"' in headline


def test_answering_adult_involved_yes_settles_refer_immediately(explorer: Explorer) -> None:
    """A click on "yes" runs the same update as code does."""
    explorer.controls["adult_involved"].buttons.value = "yes"
    assert explorer.incident().adult_involved is True
    shown = explorer.displayed()
    assert shown["pathway"] == "refer_immediately"
    assert "precaution" not in shown and "Follow meanwhile" not in explorer.headline_html.value
    assert explorer.assessment.pathway == "refer_immediately"


def test_a_fact_goes_back_to_not_known(explorer: Explorer) -> None:
    explorer.set_facts(adult_involved=True)
    explorer.controls["adult_involved"].buttons.value = NOT_KNOWN
    assert explorer.controls["adult_involved"].value is None
    assert explorer.displayed()["pathway"] == "undetermined"
    explorer.controls["adult_involved"].value = False
    assert explorer.controls["adult_involved"].buttons.value == "no"


def test_ages_can_be_not_known_given_or_as_age_pictured(explorer: Explorer) -> None:
    age = explorer.controls["age_pictured"]
    youngest = explorer.controls["age_youngest_involved"]
    assert isinstance(age, AgeInput) and age.value is None and not age.slider.readout
    age.slider.value = 16  # moving the slider gives the age
    assert age.value == 16 and age.state.value == "this age" and age.slider.readout
    youngest.state.value = AS_PICTURED
    assert explorer.incident().youngest_assumed
    assert "age_youngest_involved" not in explorer.facts()
    age.state.value = NOT_KNOWN
    assert explorer.incident().age_pictured is None
    assert AS_PICTURED not in age.state.options, "only the youngest follows the age pictured"


def test_sharing_can_be_not_known(explorer: Explorer) -> None:
    explorer.set_facts(sharing="public")
    assert explorer.controls["sharing"].dropdown.value == "public"
    explorer.controls["sharing"].dropdown.value = ""
    assert explorer.incident().sharing is None


def test_a_contradiction_is_explained_not_raised(explorer: Explorer) -> None:
    """An adult involved "with or of a child" needs a child: ticking it when everyone is 19
    is explained on the form, and the assessment keeps the facts before the change."""
    explorer.set_facts(age_pictured=19, age_youngest_involved=19)
    before = explorer.assessment
    assert before.pathway == "adult_image_abuse"
    explorer.controls["adult_involved"].buttons.value = "yes"
    message = explorer.message_html.value
    assert "Please check" in message and "needs a child" in message
    assert explorer.assessment == before
    explorer.controls["age_youngest_involved"].slider.value = 13
    explorer.controls["adult_involved"].buttons.value = "yes"
    assert explorer.message_html.value == ""
    assert explorer.assessment.pathway == "refer_immediately"


def test_two_ages_at_two_times_are_accepted(explorer: Explorer) -> None:
    """An image made at 15 can come to light when the youngest involved is 17."""
    explorer.set_facts(age_pictured=15)
    explorer.controls["age_youngest_involved"].slider.value = 17
    assert explorer.message_html.value == ""
    assert explorer.incident().age_youngest_involved == 17


def test_set_facts_refuses_what_the_model_does_not_allow(explorer: Explorer) -> None:
    with pytest.raises(FactError, match="unknown sharing: 'frends'"):
        explorer.set_facts(sharing="frends")
    with pytest.raises(FactError, match="name"):
        explorer.set_facts(name="someone")
    with pytest.raises(FactError, match="needs a child"):
        explorer.set_facts(age_pictured=19, age_youngest_involved=20, adult_involved=True)
    assert explorer.assessment == assess(Incident.not_known())


# ---- the outcome panel --------------------------------------------------------------------


def test_settled_facts_show_the_subtype_and_pathway(explorer: Explorer) -> None:
    explorer.choose_example(REVENGE)
    shown = explorer.displayed()
    assert (shown["subtype"], shown["pathway"]) == ("youth_intent_to_harm", "specialist_discussion")
    assert "Aggravated: youth only, intent to harm" in explorer.headline_html.value
    assert "ask" not in shown and "not yet determined" not in explorer.headline_html.value


def test_the_question_to_ask_next_is_named_in_words(explorer: Explorer) -> None:
    explorer.set_facts(age_pictured=14, age_youngest_involved=14)
    assert explorer.displayed()["ask"] == "adult_involved"
    assert "An adult (18+) is involved" in explorer.headline_html.value


def test_reasons_quote_the_guidance_and_paraphrase_reconstructed_steps(
    explorer: Explorer,
) -> None:
    explorer.set_facts(adult_involved=True)
    text = explorer.outcome_html.value
    for reason in explorer.assessment.reasons:
        assert reason.text.replace("'", "&#x27;") in text
        shown = str(reason.cite).replace("'", "&#x27;").replace('"', "&quot;")
        assert shown in text
    reconstructed = [r for r in explorer.assessment.reasons if r.cite.reconstructed]
    assert reconstructed
    for reason in reconstructed:
        assert f"&quot;{reason.cite.quote}" not in text, "a paraphrase is never quoted"
    assert text.count('class="pm-reconstructed"') >= len(reconstructed)


def test_an_open_question_is_a_reason(explorer: Explorer) -> None:
    text = explorer.outcome_html.value
    assert "Not known yet" in text
    assert "Actions (precautionary, until the facts are known)" in text


def test_actions_and_all_four_key_questions_are_shown(explorer: Explorer) -> None:
    explorer.set_facts(immediate_risk=True, sharing="public")
    text = explorer.outcome_html.value
    for action in explorer.assessment.actions:
        assert action.text.replace("'", "&#x27;") in text
    for key in KeyQuestion:
        assert html_text(key) in text
    assert "Flagged: Immediate risk of harm" in text
    assert "Not known yet: " in text and "An adult is involved" in text


def html_text(text: str) -> str:
    return text.replace("'", "&#x27;")


def test_the_guidance_edition_is_named(explorer: Explorer) -> None:
    assert f"Guidance: {explorer.assessment.guidance_version}" in explorer.outcome_html.value


# ---- worked examples ----------------------------------------------------------------------


@pytest.mark.parametrize("example", examples()[:6], ids=lambda e: e.name)
def test_choosing_a_worked_example_sets_its_facts(explorer: Explorer, example: Example) -> None:
    index = [e.name for e in explorer.examples].index(example.name)
    explorer.example_choice.value = index
    assert explorer.incident() == example.incident()
    assert explorer.displayed()["subtype"] == example.subtype
    assert explorer.displayed()["pathway"] == example.pathway


def test_an_example_sets_the_facts_it_does_not_name_to_their_defaults(explorer: Explorer) -> None:
    explorer.set_facts(vulnerable=True, platform="tiktok", coercion=None)
    explorer.choose_example(REVENGE)
    assert explorer.facts()["vulnerable"] is False
    assert explorer.facts()["coercion"] is False
    assert explorer.facts()["platform"] == "unknown"
    assert explorer.controls["age_youngest_involved"].value == AS_PICTURED


def test_changing_a_fact_after_an_example_leaves_the_example(explorer: Explorer) -> None:
    explorer.choose_example(REVENGE)
    assert explorer.example_choice.label == REVENGE
    explorer.set_facts(intent_to_harm=None)
    assert explorer.example_choice.value == -1
    assert explorer.facts()["age_pictured"] == 14  # the other facts stay


def test_reset_starts_again_with_nothing_known(explorer: Explorer) -> None:
    explorer.choose_example(REVENGE)
    explorer.clear_button.click()
    assert explorer.assessment == assess(Incident.not_known())
    assert explorer.example_choice.value == -1


def test_an_unknown_example_names_the_known_ones(explorer: Explorer) -> None:
    with pytest.raises(ValueError, match="two 16 year olds"):
        explorer.choose_example("no such example")


# ---- the flowchart ------------------------------------------------------------------------


def test_the_chart_shows_the_path_bold_and_the_possible_branches_dashed(
    explorer: Explorer,
) -> None:
    chart = explorer.chart_html.value
    path = explorer.assessment.path[PATHWAY.id]
    assert path[-1] == "everyone_adult"
    assert bold_edges(chart) == set(itertools.pairwise(path))
    assert ("involves_adult", "refer_immediately") in dashed_edges(chart)
    assert explorer.displayed()["possible"] == " ".join(explorer.assessment.possible_pathways)
    explorer.set_facts(adult_involved=True, age_youngest_involved=15)
    after = explorer.chart_html.value
    assert ("involves_adult", "refer_immediately") in bold_edges(after)
    assert dashed_edges(after) == set()
    assert explorer.displayed()["path"] == " ".join(explorer.assessment.path[PATHWAY.id])


def test_the_highlighted_path_follows_the_facts(explorer: Explorer) -> None:
    explorer.choose_example(REVENGE)
    before = bold_edges(explorer.chart_html.value)
    assert ("aggravating_conduct", "specialist_discussion") in before
    explorer.set_facts(adult_involved=True)
    after = bold_edges(explorer.chart_html.value)
    assert ("involves_adult", "refer_immediately") in after
    assert ("aggravating_conduct", "specialist_discussion") not in after
    assert after == set(itertools.pairwise(explorer.assessment.path[PATHWAY.id]))


def test_the_typology_chart_shows_the_typology_path(explorer: Explorer) -> None:
    explorer.set_facts(age_pictured=15, age_youngest_involved=15, sharing="public")
    explorer.graph_choice.value = TYPOLOGY.id
    path = explorer.assessment.path[TYPOLOGY.id]
    assert explorer.displayed()["chart"] == TYPOLOGY.id
    assert bold_edges(explorer.chart_html.value) == set(itertools.pairwise(path))
    assert explorer.displayed()["possible"] == " ".join(explorer.assessment.possible_subtypes)


def test_charts_are_drawn_once_per_path() -> None:
    drawn: list[str] = []

    def counting(dot: graphviz.Digraph) -> bytes:
        drawn.append(str(dot.name))
        return dot_text(dot)

    explorer = Explorer(pipe=counting)
    explorer.set_facts(adult_involved=True)
    explorer.set_facts(adult_involved=None)
    assert drawn == [PATHWAY.id, PATHWAY.id]


def test_its_text_form_names_the_outcome(explorer: Explorer) -> None:
    assert repr(explorer).startswith("Explorer: undetermined, undetermined (ask next: ")
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
def test_the_real_chart_draws_the_path_in_bold_and_the_possible_dashed() -> None:
    explorer = Explorer()
    svg = explorer.chart_html.value
    assert svg.count("<svg") == 1 and "<?xml" not in svg
    assert "stroke-dasharray" in svg
    explorer.set_facts(adult_involved=True)
    svg = explorer.chart_html.value
    edge = re.search(
        r"<title>involves_adult(:\w+)?&#45;&gt;refer_immediately</title>\n.*?<path[^>]*>",
        svg,
        re.DOTALL,
    )
    assert edge and 'stroke-width="3.5"' in edge.group(0)


def test_the_user_chooses_the_edition_and_questions_it_does_not_read_are_not_asked() -> None:
    """Issue 18, item 7: the edition is chosen on the form; a question the chosen edition does
    not read is marked "not used by this edition" and its buttons are disabled, never asked
    and silently ignored; a value given before is named in the reasons."""
    ex = Explorer(pipe=dot_text, guidance=EDITIONS["redbridge-2024-proposed"])
    assert ex.edition_choice.value == "redbridge-2024-proposed"
    assert "ai_generated" not in ex.unused()
    ex.set_facts(age_pictured=16, age_youngest_involved=16, ai_generated=True)
    assert "ai_imagery" in [a.id for a in ex.assessment.actions]
    ex.set_edition("redbridge-2018")
    assert ex.assessment.guidance.id == "redbridge-2018" and "ai_generated" in ex.unused()
    control = ex.controls["ai_generated"]
    assert isinstance(control, FactInput) and control.buttons.disabled
    assert "Not used by this edition" in ex.unused_notes["ai_generated"].value
    assert not ex.controls["financial_extortion"].buttons.disabled  # read, as coercion
    assert ex.assessment.not_read == ("ai_generated",)
    assert "not used by this edition" in ex.outcome_html.value
    assert "redbridge-2018" in ex.header_html.value
    ex.set_edition("redbridge-2024-proposed")
    assert not control.buttons.disabled and ex.unused_notes["ai_generated"].value == ""
    assert ex.assessment.not_read == ()
    with pytest.raises(ValueError, match="unknown edition"):
        ex.set_edition("redbridge-1999")


def test_sextortion_on_the_form_is_an_immediate_referral_under_either_edition() -> None:
    ex = Explorer(pipe=dot_text)
    ex.set_facts(
        age_pictured=15, age_youngest_involved=15, adult_involved=False, financial_extortion=True
    )
    for edition_id in ("redbridge-2018", "redbridge-2024-proposed"):
        ex.set_edition(edition_id)
        assert ex.displayed()["pathway"] == "refer_immediately", edition_id
