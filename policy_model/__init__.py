"""policy_model: a safeguarding guidance as one declarative model, and its views."""

from .engine.assess import Assessment, assess
from .engine.frame import assess_frame
from .incidents.dataset import DatasetError, load_incidents, validate_incidents
from .model.guidance import AS_WRITTEN, PATHWAY, TYPOLOGY, Guidance
from .model.incident import FactError, Incident
from .model.vocab import Category, Pathway, Subtype
from .stats.summary import Summary, summarise
from .views.render import render

__all__ = [
    "PATHWAY",
    "TYPOLOGY",
    "AS_WRITTEN",
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
