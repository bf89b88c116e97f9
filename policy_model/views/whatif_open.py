"""Opening a what-if in the policy-change view: from any path typed in a box, or uploaded.

A policy author's draft need not live in the repository: type its path (``~`` allowed) and
press Open, or upload the file; it becomes edition B. Whatever goes wrong (no such file, not a
.yaml file, too large, not UTF-8 text, a what-if that does not load) is shown under the
controls, naming the file and line, and nothing else changes.

>>> from policy_model.views.policy_change import PolicyChange
>>> view = PolicyChange(pipe=lambda dot: b"")
>>> view.opener.open_path("/no/such/draft.yaml")
False
>>> "no such file" in view.opener.message_html.value
True
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import ipywidgets as w

from ..editions import EditionError

if TYPE_CHECKING:
    from .policy_change import PolicyChange

__all__ = ["MAX_BYTES", "WhatIfOpener"]

MAX_BYTES: Final = 256 * 1024
"""The largest what-if accepted (the examples are under 2 KB)."""
_SUFFIXES: Final = (".yaml", ".yml")


class WhatIfOpener:
    """A path box with an Open button and an upload button, each opening a what-if as B."""

    def __init__(self, view: PolicyChange) -> None:
        self.view = view
        self.path_text = w.Text(
            placeholder="e.g. ~/drafts/young-child-13.yaml",
            description="What-if file",
            style={"description_width": "8em"},
            layout=w.Layout(width="34em"),
        )
        self.open_button = w.Button(
            description="Open as B", tooltip="Open the what-if at this path as edition B",
            layout=w.Layout(width="auto"),
        )  # fmt: skip
        self.upload = w.FileUpload(
            accept=",".join(_SUFFIXES), multiple=False, description="Upload a what-if",
            layout=w.Layout(width="auto"),
        )  # fmt: skip
        self.message_html = w.HTML()
        self.open_button.on_click(lambda _: self.open_path(self.path_text.value))
        self.upload.observe(self._on_upload, names="value")
        self.widget = w.VBox(
            [
                w.HBox([self.path_text, self.open_button, self.upload],
                       layout=w.Layout(flex_flow="row wrap")),
                self.message_html,
            ]
        )  # fmt: skip

    def _show(self, problem: str | None, done: str | None = None) -> bool:
        if problem is not None:
            self.message_html.value = (
                '<div class="pm-message" role="alert">Could not open the what-if: '
                f"{html.escape(problem)}</div>"
            )
            return False
        self.message_html.value = f'<div class="pm-message">{html.escape(done or "")}</div>'
        return True

    def open_path(self, text: str) -> bool:
        """Open the what-if at ``text`` as edition B; False (with the reason shown) if it
        cannot be opened."""
        if not text.strip():
            return self._show("type the path of a what-if .yaml file first")
        path = Path(text.strip()).expanduser()
        if path.suffix.lower() not in _SUFFIXES:
            return self._show(f"{path}: a what-if file ends in .yaml")
        if not path.is_file():
            return self._show(f"{path}: no such file")
        if path.stat().st_size > MAX_BYTES:
            return self._show(f"{path}: larger than {MAX_BYTES // 1024} KB, not a what-if")
        try:
            self.view.set_editions(self.view.old_choice.value, str(path))
        except (EditionError, OSError, UnicodeDecodeError, ValueError) as error:
            return self._show(str(error))
        return self._show(None, f"Opened {path} as B: {self.view.new}.")

    def open_upload(self, name: str, content: bytes) -> bool:
        """Open an uploaded what-if (its file name and bytes) as edition B; False (with the
        reason shown) if it cannot be opened."""
        if Path(name).suffix.lower() not in _SUFFIXES:
            return self._show(f"{name}: a what-if file ends in .yaml")
        if len(content) > MAX_BYTES:
            return self._show(f"{name}: larger than {MAX_BYTES // 1024} KB, not a what-if")
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError:
            return self._show(f"{name}: not UTF-8 text")
        try:
            key = self.view.add_whatif(name, text)
            self.view.set_editions(self.view.old_choice.value, key)
        except (EditionError, ValueError) as error:
            return self._show(str(error))
        return self._show(None, f"Opened the upload {name} as B: {self.view.new}.")

    def _on_upload(self, change: Mapping[str, Any]) -> None:
        files = change["new"]
        if not files:
            return
        first = files[0]
        self.open_upload(str(first["name"]), bytes(first["content"]))
