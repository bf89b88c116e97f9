"""The actions the response pathway asks for at its steps and outcomes, each with its source."""

from __future__ import annotations

from typing import Final

from ...model.citations import cite, reconstructed
from ...model.conditions import Fact
from ...model.graph import Action
from .sources import BROOK_2016, COLLEGE_OF_POLICING_2016, UKCCIS_2016, UKCIS_2020

__all__ = [
    "ADULT_LAW",
    "AVOID_CRIMINALISING",
    "BROOK",
    "CEOP",
    "CHILD_VICTIM",
    "COMMON_ACTIONS",
    "DISCUSS",
    "DSL_LEADS",
    "ESCALATE",
    "IWF",
    "JUDGEMENT",
    "KEEP_IMAGERY",
    "NEVER_VIEW",
    "PARENTS",
    "PARENTS_ADVICE",
    "POLICE_RECORDING",
    "RECORD",
    "REFER",
    "REMOVE",
    "REPORT_REMOVE",
    "SAFEGUARDING_TOOLS",
    "TELL_DSL",
    "THRESHOLDS",
    "URGENT_RISK",
    "WIDER_CONTEXT",
]

_RISK = "Risk Management"
_EXPERIMENTAL = "Experimental 'Sexting'"
_AGGRAVATED = "Aggravated 'Sexting'"
_CRITERIA = "Appendix A (reconstructed): immediate referral criteria"

# ---- actions asked for at the outcomes ------------------------------------------------------

NEVER_VIEW: Final = Action(
    "never_view",
    "Do not view the imagery; do not “print, forward, distribute or save” it unless "
    "police advice has been given, and never ask a child to send or show it.",
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
    "The prosecution or criminalisation of children for taking indecent images of themselves "
    "and sharing them should be avoided where possible.",
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
IWF: Final = Action(
    "report_iwf",
    "Report imagery that is online to the Internet Watch Foundation, to report criminal "
    "content on-line and instigate a removal notice.",
    cite(
        "to report criminal content on-line and instigate a removal notice",
        "Other guidance and resources",
    ),
)
CEOP: Final = Action(
    "report_ceop",
    "Where an adult may be exploiting a child online, report the concern to CEOP (Child "
    "Exploitation and On-line Protection), to a Child Protection Advisor.",
    cite("to report concerns to a Child Protection Advisor", "Other guidance and resources"),
)
URGENT_RISK: Final = Action(
    "urgent_risk",
    "If anyone is at immediate risk of harm, act on that first: call 999 (the emergency "
    "services or the police) now. Shown too while the risk is not known, as a precaution.",
    cite(
        "Immediate risk of harm",
        "Risk Management: key questions",
        note="The guidance names immediate risk as a key question, not what to do about it; "
        "the model asks for the emergency step wherever the risk is yes, and while it is not "
        "known, as a precaution (the more protective reading).",
    ),
    when=Fact("immediate_risk"),
)
REPORT_REMOVE: Final = Action(
    "report_remove",
    "Offer the young person pictured Report Remove (Childline and the Internet Watch "
    "Foundation) to get nude imagery of them taken down online, with Childline's support; "
    "it asks nobody to view or delete anything.",
    reconstructed(
        "A young person can report nude imagery of themselves that is online through "
        "Childline's Report Remove, with the Internet Watch Foundation, to have it removed.",
        UKCIS_2020,
    ),
)
CHILD_VICTIM: Final = Action(
    "child_is_victim",
    "An adult is involved: the child pictured, or the child the adult involved, is a victim of "
    "that adult's offence, not an offender, and needs support.",
    cite(
        "An adult (aged 18 or over) has developed a relationship with and/or coerced a child "
        "(17 or under) in criminal sex offences.",
        _AGGRAVATED,
        note="The offences are the adult's: the model reads the child as their victim, to be "
        "supported, whichever role the child had (the more protective reading).",
    ),
    when=Fact("adult_involved"),
)
JUDGEMENT: Final = Action(
    "professional_judgement",
    "This supports, and does not replace, the professional judgement of the DSL and the "
    "agency, informed by risk assessment tools and the threshold document.",
    cite(
        "It is expected that all agencies will exercise professional judgement regarding "
        "responding to sexting, using any risk assessment tools and the threshold document to "
        "inform decision making.",
        _RISK,
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

COMMON_ACTIONS: Final = (URGENT_RISK, NEVER_VIEW, TELL_DSL, RECORD, JUDGEMENT)
"""Asked for at every outcome (the emergency step wherever immediate risk is yes or not
known)."""
