"""The words local exports use for the registry's columns, values and agencies."""

from __future__ import annotations

from typing import Final

from ..model.columns import COLUMNS

__all__ = [
    "AGENCY_HINTS",
    "HEADER_SYNONYMS",
    "LIKELY_VALUES",
    "UNKNOWN_SYNONYMS",
    "VALUE_SYNONYMS",
    "VULNERABILITIES",
]

_RECORD_SYNONYMS: Final = {
    "incident_id": ("ref", "id", "reference", "incidentref", "incidentreference", "incidentno",
                    "incidentnumber", "recordid", "recordref", "logid", "logref"),
    "reported_month": ("date", "datereported", "reporteddate", "dateofreport", "reportdate",
                       "datereceived", "datelogged", "month", "monthreported", "reported",
                       "dateofincident", "incidentdate"),
    "agency": ("setting", "agencytype", "reportingagency", "referrer", "referringagency",
               "organisation", "organization", "source", "settingtype"),
    "age_pictured": ("age", "ageofchild", "childage", "childsage", "ageofyoungperson", "ageyp",
                     "ageofpersonpictured", "agepictured"),
    "age_youngest_involved": ("youngestage", "ageofyoungest", "ageyoungest",
                              "ageofyoungestinvolved"),
    "gender_pictured": ("gender", "sex", "genderofchild", "childgender"),
    "platform": ("app", "appused", "service", "socialmedia", "site", "appplatform"),
    "recorded_subtype": ("subtyperecorded", "recordedtype", "typerecorded", "subtype"),
    "recorded_pathway": ("actiontaken", "action", "actions", "actionstaken", "response",
                         "responsetaken", "outcome", "pathwayrecorded", "nextsteps",
                         "actionrecorded", "whatwasdone"),
}  # fmt: skip

HEADER_SYNONYMS: Final = {
    name: _RECORD_SYNONYMS.get(name, ()) + column.synonyms
    for name, column in COLUMNS.items()
    if name in _RECORD_SYNONYMS or column.synonyms
}
"""Common local names for each dataset column, compared as ``header_key``: the record's here,
each edition's facts' in its folder's ``facts.yaml``."""

UNKNOWN_SYNONYMS: Final = ("suspected", "notsure", "unsure", "tbc", "tbd", "dontknow",
                            "unknown", "notknown", "notrecorded", "na", "", "pending")  # fmt: skip

VALUE_SYNONYMS: Final[dict[str, dict[str, tuple[str, ...]]]] = {
    "agency": {"school": ("secondaryschool", "primaryschool", "academy", "secondary", "primary",
                          "specialschool", "pru"),
               "college": ("sixthform", "fecollege", "furthereducation", "sixthformcollege"),
               "childrens_social_care": ("csc", "socialcare", "childrensservices",
                                         "socialservices", "mash", "earlyhelp"),
               "health": ("nhs", "schoolnurse", "gp", "hospital", "camhs"),
               "youth_service": ("youthclub", "youthworker", "youthservices", "yot")},
    "gender_pictured": {"female": ("f", "girl"), "male": ("m", "boy"),
                        "other": ("nonbinary", "transgender", "othergender")},
    "platform": {"snapchat": ("snap",), "instagram": ("insta", "ig"),
                 "whatsapp": ("whatsap",), "tiktok": ("tictoc",),
                 "other_app": ("other", "otherapp", "facebook", "messenger", "discord", "telegram", "x", "twitter",
                               "imessage", "text", "sms")},
    "sharing": {"none": ("notshared", "noone", "nobody", "notsent", "keptprivate"),
                "partner": ("boyfriend", "girlfriend", "partner", "betweenpartners"),
                "peers": ("friends", "peers", "classmates", "peergroup", "friend"),
                "public": ("online", "postedonline", "groupchat", "socialmedia", "posted")},
    # The guidance's responses, as a school or agency records the action it took.
    "recorded_pathway": {
        "refer_immediately": ("referredtomash", "referraltomash", "mashreferral",
                              "referredtocsc", "referredtosocialcare", "referraltocsc",
                              "referredtochildrenssocialcare", "referredtosocialservices",
                              "referredtopolice", "reportedtopolice", "policereferral",
                              "referredtomashandpolice", "referredtopoliceandmash",
                              "referredtopoliceandcsc", "referredtocscandpolice",
                              "immediatereferral", "referredimmediately"),
        "specialist_discussion": ("specialistdiscussion", "discussedwithspecialist",
                                  "discussedwithmash", "consultedmash", "advicefrommash",
                                  "mashconsultation", "discussedwithcsc", "discussedwithpolice",
                                  "advicefrompolice", "consultedpolice",
                                  "discussedwithspecialistservices"),
        "safeguarding_procedures": ("brooktrafficlighttoolused", "brooktrafficlighttool",
                                    "trafficlighttool", "trafficlighttoolused", "brooktool",
                                    "brooktoolused", "safeguardingprocedures",
                                    "safeguardingprocedurefollowed",
                                    "existingsafeguardingprocedures"),
        "manage_within_agency": ("managedinschool", "managedwithinschool", "managedbyschool",
                                 "dealtwithinschool", "handledinschool", "managedincollege",
                                 "managedwithincollege", "managedwithinagency",
                                 "managedinternally", "managedinhouse", "schoolmanaged",
                                 "managedwithintheagency", "managedwithintheschool"),
    },
}  # fmt: skip
"""Common local values for each category (and a few facts), compared as ``value_key``."""

LIKELY_VALUES: Final[dict[str, dict[str, tuple[str, ...]]]] = {
    # A strategy discussion usually follows a referral; "MASH" alone may be advice only.
    "recorded_pathway": {"specialist_discussion": ("strategydiscussion", "strategymeeting"),
                         "refer_immediately": ("mash",)},
}  # fmt: skip
"""Local values that probably mean a dataset value, proposed with ``guessed: check``. Never a
"no" for a fact: "None" in an SEN/CP/LAC column says none of those three, and being
vulnerable covers more, so it is left as a TODO for the user to decide (a wrong "no" could
take a child off the more protective route)."""

VULNERABILITIES: Final = frozenset(
    ("sen", "send", "ehcp", "cp", "cpp", "cin", "lac", "cla", "lookedafter", "childprotection",
     "childinneed", "childprotectionplan", "sensupport", "youngcarer")
)  # fmt: skip
"""What a school records as a vulnerability (SEN/CP/LAC columns): each means ``vulnerable``."""

AGENCY_HINTS: Final = {
    "school": ("pupil", "yeargroup", "yeargrp", "formgroup", "tutorgroup", "dsl", "headofyear",
               "keystage", "school"),
    "college": ("learner", "college", "course"),
    "police": ("crimeref", "officer", "collar", "occurrence"),
}  # fmt: skip
"""Words in an export's headers that say which agency keeps it (``pupil``: a school)."""
