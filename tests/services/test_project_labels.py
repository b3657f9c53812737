"""The project's label set: read once, read again when the labels change anywhere."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.core.label_set import LabelSet
from annotator.services.project import Project


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    opened = Project.open(tmp_path / "p.annotator", "alice")
    yield opened
    opened.close()


def test_the_label_set_is_the_catalog_s_read_once(project: Project) -> None:
    labels = project.labels
    assert labels == LabelSet(project.catalog.labels())
    assert [label.name for label in labels] == ["Claim", "Opinion", "Boilerplate"]
    assert project.labels is labels


def test_a_label_change_here_is_read_by_whoever_hears_of_it(project: Project) -> None:
    before = project.labels
    heard: list[LabelSet] = []
    project.events.labels_changed.connect(lambda: heard.append(project.labels))
    quote = project.label_service.add("Quote")
    assert heard == [project.labels]
    assert project.labels != before
    assert project.labels.get(quote.id) == quote
    project.label_service.rename(quote.id, "Citation")
    assert project.labels.name_of(quote.id) == "Citation"


def test_a_label_change_in_another_program_is_read_once_it_is_seen(
    project: Project, tmp_path: Path
) -> None:
    before = project.labels
    other = Project.open(tmp_path / "p.annotator", "bob")
    try:
        other.label_service.rename(before[0].id, "Fact")
    finally:
        other.close()
    assert project.labels is before  # not seen yet: the window shows what it read
    assert project.watcher.poll() is True
    assert project.labels.name_of(before[0].id) == "Fact"
