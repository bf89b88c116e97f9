"""Incident: immutable, validated facts that may be not known, with errors that name the field,
value and allowed values; and the column registry it is built from."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_model import FactError, Incident, assess, assess_frame
from policy_model.model.columns import COLUMNS, Column, Kind, Registry
from policy_model.model.conditions import AgeRange
from policy_model.model.incident import FALSE_WORDS, MONTH_PATTERN, TRUE_WORDS, UNKNOWN_WORDS
from policy_model.model.vocab import Pathway, Subtype

from .test_model import _one_row

FACTS = COLUMNS.facts
CATEGORIES = [
    c.name
    for c in COLUMNS.of_kind(Kind.CATEGORY)
    if c.name != "recorded_subtype" and not c.open  # area: no vocabulary, no rule reads it
]


def test_incident_is_immutable() -> None:
    incident = Incident()
    with pytest.raises(AttributeError):
        incident.age_pictured = 9


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (
            {"sharing": "frends"},
            "unknown sharing: 'frends' (must be one of ['none', 'partner', 'peers', 'public'])",
        ),
        ({"agency": "pub"}, "unknown agency: 'pub' (must be one of"),
        ({"agency": ""}, "unknown agency: ''"),
        (
            {"age_pictured": "100"},
            "invalid age_pictured: '100' (must be a whole number from 0 to 99)",
        ),
        ({"age_pictured": "14.5"}, "invalid age_pictured: '14.5'"),
        ({"age_pictured": "-1"}, "invalid age_pictured: '-1'"),
        (
            {"vulnerable": "maybe"},
            "invalid vulnerable: 'maybe' (must be yes/no, y/n, true/false, 1/0, or blank if not known)",
        ),
        (
            {"reported_month": "2024-13"},
            "invalid reported_month: '2024-13' (must be a month as YYYY-MM)",
        ),
        ({"reported_month": "2024-01-15"}, "invalid reported_month: '2024-01-15'"),
        ({"incident_id": "Jane Smith"}, "invalid incident_id: 'Jane Smith'"),
        ({"recorded_subtype": "sexting"}, "unknown recorded_subtype: 'sexting'"),
        ({"name": "x"}, "unknown name: 'x'"),
        (
            {"age_pictured": "19", "age_youngest_involved": "19", "adult_involved": "yes"},
            "invalid adult_involved: True (contradicts age_pictured 19 and "
            "age_youngest_involved 19: an adult involved with or of a child needs a child",
        ),
        ({"age_pictured": "13-12"}, "invalid age_pictured: '13-12'"),
        ({"age_pictured": (12, "13")}, "invalid age_pictured: (12, '13')"),
    ],
    ids=lambda v: str(v)[:30],
)
def test_bad_values_are_named(raw: dict[str, str], message: str) -> None:
    with pytest.raises(FactError) as error:
        Incident.from_raw(raw)
    assert message in str(error.value)


def test_typed_constructor_rejects_wrong_types() -> None:
    with pytest.raises(FactError, match="vulnerable"):
        Incident(vulnerable="maybe")
    with pytest.raises(FactError, match="age_pictured"):
        Incident(age_pictured=True)
    with pytest.raises(FactError, match="age_pictured"):
        Incident(age_pictured=100)


@pytest.mark.parametrize("word", ["true", "TRUE", "Yes", "y", "Y", "1", " yes "])
def test_fact_words_read_yes(word: str) -> None:
    assert Incident.from_raw({"vulnerable": word}).vulnerable is True


@pytest.mark.parametrize("word", ["false", "No", "n", "N", "0", "FALSE"])
def test_fact_words_read_no(word: str) -> None:
    assert Incident.from_raw({"vulnerable": word}).vulnerable is False


@pytest.mark.parametrize("word", ["", "  ", "unknown", "Not known", "UNKNOWN"])
def test_blank_or_unknown_reads_not_known(word: str) -> None:
    """Not known is never guessed: it stays None for facts, ages and sharing."""
    incident = Incident.from_raw({"vulnerable": word, "age_pictured": word, "sharing": word})
    assert (incident.vulnerable, incident.age_pictured, incident.sharing) == (None, None, None)


def test_two_ages_at_two_times_neither_bounds_the_other() -> None:
    """An image made at 17 can come to light when everyone is 19: a valid incident."""
    incident = Incident(age_pictured=17, age_youngest_involved=19)
    assert (incident.age_pictured, incident.age_youngest_involved) == (17, 19)


@pytest.mark.parametrize(
    ("given", "held"),
    [((12, 13), AgeRange(12, 13)), ("12-13", AgeRange(12, 13)), ("12 to 13", AgeRange(12, 13)),
     ((14, 14), 14), (AgeRange(0, 99), AgeRange(0, 99))],
)  # fmt: skip
def test_an_age_may_be_a_range(given: object, held: object) -> None:
    """A range is partial knowledge; a range of one age is that age."""
    assert Incident(age_pictured=given).age_pictured == held


def test_youngest_involved_not_given_is_taken_as_age_pictured() -> None:
    incident = Incident(age_pictured=14)
    assert incident.youngest_assumed and incident.facts()["age_youngest_involved"] == 14
    assert "age_youngest_involved" not in incident.given()
    given_blank = Incident(age_pictured=14, age_youngest_involved=None)
    assert not given_blank.youngest_assumed
    assert given_blank.facts()["age_youngest_involved"] is None


def test_a_column_after_model_1_must_be_optional() -> None:
    """A new fact is declared in an edition folder (tests/test_edition_folders.py); one that
    appeared after model 1 cannot be required, or older files would no longer load."""
    with pytest.raises(ValueError, match="optional"):
        Registry((*COLUMNS.values(), Column("x_fact", Kind.FACT, "x", "x", since="2")))
    assert "x_fact" not in COLUMNS  # nothing is ever added in place


ages = st.none() | st.integers(0, 99)
incidents = st.builds(
    Incident.not_known,
    incident_id=st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,20}", fullmatch=True),
    age_pictured=ages,
    recorded_subtype=st.none() | st.sampled_from(list(Subtype)),
    **{name: st.sampled_from(list(COLUMNS[name].values)) for name in CATEGORIES},
    **{name: st.none() | st.booleans() for name in FACTS},
)


@settings(deadline=None)
@given(incidents)
def test_any_incident_gets_possible_outcomes_a_precaution_and_reasons(incident: Incident) -> None:
    result = assess(incident)
    assert set(result.possible_subtypes) <= set(Subtype) and result.possible_subtypes
    assert result.precautionary_pathway == result.possible_pathways[0]
    if result.open["response_pathway"] is None:  # the known facts reach an outcome
        assert result.path["response_pathway"][-1] == result.pathway
        assert result.pathway in set(Pathway)
    elif result.pathway == "undetermined":
        assert result.ask_next and result.open["response_pathway"] is not None
    ids = [a.id for a in result.actions]
    if result.incident.immediate_risk is not False:  # the emergency step leads: "act on that first"
        assert ids[0] == "urgent_risk"
        ids = ids[1:]
    assert ids[0] == "never_view" and result.reasons


@settings(deadline=None, max_examples=60)
@given(st.lists(incidents, min_size=1, max_size=20))
def test_assess_frame_agrees_with_assess_on_random_incidents(batch: list[Incident]) -> None:
    df = pd.concat([_one_row(i) for i in batch], ignore_index=True)
    out = assess_frame(df)
    results = [assess(i) for i in batch]
    assert list(out["subtype"]) == [r.subtype for r in results]
    assert list(out["possible_pathways"]) == ["|".join(r.possible_pathways) for r in results]
    assert list(out["reasons"]) == [r.brief for r in results]


@given(
    st.sampled_from([*FACTS, *CATEGORIES, "age_pictured", "reported_month"]),
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
    else:  # accepted: then it is one of the allowed spellings, or not known
        word = value.strip()
        if field == "reported_month":
            assert MONTH_PATTERN.fullmatch(word) and incident.reported_month == word
        elif field in FACTS:
            assert word.lower() in TRUE_WORDS | FALSE_WORDS | UNKNOWN_WORDS
        elif field == "age_pictured":
            assert word.isdigit() or word.lower() in UNKNOWN_WORDS
        else:
            assert word in COLUMNS[field].values or (
                word.lower() in UNKNOWN_WORDS and COLUMNS[field].may_be_unknown
            )
