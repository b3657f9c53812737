"""The files that opening a missing project creates, so that they can be taken back.

``import`` and ``merge`` create their project when it is missing. When nothing is added
to it (every file refused: a typo in a name), the new, empty project would stay behind;
these are the files to remove then. A project that existed is never among them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from annotator.store.db import project_file

#: The files SQLite keeps beside a project: the write-ahead log and its index while the
#: project is open (or after a crash), a rollback journal while a transaction is written.
SIDE_FILE_SUFFIXES = ("-wal", "-shm", "-journal")


@dataclass(frozen=True, slots=True)
class CreatedFiles:
    """The project file and those of its side files that were not there before opening.

    Empty when the project file existed (an empty file too: it opens as a new project, but
    it is someone's file). A side file that was there is never removed.
    """

    #: The project file first, then its side files.
    paths: tuple[Path, ...] = ()

    @classmethod
    def before_opening(cls, path: Path) -> CreatedFiles:
        """What opening the project at ``path`` would create; call just before opening."""
        target = project_file(path)
        if os.path.lexists(target):
            return cls()
        sides = (target.with_name(target.name + suffix) for suffix in SIDE_FILE_SUFFIXES)
        return cls((target, *(side for side in sides if not os.path.lexists(side))))

    def remove(self) -> bool:
        """Remove those that exist now; call with the project closed.

        The side files go first: a log left beside no project could later be applied to a
        new project of the same name.

        Returns:
            True when the project file was there and was removed.

        Raises:
            OSError: A file could not be removed.
        """
        if not self.paths:
            return False
        project, *sides = self.paths
        for side in sides:
            side.unlink(missing_ok=True)
        if not os.path.lexists(project):
            return False
        project.unlink()
        return True
