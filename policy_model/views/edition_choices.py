"""The policy-change view's choice of editions: built-in ones, what-if files and uploads."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Final

import yaml

from ..editions import EDITIONS, EditionError, load_whatif_text
from ..model.guidance import Guidance
from ..model.parameters import Lines
from .inputs import Holds

if TYPE_CHECKING:
    import ipywidgets as w

__all__ = ["EditionChoices"]

_UPLOAD: Final = "upload:"


class EditionChoices(Holds):
    """The two edition choices of ``PolicyChange`` (A and B) and the editions they build,
    with other age lines where asked."""

    sources: dict[str, Path | None]
    """Every choice by key: a built-in edition (None) or a what-if file's path."""
    texts: dict[str, str]
    _built: dict[tuple[str, Lines | None], Guidance]
    old_choice: w.Dropdown
    new_choice: w.Dropdown

    # ---- choosing --------------------------------------------------------------------------

    def _label(self, key: str) -> str:
        path = self.sources[key]
        if key in self.texts:
            return f"{key.removeprefix(_UPLOAD)} (uploaded what-if)"
        if path is None:
            g = EDITIONS[key]
            return f"{g.id} ({g.status}): {g.title}"
        return f"{path.parent.name}/{path.name} (what-if)"

    def _key(self, name: str | Path) -> str:
        """The choice for an edition id, a what-if file's path or its file name; a what-if
        file not yet offered is added to the choices."""
        text = str(name)
        if text in self.sources:
            return text
        named = [k for k, p in self.sources.items() if p is not None and p.name == text]
        if len(named) == 1:
            return named[0]
        if text.endswith((".yaml", ".yml")) and Path(text).is_file():
            self._offer(text, Path(text))
            return text
        raise EditionError(
            f"unknown edition {text!r}: give one of {', '.join(self.sources)}, "
            "or a what-if .yaml file"
        )

    def _offer(self, key: str, path: Path | None) -> None:
        """Add a what-if to both choices (or refresh one already there)."""
        self.sources[key] = path
        self._built = {k: g for k, g in self._built.items() if k[0] != key}
        options = [(self._label(k), k) for k in self.sources]
        with self._hold():
            for choice in (self.old_choice, self.new_choice):
                value = choice.value
                choice.options = options
                choice.value = value

    def add_whatif(self, name: str, text: str) -> str:
        """Offer a what-if given as text (an uploaded file called ``name``), checked by loading
        it (an ``EditionError`` naming ``name`` and the line if it does not load); returns its
        choice key."""
        load_whatif_text(text, name)
        key = f"{_UPLOAD}{name}"
        self.texts[key] = text
        self._offer(key, None)
        return key

    def _edition(self, key: str, lines: Lines | None) -> Guidance:
        """The edition chosen, with other age lines if ``lines`` differ from its own."""
        cached = self._built.get((key, lines))
        if cached is not None:
            return cached
        path = self.sources[key]
        name = key.removeprefix(_UPLOAD) if key in self.texts else str(path)
        text = self.texts.get(key) or (path.read_text(encoding="utf-8") if path else None)
        own = EDITIONS[key] if text is None else load_whatif_text(text, name)
        if lines is None or lines == own.lines:
            built = own
        elif text is None:
            built = own.with_lines(lines)
        else:  # the what-if with its parameters set to these lines
            raw = yaml.safe_load(text)
            raw["parameters"] = dataclasses.asdict(lines)
            built = load_whatif_text(yaml.safe_dump(raw, sort_keys=False), name)
        self._built[(key, lines)] = built
        return built
