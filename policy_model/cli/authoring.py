"""The policy author's commands: ``steps`` lists every step id, ``edition new`` starts a
what-if file, ``appendix`` writes the flowchart as the guidance's appendix."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from .common import Failure, SubParsers, edition

__all__ = ["add_commands", "write_new"]


def _steps(args: argparse.Namespace) -> None:
    from ..views.steps import steps_csv, steps_markdown, steps_text

    guidance = edition(args.edition)
    if args.format == "csv":
        print(steps_csv(guidance), end="")
    elif args.format == "md":
        print(steps_markdown(guidance), end="")
    else:
        print(steps_text(guidance, width=shutil.get_terminal_size().columns), end="")


def write_new(target: Path, text: str) -> None:
    """Write ``text`` to ``target``, which must not exist: a temporary file beside it, then
    linked into place (the link fails, rather than replace, if ``target`` appeared since)."""
    if target.exists() or target.is_symlink():
        raise Failure(f"{target}: already exists; choose another name (nothing was written)")
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    temporary = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        temporary.chmod(0o644)
        os.link(temporary, target)
    except FileExistsError:
        raise Failure(f"{target}: already exists; choose another name") from None
    finally:
        temporary.unlink(missing_ok=True)


def _new_files(args: argparse.Namespace) -> tuple[Path, dict[Path, str], str]:
    """What ``edition new`` writes: the file or folder, its files' text by path, and what to
    say of it."""
    from ..editions import EditionError
    from ..editions.template import folder_files, whatif_template

    details = {"title": args.title, "author": args.author}
    try:
        if args.folder:
            target = args.output or Path(args.id.replace("-", "_"))
            if target.exists() or target.is_symlink():
                raise Failure(
                    f"{target}: already exists; choose another name (nothing was written)"
                )
            made = folder_files(args.id, args.parent, folder=str(target), **details)
            files = {target / name: text for name, text in made.items()}
            what = "an edition folder"
            after = (
                "; move it into policy_model/editions/ to make it one of the package's "
                "editions (docs/changing-the-policy.md)"
            )
        else:
            target = args.output or Path(f"{args.id}.yaml")
            if target.suffix not in (".yaml", ".yml"):
                raise Failure(f"{target}: a what-if file ends in .yaml (it is read by its ending)")
            files = {target: whatif_template(args.id, args.parent, file=str(target), **details)}
            what, after = "a what-if", ""
    except EditionError as error:
        raise Failure(str(error)) from None
    said = (
        f"{what} derived from {args.parent}, ready to edit; try it with "
        f"`policy-model diff {args.parent} {target}`{after}"
    )
    return target, files, said


def _edition_new(args: argparse.Namespace) -> None:
    target, files, said = _new_files(args)
    for path, text in files.items():
        write_new(path, text)
    edition(str(target))  # loaded back from disk, as every command will read it
    print(target)
    print(said, file=sys.stderr)


def _appendix(args: argparse.Namespace) -> None:
    from ..views.appendix import write_appendix
    from ..views.document import DocumentError

    guidance = edition(args.edition)
    parent = edition(args.parent) if args.parent else None
    try:
        write_appendix(guidance, args.output, parent=parent)
    except DocumentError as error:
        raise Failure(str(error)) from None
    print(args.output)


def add_commands(sub: SubParsers) -> None:
    """Add ``steps``, ``edition new`` and ``appendix``."""
    p = sub.add_parser(
        "steps",
        help="list every step of an edition by id, with its label and source",
        description="Every step, question and outcome of both flowcharts (the response "
        "pathway, then the typology), by the id a what-if file names it with, with its "
        "label, where it leads, the source it rests on and whether it is reconstructed.",
        epilog="example: policy-model steps redbridge-2024-proposed --format md",
    )
    p.add_argument(
        "edition", nargs="?", default="redbridge-2018", metavar="EDITION",
        help="an edition id (`policy-model editions`) or a what-if .yaml file [redbridge-2018]",
    )  # fmt: skip
    p.add_argument(
        "--format", choices=("text", "csv", "md"), default="text",
        help="text for a terminal, csv for a spreadsheet, md for Markdown [text]",
    )  # fmt: skip
    p.set_defaults(handler=_steps)

    p = sub.add_parser("edition", help="start a new edition: a what-if file or folder")
    verbs = p.add_subparsers(dest="verb", required=True, metavar="VERB")
    new = verbs.add_parser(
        "new",
        help="write a what-if file ready to edit",
        description="Write ID.yaml (or -o FILE): a what-if derived from PARENT with its id, "
        "title, date and author, and an example of each kind of change commented out with "
        "PARENT's real step ids and age lines. It loads as written (and changes nothing until "
        "edited). An existing file is never overwritten.",
        epilog="example: policy-model edition new young-child-13 --from redbridge-2018",
    )
    new.add_argument("id", metavar="ID", help="the new edition's id: a-slug-like-this")
    new.add_argument(
        "--from", dest="parent", required=True, metavar="PARENT",
        help="the built-in edition it derives from (`policy-model editions`)",
    )  # fmt: skip
    new.add_argument(
        "-o", "--output", type=Path, metavar="PATH", help="[ID.yaml, or ID_ with --folder]"
    )  # fmt: skip
    new.add_argument(
        "--folder", action="store_true",
        help="write an edition folder (edition.yaml, facts.yaml, scenarios/) instead of a file",
    )  # fmt: skip
    new.add_argument("--title", help="its title [from the id]")
    new.add_argument("--author", default="a policy author", help="[a policy author]")
    new.set_defaults(handler=_edition_new)

    p = sub.add_parser(
        "appendix",
        help="the flowcharts as the guidance's appendix: one accessible HTML or PDF document",
        description="Write the appendix of EDITION as one self-contained document: both "
        "flowcharts (what changed since the parent edition marked), their text version with "
        "every step's id and source, which steps are reconstructed, the sources, and a table "
        "of what changed. .html opens anywhere with no network; .pdf is printed by headless "
        "Chromium.",
        epilog="example: policy-model appendix redbridge-2024-proposed -o appendix.pdf",
    )
    p.add_argument(
        "edition", metavar="EDITION",
        help="an edition id (`policy-model editions`) or a what-if .yaml file",
    )  # fmt: skip
    p.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FILE",
        help="appendix.html or appendix.pdf",
    )  # fmt: skip
    p.add_argument(
        "--parent", metavar="EDITION",
        help="the edition to show the changes from [the one EDITION derives from]",
    )  # fmt: skip
    p.set_defaults(handler=_appendix)
