"""How backups of a project file are named, and which of them are kept.

A backup is named ``<project file>.<UTC stamp>.<reason>.bak``, for instance
``news.annotator.2026-12-08T031500Z.open.bak``: in one project's backup folder the names sort
by time, and each says when it was made and why.

Which are kept (:func:`to_prune`):

- the *rolling* backups (made on opening, every few minutes while the window is open, before
  a command-line import, merge or removal, or when asked for): the newest
  :data:`KEEP_NEWEST`; besides them the first of each hour for the last
  :data:`KEEP_HOURS` hours, and the first of each day for the last :data:`KEEP_DAYS` days
  (hours and days in local time), so that the project as it was when the day's work began
  is still there at its end;
- the backups made before a restore: the newest :data:`KEEP_SPECIAL` of them;
- the backups made before a schema upgrade: the newest :data:`KEEP_SPECIAL` of them.

Older ones are removed; the backup just made never is.
"""

from __future__ import annotations

import glob
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path

#: Rolling backups kept whatever their age.
KEEP_NEWEST = 5
#: Hours back for which the first rolling backup of each hour is kept too.
KEEP_HOURS = 24
#: Days back (today included) for which the first rolling backup of each day is kept too.
KEEP_DAYS = 7
#: Backups kept of each special kind (before a restore, before an upgrade).
KEEP_SPECIAL = 3

BEFORE_RESTORE = "before-restore"
UPGRADE_PREFIX = "before-upgrade-"
SUFFIX = ".bak"
_STAMP = "%Y-%m-%dT%H%M%SZ"
_NAME = re.compile(
    r"^(?P<project>.+)\.(?P<stamp>\d{4}-\d\d-\d\dT\d{6}Z)\.(?P<reason>[a-z0-9][a-z0-9-]*)\.bak$"
)


@dataclass(frozen=True, slots=True)
class BackupName:
    """A backup's file name, read.

    Attributes:
        project: The project file's name.
        made: When the backup was made (UTC, to the second).
        reason: Why: ``open``, ``periodic``, ``manual``, ``before-import`` ...
    """

    project: str
    made: datetime
    reason: str

    @property
    def file_name(self) -> str:
        """The name on disk."""
        return f"{self.project}.{self.made.strftime(_STAMP)}.{self.reason}{SUFFIX}"

    @property
    def kind(self) -> str:
        """The pruning group: ``rolling``, ``before-restore`` or ``before-upgrade``."""
        if self.reason == BEFORE_RESTORE:
            return BEFORE_RESTORE
        if self.reason.startswith(UPGRADE_PREFIX):
            return "before-upgrade"
        return "rolling"

    @classmethod
    def parse(cls, name: str) -> BackupName | None:
        """The parts of a backup's file name; None for any other file."""
        match = _NAME.match(name)
        if match is None:
            return None
        made = datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=UTC)
        return cls(match["project"], made, match["reason"])


#: How versions before the backup folder named the backup made before an upgrade, beside the
#: project file: ``news.annotator.before-upgrade-0006-20260101T120000Z.bak``.
_LEGACY = re.compile(r"^\.before-upgrade-(?P<revision>[0-9a-z]+)-(?P<stamp>\d{8}T\d{6}Z)\.bak$")


def legacy_backups(project: Path) -> list[tuple[Path, BackupName]]:
    """The backups older versions made beside ``project`` before upgrading it, oldest first."""
    found = []
    for entry in project.parent.glob(f"{glob.escape(project.name)}.before-upgrade-*.bak"):
        match = _LEGACY.match(entry.name[len(project.name) :])
        if match is not None and entry.is_file():
            made = datetime.strptime(match["stamp"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
            found.append(
                (entry, BackupName(project.name, made, UPGRADE_PREFIX + match["revision"]))
            )
    return sorted(found, key=lambda item: item[1].made)


def reason_is_valid(reason: str) -> bool:
    """Whether ``reason`` can stand in a backup's name."""
    return re.fullmatch(r"[a-z0-9][a-z0-9-]*", reason) is not None


def new_name(folder: Path, project_name: str, made: datetime, reason: str) -> BackupName:
    """A name no file in ``folder`` has, for a backup made at ``made``.

    Two backups in one second for one reason (a quick second click) get stamps a second
    apart, so the names still sort in the order they were made.
    """
    if not reason_is_valid(reason):
        raise ValueError(f"not a backup reason: {reason!r}")
    name = BackupName(project_name, made.astimezone(UTC).replace(microsecond=0), reason)
    while (folder / name.file_name).exists():
        name = BackupName(name.project, name.made + timedelta(seconds=1), reason)
    return name


def backups_in(folder: Path, project_name: str) -> list[tuple[Path, BackupName]]:
    """The backups of ``project_name`` in ``folder``, oldest first."""
    try:
        entries = list(folder.iterdir())
    except FileNotFoundError:
        return []
    found = []
    for entry in entries:
        name = BackupName.parse(entry.name)
        if name is not None and name.project == project_name and entry.is_file():
            found.append((entry, name))
    return sorted(found, key=lambda item: (item[1].made, item[0].name))


def to_prune(
    names: Iterable[BackupName], now: datetime, keep: BackupName, zone: tzinfo | None = None
) -> list[BackupName]:
    """The backups the rule in this module's docstring removes.

    Args:
        names: Every backup of one project.
        now: The time the rule counts hours and days back from.
        keep: The backup just made, kept whatever the rule says.
        zone: The time zone hours and days are counted in (default: the computer's).
    """
    newest_first = sorted(names, key=lambda name: name.made, reverse=True)
    kept: set[BackupName] = {keep}
    rolling = [name for name in newest_first if name.kind == "rolling"]
    kept.update(rolling[:KEEP_NEWEST])
    local_now = now.astimezone(zone)
    first_day = local_now.date() - timedelta(days=KEEP_DAYS - 1)
    kept.update(
        _first_of_each(
            rolling,
            since=local_now - timedelta(hours=KEEP_HOURS),
            period=lambda made: made.replace(minute=0, second=0, microsecond=0),
            zone=zone,
        )
    )
    kept.update(
        _first_of_each(
            rolling,
            since=datetime.combine(first_day, datetime.min.time(), local_now.tzinfo),
            period=lambda made: made.date(),
            zone=zone,
        )
    )
    for kind in (BEFORE_RESTORE, "before-upgrade"):
        kept.update([name for name in newest_first if name.kind == kind][:KEEP_SPECIAL])
    return [name for name in newest_first if name not in kept]


def _first_of_each(
    names: list[BackupName],
    since: datetime,
    period: Callable[[datetime], object],
    zone: tzinfo | None,
) -> list[BackupName]:
    """The oldest of ``names`` in each period (hour, day) from ``since`` on, local time.

    The oldest, not the newest: it stays the one kept as the period fills up, and it is the
    project as it was when that hour's or day's work began.
    """
    firsts: dict[object, BackupName] = {}
    for name in reversed(names):  # oldest first
        made = name.made.astimezone(zone)
        if made >= since:
            firsts.setdefault(period(made), name)
    return list(firsts.values())
