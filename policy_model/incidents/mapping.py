"""Mapping files: read a local export's own headers, labels and dates as the dataset's columns.

A mapping is YAML, read as data (every scalar as text, so ``Y``, ``No`` and ``1`` stay words)::

    columns:                 # local column -> dataset column
      Ref: incident_id
      Date reported: reported_month   # an exact date is cut to YYYY-MM on reading
    values:                  # per dataset column: local value -> dataset value (or unknown)
      agency: {Secondary School: school}
    drop: [School name, Notes]        # read past, never kept, never in any output or message
    date_format: "%d/%m/%Y"           # optional; dates are read day first unless this says
    constants:               # a column the export lacks: the value every row takes
      agency: school
    not_known: [sexual_acts, immediate_risk]   # columns the export does not record: blank
    age_ranges:                       # a year group as an age range (``year_groups``)
      Year group: {column: age_pictured, scheme: england_year_group}
    assume:                           # stated, and said in every output
      age_youngest_involved: same_as_age_pictured

Every mistake in a mapping is reported with the mapping file and the line. Applying a mapping
to a table of text renames, maps values and drops columns, and cuts dates to months, before
the dataset's own checks; it works on each column's distinct values, so it stays fast.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Final

import pyarrow as pa
import pyarrow.compute as pc
import yaml

from ..model.columns import COLUMNS, Column, Kind
from ..model.incident import UNKNOWN_WORDS, FactError, parse_age, parse_fact
from .months import month_of
from .paths import InputError
from .year_groups import ASSUMPTIONS, SCHEMES, AgeRangeRule, apply_age_rules

__all__ = [
    "REDACTED_DATE",
    "Mapping",
    "MappingError",
    "apply_mapping",
    "header_key",
    "month_of",
    "parse_mapping",
    "read_mapping",
    "suggest",
    "value_key",
]

REDACTED_DATE: Final = "<date>"
"""What a message shows instead of a date it could not read (it may be an exact date)."""

_SECTIONS: Final = (
    "columns",
    "values",
    "drop",
    "date_format",
    "constants",
    "not_known",
    "age_ranges",
    "assume",
)
_TODO: Final = re.compile(r"#\s*TODO\b")


def header_key(name: str) -> str:
    """A header as compared: lower case, letters and digits only (``Age Pictured`` = age_pictured)."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


def value_key(value: str) -> str:
    """A value as compared: lower case, letters and digits only (``Children's social care``)."""
    return re.sub(r"[^a-z0-9]", "", value.lower())


def suggest(word: str, choices: Iterable[str], *, key: bool = True) -> str:
    """`` (did you mean 'x'?)`` for a near miss among ``choices``, else nothing."""
    options = list(choices)
    if key:
        keyed = {header_key(c): c for c in options}
        close = difflib.get_close_matches(header_key(word), list(keyed), n=1, cutoff=0.7)
        return f" (did you mean {keyed[close[0]]!r}?)" if close else ""
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.7)
    return f" (did you mean {close[0]!r}?)" if close else ""


class MappingError(InputError):
    """A mapping file that cannot be used: every mistake, each with its line."""

    def __init__(self, path: Path | str, mistakes: list[tuple[int | None, str]]) -> None:
        self.mistakes = mistakes
        lines = [f"line {line}: {text}" if line else text for line, text in mistakes]
        super().__init__(path, ("\n" + f"{path}: ").join(lines))


@dataclasses.dataclass(frozen=True, slots=True)
class Mapping:
    """A checked mapping; ``lines`` says where each entry was written (for messages)."""

    source: str
    columns: dict[str, str]
    values: dict[str, dict[str, str]]
    drop: tuple[str, ...] = ()
    date_format: str | None = None
    lines: dict[str, int] = dataclasses.field(default_factory=dict)
    constants: dict[str, str] = dataclasses.field(default_factory=dict)
    """Dataset columns the export lacks, with the value every row takes (``agency: school``)."""
    not_known: tuple[str, ...] = ()
    """Dataset columns the export does not record: every row's value is not known."""
    age_ranges: tuple[AgeRangeRule, ...] = ()
    """Local columns of year groups, each read as an age range."""
    assume: dict[str, str] = dataclasses.field(default_factory=dict)
    """Assumptions the mapping states (``year_groups.ASSUMPTIONS``); outputs say so."""

    @property
    def added(self) -> tuple[str, ...]:
        """The dataset columns the mapping adds: its constants, then its not-known columns."""
        return (*self.constants, *self.not_known)


def read_mapping(path: str | Path) -> Mapping:
    """Read and check a mapping file; any mistake raises ``MappingError`` naming the line."""
    path = Path(path)
    if not path.exists():
        raise InputError(path, "no such mapping file")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(path, "a mapping is YAML text, and this is not UTF-8 text") from None
    return parse_mapping(text, source=str(path))


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _pairs(
    node: yaml.Node, what: str, mistakes: list[tuple[int | None, str]]
) -> list[tuple[str, yaml.Node, int]]:
    """A YAML mapping's entries as (key text, value node, line); duplicate keys are mistakes."""
    if isinstance(node, yaml.ScalarNode) and node.value in ("", "~", "null"):
        return []  # a section left empty (its TODO lines deleted)
    if not isinstance(node, yaml.MappingNode):
        mistakes.append((_line(node), f"{what} should be a mapping of names (name: value)"))
        return []
    seen: dict[str, int] = {}
    out = []
    for key, value in node.value:
        line = _line(key)
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


def _text(node: yaml.Node, what: str, mistakes: list[tuple[int | None, str]]) -> str | None:
    if isinstance(node, yaml.ScalarNode):
        return str(node.value).strip()
    mistakes.append((_line(node), f"{what} should be a single value, not a list or mapping"))
    return None


def _check_value(column: Column, value: str) -> str | None:
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


def parse_mapping(text: str, *, source: str = "mapping") -> Mapping:
    """Check a mapping's text (see the module's docstring); mistakes raise ``MappingError``."""
    todo = [n for n, line in enumerate(text.splitlines(), 1) if _TODO.search(line)]
    if todo:
        raise MappingError(
            source,
            [
                (n, "a TODO is left: map the column or value it names, drop it, or delete the line")
                for n in todo
            ],
        )
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = int(mark.line) + 1 if mark is not None else None
        problem = getattr(error, "problem", None) or str(error)
        raise MappingError(source, [(line, f"not valid YAML ({problem})")]) from None
    mistakes: list[tuple[int | None, str]] = []
    if root is None:
        raise MappingError(source, [(None, "the mapping is empty; it needs a columns: section")])
    columns: dict[str, str] = {}
    values: dict[str, dict[str, str]] = {}
    drop: list[str] = []
    date_format: str | None = None
    lines: dict[str, int] = {}
    targets: dict[str, tuple[str, int]] = {}
    constants: dict[str, str] = {}
    not_known: list[str] = []
    age_ranges: list[AgeRangeRule] = []
    assume: dict[str, str] = {}
    for section, node, line in _pairs(root, "the mapping", mistakes):
        if section == "columns":
            for local, target_node, at in _pairs(node, "columns", mistakes):
                target = _text(target_node, f"columns: {local}", mistakes)
                if target is None:
                    continue
                if target not in COLUMNS:
                    mistakes.append(
                        (at, f"columns: {local!r} maps to {target!r}, which is not a dataset "
                             f"column{suggest(target, COLUMNS)}")
                    )  # fmt: skip
                    continue
                if target in targets:
                    other, other_at = targets[target]
                    mistakes.append(
                        (at, f"columns: {target!r} is mapped twice ({other!r} on line {other_at} "
                             f"and {local!r})")
                    )  # fmt: skip
                    continue
                targets[target] = (local, at)
                columns[local] = target
                lines[f"columns.{local}"] = at
        elif section == "values":
            for target, mapped, at in _pairs(node, "values", mistakes):
                if target not in COLUMNS:
                    local = (
                        f"; use its dataset name, {columns[target]!r}" if target in columns else ""
                    )
                    mistakes.append(
                        (at, f"values: {target!r} is not a dataset column{local}"
                             f"{suggest(target, COLUMNS) if not local else ''}")
                    )  # fmt: skip
                    continue
                column = COLUMNS[target]
                values[target] = {}
                for word, value_node, value_at in _pairs(mapped, f"values: {target}", mistakes):
                    value = _text(value_node, f"values: {target}: {word}", mistakes)
                    if value is None:
                        continue
                    wrong = _check_value(column, value)
                    if wrong:
                        mistakes.append((value_at, f"values: {target}: {wrong}"))
                        continue
                    values[target][word] = value
        elif section == "drop":
            for name, at in _names(node, line, "drop", "local column names", mistakes):
                drop.append(name)
                lines[f"drop.{name}"] = at
        elif section == "constants":
            for target, value_node, at in _pairs(node, "constants", mistakes):
                value = _text(value_node, f"constants: {target}", mistakes)
                wrong = _constant_refusal(target, value) if value is not None else None
                if wrong:
                    mistakes.append((at, f"constants: {wrong}"))
                elif value is not None:
                    constants[target] = value
                    lines[f"constants.{target}"] = at
        elif section == "not_known":
            for target, at in _names(node, line, "not_known", "dataset column names", mistakes):
                wrong = _not_known_refusal(target)
                if wrong:
                    mistakes.append((at, f"not_known: {wrong}"))
                elif target in constants:
                    mistakes.append(
                        (at, f"not_known: {target!r} is also a constant on line "
                             f"{lines[f'constants.{target}']}; give it a value or not, not both")
                    )  # fmt: skip
                else:
                    not_known.append(target)
                    lines[f"not_known.{target}"] = at
        elif section == "date_format":
            date_format = _text(node, "date_format", mistakes)
            if date_format is not None and not (
                re.search(r"%[Yy]", date_format) and re.search(r"%[mbB]", date_format)
            ):
                mistakes.append(
                    (line, f"date_format {date_format!r} should have a year (%Y or %y) and a "
                           "month (%m, %b or %B), as in \"%d/%m/%Y\"")
                )  # fmt: skip
        elif section == "age_ranges":
            age_ranges.extend(_age_ranges(node, mistakes))
        elif section == "assume":
            assume.update(_assume(node, mistakes))
        else:
            mistakes.append(
                (line, f"{section!r} is not a section of a mapping (use {list(_SECTIONS)})"
                       f"{suggest(section, _SECTIONS)}")
            )  # fmt: skip
    for rule in age_ranges:
        if rule.local in columns or rule.local in drop:
            mistakes.append(
                (None, f"age_ranges: {rule.local!r} is also mapped or dropped; read a column "
                       "one way only")
            )  # fmt: skip
    for name in drop:
        if name in columns:
            mistakes.append(
                (lines[f"drop.{name}"], f"drop: {name!r} is also mapped on line "
                                        f"{lines[f'columns.{name}']}; keep it or drop it, not both")
            )  # fmt: skip
    for target in (*constants, *not_known):
        if target in targets:
            local, at = targets[target]
            section = "constants" if target in constants else "not_known"
            mistakes.append(
                (lines[f"{section}.{target}"], f"{section}: {target!r} is also mapped from "
                                               f"{local!r} on line {at}; keep one of them")
            )  # fmt: skip
    if mistakes:
        raise MappingError(source, sorted(mistakes, key=lambda m: m[0] or 0))
    return Mapping(
        source,
        columns,
        values,
        tuple(drop),
        date_format,
        lines,
        constants,
        tuple(not_known),
        tuple(age_ranges),
        assume,
    )


def _names(
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
        name = _text(item, what, mistakes)
        if name is None:
            continue
        if name in (n for n, _ in out):
            mistakes.append((_line(item), f"{what}: {name!r} is listed twice"))
            continue
        out.append((name, _line(item)))
    return out


def _not_a_column(target: str) -> str | None:
    if target in COLUMNS:
        return None
    return f"{target!r} is not a dataset column{suggest(target, COLUMNS)}"


def _constant_refusal(target: str, value: str) -> str | None:
    """Why every row cannot take ``value`` for ``target``, or None."""
    if wrong := _not_a_column(target):
        return wrong
    column = COLUMNS[target]
    if column.kind == Kind.ID:
        return f"{target} is each incident's own, and cannot be a constant"
    if column.kind == Kind.MONTH:
        if month_of(value) is None:
            return f"{target}: {value!r} is not a month as YYYY-MM"
        return None
    wrong = _check_value(column, value)
    return f"{target}: {wrong}" if wrong else None


def _not_known_refusal(target: str) -> str | None:
    """Why ``target`` cannot be declared not known for every row, or None."""
    if wrong := _not_a_column(target):
        return wrong
    column = COLUMNS[target]
    if column.may_be_unknown or not column.required:
        return None
    if "unknown" in column.values:
        return (
            f"{target} is never blank; give it the constant unknown (constants: {target}: unknown)"
        )
    return f"{target} is never blank, so cannot be not known; map it or give it a constant"


def _age_ranges(node: yaml.Node, mistakes: list[tuple[int | None, str]]) -> list[AgeRangeRule]:
    """``age_ranges``: local column -> {column: an age column, scheme: a year-group scheme}."""
    found = []
    for local, spec, at in _pairs(node, "age_ranges", mistakes):
        entries = {k: _text(v, f"age_ranges: {local}: {k}", mistakes) for k, v, _ in
                   _pairs(spec, f"age_ranges: {local}", mistakes)}  # fmt: skip
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


def _assume(node: yaml.Node, mistakes: list[tuple[int | None, str]]) -> dict[str, str]:
    """``assume``: column -> what it is assumed to be (``year_groups.ASSUMPTIONS``)."""
    found = {}
    for name, value_node, at in _pairs(node, "assume", mistakes):
        value = _text(value_node, f"assume: {name}", mistakes)
        allowed = ASSUMPTIONS.get(name)
        if allowed is None:
            mistakes.append((at, f"assume: {name!r} cannot be assumed (only {list(ASSUMPTIONS)})"))
        elif value not in allowed:
            mistakes.append((at, f"assume: {name}: {value!r} should be one of {list(allowed)}"))
        else:
            found[name] = value
    return found


# -- months and dates ---------------------------------------------------------------------


def _cut_months(column: pa.ChunkedArray, date_format: str | None) -> pa.Array:
    """Each value as its month; one that cannot be read becomes ``REDACTED_DATE`` if it has a
    digit (it may be an exact date), else stays as it is (``TBC``), for the month check to name.
    """
    encoded = pc.dictionary_encode(column.combine_chunks())
    words = encoded.dictionary.to_pylist()
    months = []
    for word in words:
        month = month_of(word, dates=True, date_format=date_format)
        if month is None:
            month = REDACTED_DATE if re.search(r"\d", word) else word
        months.append(month)
    return pc.take(pa.array(months, pa.string()), encoded.indices)


def _map_values(column: pa.ChunkedArray, target: Column, mapped: dict[str, str]) -> pa.Array:
    """Each value replaced as ``mapped`` says (exactly, else by ``value_key``); others kept."""
    keyed = {value_key(k): v for k, v in mapped.items()}
    encoded = pc.dictionary_encode(column.combine_chunks())
    out = []
    for word in encoded.dictionary.to_pylist():
        new = mapped.get(word.strip(), keyed.get(value_key(word)))
        if new is None:
            out.append(word)
        elif new.lower() in UNKNOWN_WORDS and new not in target.values:
            out.append("")
        else:
            out.append(new)
    return pc.take(pa.array(out, pa.string()), encoded.indices)


def _find(name: str, headers: list[str]) -> str | None:
    if name in headers:
        return name
    keyed = [h for h in headers if header_key(h) == header_key(name)]
    return keyed[0] if len(keyed) == 1 else None


def apply_mapping(table: pa.Table, mapping: Mapping) -> pa.Table:
    """The table as the dataset's columns: dropped columns gone, renamed, values mapped,
    ``reported_month`` cut to months, constant and not-known columns added. A mapped column
    the file lacks, or an added one it has, is a ``MappingError``.
    """
    headers = table.column_names
    mistakes: list[tuple[int | None, str]] = []
    rename: dict[str, str] = {}
    for local, target in mapping.columns.items():
        found = _find(local, headers)
        if found is None:
            mistakes.append(
                (mapping.lines.get(f"columns.{local}"),
                 f"columns: the file has no column {local!r}{suggest(local, headers)}")
            )  # fmt: skip
        else:
            rename[found] = target
    dropped = {found for name in mapping.drop if (found := _find(name, headers)) is not None}
    kept = [h for h in headers if h not in dropped]
    for header in kept:
        if header not in rename and header in mapping.columns.values():
            local = next(k for k, v in mapping.columns.items() if v == header)
            mistakes.append(
                (mapping.lines.get(f"columns.{local}"),
                 f"columns: {local!r} maps to {header!r}, but the file has a {header!r} "
                 "column too; map or drop one of them")
            )  # fmt: skip
    for added in mapping.added:
        section = "constants" if added in mapping.constants else "not_known"
        label = COLUMNS[added].label
        clash = [h for h in kept if h not in rename and header_key(h) in (
            header_key(added), header_key(label))]  # fmt: skip
        if clash:
            mistakes.append(
                (mapping.lines.get(f"{section}.{added}"),
                 f"{section}: the file has a {clash[0]!r} column already; map it, or drop it")
            )  # fmt: skip
    if mistakes:
        raise MappingError(mapping.source, mistakes)
    names = [rename.get(h, h) for h in kept]
    arrays: list[pa.ChunkedArray | pa.Array] = [table[h] for h in kept]
    for i, name in enumerate(names):
        if name in mapping.values and name in COLUMNS:
            arrays[i] = _map_values(table[kept[i]], COLUMNS[name], mapping.values[name])
        elif name == "reported_month":
            arrays[i] = _cut_months(table[kept[i]], mapping.date_format)
    for name in mapping.added:
        value = mapping.constants.get(name, "")
        names.append(name)
        arrays.append(pa.repeat(pa.scalar(value, pa.string()), table.num_rows))
    rules = []
    for rule in mapping.age_ranges:
        found = _find(rule.local, kept)
        if found is None:
            mistakes.append(
                (None, f"age_ranges: the file has no column {rule.local!r}{suggest(rule.local, headers)}")
            )  # fmt: skip
        else:
            rules.append(dataclasses.replace(rule, local=found))
    for name in mapping.assume:
        if name in names:
            mistakes.append(
                (None, f"assume: the file has a {name} column: the assumption is only for a "
                       "file without it; delete it from the mapping")
            )  # fmt: skip
    if mistakes:
        raise MappingError(mapping.source, mistakes)
    out = pa.table(arrays, names=names) if arrays else pa.table({})
    out = apply_age_rules(out, tuple(rules), mapping.assume)
    return out.replace_schema_metadata(table.schema.metadata)
