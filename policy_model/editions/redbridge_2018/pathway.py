"""The response pathway (the guidance's Risk Management section and its lost Appendix A).

Read top to bottom as the flowchart: first response, the DSL's initial review, the decision,
the outcome. Steps the guidance does not state, rebuilt from the national advice it cites
(see appendix-a-notes), are marked ``reconstructed``. Outcome ids are the pathway slugs.
"""

from __future__ import annotations

from typing import Final

from ...model.citations import cite, reconstructed
from ...model.conditions import (
    PICTURED,
    YOUNGEST,
    AgeAtLeast,
    AgeAtMost,
    Condition,
    Fact,
    Not,
    all_of,
    any_of,
)
from ...model.graph import DecisionGraph, Outcome, Question, Stage, Step
from ...model.parameters import Lines
from ...model.vocab import Pathway
from .actions import (
    _AGGRAVATED,
    _CRITERIA,
    _EXPERIMENTAL,
    _RISK,
    ADULT_LAW,
    AVOID_CRIMINALISING,
    BROOK,
    CEOP,
    CHILD_VICTIM,
    COMMON_ACTIONS,
    DISCUSS,
    DSL_LEADS,
    ESCALATE,
    IWF,
    KEEP_IMAGERY,
    NEVER_VIEW,
    PARENTS,
    PARENTS_ADVICE,
    POLICE_RECORDING,
    REFER,
    REMOVE,
    REPORT_REMOVE,
    SAFEGUARDING_TOOLS,
    TELL_DSL,
    THRESHOLDS,
    URGENT_RISK,
    WIDER_CONTEXT,
)
from .sources import UKCCIS_2016

__all__ = [
    "ADULT_ROUTE_CITE",
    "COMMON_ACTIONS",
    "NEVER_VIEW",
    "REPORT_REMOVE",
    "URGENT_RISK",
    "everyone_adult",
    "pathway",
]

# ---- the flowchart -----------------------------------------------------------------------

ADULT_ROUTE_CITE: Final = cite(
    "For young people aged 18+ professionals may need to be aware of the Criminal Justice and "
    "Courts Act 2015",
    _AGGRAVATED,
    note="Two ages at two times. An image made of someone under 18 is an indecent image of a "
    "child (“any person below the age of 18”) whenever it comes to light, so the 18+ "
    "route needs the imagery made of someone 18 or over and nobody involved under 18 now. "
    "An age not known, or a range reaching under 18, keeps the child routes possible (the "
    "more protective reading). With both ages 18 or over nobody involved is a child, so no "
    "adult is involved “with or of a child”, whatever adult_involved says (blank "
    "settles it; yes is refused as contradictory).",
)


def everyone_adult(lines: Lines) -> Condition:
    """The 18+ route's condition: the imagery made of someone ``lines.adult`` or over, and
    nobody involved under that age now (adult involvement then cannot arise: constraints)."""
    return all_of(AgeAtLeast(lines.adult, of=PICTURED), AgeAtLeast(lines.adult, of=YOUNGEST))


def pathway(lines: Lines) -> DecisionGraph:
    """The response pathway, with the edition's age lines."""
    adult, young, acts = lines.adult, lines.young_child, lines.sexual_acts_under
    return DecisionGraph(
        id="response_pathway",
        title="Responding to youth produced sexual imagery",
        start="never_view",
        nodes=(
            # First response
            Step(
                id="never_view",
                label="Do not view, print, forward, distribute or save the imagery",
                next="immediate_response",
                cite=NEVER_VIEW.cite,
            ),
            Step(
                id="immediate_response",
                label="Reassure the young person; secure devices; record what was said",
                next="tell_dsl",
                cite=reconstructed(
                    "Reassure the young person, secure any devices, and record what was said.",
                    UKCCIS_2016,
                ),
            ),
            Step(
                id="tell_dsl",
                label="Tell the designated safeguarding lead (DSL) as soon as possible",
                next="initial_review",
                cite=TELL_DSL.cite,
            ),
            # Initial review
            Step(
                id="initial_review",
                label="DSL's initial review of the key questions: what is known about the "
                "children; how the imagery was shared; intent and motivation; impact",
                next="everyone_adult",
                stage=Stage.INITIAL_REVIEW,
                cite=cite(
                    "Key questions that professionals should consider, particularly in "
                    "relation to the context of the incident(s):",
                    _RISK,
                ),
            ),
            Question(
                id="everyone_adult",
                label=f"Was the imagery made of someone {adult} or over, and is everyone "
                f"involved, in any role, {adult} or over now, with no child involved at all?",
                when=everyone_adult(lines),
                yes=Pathway.ADULT_IMAGE_ABUSE,
                no="involves_adult",
                stage=Stage.INITIAL_REVIEW,
                cite=ADULT_ROUTE_CITE,
            ),
            Question(
                id="involves_adult",
                label="Does the incident involve an adult making, soliciting, sending, "
                "receiving or sharing imagery with or of a child, or coercing a child?",
                when=Fact("adult_involved"),
                yes=Pathway.REFER_IMMEDIATELY,
                no="coerced_or_capacity",
                stage=Stage.INITIAL_REVIEW,
                cite=reconstructed("The incident involves an adult.", UKCCIS_2016, _CRITERIA),
            ),
            Question(
                id="coerced_or_capacity",
                label="Has a young person been coerced, blackmailed (for money too: "
                "sextortion) or groomed, or is there concern about their capacity to consent?",
                when=any_of(Fact("coercion"), Fact("capacity_concern")),
                yes=Pathway.REFER_IMMEDIATELY,
                no="extreme_content",
                stage=Stage.INITIAL_REVIEW,
                cite=reconstructed(
                    "There is reason to believe that a young person has been coerced, "
                    "blackmailed or groomed, or there are concerns about their capacity to "
                    "consent (for example owing to special educational needs).",
                    UKCCIS_2016,
                    _CRITERIA,
                ),
            ),
            Question(
                id="extreme_content",
                label="Does the imagery show sexual acts unusual for the young person's "
                "developmental stage, or violence?",
                when=Fact("extreme_content"),
                yes=Pathway.REFER_IMMEDIATELY,
                no="sexual_acts_under_13",
                stage=Stage.INITIAL_REVIEW,
                cite=reconstructed(
                    "What is known about the imagery suggests the content depicts sexual acts "
                    "which are unusual for the young person's developmental stage, or are "
                    "violent.",
                    UKCCIS_2016,
                    _CRITERIA,
                ),
            ),
            Question(
                id="sexual_acts_under_13",
                label=f"Does the imagery show sexual acts, with a child under {acts} in it?",
                when=all_of(Fact("sexual_acts"), AgeAtMost(acts - 1, of=PICTURED)),
                yes=Pathway.REFER_IMMEDIATELY,
                no="immediate_risk",
                stage=Stage.INITIAL_REVIEW,
                cite=reconstructed(
                    "The imagery involves sexual acts and any child in the imagery is under 13.",
                    UKCCIS_2016,
                    _CRITERIA,
                ),
            ),
            Question(
                id="immediate_risk",
                label="Is a young person at immediate risk of harm because of the sharing "
                "(for example suicidal or self-harming)?",
                when=Fact("immediate_risk"),
                yes=Pathway.REFER_IMMEDIATELY,
                no="aggravating_conduct",
                stage=Stage.INITIAL_REVIEW,
                cite=reconstructed(
                    "There is reason to believe a young person is at immediate risk of harm "
                    "owing to the sharing of the imagery, for example presenting as suicidal "
                    "or self-harming.",
                    UKCCIS_2016,
                    _CRITERIA,
                ),
            ),
            # Decision
            Question(
                id="aggravating_conduct",
                label="Aggravated: was the imagery shared to cause harm or distress, or "
                "without the willing participation of the person pictured?",
                when=any_of(Fact("intent_to_harm"), Not(Fact("pictured_willing"))),
                yes=Pathway.SPECIALIST_DISCUSSION,
                no="young_or_vulnerable",
                cite=DISCUSS.cite,
            ),
            Question(
                id="young_or_vulnerable",
                label=f"Is anyone engaging in the incident, in any role, {young} or under "
                "(now, or the person pictured when the imagery was made), or is a young person "
                "involved vulnerable?",
                when=any_of(
                    AgeAtMost(young, of=YOUNGEST),
                    AgeAtMost(young, of=PICTURED),
                    Fact("vulnerable"),
                ),
                yes=Pathway.SAFEGUARDING_PROCEDURES,
                no=Pathway.MANAGE_WITHIN_AGENCY,
                cite=cite(
                    "If children or young people engaging in experimental incidents are aged "
                    "12 or under, or are considered to be vulnerable then existing "
                    "safeguarding procedures and risk assessments/tools should be used e.g. "
                    "Brook Sexual Behaviours Traffic Light Tool.",
                    _EXPERIMENTAL,
                    note="Two ages at two times: a child pictured at 12 engaged in the incident "
                    "aged 12, though older when it comes to light, so the rule reads the age "
                    "pictured as well as the youngest involved now (the more protective "
                    "reading).",
                ),
            ),
            # Outcomes
            Outcome(
                id=Pathway.REFER_IMMEDIATELY,
                label="Refer immediately to children's social care and/or police",
                cite=REFER.cite,
                actions=(
                    REFER,
                    CHILD_VICTIM,
                    KEEP_IMAGERY,
                    REPORT_REMOVE,
                    PARENTS_ADVICE,
                    THRESHOLDS,
                    IWF,
                    CEOP,
                    POLICE_RECORDING,
                    AVOID_CRIMINALISING,
                ),
            ),
            Outcome(
                id=Pathway.SPECIALIST_DISCUSSION,
                label="Discuss with specialist children's services and/or police",
                cite=DISCUSS.cite,
                actions=(
                    DISCUSS,
                    KEEP_IMAGERY,
                    REPORT_REMOVE,
                    THRESHOLDS,
                    WIDER_CONTEXT,
                    PARENTS,
                    IWF,
                    CEOP,
                    POLICE_RECORDING,
                    AVOID_CRIMINALISING,
                ),
            ),
            Outcome(
                id=Pathway.SAFEGUARDING_PROCEDURES,
                label="Existing safeguarding procedures and risk assessment (Brook Traffic "
                "Light Tool)",
                cite=SAFEGUARDING_TOOLS.cite,
                actions=(
                    SAFEGUARDING_TOOLS,
                    BROOK,
                    WIDER_CONTEXT,
                    PARENTS,
                    REMOVE,
                    AVOID_CRIMINALISING,
                    ESCALATE,
                ),
            ),
            Outcome(
                id=Pathway.MANAGE_WITHIN_AGENCY,
                label="Manage within the agency, led by the DSL",
                cite=DSL_LEADS.cite,
                actions=(DSL_LEADS, PARENTS, REMOVE, AVOID_CRIMINALISING, ESCALATE),
            ),
            Outcome(
                id=Pathway.ADULT_IMAGE_ABUSE,
                label="18+ route: nobody under 18 involved (Criminal Justice and Courts Act 2015)",
                cite=ADULT_LAW.cite,
                actions=(ADULT_LAW,),
            ),
        ),
    )
