"""``annotator backups`` and ``annotator restore``, and the backup taken before the command
line writes to a project.

Neither command opens the project: ``restore`` is mostly run on a project that is damaged or
gone, and must find it open nowhere. Headless like the rest of the command line.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from annotator.services.backups import Backup, BackupService
    from annotator.services.project import Project

COMMANDS = ("backups", "restore")


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``backups`` and ``restore`` to the command line."""
    lister = commands.add_parser(
        "backups",
        help="list a project's backups",
        description="List the backups of PROJECT, oldest first: when each was made (local "
        "time), why, its size and what it holds. Backups are made when the window opens a "
        "project and every 10 minutes while it is open (if anything changed), before import, "
        "merge and remove write to it, before an upgrade and before a restore.",
    )
    lister.add_argument("project", type=Path, help="project file (it need not exist any more)")
    restorer = commands.add_parser(
        "restore",
        help="put a backup in place of a project file (the current file is kept)",
        description="Replace PROJECT with one of its backups, checked first. The current file "
        "(with its -wal) is kept aside as a before-restore backup, so a restore can itself be "
        "undone. Works when PROJECT is damaged or missing; refuses while it is open.",
        usage="annotator restore [-h] project (--latest | BACKUP)",
        formatter_class=_RestoreHelp,
    )
    restorer.add_argument("project", type=Path, help="project file")
    # "--latest NAME" would be "unrecognized arguments" to argparse (the optional BACKUP is
    # taken, empty, before --latest): --latest takes the name itself, to say "not both".
    restorer.add_argument(
        "--latest",
        nargs="?",
        const=True,
        default=False,
        help="the newest backup that passes its check",
    )
    restorer.add_argument(
        "backup",
        nargs="?",
        type=Path,
        metavar="BACKUP",
        help="a backup's path, or its name as 'annotator backups' lists it",
    )
    restorer.set_defaults(usage_error=restorer.error)


class _RestoreHelp(argparse.HelpFormatter):
    """Shows ``--latest`` as the flag it is, not with the value it only takes by mistake."""

    def _format_action_invocation(self, action: argparse.Action) -> str:
        if action.dest == "latest":
            return "--latest"
        return super()._format_action_invocation(action)


def run(args: argparse.Namespace) -> int:
    """Run ``backups`` or ``restore``; returns the exit code."""
    from annotator.services.backups import BackupService
    from annotator.services.restore import choose_backup, restore

    service = BackupService(args.project)
    if args.command == "backups":
        return _list(service)
    if args.latest is not False and (args.latest is not True or args.backup is not None):
        args.usage_error("choose --latest or a backup's name, not both")
    if args.latest is False and args.backup is None:
        args.usage_error("choose --latest or a backup's name")
    result = restore(service, choose_backup(service, None if args.latest else args.backup))
    print(result.line())
    return 0


def _list(service: BackupService) -> int:
    backups = service.backups()
    if not backups:
        print(f"No backups of {service.project.name} yet (they go to {service.folder}).")
        return 0
    print(f"Backups of {service.project}, oldest first (local times):")
    reasons = max(len(backup.reason) for backup in backups)
    for backup in backups:
        where = backup.path.name if backup.path.parent == service.folder else str(backup.path)
        print(f"  {_row(service, backup, reasons)}\n      {where}")
    print(f"They are in {service.folder}.")
    print(f"Restore one with: annotator restore {service.project} --latest (or a name above).")
    return 0


def _row(service: BackupService, backup: Backup, reasons: int) -> str:
    """When, why, how big and what it holds: under 80 characters, the name on a line of its
    own (it alone may be long)."""
    from annotator.services.backups import readable_size

    made = backup.made.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    contents = service.contents(backup)
    held = (
        f"{_count(contents.documents, 'document'):>15}  {_count(contents.spans, 'span'):>15}"
        if contents is not None
        else "damaged: restore refuses it"
    )
    return f"{made}  {backup.reason:<{reasons}}  {readable_size(backup.size):>11}  {held}"


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


_WHAT = {"import": "The import", "merge": "The merge", "remove": "The removal"}


def before_writing(project: Project, command: str) -> None:
    """Back up an existing project before ``command`` writes to it (skipped when nothing
    changed since the last backup). A backup that fails is reported and the command goes
    on: the write itself is all or nothing, and the last backup is still there."""
    from annotator.services.backups import BackupError, BackupService

    try:
        BackupService(project.path, project.store.engine).back_up(f"before-{command}")
    except BackupError as error:
        goes_on = f"{_WHAT.get(command, 'The command')} goes on without a backup."
        print(f"annotator: warning: {error.problem} {goes_on}", file=sys.stderr)
