"""Closed vocabularies: the slugs every dataset, table and command shares."""

from __future__ import annotations

import enum
from typing import Final

__all__ = [
    "SUBTYPE_CATEGORY",
    "Agency",
    "Category",
    "Gender",
    "KeyQuestion",
    "Pathway",
    "Platform",
    "Sharing",
    "Subtype",
]


class KeyQuestion(enum.StrEnum):
    """The four key questions, in the guidance's words."""

    KNOWN = "What is already known about the child(ren) or young people involved?"
    SHARED = "How has the imagery been shared?"
    INTENT = (
        "What do we know about the intent or motivation behind creating or sharing the imagery?"
    )
    IMPACT = "What is the impact on the child(ren) or young people involved?"


class Agency(enum.StrEnum):
    SCHOOL = "school"
    COLLEGE = "college"
    POLICE = "police"
    CHILDRENS_SOCIAL_CARE = "childrens_social_care"
    HEALTH = "health"
    YOUTH_SERVICE = "youth_service"
    OTHER = "other"


class Gender(enum.StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    UNKNOWN = "unknown"


class Platform(enum.StrEnum):
    SNAPCHAT = "snapchat"
    INSTAGRAM = "instagram"
    WHATSAPP = "whatsapp"
    TIKTOK = "tiktok"
    OTHER_APP = "other_app"
    UNKNOWN = "unknown"


class Sharing(enum.StrEnum):
    NONE = "none"
    PARTNER = "partner"
    PEERS = "peers"
    PUBLIC = "public"


class Category(enum.StrEnum):
    EXPERIMENTAL = "experimental"
    AGGRAVATED = "aggravated"
    NOT_YOUTH_PRODUCED = "not_youth_produced"


class Subtype(enum.StrEnum):
    ROMANTIC = "romantic"
    SEXUAL_ATTENTION_SEEKING = "sexual_attention_seeking"
    OTHER = "other"
    ADULT_INVOLVED = "adult_involved"
    YOUTH_INTENT_TO_HARM = "youth_intent_to_harm"
    YOUTH_RECKLESS_MISUSE = "youth_reckless_misuse"
    NOT_YOUTH_PRODUCED = "not_youth_produced"


class Pathway(enum.StrEnum):
    REFER_IMMEDIATELY = "refer_immediately"
    SPECIALIST_DISCUSSION = "specialist_discussion"
    SAFEGUARDING_PROCEDURES = "safeguarding_procedures"
    MANAGE_WITHIN_AGENCY = "manage_within_agency"
    ADULT_IMAGE_ABUSE = "adult_image_abuse"


SUBTYPE_CATEGORY: Final = {
    Subtype.ROMANTIC: Category.EXPERIMENTAL,
    Subtype.SEXUAL_ATTENTION_SEEKING: Category.EXPERIMENTAL,
    Subtype.OTHER: Category.EXPERIMENTAL,
    Subtype.ADULT_INVOLVED: Category.AGGRAVATED,
    Subtype.YOUTH_INTENT_TO_HARM: Category.AGGRAVATED,
    Subtype.YOUTH_RECKLESS_MISUSE: Category.AGGRAVATED,
    Subtype.NOT_YOUTH_PRODUCED: Category.NOT_YOUTH_PRODUCED,
}
