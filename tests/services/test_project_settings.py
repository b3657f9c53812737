"""Tests for :mod:`annotator.services.project_settings`: typed, and stored as files hold them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from annotator.core.guidelines import DEFAULT_GUIDELINES
from annotator.services.project import Project
from annotator.store.schema import ProjectSetting


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "p.annotator"


@pytest.fixture
def project(path: Path) -> Iterator[Project]:
    opened = Project.open(path, "alice")
    yield opened
    opened.close()


def stored(project: Project) -> dict[str, object]:
    """The settings rows as the file holds them."""
    with project.store.reading() as session:
        return {row.key: row.value for row in session.scalars(select(ProjectSetting))}


def store_rows(project: Project, rows: dict[str, object]) -> None:
    """Write settings rows directly, as an older version of the program did."""
    with project.store.transaction() as session:
        for key, value in rows.items():
            session.merge(ProjectSetting(key=key, value=value))


def test_a_new_project_reads_the_defaults(project: Project) -> None:
    settings = project.settings
    assert settings.allow_overlaps is False
    assert settings.curation_rule == "majority"
    assert settings.guidelines == DEFAULT_GUIDELINES
    assert settings.sample_corpus_imported is False


def test_each_setting_is_stored_under_its_key_in_its_format(project: Project) -> None:
    settings = project.settings
    settings.allow_overlaps = True
    settings.curation_rule = "  unanimous \n"
    settings.guidelines = "\n  # House rules\n\nQuotes are claims.  \n\n"
    settings.sample_corpus_imported = True
    rows = stored(project)
    assert rows["allow_overlaps"] is True
    assert rows["curation_rule"] == "unanimous"
    assert rows["guidelines"] == "# House rules\n\nQuotes are claims.\n"
    assert rows["sample_corpus_imported"] is True
    assert (settings.allow_overlaps, settings.curation_rule) == (True, "unanimous")
    assert settings.guidelines == "# House rules\n\nQuotes are claims.\n"
    assert settings.sample_corpus_imported is True
    settings.guidelines = "  \n"
    settings.allow_overlaps = False
    assert stored(project)["guidelines"] == ""
    assert stored(project)["allow_overlaps"] is False


def test_a_file_written_before_reads_the_same(project: Project, path: Path) -> None:
    store_rows(
        project,
        {
            "allow_overlaps": True,
            "curation_rule": "at least 2",
            "guidelines": "Old rules.\n",
            "sample_corpus_imported": True,
        },
    )
    reopened = Project.open(path, "bob")
    try:
        settings = reopened.settings
        assert settings.allow_overlaps is True
        assert settings.curation_rule == "at least 2"
        assert settings.guidelines == "Old rules.\n"
        assert settings.sample_corpus_imported is True
    finally:
        reopened.close()


def test_odd_stored_values_read_as_before(project: Project) -> None:
    store_rows(project, {"guidelines": ["not", "text"], "curation_rule": 3})
    assert project.settings.guidelines == ""
    assert project.settings.curation_rule == "3"  # parsed, and refused, by curation


def test_a_setting_changed_in_another_program_is_read_at_once(project: Project, path: Path) -> None:
    other = Project.open(path, "bob")
    try:
        other.settings.allow_overlaps = True
    finally:
        other.close()
    assert project.settings.allow_overlaps is True
