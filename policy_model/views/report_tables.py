"""The summary's tables and sentences as Markdown, for the board-paper report."""

from __future__ import annotations

import dataclasses

import pandas as pd

from ..stats.conventions import ALL, NOT_APPLICABLE, SUPPRESSED, UNDETERMINED
from ..stats.summary import Summary
from .labels import label, published

__all__ = ["partial_note", "set_aside_sentence", "undetermined_sentences"]


def _wide(
    table: pd.DataFrame,
    withheld: pd.DataFrame,
    dim: str,
    value: str = "count",
    *,
    columns: str = "subtype",
) -> pd.DataFrame:
    """A dimension x subtype table as rows x columns of published text."""
    text = [
        published(v, withheld=bool(w))
        for v, w in zip(table[value].astype(object), withheld[value], strict=True)
    ]
    shown = table[[dim, columns]].assign(text=text)
    wide = shown.pivot(index=dim, columns=columns, values="text")
    return wide.loc[list(dict.fromkeys(table[dim])), list(dict.fromkeys(table[columns]))]


def _row_label(dim: str, value: str) -> str:
    # The agreement table's rows have always shown the recorded subtypes' slugs.
    shown = label(dim, value, total="All incidents")
    return value if dim == "recorded_subtype" and value != ALL else shown


def _markdown(frame: pd.DataFrame, dim: str, columns_dim: str = "subtype") -> str:
    heads = [dim.replace("_", " ").capitalize()]
    heads += [label(columns_dim, c) for c in frame.columns]
    lines = ["| " + " | ".join(heads) + " |", "|" + "---|" + "---:|" * len(frame.columns)]
    for index, row in frame.iterrows():
        cells = [_row_label(dim, str(index)), *(str(v) for v in row)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _one_way(table: pd.DataFrame, withheld: pd.DataFrame, dim: str) -> str:
    lines = [f"| {dim.replace('_', ' ').capitalize()} | Incidents | Percent |", "|---|---:|---:|"]
    for value, count, percent, count_gone, percent_gone in zip(
        table[dim],
        table["count"].astype(object),
        table["percent"].astype(object),
        withheld["count"],
        withheld["percent"],
        strict=True,
    ):
        lines.append(
            f"| {_row_label(dim, str(value))} | {published(count, withheld=bool(count_gone))} "
            f"| {published(percent, withheld=bool(percent_gone))} |"
        )
    return "\n".join(lines)


def _cell(table: pd.DataFrame, withheld: pd.DataFrame, where: dict[str, str]) -> tuple[str, str]:
    """One row's count and percent as published (``c`` withheld, ``z`` not applicable)."""
    hit = pd.Series(True, index=table.index)
    for dim, wanted in where.items():
        hit &= table[dim] == wanted
    if not hit.any():
        return "0", NOT_APPLICABLE
    i = table.index[hit.to_numpy()][0]
    gone = bool(withheld.at[i, "count"])
    count = published(None if gone else int(str(table.at[i, "count"])), withheld=gone, spec=",")
    percent = table.at[i, "percent"]
    shown = published(percent, withheld=bool(withheld.at[i, "percent"]))
    return count, shown


def _share(count: str, percent: str, noun: str = "") -> str:
    """``312 incidents (21.0%)``: the percent only where it is published."""
    head = f"{count} {noun}" if noun else count
    return f"{head} ({percent}%)" if percent not in (SUPPRESSED, NOT_APPLICABLE) else head


def set_aside_sentence(s: Summary) -> str:
    """What was left out of the figures, in a sentence (also when nothing was)."""
    skipped = s.set_aside.skipped
    blank = f" {str(skipped)[0].upper()}{str(skipped)[1:]}: not incidents." if skipped else ""
    if not s.set_aside.count:
        return f"No incidents were set aside: every row of the input was valid.{blank}"
    text = str(dataclasses.replace(s.set_aside, skipped=type(skipped)()))
    return f"{text[0].upper()}{text[1:]}. The figures count the rest.{blank}"


def undetermined_sentences(s: Summary) -> list[str]:
    """How many incidents the known facts leave open, by subtype, category and pathway."""
    w = s.withheld
    sub = _cell(s.subtype, w["subtype"], {"subtype": UNDETERMINED})
    cat = _cell(s.category, w["category"], {"category": UNDETERMINED})
    path = _cell(s.pathway, w["pathway"], {"pathway": UNDETERMINED})
    return [
        f"{_share(*path, 'incidents')} have a pathway not yet determined (facts not known); the "
        "precautionary pathway followed meanwhile is counted in *While facts are not known* "
        "(`precautionary.csv`).",
        f"{_share(*sub)} have a subtype not yet determined, and {_share(*cat)} a category not "
        "yet determined; they are counted in their own row, not left out.",
    ]


def partial_note(s: Summary) -> str:
    """Which quarters and years at the ends of the period are covered only in part."""
    parts = []
    if s.partial_quarters:
        parts.append("part quarters: " + ", ".join(s.partial_quarters))
    if s.partial_years:
        parts.append("part years: " + ", ".join(s.partial_years))
    return "; ".join(parts)


def _completeness(s: Summary, name: str, by: str) -> str:
    """Rows: the columns; columns: the groups; each cell the not-known count and share."""
    table, hidden = getattr(s, name), s.withheld[name]
    groups = list(dict.fromkeys(table[by]))
    first = table[table["column"] == table["column"].iloc[0]]
    first_hidden = hidden.loc[first.index]
    bases = [
        published(v, withheld=bool(g), spec=",")
        for v, g in zip(first["incidents"].astype(object), first_hidden["incidents"], strict=True)
    ]
    heads = ["Not known", *(label(by, g, total="All") for g in groups)]
    lines = [
        "| " + " | ".join(heads) + " |",
        "|---|" + "---:|" * len(groups),
        "| *Incidents recorded* | " + " | ".join(bases) + " |",
    ]
    for column in dict.fromkeys(table["column"]):
        rows = table.index[table["column"] == column]
        cells = [
            _share(*_cell(table.loc[[i]], hidden.loc[[i]], {"column": str(column)})) for i in rows
        ]
        lines.append(f"| {label('column', str(column))} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
