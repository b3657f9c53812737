"""What opening a path means: a project, a new one (asked first), or documents to import."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from PySide6.QtWidgets import QWidget

from annotator.store.header import may_hold_a_project
from annotator.ui.dialogs import Ask


class OpenProject(Protocol):
    """Asks the composition root to open a project file in a new window.

    ``create`` says the user already chose to make a new project there (File ▸ New
    Project); otherwise a path where there is no file is only created once the user agrees.
    """

    def __call__(self, path: Path, *, create: bool = False) -> object: ...


@dataclass(frozen=True, slots=True)
class OpenRequest:
    """The project to open (None: the default one) and files to import into it once open."""

    project: Path | None
    imports: tuple[Path, ...] = ()


def request_for(
    parent: QWidget | None, path: Path | None, default: Path, *, create: bool = False
) -> OpenRequest | None:
    """What to open for ``path``, asking the user where it is not a project; None when the
    user declines.

    - no file there: create an empty project, once the user agrees (unless ``create``);
    - a file of documents (text, JSONL, CSV … anything a reader takes): import it into a
      project beside it or into the default project, as the user chooses;
    - anything else is opened as a project (the store refuses what is not one, and says so).
    """
    if path is None:
        return OpenRequest(None)
    path = path.expanduser()
    if not path.exists():
        return OpenRequest(path) if create or Ask.create_project(parent, path) else None
    if path.is_file() and not may_hold_a_project(path) and _importable(path):
        target = Ask.import_instead(parent, path, path.with_suffix(".annotator"), default)
        if target is None:
            return None
        return OpenRequest(None if target == default else target, (path,))
    return OpenRequest(path)


def _importable(path: Path) -> bool:
    from annotator.formats.registry import default_registry

    return default_registry().reader_for(path) is not None
