"""policy_model: a safeguarding guidance as one declarative model, and its views."""

from .assess import Assessment, assess
from .citations import VERSION
from .frame import assess_frame
from .incident import FactError, Incident
from .pathway import PATHWAY
from .typology import TYPOLOGY
from .vocab import Category, Pathway, Subtype

__all__ = [
    "PATHWAY",
    "TYPOLOGY",
    "VERSION",
    "Assessment",
    "Category",
    "FactError",
    "Incident",
    "Pathway",
    "Subtype",
    "assess",
    "assess_frame",
]
