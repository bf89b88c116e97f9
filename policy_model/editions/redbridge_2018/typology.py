"""The typology (Wolak & Finkelhor 2011, as the guidance states it), as a decision graph.

Read top to bottom: the first question answered "yes" decides the subtype.
Outcome ids are the subtype slugs. The age line is a parameter of the edition (``Lines``).
"""

from __future__ import annotations

from ...model.citations import cite
from ...model.conditions import PICTURED, AgeAtLeast, Fact, Is, Not, any_of
from ...model.graph import DecisionGraph, Outcome, Question
from ...model.parameters import Lines
from ...model.vocab import Subtype

__all__ = ["typology"]

_WHAT = "What is 'Sexting'?"
_EXPERIMENTAL = "Experimental 'Sexting'"
_AGGRAVATED = "Aggravated 'Sexting'"


def typology(lines: Lines) -> DecisionGraph:
    """The typology, with the edition's age lines."""
    return DecisionGraph(
        id="typology",
        title="Typology of youth produced sexual imagery (Wolak & Finkelhor 2011)",
        start="pictured_is_adult",
        nodes=(
            Question(
                id="pictured_is_adult",
                label=f"Was the youngest person pictured {lines.adult} or over when the imagery "
                "was made?",
                when=AgeAtLeast(lines.adult, of=PICTURED),
                yes=Subtype.NOT_YOUTH_PRODUCED,
                no="involves_adult",
                cite=cite(
                    "indecent images (including films) of any person below the age of 18",
                    _WHAT,
                ),
            ),
            Question(
                id="involves_adult",
                label=f"Was an adult ({lines.adult}+) involved: making, soliciting, sending, "
                "receiving or sharing imagery with or of a child, or developing a relationship "
                "with or coercing a child?",
                when=Fact("adult_involved"),
                yes=Subtype.ADULT_INVOLVED,
                no="intent_to_harm",
                cite=cite(
                    "An adult (aged 18 or over) has developed a relationship with and/or coerced "
                    "a child (17 or under) in criminal sex offences.",
                    _AGGRAVATED,
                ),
            ),
            Question(
                id="intent_to_harm",
                label="Was the imagery shared to cause harm or distress, or with coercion, "
                "blackmail (sextortion too), threats or deception by young people?",
                when=any_of(Fact("intent_to_harm"), Fact("coercion")),
                yes=Subtype.YOUTH_INTENT_TO_HARM,
                no="without_willing_participation",
                cite=cite(
                    "then been shared with the intent to cause harm or distress. Cases may arise "
                    "from interpersonal conflict such as break-ups and fights among friends or "
                    "partners, involve criminal or abusive conduct such as blackmail, threats or "
                    "deception",
                    _AGGRAVATED,
                ),
            ),
            Question(
                id="without_willing_participation",
                label="Was the imagery taken, sent or shared without the knowledge or willing "
                "participation of the young person pictured?",
                when=Not(Fact("pictured_willing")),
                yes=Subtype.YOUTH_RECKLESS_MISUSE,
                no="not_sent_or_no_sexual_motive",
                cite=cite(
                    "Images or films are taken, sent or shared by young people without the "
                    "knowledge or willing participation of the young person who is pictured.",
                    _AGGRAVATED,
                ),
            ),
            Question(
                id="not_sent_or_no_sexual_motive",
                label="Was the imagery not sent to anyone, or is there no apparent sexual motive "
                "(e.g. a pre-adolescent child, or an image sent as a joke)?",
                when=any_of(Is("sharing", ("none",)), Not(Fact("sexual_motive"))),
                yes=Subtype.OTHER,
                no="between_partners",
                cite=cite(
                    "May include cases that do not appear to have aggravating elements but also do "
                    "not fit into the 'Romantic' or 'Attention Seeking' sub-types.",
                    _EXPERIMENTAL,
                ),
            ),
            Question(
                id="between_partners",
                label="Was the imagery kept between two young people in a relationship?",
                when=Is("sharing", ("partner",)),
                yes=Subtype.ROMANTIC,
                no=Subtype.SEXUAL_ATTENTION_SEEKING,
                cite=cite(
                    "Young people in ongoing relationships, make images for themselves or each "
                    "other, and the images are not intended to be distributed beyond the pair.",
                    _EXPERIMENTAL,
                ),
            ),
            Outcome(
                id=Subtype.NOT_YOUTH_PRODUCED,
                label="Not youth produced: adult imagery",
                cite=cite(
                    "For young people aged 18+ professionals may need to be aware of the "
                    "Criminal Justice and Courts Act 2015",
                    _AGGRAVATED,
                ),
            ),
            Outcome(
                id=Subtype.ADULT_INVOLVED,
                label="Aggravated: adult involved",
                cite=cite(
                    "The images are generally, but not always, solicited by the adult offender(s).",
                    _AGGRAVATED,
                ),
            ),
            Outcome(
                id=Subtype.YOUTH_INTENT_TO_HARM,
                label="Aggravated: youth only, intent to harm",
                cite=cite(
                    "For example a 14 year shares naked pictures of an ex-partner for revenge.",
                    _AGGRAVATED,
                ),
            ),
            Outcome(
                id=Subtype.YOUTH_RECKLESS_MISUSE,
                label="Aggravated: youth only, reckless misuse",
                cite=cite(
                    "pictures are taken or sent thoughtlessly or recklessly and a victim may have "
                    "been harmed as a result, but the culpability appears somewhat less than in "
                    "the intent to harm episodes.",
                    _AGGRAVATED,
                ),
            ),
            Outcome(
                id=Subtype.OTHER,
                label="Experimental: other",
                cite=cite(
                    "These involve either young people who take pictures of themselves for "
                    "themselves (no evidence of any sending or sharing or intent to do so) or "
                    "pre-adolescent children who did not appear to have sexual motives.",
                    _EXPERIMENTAL,
                ),
            ),
            Outcome(
                id=Subtype.ROMANTIC,
                label="Experimental: romantic",
                cite=cite(
                    "For example, two 16 year olds are in a relationship and are sharing sexual "
                    "images which are not shared beyond their relationship.",
                    _EXPERIMENTAL,
                ),
            ),
            Outcome(
                id=Subtype.SEXUAL_ATTENTION_SEEKING,
                label="Experimental: sexual attention seeking",
                cite=cite(
                    "Cases in which images are made and sent between or amongst young people who "
                    "were not known to be romantic partners, or where one young person takes "
                    "pictures and sends them to many others or posts them online, presumably to "
                    "draw sexual attention.",
                    _EXPERIMENTAL,
                ),
            ),
        ),
    )
