"""Notebook 03 takes its data, mapping, population and period as papermill parameters and
fixes no months: it runs on the sample's last quarter and on a mapped local export."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd

from policy_model.cli import main
from policy_model.incidents.dataset import load_incidents

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "03-incident-trends.ipynb"
SAMPLE = ROOT / "data" / "sample_incidents.csv"
LOCAL = {
    "incident_id": "Ref",
    "reported_month": "Month reported",
    "agency": "Setting",
    "age_pictured": "Age",
    "gender_pictured": "Gender",
}


def _run(tmp_path: Path, **parameters: str) -> str:
    """Run the notebook with papermill; the text of every output, in order."""
    import papermill

    os.environ["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])
    )
    out = tmp_path / "out.ipynb"
    papermill.execute_notebook(
        str(NOTEBOOK),
        str(out),
        parameters={"REJECTS": str(tmp_path / "rejects.csv"), **parameters},
        progress_bar=False,
        cwd=str(NOTEBOOK.parent),
    )
    cells = json.loads(out.read_text())["cells"]
    texts = []
    for cell in cells:
        for output in cell.get("outputs", []):
            texts.append("".join(output.get("text", "")))
            texts.append("".join(output.get("data", {}).get("text/plain", "")))
    return "\n".join(texts)


def _population(path: Path, years: range) -> Path:
    rows = [
        (year, sex, age, 1000)
        for year in years
        for sex in ("female", "male")
        for age in range(0, 91)
    ]
    pd.DataFrame(rows, columns=["year", "sex", "age", "population"]).to_csv(path, index=False)
    return path


def test_notebook_03_runs_on_the_samples_last_quarter(tmp_path: Path) -> None:
    last = load_incidents(SAMPLE)["reported_month"].max()
    quarter = f"{last.year}Q{last.quarter}"
    population = _population(tmp_path / "population.csv", range(2020, 2027))
    shown = _run(tmp_path, DATA=str(SAMPLE), PERIOD=quarter, POPULATION=str(population))
    assert f"{last.year} Q{last.quarter}" in shown
    assert "rate_per_10000" in shown  # the rates table was drawn from the population
    assert "no signal" in shown or "than usual" in shown


def test_notebook_03_runs_on_a_mapped_local_export(tmp_path: Path) -> None:
    """A synthetic export with its own headers and agency names, read through a mapping;
    months other than the sample's, so nothing may be fixed to 2023-04..2024-03."""
    made = tmp_path / "made.csv"
    assert main(["synth", "-n", "300", "--seed", "11", "--start", "2019-01", "-o", str(made)]) == 0
    export = pd.read_csv(made, dtype=str, keep_default_na=False).rename(columns=LOCAL)
    export["Setting"] = export["Setting"].replace({"school": "Secondary School"})
    export.to_csv(tmp_path / "export.csv", index=False)
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(
        "columns:\n"
        + "".join(f"  {local}: {column}\n" for column, local in LOCAL.items())
        + "values:\n  agency: {Secondary School: school}\n"
    )
    shown = _run(tmp_path, DATA=str(tmp_path / "export.csv"), MAPPING=str(mapping))
    assert "300 incidents read" in shown
    assert "January 2021 to December 2021" in shown  # the last 12 months of this file
