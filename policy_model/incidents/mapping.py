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

import re
from pathlib import Path
from typing import Final

import yaml

from ..model.columns import COLUMNS
from .mapped_table import REDACTED_DATE, apply_mapping
from .mapping_sections import (
    check_value,
    constant_refusal,
    names_of,
    not_known_refusal,
    pairs,
    read_age_ranges,
    read_assume,
    text_of,
)
from .mapping_spec import Mapping, MappingError
from .matching import header_key, suggest, value_key
from .months import month_of
from .paths import InputError
from .year_groups import AgeRangeRule

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
    for section, node, line in pairs(root, "the mapping", mistakes):
        if section == "columns":
            for local, target_node, at in pairs(node, "columns", mistakes):
                target = text_of(target_node, f"columns: {local}", mistakes)
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
            for target, mapped, at in pairs(node, "values", mistakes):
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
                for word, value_node, value_at in pairs(mapped, f"values: {target}", mistakes):
                    value = text_of(value_node, f"values: {target}: {word}", mistakes)
                    if value is None:
                        continue
                    wrong = check_value(column, value)
                    if wrong:
                        mistakes.append((value_at, f"values: {target}: {wrong}"))
                        continue
                    values[target][word] = value
        elif section == "drop":
            for name, at in names_of(node, line, "drop", "local column names", mistakes):
                drop.append(name)
                lines[f"drop.{name}"] = at
        elif section == "constants":
            for target, value_node, at in pairs(node, "constants", mistakes):
                value = text_of(value_node, f"constants: {target}", mistakes)
                wrong = constant_refusal(target, value) if value is not None else None
                if wrong:
                    mistakes.append((at, f"constants: {wrong}"))
                elif value is not None:
                    constants[target] = value
                    lines[f"constants.{target}"] = at
        elif section == "not_known":
            for target, at in names_of(node, line, "not_known", "dataset column names", mistakes):
                wrong = not_known_refusal(target)
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
            date_format = text_of(node, "date_format", mistakes)
            if date_format is not None and not (
                re.search(r"%[Yy]", date_format) and re.search(r"%[mbB]", date_format)
            ):
                mistakes.append(
                    (line, f"date_format {date_format!r} should have a year (%Y or %y) and a "
                           "month (%m, %b or %B), as in \"%d/%m/%Y\"")
                )  # fmt: skip
        elif section == "age_ranges":
            age_ranges.extend(read_age_ranges(node, mistakes))
        elif section == "assume":
            assume.update(read_assume(node, mistakes))
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
