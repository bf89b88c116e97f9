"""Propose a mapping file for a local export: match its headers and values to the registry's.

What matches is written; identifying or free-text columns are dropped with the reason; what
could not be matched is left as ``# TODO`` lines (which ``read_mapping`` refuses until they are
settled by hand), with the distinct local values listed unless the column could identify
someone. Dates are never listed.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import re
from typing import Final

import pyarrow as pa
import pyarrow.compute as pc

from ..model.columns import COLUMNS, Column, Kind
from ..model.incident import FactError, parse_age, parse_fact
from . import blanks, guard
from .mapping import header_key, month_of, value_key
from .year_groups import SCHEMES, year_group_range

__all__ = ["HEADER_SYNONYMS", "VALUE_SYNONYMS", "Proposal", "propose_mapping"]

_LISTED: Final = 20
_LOOKED_AT: Final = 200_000  # rows whose values are looked at; enough to see the categories

HEADER_SYNONYMS: Final = {
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
    "sharing": ("sharedwith", "shared", "whoitwassentto", "sentto", "distribution"),
    "adult_involved": ("adult", "adultinvolvement", "adultsinvolved"),
    "intent_to_harm": ("intenttocauseharm", "malicious", "harmfulintent", "intenttoharm",
                       "senttohurtorembarrass", "senttohurt", "senttoembarrass",
                       "tohurtorembarrass", "senttohumiliate", "sentmaliciously"),
    "coercion": ("coerced", "blackmail", "grooming", "coercionorblackmail", "threats",
                 "pressuredcoerced", "pressuredorcoerced", "pressured", "coercedpressured"),
    "pictured_willing": ("willing", "consensual", "consent", "willingparticipant"),
    "sexual_motive": ("sexualmotivation", "motive"),
    "vulnerable": ("vulnerability", "vulnerablechild", "vulnerabilities", "sencplac", "sen",
                   "send", "lac", "cla", "cp", "senlac", "sencp", "sendcplac", "sendlac",
                   "lookedafter", "additionalneeds"),
    "capacity_concern": ("capacity", "capacitytoconsent"),
    "sexual_acts": ("sexualactivity", "acts"),
    "extreme_content": ("extreme", "violent", "violentcontent"),
    "immediate_risk": ("risk", "riskofharm", "atrisk"),
    "multiple_incidents": ("repeat", "repeated", "repeatincident", "repeatincidents"),
    "previous_agency_involvement": ("previousinvolvement", "knowntoservices",
                                    "previousagency", "knowntosocialcare"),
    "recorded_subtype": ("subtyperecorded", "recordedtype", "typerecorded", "subtype"),
    "recorded_pathway": ("actiontaken", "action", "actions", "actionstaken", "response",
                         "responsetaken", "outcome", "pathwayrecorded", "nextsteps",
                         "actionrecorded", "whatwasdone"),
}  # fmt: skip
"""Common local names for each dataset column, compared as ``header_key``."""

_UNKNOWN_SYNONYMS: Final = ("suspected", "notsure", "unsure", "tbc", "tbd", "dontknow",
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

_LIKELY_VALUES: Final[dict[str, dict[str, tuple[str, ...]]]] = {
    # A strategy discussion usually follows a referral; "MASH" alone may be advice only.
    "recorded_pathway": {"specialist_discussion": ("strategydiscussion", "strategymeeting"),
                         "refer_immediately": ("mash",)},
}  # fmt: skip
"""Local values that probably mean a dataset value, proposed with ``guessed: check``. Never a
"no" for a fact: "None" in an SEN/CP/LAC column says none of those three, and being
vulnerable covers more, so it is left as a TODO for the user to decide (a wrong "no" could
take a child off the more protective route)."""

_VULNERABILITIES: Final = frozenset(
    ("sen", "send", "ehcp", "cp", "cpp", "cin", "lac", "cla", "lookedafter", "childprotection",
     "childinneed", "childprotectionplan", "sensupport", "youngcarer")
)  # fmt: skip
"""What a school records as a vulnerability (SEN/CP/LAC columns): each means ``vulnerable``."""


@dataclasses.dataclass(frozen=True, slots=True)
class Proposal:
    """A proposed mapping's text and what it did."""

    text: str
    mapped: int
    dropped: int
    todo: int
    constants: int = 0
    """Columns given one value for every row (``constants:``)."""
    not_known: int = 0
    """Columns declared not known for every row (``not_known:``)."""


def _q(text: str) -> str:
    """A YAML scalar that reads back as exactly ``text``."""
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9 _'()&/+.-]*[A-Za-z0-9)]|[A-Za-z]", text) and not (
        ": " in text or " #" in text
    ):
        return text
    return json.dumps(text, ensure_ascii=False)


_HEADERS: Final = (
    {header_key(s): name for name, synonyms in HEADER_SYNONYMS.items() for s in synonyms}
    | {header_key(c.label): c.name for c in COLUMNS.values()}
    | {header_key(name): name for name in COLUMNS}
)


def _target(header: str) -> tuple[str | None, str]:
    """The dataset column a header names, and how sure (``""`` or ``"guessed"``)."""
    key = header_key(header)
    what = guard.identifying_column(header)
    if what and not (what == "an exact date" and _HEADERS.get(key) == "reported_month"):
        return None, ""  # never proposed for mapping, however it matches (a date is cut)
    if key in _HEADERS:
        return _HEADERS[key], ""
    close = difflib.get_close_matches(key, list(_HEADERS), n=1, cutoff=0.85)
    return (_HEADERS[close[0]], "guessed") if close else (None, "")


def _distinct(column: pa.ChunkedArray) -> list[str]:
    head = column.slice(0, _LOOKED_AT)
    counts = pc.value_counts(head).to_pylist()
    counts.sort(key=lambda c: -c["counts"])
    return [c["values"] for c in counts]


def _accepted(column: Column, word: str) -> bool:
    """Whether the loader takes ``word`` for ``column`` without a mapping."""
    try:
        if column.kind == Kind.FACT:
            parse_fact(column.name, word)
        elif column.kind == Kind.AGE:
            parse_age(word, column.name)
        elif column.kind == Kind.CATEGORY:
            keys = {value_key(v) for v in column.values}
            keys |= {value_key(column.value_label(v)) for v in column.values}
            optional = column.may_be_unknown or not column.required
            return value_key(word) in keys or (optional and value_key(word) in ("", "unknown"))
    except FactError:
        return False
    return True


def _value_for(column: Column, word: str) -> tuple[str | None, str]:
    """The dataset value a local value means, and a note (``guessed``), or None."""
    key = value_key(word)
    for value, synonyms in VALUE_SYNONYMS.get(column.name, {}).items():
        if key in synonyms:
            return value, ""
    for value, synonyms in _LIKELY_VALUES.get(column.name, {}).items():
        if key in synonyms:
            return value, "guessed"
    words = [value_key(w) for w in re.split(r"[/,;&+]|\band\b", word.lower()) if w.strip()]
    if column.name == "vulnerable" and words and all(w in _VULNERABILITIES for w in words):
        return "yes", ""
    can_be_unknown = column.kind != Kind.CATEGORY or (
        column.may_be_unknown or not column.required or "unknown" in column.values
    )
    if key in _UNKNOWN_SYNONYMS and can_be_unknown:
        return "unknown", ""
    if column.kind == Kind.AGE and (
        number := re.fullmatch(r"(\d{1,2})(?:\.0+|\s*(?:years?|yrs?))", word.strip().lower())
    ):
        return number[1], ""
    if column.kind == Kind.CATEGORY:
        labels = {value_key(column.value_label(v)): v for v in column.values}
        labels |= {value_key(v): v for v in column.values}
        close = difflib.get_close_matches(key, list(labels), n=1, cutoff=0.8)
        if close:
            return labels[close[0]], "guessed"
    return None, ""


def _listing(values: list[str]) -> str:
    shown = ", ".join(_q(v) if v else '""' for v in values[:_LISTED])
    more = f", and {len(values) - _LISTED} more" if len(values) > _LISTED else ""
    return f"{shown}{more}"


def _looks_identifying(column: pa.ChunkedArray, distinct: list[str]) -> bool:
    head = column.slice(0, _LOOKED_AT)
    if guard.identifying_values(head.combine_chunks()) or guard.initials_column(head):
        return True
    return len(distinct) > _LISTED and len(distinct) > len(head) // 2


def propose_mapping(table: pa.Table, *, source: str = "the export") -> Proposal:
    """A mapping (YAML text, with comments) for ``table``'s headers and values; blank rows
    and a trailing totals row are not looked at (the loader skips them too)."""
    ids = [h for h in table.column_names if _target(h)[0] in ("incident_id", "reported_month")]
    skip, skipped = blanks.find(table, ids=ids)
    if skipped.count:
        table = table.filter(pa.array(~skip))
    columns: list[str] = []
    drops: list[str] = []
    values: list[str] = []
    todo_columns: list[str] = []
    date_format: str | None = None
    used: dict[str, str] = {}
    ranges: list[str] = []
    mapped = 0
    for header in table.column_names:
        target, note = _target(header)
        if target is None and "age_pictured" not in used and _year_groups(table[header]):
            used["age_pictured"] = header
            ranges.append(f"  {_q(header)}: {{column: age_pictured, scheme: {SCHEMES[0]}}}")
            continue
        if target is not None and target in used:
            todo_columns.append(
                f"  # TODO: {header!r} also looks like {target} (already mapped from "
                f"{used[target]!r}): map it to another column, or drop it"
            )
            continue
        if target is None:
            what = guard.identifying_column(header)
            if what:
                drops.append(f"  - {_q(header)}   # may hold {what}: never read")
                continue
            distinct = _distinct(table[header])
            todo_columns.append(
                f"  # TODO: {header!r} matches no dataset column: map it "
                f"({_q(header)}: COLUMN) or add it to drop"
            )
            if _looks_identifying(table[header], distinct):
                todo_columns.append(
                    "  #   (values not listed: they may identify someone or be free text; drop "
                    "it unless it is a category)"
                )
            else:
                todo_columns.append(f"  #   values seen: {_listing(distinct)}")
            continue
        used[target] = header
        mapped += 1
        column = COLUMNS[target]
        comment = ""
        if target == "reported_month":
            comment = "   # exact dates are cut to YYYY-MM on reading, never kept"
        elif note:
            comment = f"   # {note}: check this is {column.label.lower()}"
        if header != target or comment:
            columns.append(f"  {_q(header)}: {target}{comment}")
        if column.kind == Kind.MONTH:
            date_format = _dates(table[header], values) or date_format
            continue
        if column.kind == Kind.ID:
            continue
        entries: list[str] = []
        unmatched: list[str] = []
        for word in _distinct(table[header]):
            if _accepted(column, word):
                continue
            value, why = _value_for(column, word)
            if value is None:
                unmatched.append(word)
            else:
                guess = f"   # {why}: check" if why else ""
                entries.append(f"    {_q(word)}: {_q(value)}{guess}")
        if entries or unmatched:
            values.append(f"  {target}:")
            values.extend(entries)
            if unmatched:
                optional = column.may_be_unknown or not column.required
                extra = ["unknown"] if optional and "unknown" not in column.values else []
                choices = [*column.values, *extra]
                expected = {Kind.FACT: "yes, no or unknown", Kind.AGE: "an age or unknown"}.get(
                    column.kind, f"one of {choices}"
                )
                values.append(
                    f"    # TODO: {len(unmatched)} value(s) of {header!r} not matched; map each "
                    f"to {expected}:"
                )
                values.append(f"    #   {_listing(unmatched)}")
    missing = [n for n in COLUMNS.required if n not in used and n not in table.column_names]
    lacking = [n for n in missing if COLUMNS[n].kind in (Kind.ID, Kind.MONTH)]
    constants, not_known = _added(missing, table.column_names)
    lines = [
        f"# Mapping proposed by `policy-model map` for {source}: check every line.",
        "# Identifying and free-text columns are dropped (never read). Settle every TODO line",
        "# (map, drop, or delete it): classify refuses a mapping with a TODO left.",
        "columns:",
        *columns,
        *todo_columns,
        *(f"  # TODO: no column found for {n} ({COLUMNS[n].label}), which is required"
          for n in lacking),
    ]  # fmt: skip
    if len(lines) == 4:
        lines.append("  {}")  # pragma: no cover - every export has some column
    if values:
        lines += ["values:", *values]
    if drops:
        lines += ["drop:", *drops]
    if date_format:
        lines.append(f'date_format: "{date_format}"')
    if ranges:
        lines += [
            "age_ranges:   # school year groups, read as the ages a pupil of that year can be",
            "              # (England: Year 9 is 13 or 14); the model keeps both possible",
            *ranges,
        ]
    if constants:
        lines += [
            "constants:   # columns the export lacks: the value every row takes",
            *constants,
        ]
    if not_known:
        lines += [
            "not_known:   # columns the export does not record: not known for every row, so",
            "             # the model keeps open every outcome they could lead to. If the export",
            "             # does record one, map its column instead (columns:) and delete it here.",
            *not_known,
        ]
    text = "\n".join(lines) + "\n"
    todo = sum(1 for line in lines if "# TODO" in line)
    return Proposal(
        text,
        mapped,
        len(drops),
        todo,
        constants=sum(1 for line in constants if not line.lstrip().startswith("#")),
        not_known=len(not_known),
    )


_AGENCY_HINTS: Final = {
    "school": ("pupil", "yeargroup", "yeargrp", "formgroup", "tutorgroup", "dsl", "headofyear",
               "keystage", "school"),
    "college": ("learner", "college", "course"),
    "police": ("crimeref", "officer", "collar", "occurrence"),
}  # fmt: skip
"""Words in an export's headers that say which agency keeps it (``pupil``: a school)."""


def _agency(headers: list[str]) -> tuple[str | None, list[str]]:
    """The one agency the headers point to, and the headers that do; else None."""
    found: dict[str, list[str]] = {}
    for header in headers:
        key = header_key(header)
        for agency, hints in _AGENCY_HINTS.items():
            if any(h in key for h in hints):
                found.setdefault(agency, []).append(header)
    if len(found) == 1:
        agency, by = next(iter(found.items()))
        return agency, by
    return None, []


def _added(missing: list[str], headers: list[str]) -> tuple[list[str], list[str]]:
    """Lines for ``constants:`` and ``not_known:`` giving the required columns the export
    lacks: the agency when the headers show it (else a TODO), ``unknown`` for a category
    that is never blank, not known for every fact, age and category that may be."""
    constants: list[str] = []
    not_known: list[str] = []
    for name in missing:
        column = COLUMNS[name]
        if column.kind in (Kind.ID, Kind.MONTH):
            continue
        if name == "agency":
            agency, by = _agency(headers)
            if agency is None:
                constants.append(
                    f"  # TODO: no column found for agency: give the agency that recorded "
                    f"these, one of {list(column.values)} (e.g. agency: school)"
                )
            else:
                shown = ", ".join(repr(h) for h in by[:3])
                constants.append(
                    f"  agency: {agency}   # the headers ({shown}) look like a {agency}'s: check"
                )
        elif column.may_be_unknown:
            not_known.append(f"  - {name}   # {column.label}")
        elif "unknown" in column.values:
            constants.append(f"  {name}: unknown   # {column.label}: no column found")
        else:  # pragma: no cover - every required category may be unknown or is the agency
            constants.append(f"  # TODO: no column found for {name} ({column.label})")
    return constants, not_known


def _year_groups(column: pa.ChunkedArray) -> bool:
    """Whether a column holds school year groups (``Year 8``, ``Y10``, ``Reception``): most of
    its values are, and some name a year (a column of small numbers alone is not enough)."""
    distinct = [w for w in _distinct(column) if w.strip()]
    if not distinct:
        return False
    read = [w for w in distinct if year_group_range(w) is not None]
    named = any(not w.strip().isdigit() for w in read)
    return named and len(read) >= 0.8 * len(distinct)


def _dates(column: pa.ChunkedArray, values: list[str]) -> str | None:
    """A date_format if the dates read month first only; unreadable dates are a TODO, unlisted."""
    words = [w for w in _distinct(column) if w.strip()]
    unread = [w for w in words if month_of(w, dates=True) is None]
    if not unread:
        return None
    if all(month_of(w, dates=True, date_format="%m/%d/%Y") for w in words):
        return "%m/%d/%Y"
    values.append(
        f"  # TODO: {len(unread)} distinct value(s) of the date column could not be read as dates "
        '(not listed: they may be exact dates); set date_format (e.g. "%d/%m/%Y") or fix them'
    )
    return None
