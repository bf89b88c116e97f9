"""policy_model: a safeguarding guidance as one declarative model, and its views.

The names below are loaded on first use, so ``import policy_model`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .engine.assess import Assessment, assess
    from .engine.frame import assess_frame
    from .incidents.dataset import DatasetError, load_incidents, validate_incidents
    from .model.citations import VERSION
    from .model.incident import FactError, Incident
    from .model.pathway import PATHWAY
    from .model.typology import TYPOLOGY
    from .model.vocab import Category, Pathway, Subtype
    from .stats.summary import Summary, summarise
    from .views.render import render

__all__ = [
    "PATHWAY",
    "TYPOLOGY",
    "VERSION",
    "Assessment",
    "Category",
    "DatasetError",
    "FactError",
    "Incident",
    "Pathway",
    "Subtype",
    "Summary",
    "assess",
    "assess_frame",
    "load_incidents",
    "render",
    "summarise",
    "validate_incidents",
]

_HOMES: dict[str, str] = {
    "Assessment": "engine.assess",
    "assess": "engine.assess",
    "assess_frame": "engine.frame",
    "DatasetError": "incidents.dataset",
    "load_incidents": "incidents.dataset",
    "validate_incidents": "incidents.dataset",
    "VERSION": "model.citations",
    "FactError": "model.incident",
    "Incident": "model.incident",
    "PATHWAY": "model.pathway",
    "TYPOLOGY": "model.typology",
    "Category": "model.vocab",
    "Pathway": "model.vocab",
    "Subtype": "model.vocab",
    "Summary": "stats.summary",
    "summarise": "stats.summary",
    "render": "views.render",
}
"""Where each public name is defined (relative to this package)."""


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{home}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
