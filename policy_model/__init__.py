"""policy_model: a safeguarding guidance as one declarative model, and its views."""

from .assess import Assessment, assess
from .citations import VERSION
from .dataset import DatasetError, load_incidents, validate_incidents
from .frame import assess_frame
from .incident import FactError, Incident
from .pathway import PATHWAY
from .render import render
from .summary import Summary, summarise
from .typology import TYPOLOGY
from .vocab import Category, Pathway, Subtype

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
