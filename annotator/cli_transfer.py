"""Command-line pieces for moving work in and out of a project.

``share`` (a project file to send), ``remove`` (documents taken out), ``export`` (to a file
or standard output, with ``--status``) and ``merge --as``. Headless like the rest of the
command line: nothing here imports PySide6.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core.model import DocStatus
from annotator.errors import AnnotatorError

if TYPE_CHECKING:
    from annotator.services.project import Project

#: Titles listed by ``remove`` before "… and N more".
_LISTED = 20


def add_status_option(exporter: argparse.ArgumentParser) -> None:
    """``export --status``: only documents in these statuses."""
    exporter.add_argument(
        "--status",
        action="append",
        type=_status,
        metavar="STATUS",
        help="only documents in this status: new, in-progress, done or skipped (repeat for "
        "several). With --annotator or --gold, that layer's status; otherwise every "
        "annotator with work in the project must have the document in one of them. A "
        "document with no status recorded is new",
    )


def add_own_layer_option(merger: argparse.ArgumentParser, name: Callable[[str], str]) -> None:
    """``merge --as NAME``: the layer treated as the lead's own."""
    merger.add_argument(
        "--as",
        dest="own_layer",
        metavar="NAME",
        type=name,
        help="the layer that is your own in the team project, left out of the files (default: "
        "your annotator name); name another when yours is also an annotator's",
    )


def _status(value: str) -> DocStatus:
    """A document status as typed: "in-progress" and "in_progress" alike."""
    try:
        return DocStatus(value.strip().lower().replace("-", "_"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"unknown status {value!r} (choose new, in-progress, done or skipped)"
        ) from None


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``share`` and ``remove`` to the command line."""
    share = commands.add_parser(
        "share",
        help="write a copy of a project that can be sent (one file, every change in it)",
        description="Write a copy of PROJECT to OUT: one self-contained file holding every "
        "change, also those still in PROJECT's -wal file beside it (where the latest work "
        "waits while Annotator runs, or after a crash). Send OUT, not PROJECT. Works while "
        "the project is open in the window.",
    )
    share.add_argument("project", type=Path, help="project file")
    share.add_argument("output", type=Path, metavar="OUT", help="the copy to write")
    share.add_argument(
        "--replace",
        action="store_true",
        help="overwrite OUT if it exists (never while it is open in Annotator or another program)",
    )

    remove = commands.add_parser(
        "remove",
        help="remove documents, or everything one import added",
        description="Remove documents with every annotator's spans, statuses and notes on "
        "them, in one transaction. --list-imports shows the imports to choose from; "
        "--dry-run shows what would go without removing it.",
    )
    remove.add_argument("project", type=Path, help="project file")
    what = remove.add_mutually_exclusive_group(required=True)
    what.add_argument(
        "--import", dest="import_id", type=int, metavar="ID", help="the documents import ID added"
    )
    what.add_argument(
        "--document",
        action="append",
        metavar="ID",
        help="a document by its id in exports (its SHA-256, or the first 8 or more digits); "
        "repeat for several",
    )
    what.add_argument(
        "--list-imports", action="store_true", help="list the imports whose documents are here"
    )
    remove.add_argument(
        "--dry-run", action="store_true", help="list what would be removed; remove nothing"
    )


def run_share(project: Project, output: Path, *, replace: bool) -> int:
    """Write the shared copy and say which file to send."""
    from annotator.services.sharing import ShareTargetExistsError

    try:
        result = project.sharing.share(output, replace=replace)
    except ShareTargetExistsError as error:
        raise AnnotatorError(f"{error.path} exists; add --replace to overwrite it.") from None
    print(
        f"Wrote {result.path} ({_size(result.bytes)}): a copy of {project.path.name} with every "
        "change in it. Send this file; it needs nothing beside it."
    )
    return 0


def run_export_to_stdout(project: Project, args: argparse.Namespace) -> int:
    """``export -o -``: the records on standard output, the summary on standard error."""
    statuses = args.status or []
    if args.split:
        raise AnnotatorError("--split writes several files: name a folder or a .zip with -o.")
    binary = getattr(sys.stdout, "buffer", None)
    if binary is None:  # standard output replaced by a text-only stream
        result = project.exporter.write(
            sys.stdout,
            args.format,
            args.annotator,
            gold=args.gold,
            statuses=statuses,
            offsets=args.offsets,
        )
    else:
        # UTF-8 and "\n" whatever the terminal's encoding, as in a file.
        sys.stdout.flush()
        stream = io.TextIOWrapper(binary, "utf-8", newline="\n")
        try:
            result = project.exporter.write(
                stream,
                args.format,
                args.annotator,
                gold=args.gold,
                statuses=statuses,
                offsets=args.offsets,
            )
        finally:
            stream.detach()  # leave standard output open for the rest of the program
    kept = f" Kept: {result.kept}." if statuses else ""
    print(
        f"Wrote {result.documents} document(s) and {result.spans} span(s) to standard "
        f"output.{kept}",
        file=sys.stderr,
    )
    return 0


def run_export(project: Project, args: argparse.Namespace) -> int:
    """``export -o OUT``, and say what was written where. A pipe or a device named
    (``/dev/stdout`` is one) is refused with a pointer to ``-o -``."""
    from annotator.formats.base import Split
    from annotator.services.export_sidecar import sidecar_path
    from annotator.services.exporting import ExportTargetError

    statuses = args.status or []
    split = Split(args.split, args.seed) if args.split else None
    try:
        result = project.exporter.export(
            args.output,
            args.format,
            args.annotator,
            gold=args.gold,
            statuses=statuses,
            offsets=args.offsets,
            split=split,
        )
    except ExportTargetError as error:
        if error.path.is_dir():  # not a stream someone meant: no pointer to -o -
            raise
        raise AnnotatorError(
            f"Cannot write {error.path}: it is {error.kind}, not a file. Choose a file to "
            "write to, or -o - for standard output."
        ) from None
    assert result.path is not None  # None only for a stream
    print(
        f"Wrote {result.documents} document(s) and {result.spans} span(s) to {result.path}"
        f" (described in {sidecar_path(result.path).name})."
    )
    if statuses:
        print(f"Kept: {result.kept}.")
    report_losses(result.losses, args.format)
    return 0


def report_losses(losses: tuple[str, ...], format_name: str) -> None:
    """Say on standard error what the format could not hold (the sidecar lists it too)."""
    if not losses:
        return
    print(f"annotator: the {format_name} format could not hold everything:", file=sys.stderr)
    for loss in losses:
        print(f"  {loss}", file=sys.stderr)


def run_remove(project: Project, args: argparse.Namespace) -> int:
    """List imports, or show (and unless --dry-run, remove) the documents chosen."""
    removal = project.removal
    if args.list_imports:
        return _list_imports(project)
    if args.import_id is not None:
        known = {past.id for past in removal.imports()}
        if args.import_id not in known:
            raise AnnotatorError(
                f"No import {args.import_id} with documents in {project.path}; "
                "--list-imports lists them."
            )
        ids = removal.documents_of_import(args.import_id)
    else:
        ids = removal.find_documents(args.document)
    preview = removal.preview(ids)
    verb = "Would remove" if args.dry_run else "Removing"
    print(f"{verb} {preview.describe()}:")
    for title in preview.titles[:_LISTED]:
        print(f"  {title}")
    if len(preview.titles) > _LISTED:
        print(f"  … and {len(preview.titles) - _LISTED:,} more")
    if args.dry_run:
        print("Nothing was removed (--dry-run).")
        return 0
    removal.remove(ids, import_id=args.import_id)
    print(f"Removed {preview.describe()}.")
    return 0


def _list_imports(project: Project) -> int:
    imports = project.removal.imports()
    if not imports:
        print(f"No import recorded in {project.path.name} has documents left.")
        return 0
    print("Imports whose documents are here, newest first:")
    print(f"  {'ID':>4}  {'When (UTC)':16}  {'Documents':>9}  {'By':12}  Files")
    for past in imports:
        when = past.started_at.strftime("%Y-%m-%d %H:%M")
        by = past.imported_by[:12]
        print(f"  {past.id:>4}  {when:16}  {past.documents:>9,}  {by:12}  {past.describe()}")
    return 0


def _size(count: int) -> str:
    if count < 1_000_000:
        return f"{count / 1000:,.0f} kB"
    return f"{count / 1_000_000:,.1f} MB"
