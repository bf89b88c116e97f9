"""Editions of the guidance: the one as written, a proposed revision derived from it, what-ifs.

An edition other than the one as written is *derived* (in the spirit of OpenFisca's reforms):
its base's graphs with nodes replaced, added and removed, and perhaps other age lines; the
result is checked like any graph (every edge leads somewhere, no cycle, every node reachable
and cited, the outcomes are the subtypes and pathways).

>>> sorted(EDITIONS)
['redbridge-2018', 'redbridge-2024-proposed']
>>> PROPOSED.base, PROPOSED.status.value
('redbridge-2018', 'proposed')
>>> edition("redbridge-2018") is AS_WRITTEN
True
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Final

from .builders import as_written, proposed, rebuild
from .derivation import Changes, EditionError, check, derive
from .guidance import AS_WRITTEN, Guidance

__all__ = [
    "AS_WRITTEN",
    "DEFAULT",
    "EDITIONS",
    "PROPOSED",
    "Changes",
    "EditionError",
    "as_written",
    "check",
    "derive",
    "edition",
    "proposed",
    "rebuild",
]

DEFAULT: Final = AS_WRITTEN.id


PROPOSED: Final = proposed()
EDITIONS: Final[Mapping[str, Guidance]] = {AS_WRITTEN.id: AS_WRITTEN, PROPOSED.id: PROPOSED}
"""The built-in editions by id, the one as written first."""


def edition(name: str | Path) -> Guidance:
    """A built-in edition by id, or a what-if file (``.yaml``) by path."""
    text = str(name)
    if text in EDITIONS:
        return EDITIONS[text]
    if text.endswith((".yaml", ".yml")):
        from .whatif import load_whatif

        return load_whatif(Path(text))
    from .suggest import did_you_mean

    raise EditionError(
        f"unknown edition {text!r}{did_you_mean(text, EDITIONS)}: give one of "
        f"{', '.join(EDITIONS)}, or a what-if .yaml file"
    )
