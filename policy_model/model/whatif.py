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

from .citations import Citation, Source
from .column import Registry
from .derivation import Changes, EditionError, derive
from .graph import DecisionGraph, Node, Question, Stage, Step
from .guidance import Guidance, Status
from .parameters import Lines
from .suggest import did_you_mean
from .whatif_read import (
    MAX_DEPTH,
    WhatIfError,
    Where,
    answer,
    condition,
    cut,
    keys,
    parse,
    some_text,
)

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


def _change(
    item: Mapping[str, Any],
    graphs: Mapping[str, DecisionGraph],
    edits: dict[str, dict[str, Any]],
    cite: Citation,
    where: Where,
) -> None:
    kinds = [k for k in keys(item) if k in CHANGE_KINDS]
    if len(kinds) != 1:
        hint = "".join(did_you_mean(k, CHANGE_KINDS) for k in keys(item)[:1])
        raise where.fail(item, None, f"each change is one of {list(CHANGE_KINDS)}{hint}")
    (kind,) = kinds
    others = [k for k in keys(item) if k != kind]
    if others:
        raise where.fail(item, others[0], f"unknown key {others[0]!r} beside {kind}")
    body = item[kind]
    if not isinstance(body, Mapping):
        raise where.fail(item, kind, f"{kind} takes a mapping")
    unknown = [k for k in keys(body) if k not in _CHANGE_KEYS[kind]]
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
                f"{key}: no node {cut(value)} in {graph_id}{hint}; "
                f"its steps: {', '.join(current)} (`policy-model steps` lists them)",
            )
        return str(value)

    if kind == "insert_question":
        before = node_id("before")
        new_id = some_text(body, "id", where)
        if not ID_PATTERN.fullmatch(new_id):
            raise where.fail(body, "id", f"id {cut(new_id)} should be a name like shared_publicly")
        if new_id in current:
            raise where.fail(body, "id", f"{graph_id} already has a node {new_id!r}")
        yes = node_id("yes")
        question = Question(
            id=new_id,
            label=some_text(body, "label", where),
            when=condition(body.get("when"), body, "when", where),
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
    given = answer(body.get("answer", "next"))
    target = node_id("to")
    node = current[source]
    if isinstance(node, Question) and given in ("yes", "no"):
        retargeted = (
            dataclasses.replace(node, yes=target, cite=cite)
            if given == "yes"
            else dataclasses.replace(node, no=target, cite=cite)
        )
        edit["replace"][source] = retargeted
    elif isinstance(node, Step) and given == "next":
        edit["replace"][source] = dataclasses.replace(node, next=target, cite=cite)
    else:
        hint = did_you_mean(given, ("yes", "no", "next"))
        raise where.fail(
            body, "answer", f"answer is yes or no for a question, next for a step{hint}"
        )


def load_whatif_text(
    text: str,
    file: str,
    *,
    bases: Mapping[str, Guidance],
    status: Status = Status.WHAT_IF,
    columns: Registry | None = None,
    built_in: bool = False,
) -> Guidance:
    """A what-if edition from its YAML text; ``file`` names it in messages.

    ``bases``: the editions it may derive from; ``columns``: the edition's own (an edition
    folder's, with the facts it declares; by default its base's); ``built_in``: an edition
    folder of the package (its id is a built-in edition's)."""
    where = Where(file, Registry(()))
    raw = parse(text, file)
    if not isinstance(raw, Mapping):
        raise WhatIfError(f"{file}:1: a what-if is a mapping with keys {list(KEYS)}")
    unknown = [k for k in keys(raw) if k not in KEYS]
    if unknown:
        hint = did_you_mean(unknown[0], KEYS)
        raise where.fail(raw, unknown[0], f"unknown key {unknown[0]!r}{hint} (known: {list(KEYS)})")
    base_id = raw.get("base", next(iter(bases), None))
    if not isinstance(base_id, str) or base_id not in bases:
        hint = did_you_mean(base_id, bases)
        raise where.fail(raw, "base", f"base {cut(base_id)} is not one of {list(bases)}{hint}")
    base = bases[base_id]
    where = Where(file, columns or base.columns)
    id_ = some_text(raw, "id", where)
    if not ID_PATTERN.fullmatch(id_):
        raise where.fail(
            raw, "id", f"id {cut(id_)} is a name, not a path: 1 to 64 lower-case letters, "
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
    title = some_text(raw, "title", where)
    rationale = some_text(raw, "rationale", where)
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
    for key in keys(params):
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
    columns: Registry | None = None,
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
        text, str(path), bases=bases, status=status, columns=columns, built_in=built_in
    )
