"""Reading a what-if file: YAML with each mapping's line kept, and its conditions on facts.

Every message names the file and line (``_Where``); aliases are refused and conditions nest
at most ``MAX_DEPTH`` deep, so a few bytes cannot expand into billions of conditions.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, Final

import yaml

from .column import Kind, Registry
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
from .derivation import EditionError
from .suggest import did_you_mean

__all__ = [
    "MAX_DEPTH",
    "WhatIfError",
    "Where",
    "answer",
    "condition",
    "cut",
    "keys",
    "parse",
    "some_text",
]

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
    value = {answer(k): v for k, v in built.items()}  # YAML 1.1 reads a bare yes/no as a bool
    value["__line__"] = node.start_mark.line + 1
    value["__lines__"] = {
        answer(loader.construct_object(k)): k.start_mark.line + 1 for k, _ in node.value
    }
    return value


def answer(key: Any) -> Any:
    return {True: "yes", False: "no"}.get(key, key) if isinstance(key, bool) else key


_Lines.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


@dataclasses.dataclass(frozen=True)
class Where:
    file: str
    columns: Registry
    """The columns the edition's conditions may read: its base's, and its own facts."""

    def at(self, item: Mapping[str, Any], key: str | None = None) -> str:
        line = item.get("__lines__", {}).get(key, item.get("__line__", 1)) if key else None
        return f"{self.file}:{line or item.get('__line__', 1)}"

    def fail(self, item: Mapping[str, Any], key: str | None, message: str) -> WhatIfError:
        return WhatIfError(f"{self.at(item, key)}: {message}")


def keys(item: Mapping[str, Any]) -> list[str]:
    return [k for k in item if not str(k).startswith("__")]


def condition(
    raw: Any, item: Mapping[str, Any], key: str, where: Where, depth: int = 0
) -> Condition:
    """``{fact: NAME}``, ``{sharing: [VALUES]}``, ``{age_pictured_under: N}``,
    ``{age_youngest_at_most: N}``, ``{not: C}``, ``{any_of: [C, ...]}``, ``{all_of: [...]}``."""
    if depth > MAX_DEPTH:
        raise where.fail(item, key, f"conditions nest more than {MAX_DEPTH} deep")
    if not isinstance(raw, Mapping) or len(keys(raw)) != 1:
        raise where.fail(item, key, f"a condition is a mapping with one key, not {cut(raw)}")
    (kind,) = keys(raw)
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
                f"{cut(value)} is not a yes/no column{hint}: {list(where.columns.facts)}",
            )
        return Fact(str(value))
    if kind in ("any_of", "all_of"):
        if not isinstance(value, list) or not value:
            raise where.fail(sub, kind, f"{kind} takes a list of conditions")
        parts = [condition(v, sub, kind, where, depth + 1) for v in value]
        return any_of(*parts) if kind == "any_of" else all_of(*parts)
    if kind == "not":
        return Not(condition(value, sub, kind, where, depth + 1))
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


def cut(value: Any, limit: int = 60) -> str:
    said = repr(value)
    return said if len(said) <= limit else said[: limit - 1] + "…"


def some_text(item: Mapping[str, Any], key: str, where: Where) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value.strip():
        raise where.fail(item, key if key in item else None, f"{key!r} must be some text")
    return value.strip()


def parse(text_: str, file: str) -> Any:
    """The YAML of a what-if, each mapping with its lines (``WhatIfError`` if it is not YAML)."""
    try:
        return yaml.load(text_, Loader=_Lines)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        raise WhatIfError(f"{file}:{line}: not valid YAML ({error.problem})") from None
    except RecursionError:
        raise WhatIfError(f"{file}:1: nested too deeply to be a what-if") from None
