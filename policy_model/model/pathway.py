"""The response pathway (the guidance's Risk Management section and its lost Appendix A).

Read top to bottom as the flowchart: first response, the DSL's initial review, the decision,
the outcome. Steps the guidance does not state, rebuilt from the national advice it cites
(see appendix-a-notes), are marked ``reconstructed``. Outcome ids are the pathway slugs.
"""

from __future__ import annotations

from typing import Final

from .citations import (
    BROOK_2016,
    COLLEGE_OF_POLICING_2016,
    UKCCIS_2016,
    UKCIS_2020,
    cite,
    reconstructed,
)
from .conditions import AgeAtLeast, AgeAtMost, Fact, Is, all_of, any_of
from .graph import Action, DecisionGraph, Outcome, Question, Stage, Step
from .vocab import Category, Pathway

__all__ = ["COMMON_ACTIONS", "PATHWAY"]

_RISK = "Risk Management"
_EXPERIMENTAL = "Experimental 'Sexting'"
_AGGRAVATED = "Aggravated 'Sexting'"
_CRITERIA = "Appendix A (reconstructed): immediate referral criteria"

# ---- actions asked for at the outcomes ------------------------------------------------------

NEVER_VIEW: Final = Action(
    "never_view",
    "Do not view, print, forward, distribute or save the imagery unless police advise it.",
    cite(
        "Professionals must not print, forward, distribute or save any images or content "
        "believed to be an indecent image unless Police advice has been given.",
        _RISK,
    ),
)
RECORD: Final = Action(
    "record_decisions",
    "Record the incident, every decision and the reason for it.",
    reconstructed(
        "Record all incidents, the decisions made and the reasons for them.", UKCCIS_2016
    ),
)
PARENTS: Final = Action(
    "involve_parents",
    "Involve parents or carers early, unless that would put the young person at risk of harm.",
    reconstructed(
        "Parents should be informed and involved in the process at an early stage unless "
        "informing the parent will put the young person at risk of harm.",
        UKCCIS_2016,
    ),
)
PARENTS_ADVICE: Final = Action(
    "parents_on_advice",
    "Follow children's social care or police advice on when and how parents are told.",
    reconstructed(
        "Where a referral is made, agree with children's social care or the police when "
        "parents are informed.",
        UKCCIS_2016,
    ),
)
REFER: Final = Action(
    "refer_now",
    "Refer now to children's social care (the MASH) and/or the police.",
    reconstructed(
        "An immediate referral to police and/or children's social care should be made if at "
        "this initial stage any of the criteria apply.",
        UKCCIS_2016,
    ),
)
KEEP_IMAGERY: Final = Action(
    "do_not_delete",
    "Do not delete the imagery or ask the young people to delete it; secure the devices "
    "(switched off or in flight mode) until the police advise.",
    reconstructed(
        "Devices are secured (switched off or flight mode) and imagery is not deleted before "
        "police advice.",
        UKCCIS_2016,
    ),
)
THRESHOLDS: Final = Action(
    "threshold_document",
    "Use the Redbridge threshold document to decide the level of response.",
    cite(
        "Consideration should be given to the Redbridge threshold document",
        _AGGRAVATED,
    ),
)
DISCUSS: Final = Action(
    "discuss_specialist",
    "Discuss the incident with specialist children's services and/or the police.",
    cite(
        "Aggravated cases are likely to need to be discussed with specialist children's "
        "services and/or the police.",
        _AGGRAVATED,
    ),
)
WIDER_CONTEXT: Final = Action(
    "wider_context",
    "Gather and consider the wider contextual information.",
    cite("The wider contextual information will also need to be considered.", _EXPERIMENTAL),
)
POLICE_RECORDING: Final = Action(
    "police_outcome_21",
    "Where police are involved: they record the incident as a crime; for non-abusive "
    "making and sharing with no exploitation, grooming, profit motive, malice or persistent "
    "behaviour, Outcome 21 (further investigation not in the public interest) may apply, so "
    "that a child is not criminalised.",
    reconstructed(
        "Outcome 21 may be the most appropriate resolution where the making and sharing is "
        "non-abusive and there is no evidence of exploitation, grooming, profit motive, "
        "malicious intent or persistent behaviour.",
        COLLEGE_OF_POLICING_2016,
        section="Recording and outcomes",
    ),
)
AVOID_CRIMINALISING: Final = Action(
    "avoid_criminalising",
    "Avoid criminalising the children and young people involved.",
    cite(
        "Professionals should be aware the prosecution or criminalisation of children for "
        "taking indecent images of themselves and sharing them should be avoided where possible.",
        "What is 'Sexting'?",
    ),
)
SAFEGUARDING_TOOLS: Final = Action(
    "safeguarding_procedures",
    "Follow existing safeguarding procedures and risk assessments.",
    cite(
        "existing safeguarding procedures and risk assessments/tools should be used",
        _EXPERIMENTAL,
    ),
)
BROOK: Final = Action(
    "brook_traffic_light",
    "Use the Brook Sexual Behaviours Traffic Light Tool to judge whether the behaviour is "
    "healthy (green), needs attention (amber) or needs immediate intervention (red).",
    reconstructed(
        "Green: healthy development; amber: take notice and gather information; red: "
        "immediate intervention. Taking and sending naked images of self or others is amber "
        "for 13 to 17 year olds.",
        BROOK_2016,
        section="Traffic light tool, 2016 edition",
    ),
)
DSL_LEADS: Final = Action(
    "dsl_leads",
    "The DSL leads the response within the agency, with support and education for the "
    "young people involved.",
    reconstructed(
        "If none of the criteria apply, the setting may decide to respond to the incident "
        "without involving the police or children's social care.",
        UKCCIS_2016,
    ),
)
REMOVE: Final = Action(
    "delete_and_remove",
    "Ask the young people to delete the imagery; report imagery online to the platform, the "
    "Internet Watch Foundation, or Childline's Report Remove.",
    reconstructed(
        "Young people are asked to delete the imagery; imagery online can be reported to the "
        "platform, to the Internet Watch Foundation, or through Childline's Report Remove.",
        UKCIS_2020,
    ),
)
ESCALATE: Final = Action(
    "escalate_any_time",
    "Escalate to children's social care or the police at any time if new concerns arise.",
    reconstructed(
        "At any point, a concern that a young person has been harmed or is at risk of harm "
        "means an immediate referral.",
        UKCCIS_2016,
    ),
)
ADULT_LAW: Final = Action(
    "adult_law",
    "Support the person pictured; sharing sexual images of an adult without consent, to "
    "cause distress, is an offence under the Criminal Justice and Courts Act 2015.",
    cite(
        "sexually explicit images or videos of adults sent without consent electronically, "
        "with the intent to cause distress, is illegal.",
        _AGGRAVATED,
    ),
)
CHILD_RECIPIENT: Final = Action(
    "child_recipient",
    "If a child received or was shown the imagery, follow child protection procedures for "
    "that child.",
    reconstructed(
        "Where a child has been sent or shown sexual imagery of an adult, child protection "
        "procedures apply.",
        UKCIS_2020,
    ),
)

TELL_DSL: Final = Action(
    "tell_dsl",
    "Tell the designated safeguarding lead (DSL), who leads the response and its decisions.",
    cite(
        "professionals are recommended to discuss their concerns with their agency "
        "designated/named safeguarding lead e.g. in schools this is the Designated "
        "Safeguarding Lead (DSL).",
        _RISK,
    ),
)

COMMON_ACTIONS: Final = (NEVER_VIEW, TELL_DSL, RECORD)

# ---- the flowchart -----------------------------------------------------------------------

PATHWAY: Final = DecisionGraph(
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
            next="pictured_is_adult",
            stage=Stage.INITIAL_REVIEW,
            cite=cite(
                "Key questions that professionals should consider, particularly in relation "
                "to the context of the incident(s):",
                _RISK,
            ),
        ),
        Question(
            id="pictured_is_adult",
            label="Is the youngest person pictured 18 or over?",
            when=AgeAtLeast(18),
            yes=Pathway.ADULT_IMAGE_ABUSE,
            no="involves_adult",
            stage=Stage.INITIAL_REVIEW,
            cite=cite(
                "For young people aged 18+ professionals may need to be aware of the "
                "Criminal Justice and Courts Act 2015",
                _AGGRAVATED,
            ),
        ),
        Question(
            id="involves_adult",
            label="Does the incident involve an adult?",
            when=Fact("adult_involved"),
            yes=Pathway.REFER_IMMEDIATELY,
            no="coerced_or_capacity",
            stage=Stage.INITIAL_REVIEW,
            cite=reconstructed("The incident involves an adult.", UKCCIS_2016, _CRITERIA),
        ),
        Question(
            id="coerced_or_capacity",
            label="Has a young person been coerced, blackmailed or groomed, or is there "
            "concern about their capacity to consent?",
            when=any_of(Fact("coercion"), Fact("capacity_concern")),
            yes=Pathway.REFER_IMMEDIATELY,
            no="extreme_content",
            stage=Stage.INITIAL_REVIEW,
            cite=reconstructed(
                "There is reason to believe that a young person has been coerced, blackmailed "
                "or groomed, or there are concerns about their capacity to consent (for "
                "example owing to special educational needs).",
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
                "which are unusual for the young person's developmental stage, or are violent.",
                UKCCIS_2016,
                _CRITERIA,
            ),
        ),
        Question(
            id="sexual_acts_under_13",
            label="Does the imagery show sexual acts, with a child under 13 in it?",
            when=all_of(Fact("sexual_acts"), AgeAtMost(12)),
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
            no="is_aggravated",
            stage=Stage.INITIAL_REVIEW,
            cite=reconstructed(
                "There is reason to believe a young person is at immediate risk of harm owing "
                "to the sharing of the imagery, for example presenting as suicidal or "
                "self-harming.",
                UKCCIS_2016,
                _CRITERIA,
            ),
        ),
        # Decision
        Question(
            id="is_aggravated",
            label="Is the incident aggravated (see the typology)?",
            when=Is("category", (Category.AGGRAVATED,)),
            yes=Pathway.SPECIALIST_DISCUSSION,
            no="young_or_vulnerable",
            cite=DISCUSS.cite,
        ),
        Question(
            id="young_or_vulnerable",
            label="Is the youngest child pictured 12 or under, or is a young person involved "
            "vulnerable?",
            when=any_of(AgeAtMost(12), Fact("vulnerable")),
            yes=Pathway.SAFEGUARDING_PROCEDURES,
            no=Pathway.MANAGE_WITHIN_AGENCY,
            cite=cite(
                "If children or young people engaging in experimental incidents are aged 12 "
                "or under, or are considered to be vulnerable then existing safeguarding "
                "procedures and risk assessments/tools should be used e.g. Brook Sexual "
                "Behaviours Traffic Light Tool.",
                _EXPERIMENTAL,
            ),
        ),
        # Outcomes
        Outcome(
            id=Pathway.REFER_IMMEDIATELY,
            label="Refer immediately to children's social care and/or police",
            cite=REFER.cite,
            actions=(REFER, KEEP_IMAGERY, PARENTS_ADVICE, THRESHOLDS, POLICE_RECORDING),
        ),
        Outcome(
            id=Pathway.SPECIALIST_DISCUSSION,
            label="Discuss with specialist children's services and/or police",
            cite=DISCUSS.cite,
            actions=(DISCUSS, THRESHOLDS, WIDER_CONTEXT, PARENTS, POLICE_RECORDING),
        ),
        Outcome(
            id=Pathway.SAFEGUARDING_PROCEDURES,
            label="Existing safeguarding procedures and risk assessment (Brook Traffic Light Tool)",
            cite=SAFEGUARDING_TOOLS.cite,
            actions=(SAFEGUARDING_TOOLS, BROOK, WIDER_CONTEXT, PARENTS, REMOVE, ESCALATE),
        ),
        Outcome(
            id=Pathway.MANAGE_WITHIN_AGENCY,
            label="Manage within the agency, led by the DSL",
            cite=DSL_LEADS.cite,
            actions=(DSL_LEADS, PARENTS, REMOVE, AVOID_CRIMINALISING, ESCALATE),
        ),
        Outcome(
            id=Pathway.ADULT_IMAGE_ABUSE,
            label="18+ route: Criminal Justice and Courts Act 2015",
            cite=ADULT_LAW.cite,
            actions=(ADULT_LAW, CHILD_RECIPIENT),
        ),
    ),
)
