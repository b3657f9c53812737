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
    )
    restorer.add_argument("project", type=Path, help="project file")
    which = restorer.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--latest", action="store_true", help="the newest backup that passes its check"
    )
    which.add_argument(
        "backup",
        nargs="?",
        type=Path,
        metavar="BACKUP",
        help="a backup's path, or its name as 'annotator backups' lists it",
    )


def run(args: argparse.Namespace) -> int:
    """Run ``backups`` or ``restore``; returns the exit code."""
    from annotator.services.backups import BackupService
    from annotator.services.restore import choose_backup, restore

    service = BackupService(args.project)
    if args.command == "backups":
        return _list(service)
    result = restore(service, choose_backup(service, None if args.latest else args.backup))
    print(result.line())
    return 0


def _list(service: BackupService) -> int:
    backups = service.backups()
    if not backups:
        print(f"No backups of {service.project.name} yet (they go to {service.folder}).")
        return 0
    print(f"Backups of {service.project} (in {service.folder}):")
    for backup in backups:
        print("  " + _row(service, backup))
    print(f"Restore one with: annotator restore {service.project} --latest (or a name above).")
    return 0


def _row(service: BackupService, backup: Backup) -> str:
    from annotator.services.backups import readable_size

    made = backup.made.astimezone().strftime("%Y-%m-%d %H:%M")
    contents = service.contents(backup)
    held = (
        f"{contents.documents:>7,} documents {contents.spans:>9,} spans"
        if contents is not None
        else f"{'damaged (cannot be read)':>33}"
    )
    where = backup.path.name if backup.path.parent == service.folder else str(backup.path)
    return f"{made}  {backup.reason:<20} {readable_size(backup.size):>9}  {held}  {where}"


def before_writing(project: Project, command: str) -> None:
    """Back up an existing project before ``command`` writes to it (skipped when nothing
    changed since the last backup). A backup that fails is reported and the command goes
    on: the write itself is all or nothing, and the last backup is still there."""
    from annotator.services.backups import BackupError, BackupService

    try:
        BackupService(project.path, project.store.engine).back_up(f"before-{command}")
    except BackupError as error:
        print(f"annotator: warning: {error}", file=sys.stderr)
