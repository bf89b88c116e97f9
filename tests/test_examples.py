"""The packaged worked examples are the scenario files the model is tested against."""

from __future__ import annotations

from policy_model import assess
from policy_model.editions.examples import FIRST_FILE, examples

from .helpers import load_scenarios


def test_examples_are_every_scenario_of_the_scenario_files() -> None:
    """The explorer lists exactly the cases tests/test_model.py checks."""
    listed = {(e.file, e.name) for e in examples()}
    assert listed == {(case["file"], case["name"]) for case in load_scenarios()}


def test_the_guidance_examples_come_first() -> None:
    files = [e.file for e in examples()]
    assert files[0] == FIRST_FILE and files.index(FIRST_FILE) == 0
    assert sorted(files, key=lambda f: f != FIRST_FILE) == files


def test_each_example_s_facts_give_its_stated_outcome() -> None:
    for example in examples():
        a = assess(example.incident())
        assert (a.subtype, a.pathway) == (example.subtype, example.pathway), example.name
