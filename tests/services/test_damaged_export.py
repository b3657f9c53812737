"""Export and share read the whole project, so they check the whole file first: damage a read
would pass over (an index no export uses) never yields a copy or an export that looks sound."""

from __future__ import annotations

from pathlib import Path

import pytest
from damaged_files import damage_index_root, pad_past_quick_check, project_with_pages

from annotator.services.project import Project
from annotator.store.damage import DamagedProjectError, needs_late_check


@pytest.fixture
def damaged_large(tmp_path: Path) -> Path:
    path = project_with_pages(tmp_path / "p.annotator")
    pad_past_quick_check(path)  # too large for the check at open
    damage_index_root(path, "ix_documents_import_id")
    assert needs_late_check(path)
    return path


def test_export_of_a_damaged_file_is_refused_and_writes_nothing(
    damaged_large: Path, tmp_path: Path
) -> None:
    project = Project.open(damaged_large, "alice")
    target = tmp_path / "out.jsonl"
    try:
        with pytest.raises(DamagedProjectError):
            project.exporter.export(target, "jsonl")
    finally:
        project.close()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["p.annotator"]


def test_a_copy_to_share_of_a_damaged_file_is_refused(damaged_large: Path, tmp_path: Path) -> None:
    project = Project.open(damaged_large, "alice")
    try:
        with pytest.raises(DamagedProjectError):
            project.sharing.share(tmp_path / "copy.annotator")
    finally:
        project.close()
    assert not (tmp_path / "copy.annotator").exists()
