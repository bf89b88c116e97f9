"""The proposed 2024 revision: its changes from the guidance as written, each with its source."""

from __future__ import annotations

import dataclasses
from typing import Final

from ...model.citations import Citation
from ...model.column import Registry
from ...model.conditions import Fact
from ...model.derivation import Changes, check, derive
from ...model.folders import Folder
from ...model.graph import Action, Outcome, Question, Stage, Step
from ...model.guidance import Guidance, Status
from ...model.parameters import Lines
from ...model.vocab import Pathway
from ..redbridge_2018.pathway import everyone_adult as everyone_adult_when
from .sources import (
    IWF_SEXTORTION,
    NCA_2024,
    NSPCC_REPORT_REMOVE,
    ONLINE_SAFETY_ACT_2023,
    SOURCES,
    TELEGRAPH_2024,
    UKCIS_2024,
)

__all__ = ["build"]


_OSA = Citation(
    "A intentionally shares a photograph or film which shows, or appears to show, another "
    "person (B) in an intimate state",
    "Sexual Offences Act 2003 s.66B(1)(a), inserted by Online Safety Act 2023 s.188",
    ONLINE_SAFETY_ACT_2023,
)
_SEXTORTION = Citation(
    "This is financially motivated sexual extortion, a type of online blackmail often "
    "referred to in the media as ‘sextortion’. It is a form of child sexual abuse.",
    "Alert to education settings",
    NCA_2024,
)
_NEVER_ASK = Citation(
    "Never view, copy, print, share, store or save the imagery yourself, or ask a child to "
    "share or download – this is illegal",
    "How to respond to an incident (overview), What to do if an incident comes to your attention",
    UKCIS_2024,
)
_DONT_PAY = Citation(
    "Don’t pay, do stop contact and block: you may be tempted to pay, but there is no "
    "guarantee that this will stop the threats.",
    "NCA issues urgent warning about ‘sextortion’ (press release), advice to parents and carers",
    NCA_2024,
)

_DSL_MAY_VIEW = Citation(
    "In exceptional circumstances, it may be necessary for the DSL (or equivalent) only to "
    "view the image to safeguard the child or young person.",
    "How to respond to an incident (overview), What to do if an incident comes to your attention",
    UKCIS_2024,
)
_ADULTS_ARE_ABUSE = Citation(
    "This advice does not apply to adults sharing nudes or semi-nudes of under 18-year olds. "
    "This is a form of child sexual abuse and must be referred to the police as a matter of "
    "urgency.",
    "How to respond to an incident (overview), What do we mean by sharing nudes and semi-nudes?",
    UKCIS_2024,
)
_AI_AS_ANY_NUDE = Citation(
    "Education workers are told to deal with Ai-made images in the same way as normal nudes, "
    "which includes not looking at them, not deleting them, calling the police, and not "
    "immediately informing parents.",
    "report of the UKCIS 2024 update (the advice's own wording not seen)",
    TELEGRAPH_2024,
    note="UKCIS's own paragraph on AI imagery was not seen; read as: an AI image is handled as "
    "a photograph would be, so one of another child made or shared without their willing "
    "participation stays aggravated (the more protective reading).",
)
_FAKE_OR_REAL = Citation(
    "This could be a real photo taken by the victim, or a fake image created of them by the "
    "offender.",
    "NCA issues urgent warning about ‘sextortion’ (press release)",
    NCA_2024,
)
_KEEP_FOR_POLICE = Citation(
    "Don’t delete the images, videos or messages if you still have them. They could be useful "
    "for the police",
    "Recommended steps if your child has been a victim of sextortion or online blackmail",
    IWF_SEXTORTION,
)

NEVER_VIEW_2024: Final = Action(
    "never_view",
    "Do not view, copy, print, share, store or save the imagery unless police advice has been "
    "given, and never ask a child to share or download it.",
    _NEVER_ASK,
)
DSL_MAY_VIEW_2024: Final = Action(
    "dsl_may_view",
    "Only in exceptional circumstances may the DSL (or equivalent), and nobody else, view the "
    "imagery, and only to safeguard the child; record why.",
    _DSL_MAY_VIEW,
)
CHILD_VICTIM_2024: Final = Action(
    "child_is_victim",
    "An adult is involved: this is child sexual abuse; the child pictured, or the child the "
    "adult involved, is a victim, not an offender, and needs support; the police are told "
    "urgently.",
    _ADULTS_ARE_ABUSE,
    when=Fact("adult_involved"),
)
AI_AS_ANY_NUDE: Final = Action(
    "ai_imagery",
    "Imagery made or altered by AI is handled as any nude or semi-nude: a young person's own "
    "edited image shared willingly is treated as their own image; one of another child made "
    "or shared without their willing participation is aggravated.",
    _AI_AS_ANY_NUDE,
    when=Fact("ai_generated"),
)
ADULT_LAW_2024: Final = Action(
    "adult_law",
    "Support the person pictured; sharing an intimate photograph or film of an adult without "
    "consent is an offence under the Sexual Offences Act 2003, s.66B (inserted by the Online "
    "Safety Act 2023, in force 31 January 2024), including images that only appear to show "
    "them, such as deepfakes.",
    _OSA,
)
REPORT_REMOVE_2024: Final = Action(
    "report_remove",
    "Offer the young person pictured Report Remove (Childline and the Internet Watch "
    "Foundation) to get nude imagery of them taken down online, with Childline's support; "
    "it asks nobody to view or delete anything.",
    Citation(
        "You can also help a young person aged under 18 to use the Report Remove tool to see if "
        "the image or video can be taken down, and Childline can provide further support.",
        "Supporting young people to take down nudes shared online",
        NSPCC_REPORT_REMOVE,
    ),
)
SEXTORTION_ADVICE: Final = Action(
    "sextortion_advice",
    "Anyone blackmailed for money over nude imagery, child or adult: do not pay; stop contact "
    "and block the account; paying is no guarantee that the threats stop.",
    _DONT_PAY,
    when=Fact("financial_extortion"),
)
SEXTORTION_REPORT: Final = Action(
    "sextortion_report",
    "Report the blackmail to the police; the person blackmailed should not delete the "
    "messages, images or videos they have (nobody else views or saves them): they could be "
    "useful for the police.",
    _KEEP_FOR_POLICE,
    when=Fact("financial_extortion"),
)
SEXTORTION_VICTIM: Final = Action(
    "sextortion_victim",
    "A young person blackmailed for money over nude imagery is a victim of child sexual abuse, "
    "not an offender, and needs support.",
    _SEXTORTION,
    when=Fact("financial_extortion"),
)
SEXTORTION_FAKE: Final = Action(
    "sextortion_fake",
    "The image used to blackmail may be real or a fake made by the offender: it is handled the "
    "same way.",
    _FAKE_OR_REAL,
    when=Fact("financial_extortion"),
)

_SEXTORTION_ANYONE: Final = (SEXTORTION_ADVICE, SEXTORTION_REPORT, SEXTORTION_FAKE)
"""The sextortion advice for anyone blackmailed, a young person or an adult (the 18+ route)."""
_SEXTORTION_CHILD: Final = (SEXTORTION_VICTIM, *_SEXTORTION_ANYONE)


def build(folder: Folder, columns: Registry, lines: Lines, base: Guidance | None) -> Guidance:
    """The proposed 2024 revision: the Online Safety Act 2023, UKCIS 2024, the NCA alert on
    financially motivated sexual extortion, and imagery made or altered to appear real;
    ``base`` is the guidance as written, drawn with ``lines``."""
    assert base is not None and base.lines == lines
    old = base.pathway
    everyone_adult = old["everyone_adult"]
    adult_route = old[Pathway.ADULT_IMAGE_ABUSE]
    involves_adult = old["involves_adult"]
    refer = old[Pathway.REFER_IMMEDIATELY]
    never_view = old["never_view"]
    unwilling = base.typology["without_willing_participation"]
    assert isinstance(everyone_adult, Question) and isinstance(adult_route, Outcome)
    assert isinstance(involves_adult, Question)
    assert isinstance(refer, Outcome) and isinstance(never_view, Step)
    assert isinstance(unwilling, Question)
    guidance = derive(
        base,
        id=folder.id,
        title=str(folder.meta["title"]),
        date=str(folder.meta["date"]),
        status=Status(folder.meta["status"]),
        sources=SOURCES,
        columns=columns,
        pathway=Changes(
            title="Responding to the sharing of nudes and semi-nudes",
            replace={
                "never_view": dataclasses.replace(
                    never_view,
                    label="Do not view, copy, print, share or save the imagery; never ask a "
                    "child to share or download it",
                    cite=_NEVER_ASK,
                ),
                "everyone_adult": dataclasses.replace(
                    everyone_adult,
                    when=everyone_adult_when(lines),
                    cite=_OSA,
                ),
                "involves_adult": dataclasses.replace(involves_adult, no="financial_extortion"),
                Pathway.REFER_IMMEDIATELY: dataclasses.replace(
                    refer,
                    actions=(*refer.actions[:1], *_SEXTORTION_CHILD, *refer.actions[1:]),
                ),
                Pathway.ADULT_IMAGE_ABUSE: dataclasses.replace(
                    adult_route,
                    label="18+ route: nobody under 18 involved (Sexual Offences Act 2003 "
                    "s.66B, Online Safety Act 2023)",
                    cite=_OSA,
                    actions=(ADULT_LAW_2024, *_SEXTORTION_ANYONE),
                ),
            },
            add=(
                Question(
                    id="financial_extortion",
                    label="Is a young person threatened with the release of nude or "
                    "semi-nude imagery, real or fake, to make them pay money or meet "
                    "another demand (sextortion)?",
                    when=Fact("financial_extortion"),
                    yes=Pathway.REFER_IMMEDIATELY,
                    no="coerced_or_capacity",
                    stage=Stage.INITIAL_REVIEW,
                    cite=_SEXTORTION,
                ),
            ),
        ),
        typology=Changes(
            replace={
                "without_willing_participation": dataclasses.replace(
                    unwilling,
                    label="Was the imagery, real or made or altered (e.g. by AI), taken, sent "
                    "or shared without the knowledge or willing participation of the young "
                    "person pictured?",
                    cite=_AI_AS_ANY_NUDE,
                ),
            },
        ),
        actions={
            "never_view": NEVER_VIEW_2024,
            "child_is_victim": CHILD_VICTIM_2024,
            "report_remove": REPORT_REMOVE_2024,
        },
    )
    guidance = dataclasses.replace(
        guidance, common_actions=(*guidance.common_actions, DSL_MAY_VIEW_2024, AI_AS_ANY_NUDE)
    )
    check(guidance)
    return guidance
