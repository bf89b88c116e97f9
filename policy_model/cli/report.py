"""``policy-model report``: the board paper, one self-contained HTML or PDF file.

The report notebook (``views/board-paper.ipynb``) runs under papermill with the command's
options as its parameters; nbconvert renders what its cells display (no code, no prompts, no
printed text) and ``views.paper_html`` wraps it in one accessible page; ``views.document``
prints the PDF in headless Chromium. The list of withheld figures is written beside the paper
(``paper.withheld.csv`` for ``paper.html``), never into it. Both files are written to a
temporary name and renamed; neither may be an input.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

from .common import Failure, SubParsers, add_edition, add_mapping, add_phase_start, edition

__all__ = ["NOTEBOOK", "add_commands", "render_notebook", "withheld_path"]

NOTEBOOK: Final = Path(__file__).resolve().parents[1] / "views" / "board-paper.ipynb"
_SUFFIXES: Final = (".html", ".htm", ".pdf")
_USER_ERRORS: Final = frozenset(
    {"DatasetError", "InputError", "MappingError", "EditionError", "PopulationError"}
)


def add_commands(sub: SubParsers) -> None:
    p = sub.add_parser(
        "report",
        help="write the board paper: one self-contained, accessible HTML or PDF file",
        description="Write the board paper for a period: headline, month-by-month trend, "
        "category, subtype, pathway, age, gender, agency, platform, completeness, exclusions, "
        "the edition and notes, disclosure control applied. The list of withheld figures goes "
        "to a CSV beside the paper.",
    )
    p.add_argument(
        "input", type=Path, metavar="IN", help="incident data: CSV, Parquet, .xlsx or .ods"
    )
    add_mapping(p)
    p.add_argument(
        "--population",
        type=Path,
        metavar="FILE",
        help="mid-year population estimates (CSV or spreadsheet), for rates per 10,000",
    )
    p.add_argument(
        "--period",
        metavar="P",
        help="the period the paper reports: 2025Q1, 2024-25 (financial year, April to March), "
        "2024 (calendar year) or 2024-04..2024-09 [the whole file]",
    )
    add_phase_start(p)
    add_edition(p)
    p.add_argument(
        "--codes",
        action="store_true",
        help="keep slugs (not labels) in the CSV written beside the paper, for machines",
    )
    p.add_argument(
        "-o", "--output", type=Path, required=True, metavar="OUT", help="paper.html or paper.pdf"
    )
    p.set_defaults(handler=_report)


def withheld_path(output: Path) -> Path:
    """Where the list of withheld figures goes: ``paper.withheld.csv`` beside ``paper.html``."""
    return output.with_name(f"{output.stem}.withheld.csv")


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:  # pragma: no cover - an unreadable path is not the same file
        return False


def _check_paths(args: argparse.Namespace) -> None:
    from ..incidents.files import InputError

    output: Path = args.output
    if output.suffix.lower() not in _SUFFIXES:
        raise InputError(output, "the paper must end in .html or .pdf")
    inputs = [p for p in (args.input, args.mapping, args.population) if p is not None]
    for given in inputs:  # before the notebook's kernel starts
        if not given.is_file():
            raise InputError(given, "no such file")
    for out in (output, withheld_path(output)):
        for given in inputs:
            if _same(out, given):
                raise InputError(out, f"this output would overwrite the input {given}")
    if args.period:
        from ..stats.periods import parse_period

        try:
            parse_period(args.period)
        except ValueError as error:
            raise Failure(f"--period: {error}") from None
    edition(args.edition)  # an unknown edition fails before the notebook starts


def _cell_failure(error: Any) -> Exception:
    """A user's mistake found inside the notebook (a bad row, a missing file) as a Failure;
    anything else is a bug and is raised as it is."""
    if getattr(error, "ename", None) in _USER_ERRORS:
        return Failure(str(error.evalue))
    return error  # type: ignore[no-any-return]


def render_notebook(executed: Path) -> str:
    """The HTML the executed notebook's cells display, without code, prompts or streams."""
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.read(executed, as_version=4)  # type: ignore[no-untyped-call]
    nb.cells = [c for c in nb.cells if c.cell_type == "code"]
    for cell in nb.cells:  # only what a cell displays as HTML reaches the paper
        cell.outputs = [o for o in cell.get("outputs", []) if "text/html" in o.get("data", {})]
        for output in cell.outputs:
            output["data"] = {"text/html": output["data"]["text/html"]}
    exporter = HTMLExporter(  # type: ignore[no-untyped-call]
        template_name="basic",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    body, _ = exporter.from_notebook_node(nb)
    return str(body)


def _local_kernel(scratch: Path) -> type[Any]:
    """A kernel manager that talks to the notebook's kernel over Unix sockets in ``scratch``
    (readable by this user only, removed with it) rather than unencrypted loopback TCP."""
    from jupyter_client.manager import KernelManager

    class LocalKernel(KernelManager):
        def __init__(self, **options: Any) -> None:
            options.setdefault("transport", "ipc")
            options.setdefault("ip", str(scratch / "kernel"))
            super().__init__(**options)

    return LocalKernel


@contextlib.contextmanager
def _kernel_imports_this_package() -> Iterator[None]:
    """The notebook's kernel imports the ``policy_model`` this command runs from (first on
    its ``PYTHONPATH``), whatever the kernel's working directory."""
    here = str(Path(__file__).resolve().parents[2])
    before = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [here, before]))
    try:
        yield
    finally:
        if before is None:
            del os.environ["PYTHONPATH"]
        else:
            os.environ["PYTHONPATH"] = before


def _report(args: argparse.Namespace) -> None:
    import papermill  # type: ignore[import-untyped]

    from ..incidents.paths import atomic_path
    from ..views import document, paper_html

    _check_paths(args)
    started = time.monotonic()
    output: Path = args.output
    with tempfile.TemporaryDirectory(prefix="policy-model-report-") as work:
        scratch = Path(work)
        executed = scratch / "board-paper.ipynb"
        withheld = scratch / "withheld.csv"
        parameters = {
            "DATA": str(args.input.resolve()),
            "MAPPING": str(args.mapping.resolve()) if args.mapping else "",
            "SHEET": args.sheet or "",
            "POPULATION": str(args.population.resolve()) if args.population else "",
            "PERIOD": args.period or "",
            "PHASES": ",".join(args.phase_start),
            "EDITION": args.edition,
            "CODES": bool(args.codes),
            "WITHHELD": str(withheld),
        }
        try:
            with _kernel_imports_this_package():
                papermill.execute_notebook(
                    str(NOTEBOOK),
                    str(executed),
                    parameters=parameters,
                    progress_bar=False,
                    log_output=False,
                    cwd=str(scratch),
                    kernel_manager_class=_local_kernel(scratch),
                )
        except papermill.PapermillExecutionError as error:
            raise _cell_failure(error) from None
        page = paper_html.page(render_notebook(executed), title=_title(args))
        if output.suffix.lower() == ".pdf":
            source = scratch / "paper.html"
            source.write_text(page, encoding="utf-8")
            document.html_to_pdf(source, output)
        else:
            with atomic_path(output) as temporary:
                temporary.write_text(page, encoding="utf-8")
        target = withheld_path(output)
        with atomic_path(target) as temporary:
            temporary.write_bytes(withheld.read_bytes())
    print(
        f"board paper -> {output} (withheld figures listed in {withheld_path(output)}; "
        f"{time.monotonic() - started:.1f} s)",
        file=sys.stderr,
    )


def _title(args: argparse.Namespace) -> str:
    period = f", {args.period}" if args.period else ""
    return f"Youth-produced sexual imagery: board paper{period}"
