"""The user's settings: a typed object stored as JSON under the platform's config folder."""

from __future__ import annotations

import getpass
import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from annotator.atomic import atomic_text_file
from annotator.core.value_rules import annotator_name_problem
from annotator.owner_only import private_folder

APP_DIR_NAME = "annotator"
SETTINGS_FILE = "settings.json"
DEFAULT_PROJECT_FILE = "default.annotator"


def config_dir() -> Path:
    """Folder for settings (honours ``XDG_CONFIG_HOME`` on Linux)."""
    return Path(platformdirs.user_config_dir(APP_DIR_NAME, appauthor=False))


def data_dir() -> Path:
    """Folder for the default project (honours ``XDG_DATA_HOME`` on Linux)."""
    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))


def backups_dir() -> Path:
    """Folder holding every project's rolling backups (inside :func:`data_dir`)."""
    return data_dir() / "backups"


def project_backup_folder(project: Path) -> Path:
    """Where the backups of the project file at ``project`` are kept.

    One folder per project file, named after the file and a short hash of its absolute
    path: two projects of the same name in different folders never share backups, and the
    name still tells a person browsing the folder which project it is.
    """
    absolute = project_key(project)
    digest = hashlib.sha256(absolute.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return backups_dir() / f"{Path(absolute).name}-{digest}"


def log_dir() -> Path:
    """Folder for the log file that keeps details of unexpected errors."""
    return Path(platformdirs.user_log_dir(APP_DIR_NAME, appauthor=False))


def system_user_name() -> str:
    """The operating-system user name, or a neutral name when there is none."""
    try:
        name = getpass.getuser().strip()
    except (KeyError, OSError):  # no passwd entry (containers) and no LOGNAME/USER
        name = ""
    return name or "annotator"


#: Recent projects remembered, and projects whose last shown document is remembered.
RECENT_LIMIT = 10
LAST_DOCUMENT_LIMIT = 50


def project_key(path: Path) -> str:
    """How a project file is named in the settings: its absolute path, so that it means the
    same file whatever the folder the program is started from."""
    return str(path.expanduser().resolve())


@dataclass(slots=True)
class Settings:
    """Everything the program remembers between runs, outside project files.

    Attributes:
        annotator_name: The name spans are saved under (None: the system user's).
        snap_to_words: Grow selections to whole words when labelling.
        show_suggestions: Show suggestions in the text (View ▸ Show Suggestions).
        text_zoom: The document text's size, in percent of its usual size (View ▸ Zoom).
        recent_projects: Absolute paths of the projects opened last, most recent first.
        last_documents: Per project (absolute path), the id of the document shown when its
            window closed; the most recently closed project last.
    """

    annotator_name: str | None = None
    snap_to_words: bool = True
    show_suggestions: bool = True
    text_zoom: int = 100
    recent_projects: list[str] = field(default_factory=list)
    last_documents: dict[str, int] = field(default_factory=dict)

    @property
    def effective_annotator_name(self) -> str:
        """The name the user set, else the operating-system user name."""
        return self.annotator_name or system_user_name()

    def remember_project(self, path: Path, limit: int = RECENT_LIMIT) -> None:
        """Put ``path`` (made absolute) first in the recent-projects list."""
        entry = project_key(path)
        self.recent_projects = [entry, *(p for p in self.recent_projects if p != entry)][:limit]

    def forget_recent_projects(self, paths: list[str] | None = None) -> None:
        """Drop these entries from the recent-projects list (all of them for None)."""
        gone = set(self.recent_projects if paths is None else paths)
        self.recent_projects = [p for p in self.recent_projects if p not in gone]

    def remember_document(self, project: Path, document_id: int | None) -> None:
        """Keep the document shown in a project, to show it again when it next opens."""
        key = project_key(project)
        self.last_documents.pop(key, None)
        if document_id is not None:
            self.last_documents[key] = document_id
        while len(self.last_documents) > LAST_DOCUMENT_LIMIT:
            del self.last_documents[next(iter(self.last_documents))]

    def last_document(self, project: Path) -> int | None:
        """The document shown when the project's window last closed, if remembered."""
        return self.last_documents.get(project_key(project))


class SettingsStore:
    """Loads and saves :class:`Settings` at one path; unreadable files fall back to defaults."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or config_dir() / SETTINGS_FILE

    def load(self) -> Settings:
        """Read the settings; a missing or damaged file gives the defaults."""
        try:
            raw: Any = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return Settings()
        if not isinstance(raw, dict):
            return Settings()
        name = raw.get("annotator_name")
        snap = raw.get("snap_to_words")
        suggest = raw.get("show_suggestions")
        recent = raw.get("recent_projects")
        last = raw.get("last_documents")
        zoom = raw.get("text_zoom")
        return Settings(
            annotator_name=_usable_name(name),
            snap_to_words=snap if isinstance(snap, bool) else True,
            show_suggestions=suggest if isinstance(suggest, bool) else True,
            # Absent in older files; a hand-edited value far out of range is not trusted.
            text_zoom=zoom if type(zoom) is int and 10 <= zoom <= 1000 else 100,
            # Older versions kept paths as typed; a relative one cannot be trusted to name
            # the same file from another folder, so it is dropped.
            recent_projects=[p for p in recent if isinstance(p, str) and Path(p).is_absolute()]
            if isinstance(recent, list)
            else [],
            last_documents={
                key: value
                for key, value in last.items()
                if isinstance(key, str) and type(value) is int
            }
            if isinstance(last, dict)
            else {},
        )

    def save(self, settings: Settings) -> None:
        """Write the settings atomically (a temporary file renamed into place), owner-only
        in an owner-only folder: they name the user and their recent projects."""
        private_folder(self.path.parent)
        with atomic_text_file(self.path, private=True) as handle:
            json.dump(asdict(settings), handle, indent=2)


def _usable_name(name: object) -> str | None:
    """A saved annotator name, or None (the system user's) when it breaks the rules of a
    name: edited by hand or saved by an older version, it would make every project refuse
    to open."""
    if not isinstance(name, str) or annotator_name_problem(name.strip()) is not None:
        return None
    return name.strip()
