"""The sections of a mapping file read from its YAML nodes, each mistake with its line."""

from __future__ import annotations

import yaml

from ..model.columns import COLUMNS, Column, Kind
from ..model.incident import UNKNOWN_WORDS, FactError, parse_age, parse_fact
from .matching import suggest
from .months import month_of
from .year_groups import ASSUMPTIONS, SCHEMES, AgeRangeRule

__all__ = [
    "check_value",
    "constant_refusal",
    "names_of",
    "node_line",
    "not_a_column",
    "not_known_refusal",
    "pairs",
    "read_age_ranges",
    "read_assume",
    "text_of",
]


def node_line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def pairs(
    node: yaml.Node, what: str, mistakes: list[tuple[int | None, str]]
) -> list[tuple[str, yaml.Node, int]]:
    """A YAML mapping's entries as (key text, value node, line); duplicate keys are mistakes."""
    if isinstance(node, yaml.ScalarNode) and node.value in ("", "~", "null"):
        return []  # a section left empty (its TODO lines deleted)
    if not isinstance(node, yaml.MappingNode):
        mistakes.append((node_line(node), f"{what} should be a mapping of names (name: value)"))
        return []
    seen: dict[str, int] = {}
    out = []
    for key, value in node.value:
        line = node_line(key)
        if not isinstance(key, yaml.ScalarNode):
            mistakes.append((line, f"{what}: a key should be a plain name"))
            continue
        name = str(key.value).strip()
        if name in seen:
            mistakes.append((line, f"{what}: {name!r} appears twice (first on line {seen[name]})"))
            continue
        seen[name] = line
        out.append((name, value, line))
    return out


def text_of(node: yaml.Node, what: str, mistakes: list[tuple[int | None, str]]) -> str | None:
    if isinstance(node, yaml.ScalarNode):
        return str(node.value).strip()
    mistakes.append((node_line(node), f"{what} should be a single value, not a list or mapping"))
    return None


def check_value(column: Column, value: str) -> str | None:
    """Why ``value`` cannot be ``column``'s value, or None."""
    unknown = value.lower() in UNKNOWN_WORDS
    match column.kind:
        case Kind.CATEGORY:
            if value in column.values:
                return None
            if unknown and (column.may_be_unknown or not column.required):
                return None
            hint = suggest(value, column.values)
            blank = (
                "" if column.may_be_unknown or not column.required else ", and cannot be unknown"
            )
            return f"{value!r} is not a value of {column.name} (one of {list(column.values)}{blank}){hint}"
        case Kind.FACT:
            try:
                parse_fact(column.name, value)
            except FactError:
                return f"{value!r} is not yes, no or unknown for {column.name}"
            return None
        case Kind.AGE:
            try:
                parse_age(value, column.name)
            except FactError:
                return f"{value!r} is not an age in whole years (0 to 99) or unknown"
            return None
    return f"values of {column.name} ({column.kind}) cannot be mapped; map its column only"


def names_of(
    node: yaml.Node, line: int, what: str, kind: str, mistakes: list[tuple[int | None, str]]
) -> list[tuple[str, int]]:
    """A YAML list of names, each with its line; a name listed twice is a mistake."""
    items = node.value if isinstance(node, yaml.SequenceNode) else None
    if isinstance(node, yaml.ScalarNode) and node.value in ("", "~", "null"):
        items = []
    if items is None:
        mistakes.append((line, f"{what} should be a list of {kind}"))
        return []
    out: list[tuple[str, int]] = []
    for item in items:
        name = text_of(item, what, mistakes)
        if name is None:
            continue
        if name in (n for n, _ in out):
            mistakes.append((node_line(item), f"{what}: {name!r} is listed twice"))
            continue
        out.append((name, node_line(item)))
    return out


def not_a_column(target: str) -> str | None:
    if target in COLUMNS:
        return None
    return f"{target!r} is not a dataset column{suggest(target, COLUMNS)}"


def constant_refusal(target: str, value: str) -> str | None:
    """Why every row cannot take ``value`` for ``target``, or None."""
    if wrong := not_a_column(target):
        return wrong
    column = COLUMNS[target]
    if column.kind == Kind.ID:
        return f"{target} is each incident's own, and cannot be a constant"
    if column.kind == Kind.MONTH:
        if month_of(value) is None:
            return f"{target}: {value!r} is not a month as YYYY-MM"
        return None
    wrong = check_value(column, value)
    return f"{target}: {wrong}" if wrong else None


def not_known_refusal(target: str) -> str | None:
    """Why ``target`` cannot be declared not known for every row, or None."""
    if wrong := not_a_column(target):
        return wrong
    column = COLUMNS[target]
    if column.may_be_unknown or not column.required:
        return None
    if "unknown" in column.values:
        return (
            f"{target} is never blank; give it the constant unknown (constants: {target}: unknown)"
        )
    return f"{target} is never blank, so cannot be not known; map it or give it a constant"


def read_age_ranges(node: yaml.Node, mistakes: list[tuple[int | None, str]]) -> list[AgeRangeRule]:
    """``age_ranges``: local column -> {column: an age column, scheme: a year-group scheme}."""
    found = []
    for local, spec, at in pairs(node, "age_ranges", mistakes):
        entries = {k: text_of(v, f"age_ranges: {local}: {k}", mistakes) for k, v, _ in
                   pairs(spec, f"age_ranges: {local}", mistakes)}  # fmt: skip
        column, scheme = entries.pop("column", None), entries.pop("scheme", SCHEMES[0])
        ages = [n for n, c in COLUMNS.items() if c.kind == Kind.AGE]
        if entries:
            mistakes.append(
                (at, f"age_ranges: {local}: {sorted(entries)} not known (use column, scheme)")
            )
        elif column not in ages:
            mistakes.append((at, f"age_ranges: {local}: column should be one of {ages}"))
        elif scheme not in SCHEMES:
            mistakes.append((at, f"age_ranges: {local}: scheme should be one of {list(SCHEMES)}"))
        else:
            found.append(AgeRangeRule(local, column, scheme or SCHEMES[0]))
    return found


def read_assume(node: yaml.Node, mistakes: list[tuple[int | None, str]]) -> dict[str, str]:
    """``assume``: column -> what it is assumed to be (``year_groups.ASSUMPTIONS``)."""
    found = {}
    for name, value_node, at in pairs(node, "assume", mistakes):
        value = text_of(value_node, f"assume: {name}", mistakes)
        allowed = ASSUMPTIONS.get(name)
        if allowed is None:
            mistakes.append((at, f"assume: {name!r} cannot be assumed (only {list(ASSUMPTIONS)})"))
        elif value not in allowed:
            mistakes.append((at, f"assume: {name}: {value!r} should be one of {list(allowed)}"))
        else:
            found[name] = value
    return found
