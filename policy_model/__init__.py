"""policy_model: a safeguarding guidance as one declarative model, and its views.

The names below are loaded on first use, so ``import policy_model`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .editions import AS_WRITTEN, PATHWAY, TYPOLOGY
    from .engine.assess import Assessment, assess
    from .engine.frame import assess_frame
    from .incidents.dataset import DatasetError, load_incidents, validate_incidents
    from .model.guidance import Guidance
    from .model.incident import FactError, Incident
    from .model.vocab import Category, Pathway, Subtype
    from .stats.summary import Summary, summarise
    from .views.render import render

__all__ = [
    "AS_WRITTEN",
    "PATHWAY",
    "TYPOLOGY",
    "Assessment",
    "Category",
    "DatasetError",
    "FactError",
    "Guidance",
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
    "AS_WRITTEN": "editions",
    "Guidance": "model.guidance",
    "FactError": "model.incident",
    "Incident": "model.incident",
    "PATHWAY": "editions",
    "TYPOLOGY": "editions",
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
