"""The composition root: the default project, opening failures, the bug reporter."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from annotator import app
from annotator.resources import sample_corpus_dir
from annotator.settings import Settings, SettingsStore, log_dir
from annotator.ui.dialogs import Tell


class Recorder:
    """Stands in for a modal message box."""

    def __init__(self) -> None:
        self.calls: list[tuple[Any, ...]] = []

    def __call__(self, parent: QWidget | None, *args: Any) -> None:
        del parent
        self.calls.append(args)


def test_default_project_starts_with_the_sample_corpus_once(tmp_path: Path) -> None:
    samples = sorted(sample_corpus_dir().glob("*.txt"))
    assert len(samples) >= 5
    project = app.open_default_project("alice")
    try:
        titles = [s.title for s in project.catalog.document_summaries(project.annotator_id)]
        assert titles == [path.stem for path in samples]
    finally:
        project.close()
    again = app.open_default_project("alice")  # a second start imports nothing more
    try:
        assert len(again.catalog.document_summaries(again.annotator_id)) == len(samples)
    finally:
        again.close()


def test_application_opens_a_project_in_a_window_and_remembers_it(
    qtbot: QtBot, tmp_path: Path
) -> None:
    store = SettingsStore(tmp_path / "settings.json")
    application = app.Application(store, Settings(annotator_name="alice"))
    path = tmp_path / "p.annotator"
    try:
        assert application.open(path)
        assert application.window is not None
        qtbot.addWidget(application.window)
        assert application.window.isVisible()
        assert store.load().recent_projects == [str(path.resolve())]
    finally:
        application.close()


def test_a_file_that_is_not_a_project_gets_a_message_not_a_crash(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    del qtbot
    problem = Recorder()
    monkeypatch.setattr(Tell, "problem", classmethod(lambda cls, *a: problem(*a)))
    not_a_project = tmp_path / "notes.annotator"
    not_a_project.write_text("just some notes\n", encoding="utf-8")
    application = app.Application(SettingsStore(tmp_path / "s.json"), Settings())
    assert not application.open(not_a_project)
    assert application.window is None
    [(title, message)] = problem.calls
    assert "cannot open the project" in title
    assert "not an annotator project" in message


def test_bug_reporter_logs_the_traceback_and_shows_it(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    del qtbot
    shown = Recorder()
    monkeypatch.setattr(Tell, "bug", classmethod(lambda cls, *a: shown(*a)))
    try:
        raise KeyError("boom")
    except KeyError as error:
        app.report_bug(KeyError, error, error.__traceback__)
    [(title, message, details)] = shown.calls
    assert "unexpected error" in title
    assert "KeyError" in message and "saved" in message
    assert "Traceback" in details and "boom" in details
    assert "boom" in (log_dir() / "annotator.log").read_text(encoding="utf-8")
    assert "Traceback" in capsys.readouterr().err


def test_an_interrupted_first_start_seeds_the_sample_next_time(tmp_path: Path) -> None:
    path = app.default_project_path()
    path.parent.mkdir(parents=True)
    from annotator.services.project import Project

    Project.open(path, "alice").close()  # the file exists, the sample was never imported
    project = app.open_default_project("alice")
    try:
        assert len(project.catalog.document_summaries(project.annotator_id)) >= 5
    finally:
        project.close()
