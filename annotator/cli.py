"""The ``annotator`` command: the window, and headless commands over the same services.

Headless commands never import PySide6; only ``annotator [PROJECT]`` loads the window.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from annotator import APP_NAME, __version__, cli_backups, cli_project, cli_suggest, cli_transfer
from annotator.cli_errors import EXIT_FAILED, EXIT_OK, run_command
from annotator.core.one_line import one_line
from annotator.core.value_rules import annotator_name_problem
from annotator.errors import AnnotatorError
from annotator.settings import SettingsStore

if TYPE_CHECKING:
    from annotator.services.project import Project

COMMANDS: tuple[str, ...] = ("open", "import", "merge", "export", "share", "remove", "stats")
COMMANDS += ("agreement", *cli_suggest.COMMANDS, *cli_backups.COMMANDS)

log = logging.getLogger("annotator")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with one sub-parser per command."""
    parser = argparse.ArgumentParser(
        prog="annotator",
        description=f"{APP_NAME}: label claims, opinions and boilerplate in scraped web pages, "
        "offline. Run without a command to open the window.",
        epilog="Run 'annotator COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    # The order here is the order of the commands in --help.
    _add_open(commands)
    _add_import(commands)
    _add_merge(commands)
    _add_export(commands)
    cli_transfer.add_parsers(commands)
    _add_stats(commands)
    _add_agreement(commands)
    cli_suggest.add_parsers(commands, _name)
    cli_backups.add_parsers(commands)
    return parser


def _add_open(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    opener = commands.add_parser(
        "open",
        help="open the window (the default command)",
        description="Open a project in the window. Without PROJECT, the default project "
        "(created with a sample corpus on first start) is opened.",
    )
    opener.add_argument("project", nargs="?", type=Path, help="project file (created if missing)")


def _add_import(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    importer = commands.add_parser(
        "import",
        help="import documents and their spans from files, folders or .zip files",
        description="Import documents (and the spans they carry) into a project, which is "
        "created if missing. Each file is imported whole or not at all; a text the project "
        "already holds is not added twice.",
    )
    importer.add_argument("project", type=Path, help="project file")
    importer.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders")
    importer.add_argument(
        "--annotator", metavar="NAME", type=_name, help="file every imported span under NAME"
    )
    importer.add_argument(
        "--create-labels", action="store_true", help="add unknown labels instead of refusing"
    )
    importer.add_argument(
        "--text-column", metavar="NAME", help="the text column of CSV/TSV files (default: text)"
    )
    from annotator.formats.registry import default_registry  # stdlib-only; keeps --help lean

    registry = default_registry()
    importer.add_argument(
        "--format",
        metavar="FORMAT",
        type=str.lower,
        choices=registry.reader_names,
        help="read every file named as FORMAT, and in folders only FORMAT's files "
        f"(one of: {', '.join(registry.reader_names)}); without it, each file's format is "
        "recognised by its extension, and a .zip is read like a folder",
    )


def _add_merge(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    merger = commands.add_parser(
        "merge",
        help="merge annotators' project files into a team project",
        description="Merge every annotator layer of the given project files (spans, statuses, "
        "document notes) into a team project, which is created if missing. Documents are "
        "matched by their text and labels by name. Each file is checked whole and merged whole "
        "or not at all, and is never written to. Merging a newer version of a file replaces "
        "the team's copy of its layers on its documents; other layers are not touched, nor is "
        "your own.",
    )
    merger.add_argument("project", type=Path, help="team project file")
    merger.add_argument(
        "paths", nargs="+", type=Path, metavar="FILE", help="annotators' project files"
    )
    cli_transfer.add_own_layer_option(merger, _name)


def _add_export(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    exporter = commands.add_parser(
        "export",
        help="export documents and spans",
        description="Export every document with its spans (every layer, each span naming its "
        "annotator, unless --annotator or --gold picks one). Offsets count Unicode code "
        "points; newlines are '\\n'. OUT.meta.json beside OUT records the project, the "
        "label set, the offset unit and the tool version (-o - writes the data alone to "
        "standard output).",
    )
    exporter.add_argument("project", type=Path, help="project file")
    exporter.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        help="file to write; - writes the data to standard output (no sidecar, and the "
        "summary goes to standard error)",
    )
    from annotator.formats.registry import default_registry  # stdlib-only; keeps --help lean

    writers = default_registry().writers
    exporter.add_argument(
        "--format",
        default="jsonl",
        type=str.lower,
        choices=list(writers),
        help="; ".join(f"{name}: {writer.description}" for name, writer in writers.items())
        + " (default: jsonl)",
    )
    exporter.add_argument(
        "--offsets",
        choices=["codepoints", "utf16", "utf8"],
        help="count span offsets in code points (Python), UTF-16 code units (JavaScript, "
        "Java) or UTF-8 bytes (Rust, Go); default: the format's own, code points for all but "
        "xmi (UTF-16 units); the sidecar says which",
    )
    exporter.add_argument(
        "--split",
        metavar="TRAIN/DEV/TEST",
        type=_split_shares,
        help="divide the documents into train, dev and test files by these percentages "
        "(such as 80/10/10), shuffled with --seed; OUT is then a folder, or a .zip",
    )
    exporter.add_argument(
        "--seed",
        type=int,
        default=13,
        help="the shuffle's seed for --split: the same seed gives the same split (default: 13)",
    )
    layers = exporter.add_mutually_exclusive_group()
    layers.add_argument("--annotator", metavar="NAME", type=_name, help="only NAME's spans")
    layers.add_argument(
        "--gold",
        action="store_true",
        help="only the curated gold standard, each span with its provenance",
    )
    cli_transfer.add_status_option(exporter)


def _split_shares(value: str) -> tuple[float, float, float]:
    """``80/10/10`` as shares of 1; argparse reports the error as a bad value."""
    from annotator.formats.base import parse_shares

    shares = parse_shares(value)
    if shares is None:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not three percentages adding up to 100, such as 80/10/10"
        )
    return shares


def _add_stats(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    stats = commands.add_parser(
        "stats",
        help="print counts per label, status and annotator",
        description="Print how many spans each label and each annotator has, and each "
        "annotator's documents per status. Annotators without a span, a status or a note "
        "are left out.",
    )
    stats.add_argument("project", type=Path, help="project file")
    stats.add_argument("--json", action="store_true", help="print JSON for scripts")


def _add_agreement(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    agreement = commands.add_parser(
        "agreement",
        help="measure agreement between annotators' layers",
        description="Compare annotators' layers: Cohen's kappa, Krippendorff's alpha and "
        "Fleiss' kappa over characters and tokens, Krippendorff's unitizing alpha, and span "
        "precision, recall and F1, overall, per pair and per label. The rules each figure "
        "follows are printed with it.",
    )
    agreement.add_argument("project", type=Path, help="project file")
    agreement.add_argument("--json", action="store_true", help="print JSON for scripts")
    agreement.add_argument(
        "--annotators",
        nargs="+",
        type=_name,
        metavar="NAME",
        help="compare these annotators (default: everyone with at least one span)",
    )
    agreement.add_argument(
        "--documents",
        choices=["done", "all"],
        default="done",
        help="documents every compared annotator marked done (default), or all that any "
        "of them gave a span or a status",
    )


def _name(value: str) -> str:
    """An annotator name as typed: surrounding blanks dropped, by the rules of a name."""
    if not value.strip():
        raise argparse.ArgumentTypeError("a name cannot be empty")
    problem = annotator_name_problem(value.strip())
    if problem is not None:
        raise argparse.ArgumentTypeError(problem)
    return value.strip()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    return run_command(lambda: _main(argv))


def _main(argv: Sequence[str] | None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or (args_list[0] not in COMMANDS and args_list[0] not in _TOP_LEVEL_FLAGS):
        args_list.insert(0, "open")
    return _run(build_parser().parse_args(args_list))


_TOP_LEVEL_FLAGS = ("-h", "--help", "--version")


def _run(args: argparse.Namespace) -> int:
    if args.command == "open":
        from annotator.app import run_app  # the only path that loads Qt

        exit_code: int = run_app(args.project)
        return exit_code
    if args.command in cli_backups.COMMANDS:
        return cli_backups.run(args)  # without opening the project: it may be damaged
    annotator_name = SettingsStore().load().effective_annotator_name
    cli_project.warn_about_network_drive(args.project)
    if args.command in ("import", "merge"):
        return _add(args, annotator_name)
    if not args.project.exists():
        raise AnnotatorError(f"{args.project}: no such project file")
    project = cli_project.open_existing(args.command, args.project, annotator_name)
    try:
        if args.command == "export":
            return _export(project, args)
        if args.command == "share":
            return cli_transfer.run_share(project, args.output, replace=args.replace)
        if args.command == "remove":
            if not (args.dry_run or args.list_imports):
                cli_backups.before_writing(project, args.command)
            return cli_transfer.run_remove(project, args)
        if args.command == "agreement":
            return _agreement(project, args)
        if args.command in cli_suggest.COMMANDS:
            return cli_suggest.run(project, args)
        return _stats(project, as_json=args.json)
    finally:
        project.close()


def _add(args: argparse.Namespace, annotator_name: str) -> int:
    """``import`` and ``merge``, which create their project when it is missing. A project
    they created and added nothing to is removed again, so a typo leaves no stray project."""
    from annotator.services.project import Project

    existed = args.project.expanduser().exists()
    cli_project.refuse_if_unwritable(args.project)
    project = Project.open(
        args.project, annotator_name, register_annotator=args.command == "import"
    )
    try:
        if existed:  # a new project has nothing to lose
            cli_backups.before_writing(project, args.command)
        if args.command == "import":
            ok, added = _import(project, args, annotator_name)
        else:
            ok, added = _merge(project, args.paths, args.own_layer or annotator_name)
    finally:
        project.close()
    if not added and project.remove_if_created():
        print(f"Nothing was added, so {args.project} was not created.")
    return EXIT_OK if ok else EXIT_FAILED


def _import(project: Project, args: argparse.Namespace, annotator_name: str) -> tuple[bool, bool]:
    """Import and report; returns whether no file was refused, and whether anything was added."""
    from annotator.services.importing import ImportOptions

    options = ImportOptions(
        default_annotator=annotator_name,
        annotator=args.annotator,
        create_labels=args.create_labels,
        text_column=args.text_column,
        format_name=args.format,
    )
    report = project.importer.import_paths(args.paths, options)
    # Names in these lines come from the files: escaped, so that each stays one line.
    for error in report.errors:
        print(f"annotator: refused {one_line(error, None)}", file=sys.stderr)
    for skipped in report.skipped:
        print(f"annotator: skipped {one_line(skipped, None)}", file=sys.stderr)
    print(one_line(report.summary(), None))
    return report.ok, report.added_anything


def _merge(project: Project, paths: list[Path], own_layer: str) -> tuple[bool, bool]:
    """Merge and report; returns whether no file was refused, and whether any was merged."""
    from annotator.services.merge import own_layer_line

    line = f"{own_layer_line(own_layer)} (--as NAME names another, if that is an annotator's)."
    print(one_line(line, None))
    report = project.merger.merge_paths(paths, own_layer)
    for outcome in report.files:
        if outcome.merged:  # names in these lines come from the files: escaped
            print(one_line(outcome.summary(), None))
            for message in outcome.messages:
                print(f"  {one_line(message, None)}")
        else:
            refusal = f"{outcome.path}: {outcome.error}"
            print(f"annotator: refused {one_line(refusal, None)}", file=sys.stderr)
    print(report.summary())
    return report.ok, report.merged_any


def _export(project: Project, args: argparse.Namespace) -> int:
    if str(args.output) == "-":
        return cli_transfer.run_export_to_stdout(project, args)
    return cli_transfer.run_export(project, args)


def _stats(project: Project, *, as_json: bool) -> int:
    from annotator.services.stats import project_stats

    stats = project_stats(project.store)
    if as_json:
        print(
            json.dumps(
                {
                    "documents": stats.documents,
                    "spans": stats.spans,
                    "per_label": stats.per_label,
                    "per_annotator": stats.per_annotator,
                    "per_status": stats.per_status,
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        return EXIT_OK
    print(f"Documents: {stats.documents}    Spans: {stats.spans}")
    _print_table("Spans per label", stats.per_label)
    _print_table("Spans per annotator", stats.per_annotator)
    for name, counts in stats.per_status.items():
        _print_table(f"Documents per status for {name}", counts)
    return EXIT_OK


def _agreement(project: Project, args: argparse.Namespace) -> int:
    from annotator.core.agreement.text import report_text

    report = project.agreement.compare(args.annotators, args.documents)
    if args.json:
        # Undefined figures are null with a note, never NaN (which JSON does not have).
        print(json.dumps(report.as_json(), indent=2, ensure_ascii=False, allow_nan=False))
    else:
        print(report_text(report))
    return EXIT_OK


def _print_table(title: str, counts: dict[str, int]) -> None:
    print(f"\n{one_line(title)}:")
    if not counts:
        print("  (none)")
    rows = [(one_line(name), count) for name, count in counts.items()]  # names are anyone's
    width = max((len(name) for name, _count in rows), default=0)
    for name, count in rows:
        print(f"  {name.ljust(width)}  {count:>8}")
