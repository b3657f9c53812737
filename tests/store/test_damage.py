"""A damaged project file is told as such, never as a bug, and never written to.

Guarantee 12: a small file is checked as it is opened and refused untouched; a large one
opens, and the damage is found at the latest when its page is read, after which every write
is refused. The damage is real: a page of the documents table overwritten with garbage.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from damaged_files import (
    damage_documents_page,
    fingerprint,
    pad_past_quick_check,
    project_with_pages,
    side_files,
)
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from annotator.errors import ProjectError
from annotator.services.backups import BackupService
from annotator.services.project import Project
from annotator.settings import project_backup_folder
from annotator.store.damage import (
    DamagedProjectError,
    damage_detail,
    needs_late_check,
    quick_check,
)


def assert_tells_damage(error: DamagedProjectError, path: Path) -> None:
    """The message of a project that has no backup yet (Project.open makes none)."""
    message = str(error)
    assert "\n" not in message
    assert f"The project file {path} is damaged; nothing was changed." in message
    assert "No backup of it has been made yet." in message
    assert "annotator restore" not in message  # no advice that cannot work
    assert "`.recover`" in message


def test_with_backups_the_message_names_their_folder_and_the_way_back(tmp_path: Path) -> None:
    path = project_with_pages(tmp_path / "p.annotator")
    BackupService(path).back_up("manual")
    damage_documents_page(path)

    with pytest.raises(DamagedProjectError) as caught:
        Project.open(path, "alice")

    message = str(caught.value)
    assert "\n" not in message and "No backup" not in message
    assert f"Its backups are in {project_backup_folder(path)}" in message
    assert f"annotator restore {path} --latest" in message
    assert f"annotator backups {path}" in message


def test_a_small_damaged_file_is_refused_at_open_and_left_untouched(tmp_path: Path) -> None:
    path = project_with_pages(tmp_path / "p.annotator")
    damage_documents_page(path)
    before = fingerprint(path)

    with pytest.raises(DamagedProjectError) as caught:
        Project.open(path, "alice")

    assert isinstance(caught.value, ProjectError)  # an environment problem, not a bug
    assert_tells_damage(caught.value, path)
    assert fingerprint(path) == before
    assert side_files(path) == []  # not even an empty log left beside it


def test_the_check_at_open_finds_damage_a_plain_open_would_not_read(tmp_path: Path) -> None:
    """Opening reads only the schema; without the check the window would open and fail later."""
    path = project_with_pages(tmp_path / "p.annotator")
    damage_documents_page(path)

    with closing(sqlite3.connect(path)) as connection:  # what opening itself reads is fine
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone()
    with pytest.raises(DamagedProjectError):
        quick_check(path)


def test_a_large_damaged_file_is_caught_when_its_page_is_read(tmp_path: Path) -> None:
    path = project_with_pages(tmp_path / "p.annotator")
    pad_past_quick_check(path)
    damage_documents_page(path)
    assert needs_late_check(path)

    project = Project.open(path, "alice")  # too large to check while opening
    try:
        labels = {label.name: label.id for label in project.catalog.labels()}  # sound pages
        with pytest.raises(DamagedProjectError) as caught:
            project.catalog.document_summaries(project.annotator_id)
        assert_tells_damage(caught.value, path)
        assert project.store.damage is caught.value
        before = fingerprint(path)

        # Found once, the damage stops every write, even one that would not touch it.
        with pytest.raises(DamagedProjectError):
            project.annotation.add_span(1, project.annotator_id, labels["Claim"], 0, 4)
        with pytest.raises(DamagedProjectError):
            project.set_annotator("bob")
    finally:
        project.close()
    assert fingerprint(path) == before


def test_the_background_check_finds_damage_in_a_large_file(tmp_path: Path) -> None:
    path = project_with_pages(tmp_path / "p.annotator")
    pad_past_quick_check(path)
    damage_documents_page(path)
    project = Project.open(path, "alice")
    try:
        with pytest.raises(DamagedProjectError):
            project.store.check_damage()
        assert project.store.damage is not None  # and writing stops
        with pytest.raises(DamagedProjectError):
            project.set_annotator("bob")
    finally:
        project.close()


def test_a_sound_file_passes_every_check(tmp_path: Path) -> None:
    path = project_with_pages(tmp_path / "p.annotator")
    pad_past_quick_check(path)
    project = Project.open(path, "alice")
    try:
        project.store.check_damage()
        project.set_annotator("bob")
    finally:
        project.close()
    assert project.store.damage is None


def test_a_file_cut_short_is_damaged(tmp_path: Path) -> None:
    """A half-copied file: its header promises pages that are not there."""
    path = project_with_pages(tmp_path / "p.annotator")
    with path.open("r+b") as handle:
        handle.truncate(path.stat().st_size // 2)
    with pytest.raises(DamagedProjectError):
        Project.open(path, "alice")


def test_a_broken_constraint_is_no_damage(tmp_path: Path) -> None:
    """A failing statement of our own is a bug, raised as it is, and does not stop writing."""
    path = project_with_pages(tmp_path / "p.annotator", count=2)
    project = Project.open(path, "alice")
    try:
        with pytest.raises(IntegrityError) as caught, project.store.transaction() as session:
            session.execute(text("INSERT INTO labels (id, name) VALUES (1, 'Again')"))
        assert damage_detail(caught.value) is None
        assert project.store.damage is None
        project.set_annotator("bob")
    finally:
        project.close()
