"""A new what-if file, ready to edit: what ``policy-model edition new`` writes.

The file loads as it is (a what-if that changes nothing yet); each kind of change is there,
commented out, with the parent edition's real step ids and age lines, and every step id of
both graphs is listed at the end.

>>> text = whatif_template("young-child-13", "redbridge-2018", today="2026-01-31")
>>> from policy_model.editions import load_whatif_text
>>> g = load_whatif_text(text, "young-child-13.yaml")
>>> g.id, g.base, g.date, g.lines == EDITIONS["redbridge-2018"].lines
('young-child-13', 'redbridge-2018', '2026-01-31', True)
"""

from __future__ import annotations

import datetime
import json
import textwrap
from typing import Final

from ..model.graph import DecisionGraph, Outcome, Question
from ..model.guidance import Guidance
from ..model.suggest import did_you_mean
from ..model.vocab import Pathway
from ..model.whatif import ID_PATTERN
from . import EDITIONS, EditionError, load_whatif_text

__all__ = ["FACTS_TEMPLATE", "SCENARIOS_TEMPLATE", "folder_files", "whatif_template"]


def _check_id(id: str) -> None:
    if not ID_PATTERN.fullmatch(id):
        raise EditionError(
            f"edition id {id!r}: a name, not a path: 1 to 64 lower-case letters, digits, '-' "
            "or '_', starting with a letter or digit (e.g. young-child-13)"
        )
    if id in EDITIONS:
        raise EditionError(f"edition id {id!r} is a built-in edition's: give the what-if its own")


def _insert_before(graph: DecisionGraph) -> Question:
    """The question a new one is shown going before: the aggravated-conduct question if the
    parent has it, else the last question."""
    by_id = graph.by_id
    found = by_id.get("aggravating_conduct")
    return found if isinstance(found, Question) else graph.questions[-1]


def _retarget(before: Question) -> tuple[str, str, str]:
    """The retarget shown: the question the new one goes before sends its ``yes`` to the most
    urgent pathway (a more protective route; the inserted question keeps the old one
    reachable, as every step must stay)."""
    most_urgent = next(p.value for p in Pathway if p.value != before.yes)
    return str(before.id), "yes", most_urgent


def _step_list(graph: DecisionGraph) -> list[str]:
    lines = [f"#   {graph.id} (starts at {graph.start}):"]
    for node in graph.nodes:
        kind = (
            "outcome"
            if isinstance(node, Outcome)
            else "question"
            if isinstance(node, Question)
            else "step"
        )
        lines += textwrap.wrap(
            f"{node.id} ({kind}): {node.label}",
            width=96,
            initial_indent="#     ",
            subsequent_indent="#         ",
        )
    return lines


def whatif_template(
    id: str,
    parent: str,
    *,
    title: str | None = None,
    author: str = "a policy author",
    today: str | None = None,
    file: str | None = None,
) -> str:
    """The text of a new what-if derived from the built-in edition ``parent``; it is loaded
    back before it is returned, so it always works as it stands. ``file``: where it will be
    written, for the commands its comments suggest."""
    _check_id(id)
    if parent not in EDITIONS:
        raise EditionError(
            f"--from {parent!r}{did_you_mean(parent, EDITIONS)}: a what-if derives from a "
            f"built-in edition, one of {', '.join(EDITIONS)}"
        )
    base: Guidance = EDITIONS[parent]
    date = today or datetime.date.today().isoformat()
    file = file or f"{id}.yaml"
    pathway, typology = base.pathway, base.typology
    before = _insert_before(pathway)
    node, answer, to = _retarget(before)
    title = title or f"{id.replace('-', ' ').capitalize()} (a what-if to describe)"
    out = [
        f"# A what-if proposal derived from {base}.",
        "# Edit it, then try it, e.g.:",
        f"#   policy-model diff {parent} {file}",
        f"#   policy-model appendix {file} -o {id}-appendix.html",
        "# The format: docs/design.md, 'Editions and what-ifs'. Every step id, with its label",
        f"# and source: `policy-model steps {parent}` (the ids are also listed at the end).",
        f"id: {id}",
        f"title: {_yaml_text(title)}",
        f"base: {parent}",
        f"date: {_yaml_text(date)}",
        f"author: {_yaml_text(author)}",
        "rationale: >-",
        "  Why this change is proposed, in a sentence or two: it is cited as the source of",
        "  every step the what-if changes. (Replace this text.)",
        "",
        f"# The age lines of {parent}; uncomment `parameters:` and the line to move.",
        "# parameters:",
    ]
    for parameter in base.parameters:
        value = getattr(base.lines, parameter.name)
        out.append(f"#   {parameter.name}: {value}  # {parameter.label}")
    out += [
        "",
        "# The changes; uncomment `changes:` and the changes you want, then edit them.",
        "# changes:",
        "#   # A new yes/no question, asked just before a step (graph: response_pathway or",
        "#   # typology). `when` is a condition on the facts: {fact: NAME},",
        "#   # {sharing: [VALUES]}, {age_pictured_at_most: N} (and _at_least,",
        "#   # age_youngest_...), {not: C}, {any_of: [C, ...]}, {all_of: [C, ...]}.",
        "#   - insert_question:",
        "#       graph: response_pathway",
        f"#       before: {before.id}",
        "#       id: shared_publicly",
        "#       label: Was the imagery posted online or shared to groups?",
        "#       when: {sharing: [public]}",
        f"#       yes: {Pathway.SPECIALIST_DISCUSSION.value}",
        "#   # Send one answer of a question (yes or no), or a step's next, somewhere else.",
        "#   # Every step must stay reachable: this one needs the question above, which now",
        f"#   # leads to {Pathway.SPECIALIST_DISCUSSION.value}.",
        "#   - retarget:",
        "#       graph: response_pathway",
        f"#       node: {node}",
        f"#       answer: {answer}",
        f"#       to: {to}",
        "",
        f"# The steps of {parent}, by id (what before:, node:, yes: and to: name):",
        *_step_list(pathway),
        *_step_list(typology),
    ]
    text = "\n".join(out) + "\n"
    load_whatif_text(text, file)  # it must load as written
    return text


def _yaml_text(value: str) -> str:
    """A one-line YAML string: JSON's quoting, which YAML reads (a colon or a date stays text).

    >>> print(_yaml_text('Line:  "13"'))
    "Line: \\"13\\""
    """
    return json.dumps(" ".join(value.split()), ensure_ascii=False)


FACTS_TEMPLATE: Final = """\
# The facts this edition adds to the dataset, one entry per column (the format, with every
# key: policy_model/editions/redbridge_2018/facts.yaml). A folder that declares facts is an
# edition of the package: move it into policy_model/editions/ (docs/changing-the-policy.md).
# - name: shared_at_school
#   label: Shared on a school device
#   help: the imagery was shared on a device or account the school provides
#   group: shared          # known, shared, intent, impact or record
#   required: false        # a new fact is optional: older files still load
#   default: null
#   synonyms: [schooldevice, sharedonschooldevice]
[]
"""
SCENARIOS_TEMPLATE: Final = """\
# This edition's cases: each names the facts that differ from an incident's defaults, what
# the guidance as written gives, what this edition gives where it differs (editions:), and
# the sentence that decides it (the format: policy_model/editions/redbridge_2018/scenarios/).
# - name: a young person pictured, shared publicly
#   facts: {age_pictured: 15, sharing: public}
#   subtype: romantic
#   pathway: manage_within_agency
#   editions: {EDITION_ID: {pathway: specialist_discussion}}
#   checks: "the sentence of the guidance that decides it"
[]
"""


def folder_files(
    id: str, parent: str, *, folder: str, title: str | None = None, author: str = "a policy author"
) -> dict[str, str]:
    """The files of a new edition folder, by path inside it: ``edition.yaml`` (a what-if
    derived from ``parent``), ``facts.yaml`` and ``scenarios/cases.yaml``, each ready to edit
    and each loading as it stands."""
    return {
        "edition.yaml": whatif_template(
            id,
            parent,
            file=f"{folder}/edition.yaml",
            title=title,
            author=author,
        ),
        "facts.yaml": FACTS_TEMPLATE,
        "scenarios/cases.yaml": SCENARIOS_TEMPLATE.replace("EDITION_ID", id),
    }
