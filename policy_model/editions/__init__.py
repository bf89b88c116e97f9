"""The editions of the guidance, one folder each, found by this registry.

An edition is a folder here (``model.folders`` reads its files): ``edition.yaml`` (what it is
and, for one written without code, its changes from its base in the what-if format),
``facts.yaml`` (the columns it adds), ``rules.py`` (its graphs in Python, if it has them) and
``scenarios/``. Adding an edition is adding a folder: nothing else changes. A what-if file or
folder outside the package is the same kind of thing, loaded by ``edition(path)``.

An edition other than the one as written is *derived* (in the spirit of OpenFisca's reforms):
its base's graphs with nodes replaced, added and removed, and perhaps other age lines; the
result is checked like any graph (every edge leads somewhere, no cycle, every node reachable
and cited, the outcomes are the subtypes and pathways).

>>> list(EDITIONS)[:2]  # each after its base, the one as written first
['redbridge-2018', 'redbridge-2024-proposed']
>>> PROPOSED.base, PROPOSED.status.value
('redbridge-2018', 'proposed')
>>> edition("redbridge-2018") is AS_WRITTEN
True
>>> "financial_extortion" in AS_WRITTEN.columns, "financial_extortion" in PROPOSED.columns
(False, True)
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
from collections.abc import Mapping
from pathlib import Path
from typing import Final

from ..model import whatif
from ..model.columns import columns_of
from ..model.derivation import Changes, EditionError, check, derive
from ..model.folders import FACTS, META, Folder, FolderError, folders, read_facts
from ..model.guidance import Guidance, Status
from ..model.parameters import AS_WRITTEN_LINES, Lines
from ..model.suggest import did_you_mean

__all__ = [
    "AS_WRITTEN",
    "DEFAULT",
    "EDITIONS",
    "PATHWAY",
    "PROPOSED",
    "TYPOLOGY",
    "Changes",
    "EditionError",
    "check",
    "derive",
    "edition",
    "known",
    "load_whatif",
    "load_whatif_text",
]


def _lines(folder: Folder, base: Guidance | None) -> Lines:
    given = folder.meta.get("lines")
    if given is None:
        return base.lines if base is not None else AS_WRITTEN_LINES
    if not isinstance(given, Mapping):
        raise FolderError(f"{folder.path / META}: lines is a mapping of age lines")
    try:
        return Lines(**given)
    except (TypeError, ValueError) as error:
        raise FolderError(f"{folder.path / META}: lines: {error}") from None


def _line(folder: Folder) -> tuple[str, ...]:
    """The ids of an edition and every edition it derives from."""
    by_id = {f.id: f for f in folders(folder.path.parent)}
    ids = [folder.id]
    while by_id[ids[-1]].base is not None:
        ids.append(str(by_id[ids[-1]].base))
    return tuple(ids)


def _built(folder: Folder, built: Mapping[str, Guidance]) -> Guidance:
    """One folder's edition, its base already built."""
    base = built[folder.base] if folder.base is not None else None
    columns = columns_of(_line(folder))
    if not folder.has_rules:
        return whatif.load_whatif(
            folder.path / META,
            bases=built,
            status=Status(folder.meta.get("status", Status.PROPOSED.value)),
            columns=columns,
            built_in=True,
        )
    module = importlib.import_module(f"{__name__}.{folder.path.name}.rules")

    def draw(lines: Lines) -> Guidance:
        drawn_base = None if base is None else base.with_lines(lines)
        drawn = module.build(folder, columns, lines, drawn_base)
        if not isinstance(drawn, Guidance):
            raise EditionError(f"{folder.path}: rules.build gave no edition")
        return dataclasses.replace(drawn, redraw=draw)

    return draw(_lines(folder, base))


@functools.cache
def _editions() -> dict[str, Guidance]:
    built: dict[str, Guidance] = {}
    for folder in folders():
        try:
            built[folder.id] = _built(folder, built)
        except EditionError as error:  # a folder's edition does not build or check
            raise FolderError(f"{folder.path}: {error}") from None
    return built


EDITIONS: Final[Mapping[str, Guidance]] = _editions()
"""The editions of the package's folders by id, each after its base (the one as written first)."""
DEFAULT: Final = next(iter(EDITIONS))
AS_WRITTEN: Final = EDITIONS[DEFAULT]
"""The guidance as written (undated; it cites sources of March and September 2018)."""
PROPOSED: Final = EDITIONS["redbridge-2024-proposed"]
TYPOLOGY: Final = AS_WRITTEN.typology
"""The typology of the guidance as written."""
PATHWAY: Final = AS_WRITTEN.pathway
"""The response pathway of the guidance as written."""


_LOADED: Final[dict[str, Guidance]] = {}
"""The what-ifs loaded in this session by id, the latest of each (``known``)."""


def known(id: str) -> Guidance | None:
    """The edition with this id: a built-in one, or a what-if loaded in this session."""
    return EDITIONS.get(id) or _LOADED.get(id)


def _loaded(guidance: Guidance) -> Guidance:
    _LOADED[guidance.id] = guidance
    return guidance


def load_whatif_text(text: str, file: str) -> Guidance:
    """A what-if edition from its YAML text, derived from one of ``EDITIONS``."""
    return _loaded(whatif.load_whatif_text(text, file, bases=EDITIONS))


def load_whatif(path: Path) -> Guidance:
    """A what-if edition from a YAML file, or from a folder's ``edition.yaml``."""
    if path.is_dir():
        inside = {f.path: f.id for f in folders()}.get(path.resolve())
        if inside is not None:  # one of the package's own folders: its edition
            return EDITIONS[inside]
        if read_facts(path / FACTS, path.name):
            raise whatif.WhatIfError(
                f"{path}: an edition that declares facts is a folder of the package "
                "(policy_model/editions/; docs/changing-the-policy.md)"
            )
        path = path / META
    return _loaded(whatif.load_whatif(path, bases=EDITIONS))


def edition(name: str | Path) -> Guidance:
    """An edition by id, or a what-if file (``.yaml``) or folder by path."""
    text = str(name)
    if text in EDITIONS:
        return EDITIONS[text]
    if text.endswith((".yaml", ".yml")) or Path(text).is_dir():
        return load_whatif(Path(text))
    raise EditionError(
        f"unknown edition {text!r}{did_you_mean(text, EDITIONS)}: give one of "
        f"{', '.join(EDITIONS)}, or a what-if .yaml file"
    )
