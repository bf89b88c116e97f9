"""What-if proposals as small YAML files: a base edition, parameter changes, a few node changes.

A policy author writes one without code (docs/design.md, "Editions and what-ifs", gives the
format); it loads as a ``Guidance`` whose status is ``what-if``, checked like any edition.
Every error names the file and the line. An edition folder without Python rules is the same
file (its ``edition.yaml``); the editions it may derive from are given (``bases``), so this
module knows no edition itself (``policy_model.editions.load_whatif`` gives the built-ins).

>>> from policy_model.editions import EDITIONS
>>> g = load_whatif_text('''
... id: young-child-13
... title: Treat 13 as the young-child line
... base: redbridge-2018
... rationale: A proposal to discuss.
... parameters: {young_child: 13}
... ''', "example.yaml", bases=EDITIONS)
>>> g.lines.young_child, g.status.value, g.base
(13, 'what-if', 'redbridge-2018')
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

import yaml

from .citations import Citation, Source
from .column import Column, Kind, Registry
from .conditions import (
    PICTURED,
    YOUNGEST,
    AgeAtLeast,
    AgeAtMost,
    Condition,
    Fact,
    Is,
    Not,
    all_of,
    any_of,
)
from .derivation import Changes, EditionError, derive
from .graph import DecisionGraph, Node, Question, Stage, Step
from .guidance import Guidance, Status
from .parameters import Lines
from .suggest import did_you_mean

__all__ = [
    "CHANGE_KINDS",
    "ID_PATTERN",
    "KEYS",
    "MAX_BYTES",
    "MAX_DEPTH",
    "WhatIfError",
    "load_whatif",
    "load_whatif_text",
]

KEYS: Final = (
    "id", "title", "base", "date", "author", "rationale", "status", "parameters", "changes",
)  # fmt: skip
CHANGE_KINDS: Final = ("insert_question", "retarget")
_CHANGE_KEYS: Final = {
    "insert_question": ("graph", "before", "id", "label", "when", "yes"),
    "retarget": ("graph", "node", "answer", "to"),
}
_GRAPHS: Final = ("response_pathway", "typology")
ID_PATTERN: Final = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
"""A what-if's id: a name (a slug), never a path; it names files and folders of outputs."""
MAX_BYTES: Final = 1 << 20
"""A what-if file larger than this is refused unread."""
MAX_DEPTH: Final = 32
"""How deeply a what-if's conditions may nest (not, any_of, all_of)."""


class WhatIfError(EditionError):
    """A what-if file that cannot be read: ``file:line: message``."""


class _Lines(yaml.SafeLoader):
    """Keeps each mapping's line (1-based) under the key ``__line__``; refuses aliases, so
    a few bytes cannot expand into a tree of billions of conditions."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.composer.ComposerError(
                None, None, "an alias (*name) is not allowed in a what-if: write it out",
                event.start_mark,
            )  # fmt: skip
        return super().compose_node(parent, index)


def _mapping(loader: _Lines, node: yaml.MappingNode) -> dict[Any, Any]:
    built = loader.construct_mapping(node, deep=True)
    value = {_answer(k): v for k, v in built.items()}  # YAML 1.1 reads a bare yes/no as a bool
    value["__line__"] = node.start_mark.line + 1
    value["__lines__"] = {
        _answer(loader.construct_object(k)): k.start_mark.line + 1 for k, _ in node.value
    }
    return value


def _answer(key: Any) -> Any:
    return {True: "yes", False: "no"}.get(key, key) if isinstance(key, bool) else key


_Lines.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


@dataclasses.dataclass(frozen=True)
class _Where:
    file: str
    columns: Registry
    """The columns the edition's conditions may read: its base's, and its own facts."""

    def at(self, item: Mapping[str, Any], key: str | None = None) -> str:
        line = item.get("__lines__", {}).get(key, item.get("__line__", 1)) if key else None
        return f"{self.file}:{line or item.get('__line__', 1)}"

    def fail(self, item: Mapping[str, Any], key: str | None, message: str) -> WhatIfError:
        return WhatIfError(f"{self.at(item, key)}: {message}")


def _keys(item: Mapping[str, Any]) -> list[str]:
    return [k for k in item if not str(k).startswith("__")]


def _condition(
    raw: Any, item: Mapping[str, Any], key: str, where: _Where, depth: int = 0
) -> Condition:
    """``{fact: NAME}``, ``{sharing: [VALUES]}``, ``{age_pictured_under: N}``,
    ``{age_youngest_at_most: N}``, ``{not: C}``, ``{any_of: [C, ...]}``, ``{all_of: [...]}``."""
    if depth > MAX_DEPTH:
        raise where.fail(item, key, f"conditions nest more than {MAX_DEPTH} deep")
    if not isinstance(raw, Mapping) or len(_keys(raw)) != 1:
        raise where.fail(item, key, f"a condition is a mapping with one key, not {_cut(raw)}")
    (kind,) = _keys(raw)
    value = raw[kind]
    sub = raw if isinstance(raw, Mapping) else item
    if kind == "fact":
        if (
            not isinstance(value, str)
            or value not in where.columns
            or where.columns[value].kind != Kind.FACT
        ):
            hint = did_you_mean(value, where.columns.facts)
            raise where.fail(
                sub,
                kind,
                f"{_cut(value)} is not a yes/no column{hint}: {list(where.columns.facts)}",
            )
        return Fact(str(value))
    if kind in ("any_of", "all_of"):
        if not isinstance(value, list) or not value:
            raise where.fail(sub, kind, f"{kind} takes a list of conditions")
        parts = [_condition(v, sub, kind, where, depth + 1) for v in value]
        return any_of(*parts) if kind == "any_of" else all_of(*parts)
    if kind == "not":
        return Not(_condition(value, sub, kind, where, depth + 1))
    if (
        kind in where.columns
        and where.columns[kind].kind == Kind.CATEGORY
        and where.columns[kind].values
    ):
        values = value if isinstance(value, list) else [value]
        bad = [v for v in values if not isinstance(v, str) or v not in where.columns[kind].values]
        if bad:
            hint = did_you_mean(bad[0], where.columns[kind].values)
            raise where.fail(sub, kind, f"{bad} not among {list(where.columns[kind].values)}{hint}")
        return Is(kind, tuple(str(v) for v in values))
    ages: dict[str, tuple[type[AgeAtLeast] | type[AgeAtMost], str]] = {
        "age_pictured_at_least": (AgeAtLeast, PICTURED),
        "age_pictured_at_most": (AgeAtMost, PICTURED),
        "age_youngest_at_least": (AgeAtLeast, YOUNGEST),
        "age_youngest_at_most": (AgeAtMost, YOUNGEST),
    }
    if kind in ages:
        if isinstance(value, bool) or not isinstance(value, int):
            raise where.fail(sub, kind, f"{kind} takes a whole number of years, not {value!r}")
        cls, of = ages[kind]
        return cls(value, of=of)
    kinds = ["fact", *(n for n, c in where.columns.items() if c.kind == Kind.CATEGORY), *ages]
    raise where.fail(
        sub, kind, f"unknown condition {kind!r}{did_you_mean(kind, [*kinds, 'not', 'any_of', 'all_of'])}: "
        "fact, a category column (e.g. sharing), "
        f"{', '.join(ages)}, not, any_of or all_of",
    )  # fmt: skip


def _cut(value: Any, limit: int = 60) -> str:
    said = repr(value)
    return said if len(said) <= limit else said[: limit - 1] + "…"


def _text(item: Mapping[str, Any], key: str, where: _Where) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value.strip():
        raise where.fail(item, key if key in item else None, f"{key!r} must be some text")
    return value.strip()


def _change(
    item: Mapping[str, Any],
    graphs: Mapping[str, DecisionGraph],
    edits: dict[str, dict[str, Any]],
    cite: Citation,
    where: _Where,
) -> None:
    kinds = [k for k in _keys(item) if k in CHANGE_KINDS]
    if len(kinds) != 1:
        hint = "".join(did_you_mean(k, CHANGE_KINDS) for k in _keys(item)[:1])
        raise where.fail(item, None, f"each change is one of {list(CHANGE_KINDS)}{hint}")
    (kind,) = kinds
    others = [k for k in _keys(item) if k != kind]
    if others:
        raise where.fail(item, others[0], f"unknown key {others[0]!r} beside {kind}")
    body = item[kind]
    if not isinstance(body, Mapping):
        raise where.fail(item, kind, f"{kind} takes a mapping")
    unknown = [k for k in _keys(body) if k not in _CHANGE_KEYS[kind]]
    if unknown:
        raise where.fail(
            body, unknown[0], f"unknown key {unknown[0]!r} in {kind} (known: "
            f"{list(_CHANGE_KEYS[kind])})",
        )  # fmt: skip
    graph_id = body.get("graph", "response_pathway")
    if not isinstance(graph_id, str) or graph_id not in _GRAPHS:
        hint = did_you_mean(graph_id, _GRAPHS)
        raise where.fail(body, "graph", f"graph must be one of {list(_GRAPHS)}{hint}")
    graph = graphs[graph_id]
    edit = edits[graph_id]
    current: dict[str, Node] = {**graph.by_id, **edit["replace"]}
    current.update({n.id: n for n in edit["add"]})

    def node_id(key: str) -> str:
        value = body.get(key)
        if not isinstance(value, str) or value not in current:
            hint = did_you_mean(value, current)
            raise where.fail(
                body,
                key,
                f"{key}: no node {_cut(value)} in {graph_id}{hint}; "
                f"its steps: {', '.join(current)} (`policy-model steps` lists them)",
            )
        return str(value)

    if kind == "insert_question":
        before = node_id("before")
        new_id = _text(body, "id", where)
        if not ID_PATTERN.fullmatch(new_id):
            raise where.fail(body, "id", f"id {_cut(new_id)} should be a name like shared_publicly")
        if new_id in current:
            raise where.fail(body, "id", f"{graph_id} already has a node {new_id!r}")
        yes = node_id("yes")
        question = Question(
            id=new_id,
            label=_text(body, "label", where),
            when=_condition(body.get("when"), body, "when", where),
            yes=yes,
            no=before,
            stage=current[before].stage
            if current[before].stage != Stage.OUTCOME
            else Stage.DECISION,
            cite=cite,
        )
        for other in list(current.values()):
            if isinstance(other, Question) and before in (other.yes, other.no):
                edit["replace"][other.id] = dataclasses.replace(
                    other,
                    yes=new_id if other.yes == before else other.yes,
                    no=new_id if other.no == before else other.no,
                )
            elif isinstance(other, Step) and other.next == before:
                edit["replace"][other.id] = dataclasses.replace(other, next=new_id)
        if graph.start == before:
            edit["start"] = new_id
        edit["add"].append(question)
        return
    source = node_id("node")
    answer = _answer(body.get("answer", "next"))
    target = node_id("to")
    node = current[source]
    if isinstance(node, Question) and answer in ("yes", "no"):
        retargeted = (
            dataclasses.replace(node, yes=target, cite=cite)
            if answer == "yes"
            else dataclasses.replace(node, no=target, cite=cite)
        )
        edit["replace"][source] = retargeted
    elif isinstance(node, Step) and answer == "next":
        edit["replace"][source] = dataclasses.replace(node, next=target, cite=cite)
    else:
        hint = did_you_mean(answer, ("yes", "no", "next"))
        raise where.fail(
            body, "answer", f"answer is yes or no for a question, next for a step{hint}"
        )


def load_whatif_text(
    text: str,
    file: str,
    *,
    bases: Mapping[str, Guidance],
    status: Status = Status.WHAT_IF,
    facts: tuple[Column, ...] = (),
    built_in: bool = False,
) -> Guidance:
    """A what-if edition from its YAML text; ``file`` names it in messages.

    ``bases``: the editions it may derive from; ``facts``: the columns its folder declares;
    ``built_in``: an edition folder of the package (its id is a built-in edition's)."""
    where = _Where(file, Registry(()))
    try:
        raw = yaml.load(text, Loader=_Lines)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        raise WhatIfError(f"{file}:{line}: not valid YAML ({error.problem})") from None
    except RecursionError:
        raise WhatIfError(f"{file}:1: nested too deeply to be a what-if") from None
    if not isinstance(raw, Mapping):
        raise WhatIfError(f"{file}:1: a what-if is a mapping with keys {list(KEYS)}")
    unknown = [k for k in _keys(raw) if k not in KEYS]
    if unknown:
        hint = did_you_mean(unknown[0], KEYS)
        raise where.fail(raw, unknown[0], f"unknown key {unknown[0]!r}{hint} (known: {list(KEYS)})")
    base_id = raw.get("base", next(iter(bases), None))
    if not isinstance(base_id, str) or base_id not in bases:
        hint = did_you_mean(base_id, bases)
        raise where.fail(raw, "base", f"base {_cut(base_id)} is not one of {list(bases)}{hint}")
    base = bases[base_id]
    try:
        where = _Where(file, base.columns.plus(*facts))
    except ValueError as error:
        raise where.fail(raw, None, str(error)) from None
    id_ = _text(raw, "id", where)
    if not ID_PATTERN.fullmatch(id_):
        raise where.fail(
            raw, "id", f"id {_cut(id_)} is a name, not a path: 1 to 64 lower-case letters, "
            "digits, '-' or '_', starting with a letter or digit (e.g. whatif-young-child-13)",
        )  # fmt: skip
    if id_ in bases and not built_in:
        raise where.fail(
            raw, "id", f"id {id_!r} is a built-in edition's; a what-if needs an id of its own "
            "(e.g. whatif-...), so that no output mistakes it for the guidance itself",
        )  # fmt: skip
    if "status" in raw:
        allowed_status = [Status.PROPOSED.value, Status.WHAT_IF.value]
        if raw["status"] not in allowed_status:
            raise where.fail(raw, "status", f"status is one of {allowed_status}")
        status = Status(raw["status"])
    title = _text(raw, "title", where)
    rationale = _text(raw, "rationale", where)
    if isinstance(raw.get("date"), list | Mapping):
        raise where.fail(raw, "date", "date is a date or some text")
    date = str(raw.get("date", "what-if"))
    source = Source(
        key=id_,
        title=f"What-if proposal: {title}",
        publisher=str(raw.get("author", "a policy author")),
        date=date,
    )
    cite = Citation(rationale, f"what-if proposal ({Path(file).name})", source)
    params = raw.get("parameters") or {}
    if not isinstance(params, Mapping):
        raise where.fail(raw, "parameters", "parameters is a mapping of age lines")
    allowed = [f.name for f in dataclasses.fields(Lines)]
    values = dataclasses.asdict(base.lines)
    for key in _keys(params):
        if key not in allowed:
            hint = did_you_mean(key, allowed)
            raise where.fail(params, key, f"unknown parameter {key!r}{hint} (known: {allowed})")
        values[key] = params[key]
    try:
        lines = Lines(**values)
    except ValueError as error:
        raise where.fail(raw, "parameters", str(error)) from None
    if lines != base.lines:
        try:
            base = base.with_lines(lines)
        except EditionError as error:
            raise where.fail(raw, "parameters", str(error)) from None
    graphs = {"response_pathway": base.pathway, "typology": base.typology}
    edits: dict[str, dict[str, Any]] = {
        g: {"replace": {}, "add": [], "start": None} for g in graphs
    }
    changes = raw.get("changes") or []
    if not isinstance(changes, list):
        raise where.fail(raw, "changes", "changes is a list")
    for item in changes:
        if not isinstance(item, Mapping):
            raise where.fail(raw, "changes", f"each change is a mapping, not {item!r}")
        _change(item, graphs, edits, cite, where)
    try:
        return derive(
            base,
            id=id_,
            title=title,
            date=date,
            status=status,
            sources=(source,),
            columns=where.columns,
            pathway=_changes(edits["response_pathway"]),
            typology=_changes(edits["typology"]),
            where=file,
        )
    except EditionError as error:
        line = raw.get("__lines__", {}).get("changes", raw.get("__line__", 1))
        message = str(error).removeprefix(f"{file}: ")
        raise WhatIfError(f"{file}:{line}: {message}") from None


def _changes(edit: Mapping[str, Any]) -> Changes:
    return Changes(replace=edit["replace"], add=tuple(edit["add"]), start=edit["start"])


def load_whatif(
    path: Path,
    *,
    bases: Mapping[str, Guidance],
    status: Status = Status.WHAT_IF,
    facts: tuple[Column, ...] = (),
    built_in: bool = False,
) -> Guidance:
    """A what-if edition from a YAML file, derived from one of ``bases`` (the rest as for
    ``load_whatif_text``)."""
    if not path.exists():
        raise WhatIfError(f"{path}: no such file")
    if not path.is_file():
        raise WhatIfError(f"{path}: not a file")
    if path.stat().st_size > MAX_BYTES:
        raise WhatIfError(f"{path}: larger than {MAX_BYTES >> 20} MB; not a what-if")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise WhatIfError(f"{path}: not UTF-8 text (byte {error.start + 1})") from None
    if "\x00" in text:
        raise WhatIfError(f"{path}: holds a NUL byte; not a what-if")
    return load_whatif_text(
        text, str(path), bases=bases, status=status, facts=facts, built_in=built_in
    )
