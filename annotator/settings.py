"""The user's settings: a typed object stored as JSON under the platform's config folder."""

from __future__ import annotations

import getpass
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from annotator.atomic import atomic_text_file

APP_DIR_NAME = "annotator"
SETTINGS_FILE = "settings.json"
DEFAULT_PROJECT_FILE = "default.annotator"


def config_dir() -> Path:
    """Folder for settings (honours ``XDG_CONFIG_HOME`` on Linux)."""
    return Path(platformdirs.user_config_dir(APP_DIR_NAME, appauthor=False))


def data_dir() -> Path:
    """Folder for the default project (honours ``XDG_DATA_HOME`` on Linux)."""
    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))


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


@dataclass(slots=True)
class Settings:
    """Everything the program remembers between runs, outside project files."""

    annotator_name: str | None = None
    snap_to_words: bool = True
    recent_projects: list[str] = field(default_factory=list)

    @property
    def effective_annotator_name(self) -> str:
        """The name the user set, else the operating-system user name."""
        return self.annotator_name or system_user_name()

    def remember_project(self, path: Path, limit: int = 10) -> None:
        """Put ``path`` first in the recent-projects list."""
        entry = str(path)
        self.recent_projects = [entry, *(p for p in self.recent_projects if p != entry)][:limit]


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
        recent = raw.get("recent_projects")
        return Settings(
            annotator_name=name.strip() if isinstance(name, str) and name.strip() else None,
            snap_to_words=snap if isinstance(snap, bool) else True,
            recent_projects=[p for p in recent if isinstance(p, str)]
            if isinstance(recent, list)
            else [],
        )

    def save(self, settings: Settings) -> None:
        """Write the settings atomically (a temporary file renamed into place)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_text_file(self.path) as handle:
            json.dump(asdict(settings), handle, indent=2)
