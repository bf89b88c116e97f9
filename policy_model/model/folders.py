"""Edition folders: where each edition of the policy lives, read without running its code.

An edition is one folder under ``policy_model/editions/`` (docs/changing-the-policy.md):
``edition.yaml`` says what it is (id, title, date, status, its base, its sources, its age
lines, or, for an edition written without code, its changes as a what-if file gives them);
``facts.yaml`` declares the dataset columns it adds; ``rules.py`` (optional) builds its graphs
in Python; ``scenarios/`` holds its worked examples. The dataset's columns (``COLUMNS``) are
read from here, so adding an edition's facts is adding its folder.

>>> [f.id for f in folders()][:2]
['redbridge-2018', 'redbridge-2024-proposed']
>>> folders()[1].base, [c.name for c in folders()[1].facts][:2]
('redbridge-2018', ['financial_extortion', 'ai_generated'])
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

import yaml

from . import vocab
from .column import CONTEXT, Column, Kind

__all__ = [
    "EDITIONS_DIR",
    "FACTS",
    "META",
    "RULES",
    "SCENARIOS",
    "Folder",
    "FolderError",
    "folders",
    "read_facts",
]

EDITIONS_DIR: Final = Path(__file__).resolve().parents[1] / "editions"
"""The package's edition folders."""
META: Final = "edition.yaml"
FACTS: Final = "facts.yaml"
RULES: Final = "rules.py"
SCENARIOS: Final = "scenarios"
_FOLDER_NAME: Final = re.compile(r"[a-z][a-z0-9_]{0,63}")
_GROUPS: Final = {
    "known": vocab.KeyQuestion.KNOWN.value,
    "shared": vocab.KeyQuestion.SHARED.value,
    "intent": vocab.KeyQuestion.INTENT.value,
    "impact": vocab.KeyQuestion.IMPACT.value,
    "record": CONTEXT,
}
_FACT_KEYS: Final = (
    "name", "kind", "label", "help", "group", "vocabulary", "value_labels", "required",
    "may_be_unknown", "since", "default", "synonyms",
)  # fmt: skip
_VOCABULARIES: Final = ("Sharing", "Platform", "Gender", "Agency", "Subtype", "Pathway")


class FolderError(ValueError):
    """An edition folder that cannot be read: ``path: message``."""


@dataclasses.dataclass(frozen=True, slots=True)
class Folder:
    """One edition's folder, as its files declare it."""

    path: Path
    id: str
    base: str | None
    meta: Mapping[str, Any]
    """``edition.yaml`` as written."""
    facts: tuple[Column, ...]
    """The dataset columns it adds (``facts.yaml``), in order."""

    @property
    def has_rules(self) -> bool:
        """Whether its graphs are built in Python (``rules.py``) rather than from its changes."""
        return (self.path / RULES).is_file()

    @property
    def scenarios(self) -> tuple[Path, ...]:
        folder = self.path / SCENARIOS
        return tuple(sorted(folder.glob("*.yaml"))) if folder.is_dir() else ()


def _yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise FolderError(f"{path}: cannot be read ({error})") from None


def _fact(raw: Any, path: Path, index: int, edition_id: str) -> Column:
    where = f"{path}: entry {index + 1}"
    if not isinstance(raw, Mapping):
        raise FolderError(f"{where}: each fact is a mapping with keys {list(_FACT_KEYS)}")
    unknown = sorted(set(raw) - set(_FACT_KEYS))
    if unknown:
        raise FolderError(f"{where}: unknown keys {unknown} (known: {list(_FACT_KEYS)})")
    for key in ("name", "label", "help"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise FolderError(f"{where}: {key!r} must be some text")
    name = raw["name"]
    if not re.fullmatch(r"[a-z][a-z0-9_]{0,47}", name):
        raise FolderError(f"{where}: name {name!r} should be a column name like shared_at_school")
    group = raw.get("group", "record")
    if group not in _GROUPS:
        raise FolderError(f"{where}: group {group!r} is one of {list(_GROUPS)}")
    kind = Kind(raw.get("kind", Kind.FACT.value))
    vocabulary = raw.get("vocabulary")
    if vocabulary is not None and vocabulary not in _VOCABULARIES:
        raise FolderError(f"{where}: vocabulary {vocabulary!r} is one of {list(_VOCABULARIES)}")
    return Column(
        name=name,
        kind=kind,
        label=raw["label"].strip(),
        help=" ".join(raw["help"].split()),
        group=_GROUPS[group],
        vocabulary=getattr(vocab, vocabulary) if vocabulary else None,
        value_labels=dict(raw.get("value_labels") or {}),
        required=bool(raw.get("required", True)),
        may_be_unknown=bool(raw.get("may_be_unknown", True)),
        since=str(raw.get("since", edition_id)),
        default=raw.get("default"),
        synonyms=tuple(str(s) for s in raw.get("synonyms") or ()),
    )


def read_facts(path: Path, edition_id: str) -> tuple[Column, ...]:
    """The columns a ``facts.yaml`` declares (none if there is no such file)."""
    if not path.is_file():
        return ()
    raw = _yaml(path) or []
    if not isinstance(raw, list):
        raise FolderError(f"{path}: a list of facts, one mapping each")
    return tuple(_fact(item, path, i, edition_id) for i, item in enumerate(raw))


def read_folder(path: Path) -> Folder:
    """One edition folder."""
    meta = _yaml(path / META)
    if not isinstance(meta, Mapping) or not isinstance(meta.get("id"), str):
        raise FolderError(f"{path / META}: a mapping with at least an id")
    base = meta.get("base")
    if base is not None and not isinstance(base, str):
        raise FolderError(f"{path / META}: base is an edition id")
    return Folder(path, meta["id"], base, meta, read_facts(path / FACTS, meta["id"]))


@functools.cache
def folders(root: Path = EDITIONS_DIR) -> tuple[Folder, ...]:
    """Every edition folder under ``root``, each after the edition it derives from."""
    found = {
        f.id: f
        for f in (
            read_folder(p)
            for p in sorted(root.iterdir())
            if p.is_dir() and _FOLDER_NAME.fullmatch(p.name) and (p / META).is_file()
        )
    }
    ordered: list[Folder] = []
    placed: set[str] = set()

    def place(folder: Folder, seen: tuple[str, ...]) -> None:
        if folder.id in placed:
            return
        if folder.id in seen:
            raise FolderError(f"{folder.path}: derives from itself ({' -> '.join(seen)})")
        if folder.base is not None:
            if folder.base not in found:
                raise FolderError(
                    f"{folder.path / META}: base {folder.base!r} is not an edition folder "
                    f"({', '.join(sorted(found))})"
                )
            place(found[folder.base], (*seen, folder.id))
        placed.add(folder.id)
        ordered.append(folder)

    for folder in sorted(found.values(), key=lambda f: (f.base is not None, f.id)):
        place(folder, ())
    return tuple(ordered)
