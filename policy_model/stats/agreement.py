"""Agreement between two codings of the same incidents: Cohen's kappa."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["cohen_kappa", "kappas"]


def cohen_kappa(confusion: npt.NDArray[np.integer]) -> float:
    """Cohen's kappa of a square confusion matrix; NaN when chance agreement is certain.

    >>> cohen_kappa(np.array([[20, 5], [10, 15]]))
    0.4
    """
    counts = np.asarray(confusion, dtype=np.float64)
    n = counts.sum()
    if n == 0:
        return float("nan")
    observed = np.trace(counts) / n
    expected = float(counts.sum(axis=0) @ counts.sum(axis=1)) / n**2
    return (
        float("nan") if expected >= 1 else round(float((observed - expected) / (1 - expected)), 10)
    )


def kappas(cube: npt.NDArray[np.integer]) -> npt.NDArray[np.float64]:
    """Cohen's kappa of each leading slice of a (k, n, n) stack of confusion matrices."""
    counts = cube.astype(np.float64)
    n = counts.sum(axis=(1, 2))
    with np.errstate(invalid="ignore", divide="ignore"):
        observed = np.trace(counts, axis1=1, axis2=2) / n
        expected = np.einsum("ki,ki->k", counts.sum(axis=1), counts.sum(axis=2)) / n**2
        kappa = (observed - expected) / (1 - expected)
    return np.where((n > 0) & (expected < 1), kappa, np.nan)
