"""render: the DOT text of both flowcharts, checked without the dot binary (except where marked)."""

from __future__ import annotations

import html
import itertools
import re

import pytest

from policy_model import AS_WRITTEN, PATHWAY, TYPOLOGY, Incident, assess, render
from policy_model.model.graph import DecisionGraph, Outcome, Question, Stage
from policy_model.model.vocab import SUBTYPE_CATEGORY, Category, Pathway
from policy_model.views.render import (
    FADED_FILL,
    FADED_LINE,
    NOT_KNOWN_YET,
    OUTCOME_LOOKS,
    PATH_PEN,
    POSSIBLE_FILL,
    POSSIBLE_INK,
    STILL_POSSIBLE,
    WARNING_FILL,
    still_possible,
)

GRAPHS = pytest.mark.parametrize("graph", [PATHWAY, TYPOLOGY], ids=lambda g: g.id)


def node_line(source: str, node_id: str) -> str:
    lines = [line for line in source.splitlines() if line.strip().startswith(f"{node_id} [")]
    assert len(lines) == 1, f"{node_id} is declared {len(lines)} times"
    return lines[0]


def edge_line(source: str, tail: str, head: str) -> str:
    lines = [line for line in source.splitlines() if line.strip().startswith(f"{tail} -> {head} [")]
    assert len(lines) == 1, f"{tail} -> {head} is drawn {len(lines)} times"
    return lines[0]


def html_attr(line: str, name: str) -> str:
    """The text of an HTML-like attribute (``name=<...>``), tags removed, spaces collapsed."""
    start = line.index(f"{name}=<") + len(name) + 1
    depth, end = 0, start
    for end in range(start, len(line)):
        depth += {"<": 1, ">": -1}.get(line[end], 0)
        if depth == 0:
            break
    text = re.sub(r"<[^>]*>", " ", line[start + 1 : end])
    return " ".join(html.unescape(text).split())


def attr(line: str, name: str) -> str | None:
    found = re.search(rf'\b{name}=("(?:[^"\\]|\\.)*"|[^ \]]+)', line)
    return found.group(1).strip('"') if found else None


@GRAPHS
def test_every_node_appears_with_its_label(graph: DecisionGraph) -> None:
    source = render(graph).source
    for node in graph.nodes:
        drawn = html_attr(node_line(source, node.id), "label")
        assert " ".join(node.label.split()).lower() in drawn.lower(), node.id


@GRAPHS
def test_questions_are_diamonds_and_the_rest_boxes(graph: DecisionGraph) -> None:
    source = render(graph).source
    for node in graph.nodes:
        expected = "diamond" if isinstance(node, Question) else "box"
        assert attr(node_line(source, node.id), "shape") == expected, node.id


@pytest.mark.parametrize(
    ("slug", "fill", "words"),
    [
        (Pathway.REFER_IMMEDIATELY, "#c62828", "URGENCY: IMMEDIATE"),
        (Pathway.SPECIALIST_DISCUSSION, "#f59e42", "URGENCY: HIGH"),
        (Pathway.SAFEGUARDING_PROCEDURES, "#fde68a", "URGENCY: RAISED"),
        (Pathway.MANAGE_WITHIN_AGENCY, "#a7d99b", "URGENCY: MANAGED IN AGENCY"),
        (Pathway.ADULT_IMAGE_ABUSE, "#d4d4d4", "ADULT (18+) ROUTE"),
    ],
    ids=str,
)
def test_pathway_outcomes_are_coloured_and_worded_by_urgency(
    slug: str, fill: str, words: str
) -> None:
    line = node_line(render(PATHWAY).source, slug)
    assert attr(line, "fillcolor") == fill
    assert html_attr(line, "label").startswith(words), "colour is never the only cue"


def test_most_urgent_outcome_has_a_double_border() -> None:
    """A cue that survives greyscale print: the immediate referral is drawn twice round."""
    source = render(PATHWAY).source
    assert attr(node_line(source, Pathway.REFER_IMMEDIATELY), "peripheries") == "2"
    assert attr(node_line(source, Pathway.MANAGE_WITHIN_AGENCY), "peripheries") == "1"


def test_typology_outcomes_are_coloured_by_category() -> None:
    source = render(TYPOLOGY).source
    fills: dict[Category, set[str | None]] = {}
    for outcome in TYPOLOGY.outcomes:
        line = node_line(source, outcome.id)
        category = SUBTYPE_CATEGORY[outcome.id]
        fills.setdefault(category, set()).add(attr(line, "fillcolor"))
        assert html_attr(line, "label").lower().startswith(category.replace("_", " "))
    assert all(len(f) == 1 for f in fills.values()), "one colour per category"
    assert len(set().union(*fills.values())) == len(Category), "categories differ in colour"


def test_outcome_words_are_distinct() -> None:
    words = [OUTCOME_LOOKS[o.id].words for o in PATHWAY.outcomes]
    assert len(set(words)) == len(words)


def test_never_view_step_comes_first_and_stands_out() -> None:
    source = render(PATHWAY).source
    line = node_line(source, PATHWAY.start)
    assert PATHWAY.start == "never_view"
    assert attr(line, "fillcolor") == WARNING_FILL
    assert attr(line, "penwidth") == "3"
    assert "DO NOT VIEW, PRINT, FORWARD" in html_attr(line, "label")


@GRAPHS
def test_edges_are_labelled_with_their_answers(graph: DecisionGraph) -> None:
    source = render(graph).source
    for edge in graph.edges():
        line = edge_line(source, edge.source, edge.target)
        assert attr(line, "taillabel") == edge.answer if edge.answer else "taillabel" not in line


def test_pathway_has_a_cluster_per_stage_holding_its_nodes() -> None:
    source = render(PATHWAY).source
    for stage in Stage:
        block = source.split(f"subgraph cluster_{stage.name.lower()} {{")[1].split("}")[0]
        for node in PATHWAY.nodes:
            assert (f"\t{node.id} [" in block) == (node.stage == stage), (stage, node.id)


@GRAPHS
def test_title_names_the_guidance_and_its_version(graph: DecisionGraph) -> None:
    title = html_attr(render(graph).source.splitlines()[1], "label")
    assert graph.title in title
    assert str(AS_WRITTEN) in title


@GRAPHS
def test_reconstructed_nodes_are_dashed_and_others_not(graph: DecisionGraph) -> None:
    source = render(graph).source
    for node in graph.nodes:
        style = attr(node_line(source, node.id), "style") or ""
        assert ("dashed" in style.split(",")) == node.cite.reconstructed, node.id


def test_reconstructed_nodes_are_footnoted_with_their_source() -> None:
    source = render(PATHWAY).source
    key = html_attr(node_line(source, "key"), "label")
    reconstructed = [n for n in PATHWAY.nodes if n.cite.reconstructed]
    assert reconstructed
    for node in reconstructed:
        assert "[1]" in html_attr(node_line(source, node.id), "label")
    assert f"Note 1: reconstructed from {reconstructed[0].cite.source.title}" in key


@GRAPHS
def test_tooltips_carry_each_nodes_citation(graph: DecisionGraph) -> None:
    source = render(graph).source
    for node in graph.nodes:
        tooltip = attr(node_line(source, node.id), "tooltip")
        assert tooltip is not None
        assert tooltip.replace('\\"', '"') == str(node.cite), node.id


@pytest.mark.parametrize(
    ("incident", "outcome"),
    [
        (Incident(age_pictured=14, sharing="peers", intent_to_harm=True), "specialist_discussion"),
        (Incident(age_pictured=15, adult_involved=True), "refer_immediately"),
        (Incident(age_pictured=16), "manage_within_agency"),
    ],
    ids=["specialist", "refer", "manage"],
)
def test_highlighted_path_is_bold_and_the_rest_faded(incident: Incident, outcome: str) -> None:
    path = assess(incident).path[PATHWAY.id]
    assert path[-1] == outcome
    source = render(PATHWAY, path=path).source
    on_path = set(itertools.pairwise(path))
    for edge in PATHWAY.edges():
        line = edge_line(source, edge.source, edge.target)
        if (edge.source, edge.target) in on_path:
            assert attr(line, "penwidth") == PATH_PEN, line
        else:
            assert attr(line, "color") == FADED_LINE and "penwidth" not in line, line
    for node in PATHWAY.nodes:
        line = node_line(source, node.id)
        if node.id in path:
            assert attr(line, "penwidth") == PATH_PEN, node.id
        else:
            assert attr(line, "fillcolor") == FADED_FILL, node.id


def test_unhighlighted_chart_fades_nothing() -> None:
    assert FADED_FILL not in render(PATHWAY).source


def test_a_path_through_unknown_nodes_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown node 'nowhere'"):
        render(PATHWAY, path=("never_view", "nowhere"))


def test_a_path_that_skips_an_edge_is_refused() -> None:
    with pytest.raises(ValueError, match="'never_view' -> 'tell_dsl', not an edge"):
        render(PATHWAY, path=("never_view", "tell_dsl"))


@GRAPHS
def test_dot_text_is_deterministic(graph: DecisionGraph) -> None:
    first, second = render(graph).source, render(graph).source
    assert first == second
    assert not re.search(r"\b20\d\d-\d\d-\d\d\b|\d\d:\d\d:\d\d", first), "no timestamps"


def test_no_outcome_is_left_without_a_look() -> None:
    outcomes = [n for g in (PATHWAY, TYPOLOGY) for n in g.nodes if isinstance(n, Outcome)]
    assert all(o.id in OUTCOME_LOOKS for o in outcomes)


@pytest.mark.needs_dot
@GRAPHS
def test_renders_svg_with_citations_as_tooltips(graph: DecisionGraph) -> None:
    svg = render(graph).pipe(format="svg").decode()
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    quote = graph[graph.start].cite.quote[:40]
    assert html.escape(quote, quote=True).replace("&#x27;", "&#39;")[:30] in svg.replace(
        "&#x27;", "&#39;"
    )


@pytest.mark.needs_dot
@GRAPHS
def test_renders_png(graph: DecisionGraph) -> None:
    png = render(graph, path=assess(Incident()).path[graph.id]).pipe(format="png")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(png) > 10_000


# ---- a walk that stops at a question whose answer is not known yet ---------------------------

OPEN_INCIDENT = Incident.not_known(age_pictured=15, sharing="peers")
"""A 15 year old's imagery shared with peers, nothing else known: the 18+ route is ruled out
(the youngest involved is at most 15), and the response pathway stops at "does the incident
involve an adult?"."""


def open_chart(graph: DecisionGraph = PATHWAY) -> tuple[str, tuple[str, ...], frozenset[str]]:
    a = assess(OPEN_INCIDENT)
    possible = frozenset(a.possible_pathways if graph is PATHWAY else a.possible_subtypes)
    path = a.path[graph.id]
    return render(graph, path=path, possible=possible).source, path, possible


def test_the_open_question_is_marked_not_known_yet() -> None:
    source, path, _ = open_chart()
    assert path[-1] == "involves_adult"
    line = node_line(source, "involves_adult")
    assert html_attr(line, "label").startswith(NOT_KNOWN_YET)
    assert attr(line, "color") == POSSIBLE_INK and attr(line, "fillcolor") == POSSIBLE_FILL
    assert sum(NOT_KNOWN_YET in node_line(source, n.id) for n in PATHWAY.nodes) == 1


def test_the_path_up_to_the_open_question_is_bold() -> None:
    source, path, _ = open_chart()
    for tail, head in itertools.pairwise(path):
        assert attr(edge_line(source, tail, head), "penwidth") == PATH_PEN
    for node_id in path[:-1]:
        assert attr(node_line(source, node_id), "penwidth") == PATH_PEN, node_id


def test_still_possible_branches_are_dashed_blue_and_the_rest_faded() -> None:
    source, path, possible = open_chart()
    assert possible == {
        "refer_immediately",
        "specialist_discussion",
        "safeguarding_procedures",
        "manage_within_agency",
    }
    on_path = set(itertools.pairwise(path))
    for edge in PATHWAY.edges():
        line = edge_line(source, edge.source, edge.target)
        if (edge.source, edge.target) in on_path:
            continue
        if edge.target == Pathway.ADULT_IMAGE_ABUSE:  # ruled out: nobody involved is 18+
            assert attr(line, "color") == FADED_LINE and "dashed" not in line, line
        elif edge.source in path[:-1]:
            pytest.fail(f"an edge off the path before the open question: {line}")
        else:
            assert attr(line, "color") == POSSIBLE_INK and attr(line, "style") == "dashed", line


def test_possible_outcomes_are_marked_and_keep_their_colours() -> None:
    source, _, possible = open_chart()
    for outcome in PATHWAY.outcomes:
        line = node_line(source, outcome.id)
        label = html_attr(line, "label")
        if outcome.id in possible:
            assert label.startswith(STILL_POSSIBLE), outcome.id
            assert attr(line, "fillcolor") == OUTCOME_LOOKS[outcome.id].fill
            assert attr(line, "color") == POSSIBLE_INK
        else:
            assert STILL_POSSIBLE not in label
            assert attr(line, "fillcolor") == FADED_FILL


def test_a_branch_leading_only_to_ruled_out_outcomes_is_faded() -> None:
    """The typology: sharing with peers rules out "romantic", so its "yes" branch is grey."""
    source, path, possible = open_chart(TYPOLOGY)
    assert path[-1] == "involves_adult" and "romantic" not in possible
    assert attr(edge_line(source, "between_partners", "romantic"), "color") == FADED_LINE
    assert attr(edge_line(source, "between_partners", "sexual_attention_seeking"), "style") == (
        "dashed"
    )
    assert attr(node_line(source, "between_partners"), "color") == POSSIBLE_INK


def test_reconstructed_nodes_stay_dashed_and_footnoted_when_still_possible() -> None:
    source, _, _ = open_chart()
    for node in PATHWAY.nodes:
        line = node_line(source, node.id)
        style = (attr(line, "style") or "").split(",")
        assert ("dashed" in style) == node.cite.reconstructed, node.id
        assert ("[1]" in html_attr(line, "label")) == node.cite.reconstructed, node.id


def test_the_key_explains_the_still_possible_style() -> None:
    source, _, _ = open_chart()
    key = html_attr(node_line(source, "key"), "label")
    assert "not known yet" in key and "still possible" in key
    assert "ruled out by the facts known so far" in key
    settled = render(PATHWAY, path=assess(Incident()).path[PATHWAY.id]).source
    assert "still possible" not in html_attr(node_line(settled, "key"), "label")


def test_a_settled_path_with_its_outcome_as_possible_draws_as_before() -> None:
    path = assess(Incident()).path[PATHWAY.id]
    assert (
        render(PATHWAY, path=path, possible={path[-1]}).source == render(PATHWAY, path=path).source
    )


def test_without_possible_every_outcome_below_the_open_question_counts() -> None:
    a = assess(Incident.not_known(age_pictured=15, sharing="peers", adult_involved=False,
                                  coercion=False, capacity_concern=False, extreme_content=False,
                                  sexual_acts=False, immediate_risk=False, intent_to_harm=False))  # fmt: skip
    path = a.path[PATHWAY.id]
    assert path[-1] == "aggravating_conduct"
    everything = render(PATHWAY, path=path).source
    narrowed = render(PATHWAY, path=path, possible=a.possible_pathways).source
    assert STILL_POSSIBLE in html_attr(node_line(everything, "specialist_discussion"), "label")
    assert STILL_POSSIBLE in html_attr(node_line(narrowed, "specialist_discussion"), "label")
    assert narrowed == everything  # pictured_willing decides between every outcome below


def test_still_possible_follows_only_branches_to_a_possible_outcome() -> None:
    path = assess(OPEN_INCIDENT).path[PATHWAY.id]
    nodes, edges = still_possible(PATHWAY, path, {"manage_within_agency"})
    assert "refer_immediately" not in nodes and "young_or_vulnerable" in nodes
    assert ("young_or_vulnerable", "safeguarding_procedures") not in edges
    assert still_possible(PATHWAY, assess(Incident()).path[PATHWAY.id]) == (
        frozenset(),
        frozenset(),
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"possible": {"nowhere"}}, "'nowhere' is not an outcome"),
        ({"possible": {"refer_immediately"}}, "so no other outcome is possible"),
    ],
)
def test_an_inconsistent_possible_is_refused(kwargs: dict[str, object], message: str) -> None:
    path = assess(Incident()).path[PATHWAY.id]
    with pytest.raises(ValueError, match=message):
        render(PATHWAY, path=path, **kwargs)  # type: ignore[arg-type]


def test_possible_without_a_path_is_refused() -> None:
    with pytest.raises(ValueError, match="give one"):
        render(PATHWAY, possible={"refer_immediately"})


def test_open_question_dot_text_is_deterministic() -> None:
    assert open_chart()[0] == open_chart()[0]


@pytest.mark.needs_dot
def test_renders_an_open_question_as_png() -> None:
    a = assess(OPEN_INCIDENT)
    png = render(PATHWAY, path=a.path[PATHWAY.id], possible=a.possible_pathways).pipe(format="png")
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000
