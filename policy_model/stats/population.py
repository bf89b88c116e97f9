"""Mid-year population estimates by year, area, sex and single year of age, and which one a
period uses.

Two layouts are read (CSV or spreadsheet):

- tidy: ``year,area,sex,age,population`` (``area`` optional);
- ONS mid-year estimates: one row per area x sex x age, one ``population_YYYY`` column per
  mid-year (``area`` optional).

Other headers can be renamed with ``mapping`` (``{"Age": "age", "Country": None}``; None
leaves a column out on purpose), given as a dict or a YAML file with a ``columns:`` section.
Sex is ``female`` or ``male`` (also F/M, 2/1 as ONS codes them); age is a whole number, with
``90+`` read as 90; a population may be written ``1,234`` or ``1234.0`` (as a spreadsheet
saves it), never with a fraction. A bad value is refused naming the file, row and column, like the
incident loader; nothing is dropped.

Which estimate a period uses (``mid_year_for``): the mid-year (30 June) of the calendar year
that holds the period's middle month (the earlier of two middle months). So a financial year
2024-25 uses mid-2024 (its middle months are September and October 2024), a calendar year
its own, a quarter the year it lies in, and 2024-11..2025-02 mid-2024.

>>> from policy_model.stats.periods import parse_period
>>> [mid_year_for(parse_period(p)) for p in ("2024-25", "2024", "2025Q1", "2024-11..2025-02")]
[2024, 2024, 2025, 2024]
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Final

import pandas as pd

from ..incidents import files
from ..incidents.dataset import FIRST_DATA_ROW, DatasetError, Problem
from .conventions import ALL
from .periods import Period

__all__ = ["COLUMNS", "SEXES", "load_population", "mid_year_for", "population_for"]

COLUMNS: Final = ("year", "area", "sex", "age", "population")
"""The tidy layout's columns (and the frame ``load_population`` returns)."""
SEXES: Final = ("female", "male")
_SEX_WORDS: Final = {
    "female": "female", "f": "female", "2": "female", "females": "female", "girls": "female",
    "male": "male", "m": "male", "1": "male", "males": "male", "boys": "male",
}  # fmt: skip
_WIDE: Final = re.compile(r"population_(\d{4})")
_AGE: Final = re.compile(r"(\d{1,3})\+?")
MAX_POPULATION_AGE: Final = 120


def _renames(mapping: Mapping[str, str | None] | Path | str | None) -> dict[str, str | None]:
    if mapping is None:
        return {}
    if isinstance(mapping, Mapping):
        return {str(k).strip().lower(): v for k, v in mapping.items()}
    import yaml

    path = Path(mapping)
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise files.InputError(path, f"not a readable mapping ({error})") from None
    columns = loaded.get("columns") if isinstance(loaded, dict) else None
    if not isinstance(columns, dict):
        raise files.InputError(path, "a population mapping needs a 'columns:' section")
    return {str(k).strip().lower(): None if v is None else str(v) for k, v in columns.items()}


def load_population(
    path: Path | str,
    *,
    mapping: Mapping[str, str | None] | Path | str | None = None,
    sheet: str | None = None,
) -> pd.DataFrame:
    """The population file as a frame with columns ``year, area, sex, age, population``
    (``area`` is ``all`` when the file has none), one row per year x area x sex x age."""
    path = Path(path)
    table = files.read_text_table(path, sheet=sheet).to_pandas()
    renames = _renames(mapping)
    headers = [str(c).strip().lower() for c in table.columns]
    problems: list[Problem] = []
    named: dict[str, str] = {}
    for original, header in zip(table.columns, headers, strict=True):
        target = renames.get(header, header)
        if target is None:
            continue
        if target not in COLUMNS and not _WIDE.fullmatch(target):
            problems.append(
                Problem(
                    None,
                    str(original),
                    None,
                    f"unknown column (must be one of {list(COLUMNS)} or population_YYYY; "
                    "rename or leave it out with --mapping)",
                )
            )
        elif target in named.values():
            problems.append(Problem(None, str(original), None, f"a second {target} column"))
        else:
            named[str(original)] = target
    frame = table[list(named)].rename(columns=named)
    wide = [c for c in frame.columns if _WIDE.fullmatch(c)]
    if wide and ("population" in frame.columns or "year" in frame.columns):
        problems.append(
            Problem(None, None, None, "give either year and population, or population_YYYY")
        )
    needed = ["sex", "age"] + ([] if wide else ["year", "population"])
    problems += [
        Problem(None, c, None, "required column missing") for c in needed if c not in frame
    ]
    if problems:
        raise DatasetError(str(path), problems)
    frame.insert(0, "row", range(FIRST_DATA_ROW, FIRST_DATA_ROW + len(frame)))
    if "area" not in frame.columns:
        frame["area"] = ALL
    if wide:
        frame = frame.melt(
            id_vars=["row", "area", "sex", "age"], value_vars=wide, var_name="column"
        ).rename(columns={"value": "population"})
        frame["year"] = frame["column"].str[-4:]
    else:
        frame["column"] = "population"
    out = _typed(frame, problems)
    if problems:
        raise DatasetError(str(path), problems)
    return out


def _typed(frame: pd.DataFrame, problems: list[Problem]) -> pd.DataFrame:
    """Each value checked and typed; every bad one added to ``problems``."""
    years, sexes, ages, counts, areas = [], [], [], [], []
    for row, area, sex, age, year, population, column in zip(
        frame["row"], frame["area"], frame["sex"], frame["age"], frame["year"],
        frame["population"], frame["column"], strict=True,
    ):  # fmt: skip
        area_text = str(area).strip()
        if not area_text:
            problems.append(Problem(row, "area", "", "blank (every row needs its area)"))
        sex_word = _SEX_WORDS.get(str(sex).strip().lower())
        if sex_word is None:
            problems.append(Problem(row, "sex", str(sex), f"is not one of {list(SEXES)}"))
        age_match = _AGE.fullmatch(str(age).strip())
        if age_match is None or int(age_match[1]) > MAX_POPULATION_AGE:
            problems.append(Problem(row, "age", str(age), "is not a whole number of years"))
        year_text = str(year).strip()
        if not re.fullmatch(r"\d{4}", year_text):
            problems.append(Problem(row, "year", year_text, "is not a year (YYYY)"))
        count_text = re.sub(r"\.0+$", "", str(population).strip().replace(",", ""))
        if not count_text.isdigit():
            problems.append(
                Problem(row, column, str(population), "is not a whole number of people")
            )
        areas.append(area_text)
        sexes.append(sex_word)
        ages.append(int(age_match[1]) if age_match else -1)
        years.append(int(year_text) if year_text.isdigit() else -1)
        counts.append(int(count_text) if count_text.isdigit() else -1)
    out = pd.DataFrame(
        {"year": years, "area": areas, "sex": sexes, "age": ages, "population": counts}
    )
    keys = list(COLUMNS[:4])
    repeated = out.duplicated(keys, keep="first") & ~out[keys].isin([-1]).any(axis=1)
    for i in repeated[repeated].index:
        problems.append(
            Problem(
                int(frame["row"].iloc[i]),
                None,
                None,
                f"repeats year {out.loc[i, 'year']}, area {out.loc[i, 'area']!r}, "
                f"sex {out.loc[i, 'sex']}, age {out.loc[i, 'age']}",
            )
        )
    return out.sort_values(keys, kind="stable").reset_index(drop=True)


def mid_year_for(period: Period) -> int:
    """The mid-year estimate a period uses: the calendar year of its middle month (see the
    module docstring)."""
    months = period.month_labels()
    return int(months[(len(months) - 1) // 2][:4])


def population_for(population: pd.DataFrame, period: Period) -> pd.DataFrame:
    """The rows of the mid-year estimate ``period`` uses, or a ValueError naming the years
    the file has."""
    year = mid_year_for(period)
    rows = population[population["year"] == year]
    if rows.empty:
        have = sorted(population["year"].unique().tolist())
        raise ValueError(
            f"{period.label} uses the mid-{year} population estimate, which the population "
            f"file does not have (it has {', '.join(f'mid-{y}' for y in have)})"
        )
    return rows
