"""Incident: frozen, validated facts with errors that name the field, value and allowed values."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from policy_model import FactError, Incident, assess, assess_frame
from policy_model.model.incident import COLUMNS, FALSE_WORDS, MONTH_PATTERN, TRUE_WORDS
from policy_model.model.vocab import BOOLEAN_FACTS, CATEGORICAL_FACTS, Pathway, Subtype


def test_incident_is_frozen() -> None:
    incident = Incident()
    with pytest.raises(dataclasses.FrozenInstanceError):
        incident.age_pictured = 9  # type: ignore[misc]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (
            {"sharing": "frends"},
            "unknown sharing: 'frends' (must be one of ['none', 'partner', 'peers', 'public'])",
        ),
        ({"agency": "pub"}, "unknown agency: 'pub' (must be one of"),
        (
            {"age_pictured": "26"},
            "invalid age_pictured: '26' (must be a whole number from 0 to 25)",
        ),
        ({"age_pictured": "14.5"}, "invalid age_pictured: '14.5'"),
        ({"age_pictured": "-1"}, "invalid age_pictured: '-1'"),
        (
            {"vulnerable": "maybe"},
            "invalid vulnerable: 'maybe' (must be true/false, yes/no or 1/0)",
        ),
        (
            {"reported_month": "2024-13"},
            "invalid reported_month: '2024-13' (must be a month as YYYY-MM)",
        ),
        ({"reported_month": "2024-01-15"}, "invalid reported_month: '2024-01-15'"),
        ({"incident_id": "Jane Smith"}, "invalid incident_id: 'Jane Smith'"),
        ({"recorded_subtype": "sexting"}, "unknown recorded_subtype: 'sexting'"),
        ({"name": "x"}, "unknown name: 'x'"),
    ],
    ids=lambda v: str(v)[:30],
)
def test_bad_values_are_named(raw: dict[str, str], message: str) -> None:
    with pytest.raises(FactError, match=None) as error:
        Incident.from_raw(raw)
    assert message in str(error.value)


def test_typed_constructor_rejects_wrong_types() -> None:
    with pytest.raises(FactError, match="vulnerable"):
        Incident(vulnerable="yes")  # type: ignore[arg-type]
    with pytest.raises(FactError, match="age_pictured"):
        Incident(age_pictured=True)
    with pytest.raises(FactError, match="age_pictured"):
        Incident(age_pictured=30)


@pytest.mark.parametrize("word", ["true", "TRUE", "Yes", "y".join(["", "es"]), "1", " yes "])
def test_boolean_words_read_true(word: str) -> None:
    assert Incident.from_raw({"vulnerable": word}).vulnerable is True


@pytest.mark.parametrize("word", ["false", "No", "0", "FALSE"])
def test_boolean_words_read_false(word: str) -> None:
    assert Incident.from_raw({"vulnerable": word}).vulnerable is False


incidents = st.builds(
    Incident,
    incident_id=st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,20}", fullmatch=True),
    age_pictured=st.integers(0, 25),
    recorded_subtype=st.none() | st.sampled_from(list(Subtype)),
    **{name: st.sampled_from(list(enum)) for name, enum in CATEGORICAL_FACTS.items()},
    **{name: st.booleans() for name in BOOLEAN_FACTS},
)


@given(incidents)
def test_any_incident_gets_one_subtype_and_pathway_with_reasons(incident: Incident) -> None:
    result = assess(incident)
    assert result.subtype in set(Subtype) and result.pathway in set(Pathway)
    assert result.path["typology"][-1] == result.subtype
    assert result.path["response_pathway"][-1] == result.pathway
    assert result.actions[0].id == "never_view" and result.reasons


@given(st.lists(incidents, min_size=1, max_size=30))
def test_assess_frame_agrees_with_assess_on_random_incidents(batch: list[Incident]) -> None:
    df = pd.DataFrame([i.facts() for i in batch]).astype({"age_pictured": "int8"})
    out = assess_frame(df)
    assert list(out["subtype"]) == [assess(i).subtype for i in batch]
    assert list(out["pathway"]) == [assess(i).pathway for i in batch]
    assert list(out.columns[: len(COLUMNS)]) == list(COLUMNS)


@given(
    st.sampled_from([*BOOLEAN_FACTS, *CATEGORICAL_FACTS, "age_pictured", "reported_month"]),
    st.text(max_size=12),
)
def test_malformed_values_raise_fact_error_naming_the_field(field: str, value: str) -> None:
    try:
        incident = Incident.from_raw({field: value})
    except FactError as error:
        problem = error
    else:
        problem = None
    if problem is not None:
        assert problem.field == field and repr(value) in str(problem)
    else:  # accepted: then it is one of the allowed spellings
        word = value.strip()
        allowed = {
            **dict.fromkeys(BOOLEAN_FACTS, TRUE_WORDS | FALSE_WORDS),
            **{name: {e.value for e in enum} for name, enum in CATEGORICAL_FACTS.items()},
            "age_pictured": {str(a) for a in range(26)} | {f"{a:02d}" for a in range(10)},
        }
        if field == "reported_month":
            assert MONTH_PATTERN.fullmatch(word) and incident.reported_month == word
        else:
            assert (word.lower() if field in BOOLEAN_FACTS else word) in allowed[field]
