"""Editions: every edition checks exhaustively, cites what was seen, diffs, and measures impact."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from policy_model.editions import (
    AS_WRITTEN,
    EDITIONS,
    PROPOSED,
    EditionError,
    edition,
    load_whatif_text,
)
from policy_model.editions.examples import examples
from policy_model.engine.assess import assess
from policy_model.engine.frame import assess_frame, walk_frame
from policy_model.incidents.dataset import load_incidents
from policy_model.model.citations import GUIDANCE as GUIDANCE_SOURCE
from policy_model.model.diff import diff
from policy_model.model.guidance import Guidance, Status
from policy_model.model.incident import Incident
from policy_model.model.whatif import WhatIfError
from policy_model.stats.impact import impact, with_facts
from policy_model.views.diagram_status import diagram_status
from policy_model.views.diff import diff_charts, diff_markdown, scenario_changes

from .helpers import GUIDANCE, ROOT, enumerate_facts, normalise

YOUNG_13 = ROOT / "data" / "whatif-young-child-13.yaml"
PUBLIC = ROOT / "docs" / "whatif" / "public-sharing-to-specialist-discussion.yaml"
ALL = {**EDITIONS, "young-13": edition(YOUNG_13), "public": edition(PUBLIC)}
SAMPLE = ROOT / "data" / "sample_incidents.csv"


@pytest.fixture(scope="module", params=list(ALL), ids=list(ALL))
def guidance(request: pytest.FixtureRequest) -> Guidance:
    return ALL[request.param]


@pytest.fixture(scope="module")
def space(guidance: Guidance) -> pd.DataFrame:
    return enumerate_facts(guidance)


def test_every_combination_reaches_exactly_one_outcome(
    guidance: Guidance, space: pd.DataFrame
) -> None:
    for walked in walk_frame(space, guidance):
        mask = sum(1 << walked.order.index(o.id) for o in walked.graph.outcomes)
        path_bits = walked.keys // (len(walked.facts) + 1)  # every distinct path
        assert {bin(int(b) & mask).count("1") for b in path_bits} == {1}
        reached = int(np.bitwise_or.reduce(path_bits))
        unreached = [n for i, n in enumerate(walked.order) if not reached >> i & 1]
        assert unreached == [], f"{guidance.id} {walked.graph.id}: never reached {unreached}"


def test_assess_and_assess_frame_agree(guidance: Guidance, space: pd.DataFrame) -> None:
    sample = space.sample(min(len(space), 1500), random_state=1).reset_index(drop=True)
    out = assess_frame(sample, guidance=guidance)
    for i, row in enumerate(
        sample.drop(columns=["incident_id", "reported_month"]).to_dict("records")
    ):
        facts = {k: (None if pd.isna(v) else v) for k, v in row.items()}
        result = assess(Incident(**facts), guidance=guidance)
        assert (result.subtype, result.pathway) == (out.at[i, "subtype"], out.at[i, "pathway"])
    assert set(out["guidance_version"]) == {str(guidance)}


def _citations(guidance: Guidance) -> list[tuple[str, object]]:
    items: list[tuple[str, object]] = []
    for graph in (guidance.typology, guidance.pathway):
        for node in graph.nodes:
            items.append((f"{graph.id}:{node.id}", node.cite))
            items += [(f"{node.id}:{a.id}", a.cite) for a in getattr(node, "actions", ())]
    items += [(f"common:{a.id}", a.cite) for a in guidance.common_actions]
    return items


def test_every_rule_is_cited_and_quotes_only_what_was_seen(guidance: Guidance) -> None:
    text = normalise(GUIDANCE.read_text(encoding="utf-8"))
    seen = normalise((ROOT / "docs" / "guidance" / "sources-checked.md").read_text("utf-8"))
    for where, cite in _citations(guidance):
        assert cite.quote.strip() and cite.section.strip(), where  # type: ignore[attr-defined]
        if cite.reconstructed or cite.source.key == guidance.id:  # type: ignore[attr-defined]
            assert cite.source is not GUIDANCE_SOURCE, where  # type: ignore[attr-defined]
        elif cite.source == GUIDANCE_SOURCE:  # type: ignore[attr-defined]
            assert normalise(cite.quote) in text, where  # type: ignore[attr-defined]
        else:
            assert normalise(cite.quote) in seen, where  # type: ignore[attr-defined]


def test_the_2024_advice_is_quoted_as_seen_not_paraphrased() -> None:
    """The proposed edition's first step (never ask a child to share or download) and its
    sextortion advice (do not pay) quote the 2024 sources' own words, as seen."""
    seen = normalise((ROOT / "docs" / "guidance" / "sources-checked.md").read_text("utf-8"))
    national = {"UKCIS 2024", "NCA 2024"}
    cites = [(w, c) for w, c in _citations(PROPOSED) if c.source.key in national]  # type: ignore[attr-defined]
    assert {c.source.key for _, c in cites} == national  # type: ignore[attr-defined]
    for where, cite in cites:
        assert not cite.reconstructed, where  # type: ignore[attr-defined]
        assert normalise(cite.quote) in seen, where  # type: ignore[attr-defined]
    quoted = [normalise(c.quote).lower() for _, c in cites]  # type: ignore[attr-defined]
    assert any("ask a child to share or download" in q for q in quoted)
    assert any(q.startswith(normalise("Don’t pay").lower()) for q in quoted)


def test_the_proposed_edition_is_derived_and_changes_what_the_sources_say() -> None:
    assert PROPOSED.base == AS_WRITTEN.id and PROPOSED.status == Status.PROPOSED
    kinds = {c.node: c.kinds for c in diff(AS_WRITTEN, PROPOSED)}
    assert kinds["financial_extortion"] == ("added",)
    assert "re-cited" in kinds["adult_image_abuse"] and "rerouted" in kinds["involves_adult"]
    assert "re-cited" in kinds["without_willing_participation"]
    for guidance in EDITIONS.values():  # sextortion is never experimental, under any edition
        extorted = assess(Incident(financial_extortion=True), guidance=guidance)
        assert (extorted.category, extorted.pathway) == ("aggravated", "refer_immediately")
    # an AI-made image is handled as any nude: willing participation decides (UKCIS 2024)
    assert assess(Incident(ai_generated=True), guidance=PROPOSED).subtype == "romantic"
    unwilling = Incident(ai_generated=True, pictured_willing=False)
    assert assess(unwilling, guidance=PROPOSED).subtype == "youth_reckless_misuse"


def test_the_young_child_what_if_moves_13_year_olds() -> None:
    g = edition(YOUNG_13)
    assert g.status == Status.WHAT_IF and g.lines.young_child == 13
    incident = Incident(age_pictured=13, sharing="partner")
    assert assess(incident).pathway == "manage_within_agency"
    assert assess(incident, guidance=g).pathway == "safeguarding_procedures"
    assert "young_or_vulnerable" in {c.node for c in diff(AS_WRITTEN, g)}
    assert "young_child" in diff_markdown(AS_WRITTEN, g)


def test_the_public_sharing_what_if_inserts_a_question() -> None:
    g = edition(PUBLIC)
    incident = Incident(age_pictured=15, sharing="public")
    assert assess(incident, guidance=g).pathway == "specialist_discussion"
    assert {c.node: c.kinds for c in diff(AS_WRITTEN, g)}["shared_publicly"] == ("added",)
    charts = diff_charts(AS_WRITTEN, g)
    assert "[ADDED]" in charts[f"response_pathway-{g.id}"].source
    assert any(s.new.endswith("specialist_discussion") for s in scenario_changes(AS_WRITTEN, g))


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("id: x\ntitle: y\nrationale: z\nparameters:\n  young_kid: 3\n", 5, "unknown parameter"),
        (
            "id: x\ntitle: y\nrationale: z\nchanges:\n  - retarget: {node: nowhere, answer: yes, to: refer_immediately}\n",
            5,
            "no node 'nowhere'",
        ),
        ("id: [x\n", 2, "not valid YAML"),
        (
            "id: x\ntitle: y\nrationale: z\nchanges:\n  - retarget:\n      node: young_or_vulnerable\n      answer: no\n      to: safeguarding_procedures\n",
            4,
            "no incident can reach 'manage_within_agency'",
        ),
        ("id: x\ntitle: y\nrationale: z\ncolour: red\n", 4, "unknown key 'colour'"),
        ("id: x\ntitle: y\nrationale: z\nbase: redbridge-1999\n", 4, "base"),
    ],
    ids=["parameter", "node", "yaml", "unreachable", "key", "base"],
)
def test_a_broken_what_if_names_file_and_line(text: str, line: int, words: str) -> None:
    with pytest.raises(WhatIfError, match=rf"^broken\.yaml:{line}: .*{words}"):
        load_whatif_text(text, "broken.yaml")


def test_an_unknown_edition_names_the_known_ones() -> None:
    with pytest.raises(EditionError, match="redbridge-2024-proposed"):
        edition("redbridge-1999")


def test_transitions_agree_with_assessing_under_each_edition_separately() -> None:
    df = load_incidents(SAMPLE)
    result = impact(df, AS_WRITTEN, PROPOSED, profile="standard")
    old = assess_frame(df)["pathway"].astype(str)
    new = assess_frame(with_facts(df, PROPOSED), guidance=PROPOSED)["pathway"].astype(str)
    assert (result.rows["old_pathway"] == old.to_numpy()).all()
    assert (result.rows["new_pathway"] == new.to_numpy()).all()
    table = result.pathways.set_index("old_pathway")
    for (o, n), count in pd.crosstab(old, new).stack().items():
        shown = table.at[o, n]
        assert shown == "c" or int(shown) == count
    assert (result.rows["status"] == "might change").any()  # financial_extortion not in the data


def test_diff_command_writes_tables_report_and_marked_flowcharts(tmp_path: Path) -> None:
    out = tmp_path / "impact"
    done = subprocess.run(
        [sys.executable, "-m", "policy_model.cli", "diff", "redbridge-2018",
         "redbridge-2024-proposed", "--data", str(SAMPLE), "-o", str(out)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    names = {p.name for p in out.iterdir()}
    assert {"impact.md", "diff.md", "pathway_transitions.csv", "referrals_by_quarter.csv"} <= names
    assert "response_pathway-redbridge-2024-proposed.png" in names
    assert "financial_extortion" in (out / "diff.md").read_text("utf-8")


def test_a_broken_edition_on_the_command_line_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\ntitle: y\nrationale: z\nparameters: {adult: 99}\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "policy_model.cli", "diff", "redbridge-2018", str(bad)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 2 and f"{bad}:4:" in done.stderr


def test_committed_diagrams_cover_every_edition() -> None:
    rows = diagram_status(ROOT / "diagrams")
    assert any(r.file.startswith("redbridge-2024-proposed/") for r in rows)
    assert {r.status for r in rows} == {"current"}


def test_diff_lists_exactly_the_scenarios_whose_stated_outcome_changes() -> None:
    """``policy-model diff`` reads the same scenario files as the scenario tests: the cases it
    lists for the proposed edition are the ones that state another subtype or pathway for it."""
    listed = {s.name for s in scenario_changes(AS_WRITTEN, PROPOSED)}
    stated = {
        e.name
        for e in examples()
        if any(e.expected_under(PROPOSED.id)[k] != e.expected[k] for k in ("subtype", "pathway"))
    }
    assert listed == stated and len(stated) >= 1
