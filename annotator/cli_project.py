"""How the headless commands open their project: warned about network drives first, and
read-only where the project cannot be written but the command only reads."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.errors import ProjectError
from annotator.filesystems import network_warning
from annotator.store.writable import cannot_work_on, write_problem

if TYPE_CHECKING:
    from annotator.services.project import Project

#: Commands that only read the project: they work on a project that cannot be written.
READING_COMMANDS = frozenset({"export", "stats", "agreement", "share"})


def warn_about_network_drive(project: Path) -> None:
    """Say on standard error, before anything is written, when the project is on a network
    or FUSE drive (SQLite's own errors there never say why)."""
    warning = network_warning(project)
    if warning is not None:
        print(f"annotator: warning: {warning}", file=sys.stderr)


def refuse_if_unwritable(path: Path) -> None:
    """Refuse, in one line naming the project, a command that writes to an existing project
    that cannot be written, before it starts (rather than once per input file).

    Raises:
        ProjectError: The project exists and cannot be written.
    """
    from annotator.store.db import project_file  # loads SQLAlchemy: not for --help

    file = project_file(path)
    problem = write_problem(file) if file.is_file() else None
    if problem is not None:
        raise ProjectError(cannot_work_on(file, problem))


def open_existing(command: str, path: Path, annotator_name: str) -> Project:
    """Open an existing project for ``command``, adding nothing to it; a command that only
    reads gets a project that cannot be written read-only, with a note saying why."""
    from annotator.services.project import Project

    if command not in READING_COMMANDS:
        refuse_if_unwritable(path)
        return Project.open(path, annotator_name, register_annotator=False)
    project = Project.open_to_read(path, annotator_name)
    if project.read_only is not None:
        print(f"annotator: note: {project.read_only}; reading it only.", file=sys.stderr)
    return project
