"""What opening a path means: a project, a new one (asked first), or documents to import."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from PySide6.QtWidgets import QWidget

from annotator import APP_NAME
from annotator.store.header import may_hold_a_project
from annotator.ui.widgets.dialogs import Ask, Tell


class OpenProject(Protocol):
    """Asks the composition root to open a project file in a new window.

    ``create`` says the user already chose to make a new project there (File ▸ New
    Project); otherwise a path where there is no file is only created once the user agrees.
    """

    def __call__(self, path: Path, *, create: bool = False) -> object: ...


@dataclass(frozen=True, slots=True)
class OpenRequest:
    """The project to open (None: the default one) and files to import into it once open;
    ``new`` when the user chose to create it (if that fails, they may choose another place:
    see :func:`another_place`)."""

    project: Path | None
    imports: tuple[Path, ...] = ()
    new: bool = False


def request_for(
    parent: QWidget | None, path: Path | None, default: Path, *, create: bool = False
) -> OpenRequest | None:
    """What to open for ``path``, asking the user where it is not a project; None when the
    user declines.

    - no file there: create an empty project (and its folder, with parents), once the user
      agrees (unless ``create``);
    - a file of documents (text, JSONL, CSV … anything a reader takes): import it into a
      project beside it or into the default project, as the user chooses;
    - anything else is opened as a project (the store refuses what is not one, and says so).
    """
    if path is None:
        return OpenRequest(None)
    path = path.expanduser()
    if not path.exists():
        if not (create or Ask.create_project(parent, path)):
            return None
        place = _with_folder(parent, path)
        return OpenRequest(place, new=True) if place else None
    if path.is_file() and not may_hold_a_project(path) and _importable(path):
        target = Ask.import_instead(parent, path, path.with_suffix(".annotator"), default)
        if target is None:
            return None
        return OpenRequest(None if target == default else target, (path,))
    return OpenRequest(path)


def another_place(parent: QWidget | None, path: Path, problem: str) -> Path | None:
    """A new project cannot be made at ``path``: say why, and ask where else (its folder made
    if need be); None when the user declines."""
    Tell.problem(
        parent, f"{APP_NAME} — cannot create the project", f"{problem} Choose another place."
    )
    existing = next(folder for folder in path.parents if folder.is_dir())
    chosen = Ask.new_project(parent, existing / path.name)
    return _with_folder(parent, chosen) if chosen else None


def _with_folder(parent: QWidget | None, path: Path) -> Path | None:
    """``path``, once its folder exists (made with its parents where missing)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        reason = (error.strerror or str(error)).rstrip(".").lower()
        return another_place(parent, path, f"Cannot create the folder {path.parent}: {reason}.")
    return path


def _importable(path: Path) -> bool:
    from annotator.formats.registry import default_registry

    return default_registry().reader_for(path) is not None
