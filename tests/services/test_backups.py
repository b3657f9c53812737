"""Rolling backups: made on opening and while working, skipped when nothing changed, pruned
by their rule, owner-only, consistent under a writer, and a full disk leaves nothing."""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from backup_helpers import Clock, add_pages, mode
from project_files import downgrade, upgrade_backups
from small_disk import mounted_small_disk
from sqlalchemy import create_mock_engine

from annotator.services.backups import BackupError, BackupService
from annotator.services.project import Project
from annotator.settings import backups_dir, project_backup_folder
from annotator.store import backup_copy, db
from annotator.store.backup_names import BackupName, to_prune

posix_only = pytest.mark.skipif(os.name != "posix", reason="modes are POSIX")


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    opened = Project.open(tmp_path / "news.annotator", "alice")
    add_pages(opened, 3)
    yield opened
    opened.close()


def service_for(project: Project, clock: Clock) -> BackupService:
    return BackupService(project.path, project.store.engine, clock=clock)


def test_a_backup_on_opening_then_one_per_period_only_when_work_changed(project: Project) -> None:
    clock = Clock()
    service = service_for(project, clock)
    opened = service.back_up("open")
    assert opened is not None and opened.reason == "open"
    assert opened.path.parent == project_backup_folder(project.path)
    assert opened.path.name == "news.annotator.2026-03-01T090000Z.open.bak"
    contents = service.contents(opened)
    assert contents is not None and contents.documents == 3

    clock.advance(minutes=10)
    assert service.back_up("periodic") is None  # nothing changed: no churn
    add_pages(project, 2, prefix="later")
    clock.advance(minutes=10)
    periodic = service.back_up("periodic")
    assert periodic is not None and periodic.reason == "periodic"
    later = service.contents(periodic)
    assert later is not None and later.documents == 5
    assert [b.reason for b in service.backups()] == ["open", "periodic"]


def test_opening_again_and_again_without_changes_makes_one_backup(tmp_path: Path) -> None:
    path = tmp_path / "news.annotator"
    clock = Clock()
    for _ in range(5):
        opened = Project.open(path, "alice")
        try:
            if not opened.catalog.document_count():
                add_pages(opened, 2)
            service_for(opened, clock).back_up("open")
            clock.advance(hours=1)
        finally:
            opened.close()
    # The first backup saw the pages still in the log; closing moved them into the file,
    # which changed it once more. Then nothing changes.
    assert len(BackupService(path).backups()) <= 2


def names(*specs: tuple[str, str]) -> list[BackupName]:
    return [
        BackupName("p.annotator", datetime.fromisoformat(made).replace(tzinfo=UTC), why)
        for made, why in specs
    ]


def test_the_rule_keeps_five_newest_the_first_of_each_day_for_a_week_and_three_specials() -> None:
    now = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)
    rolling = [
        BackupName("p.annotator", now - timedelta(hours=6 * i), "open" if i % 2 else "periodic")
        for i in range(50)  # every 6 hours for 12 days
    ]
    special = names(
        *((f"2026-02-0{d}T10:00:00", "before-restore") for d in range(1, 6)),
        *((f"2026-01-0{d}T10:00:00", f"before-upgrade-000{d}") for d in range(1, 5)),
    )
    gone = set(to_prune([*rolling, *special], now, keep=rolling[0], zone=UTC))
    kept = [name for name in [*rolling, *special] if name not in gone]
    kept_rolling = [name for name in kept if name.kind == "rolling"]
    assert kept_rolling[:5] == rolling[:5]  # the last 24 hours' are among them
    # Besides, the first of each day back to 14 March (7 days, today's among the 5 newest).
    assert [name.made for name in kept_rolling[5:]] == [
        datetime(2026, 3, day, 0, 0, tzinfo=UTC) for day in range(19, 13, -1)
    ]
    assert sorted(n.made.day for n in kept if n.reason == "before-restore") == [3, 4, 5]
    assert sorted(n.reason for n in kept if n.kind == "before-upgrade") == [
        "before-upgrade-0002",
        "before-upgrade-0003",
        "before-upgrade-0004",
    ]


def test_a_day_of_backups_every_ten_minutes_keeps_its_morning_and_one_an_hour() -> None:
    """Failed before: only the 5 newest and the newest of each UTC day were kept, so by
    mid-morning the project as it was when the day began was gone."""
    zone = timezone(timedelta(hours=-5))  # the user's: days and hours are counted in it

    def local(day: int, hour: int, minute: int) -> BackupName:
        made = datetime(2026, 3, day, hour, minute, tzinfo=zone).astimezone(UTC)
        return BackupName("p.annotator", made, "periodic")

    yesterday = [local(19, 8, m) for m in range(0, 60, 10)] + [local(19, 23, 30)]
    today = [local(20, 8 + i // 6, i % 6 * 10) for i in range(60)]  # 08:00 to 17:50
    now = today[-1].made
    gone = set(to_prune([*yesterday, *today], now, keep=today[-1], zone=zone))
    kept = {name for name in [*yesterday, *today] if name not in gone}
    assert (
        kept
        == {
            local(19, 8, 0),  # the first of yesterday (23:30 is 04:30 today in UTC)
            local(19, 23, 30),  # the first of its hour, within 24 hours
            *(local(20, hour, 0) for hour in range(8, 18)),  # today's first, and one an hour
            *today[-5:],
        }
    )
    assert len(kept) == 2 + 10 + 5


def test_the_backup_just_made_is_never_pruned_even_when_the_clock_went_back() -> None:
    now = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)
    newer = [BackupName("p.annotator", now + timedelta(minutes=i), "periodic") for i in range(9)]
    made = BackupName("p.annotator", now - timedelta(days=30), "manual")
    assert made not in to_prune([*newer, made], now, keep=made)


def test_the_service_prunes_as_it_goes_keeping_the_first_of_the_day(project: Project) -> None:
    clock = Clock()
    service = BackupService(project.path, project.store.engine, clock=clock, zone=UTC)
    for _ in range(8):
        assert service.back_up("manual", only_if_changed=False) is not None
        clock.advance(minutes=10)
    kept = [backup.made.strftime("%H:%M") for backup in service.backups()]
    # The first of the day (and of its hour), the first of the next hour, the five newest.
    assert kept == ["09:00", "09:30", "09:40", "09:50", "10:00", "10:10"]


@posix_only
def test_backups_and_their_folders_are_owner_only_whatever_the_umask(project: Project) -> None:
    old = os.umask(0)
    try:
        made = service_for(project, Clock()).back_up("open")
    finally:
        os.umask(old)
    assert made is not None
    assert mode(made.path) == 0o600
    assert mode(made.path.parent) == 0o700
    assert mode(backups_dir()) == 0o700
    assert mode(made.path.parent / ".last-backup.json") == 0o600


@posix_only
def test_the_backup_before_an_upgrade_is_owner_only(tmp_path: Path) -> None:
    """Failed before: it was written beside the project with the umask's mode (0644)."""
    path = tmp_path / "old.annotator"
    Project.open(path, "alice").close()
    downgrade(path, "0007")
    db.open_project_store(path).dispose()
    found = [*upgrade_backups(path, "0007"), *tmp_path.glob("old.annotator.before-upgrade-*")]
    assert len(found) == 1
    assert mode(found[0]) == 0o600
    assert mode(found[0].parent) == 0o700


def test_a_backup_taken_while_another_connection_writes_is_whole(project: Project) -> None:
    other = Project.open(project.path, "bob")
    stop = threading.Event()
    written: list[int] = []

    def write() -> None:
        while not stop.is_set():
            add_pages(other, 1, prefix=f"busy{len(written)}")
            written.append(1)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        service = service_for(project, clock := Clock())
        made = []
        for _ in range(4):
            backup = service.back_up("periodic", only_if_changed=False)
            assert backup is not None
            made.append(backup)
            clock.advance(minutes=1)
    finally:
        stop.set()
        writer.join()
        other.close()
    assert written, "the writer never wrote during the backups"
    for backup in made:
        assert backup_copy.check(backup.path) is None
        with sqlite3.connect(backup.path) as copy:
            assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_project_on_a_database_server_is_backed_up_by_the_server(tmp_path: Path) -> None:
    engine = create_mock_engine("postgresql://", lambda *_args, **_kw: None)
    service = BackupService(tmp_path / "team", engine)  # type: ignore[arg-type]
    assert not service.available
    with pytest.raises(BackupError, match="database server"):
        service.back_up("open")


# --- a small disk ----------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MiB tmpfs of its own (skipped where the test may not mount one)."""
    with mounted_small_disk(tmp_path / "small", 1024) as disk:
        yield disk


def test_a_full_disk_fails_the_backup_clearly_leaves_nothing_and_work_goes_on(
    project: Project, small_disk: Path
) -> None:
    add_pages(project, 300, prefix="long", size=6000)  # about 2 MB: more than the disk
    service = BackupService(project.path, project.store.engine, folder=small_disk / "b")
    with pytest.raises(BackupError) as failed:
        service.back_up("periodic")
    message = str(failed.value)
    assert "the disk is full" in message and "\n" not in message
    assert "news.annotator" in message and "saved as before" in message
    assert message == f"{failed.value.problem} Your work in the project is saved as before."
    assert list((small_disk / "b").iterdir()) == []  # no partial copy, no side file
    add_pages(project, 1, prefix="after")  # the project itself is unharmed and writable
    assert project.catalog.document_count() == 3 + 300 + 1


def test_copies_a_crash_cut_short_are_removed_once_they_are_old(project: Project) -> None:
    service = service_for(project, Clock())
    service.folder.mkdir(parents=True)
    old = service.folder / ".news.annotator.2026-03-01T080000Z.open.bak.abc.part"
    fresh = service.folder / ".news.annotator.2026-03-01T085959Z.open.bak.def.part"
    for leftover in (old, fresh):
        leftover.write_bytes(b"half a copy")
    os.utime(old, (old.stat().st_atime - 2 * 3600, old.stat().st_mtime - 2 * 3600))
    assert service.back_up("open") is not None
    assert not old.exists()
    assert fresh.exists()  # perhaps another window's copy, still being written
