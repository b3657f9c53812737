"""What the backup and restore tests share: a clock they move, a project with pages, and
a file's mode."""

from __future__ import annotations

import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

from annotator.core.model import DocumentDraft
from annotator.services.importing import ImportOptions, ImportReport
from annotator.services.project import Project


class Clock:
    """The time the backup service sees: moved by the test, never by sleeping."""

    def __init__(self, start: datetime = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def add_pages(project: Project, count: int, prefix: str = "page", size: int = 60) -> None:
    """Import ``count`` distinct pages of about ``size`` characters."""
    drafts = [
        DocumentDraft(f"{prefix} {i}: " + "words " * (size // 6), f"{prefix} {i}", f"{prefix}{i}")
        for i in range(count)
    ]
    options = ImportOptions(default_annotator=project.annotator_name)
    project.importer.import_drafts(drafts, options, ImportReport())


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def damage_last_page(path: Path) -> None:
    """Overwrite a database file's last page: ``quick_check`` fails, but counting its
    documents still works (as with many a damaged file)."""
    data = bytearray(path.read_bytes())
    data[-4096:] = b"\xa5" * 4096
    path.write_bytes(bytes(data))
