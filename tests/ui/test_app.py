"""The composition root: the default project, opening failures, the bug reporter."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest
from project_files import annotator_file
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from window_helpers import Recorder

from annotator import app
from annotator.resources import sample_corpus_dir
from annotator.services.project import Project
from annotator.settings import Settings, SettingsStore, log_dir
from annotator.ui.shell.main_window import MainWindow
from annotator.ui.widgets.dialogs import Ask, Tell


def test_default_project_starts_with_the_sample_corpus_once(tmp_path: Path) -> None:
    samples = sorted(sample_corpus_dir().glob("*.txt"))
    assert len(samples) >= 5
    project = app.open_default_project("alice")
    try:
        summaries = project.catalog.document_summaries(project.annotator_id)
        sources = [project.catalog.document(s.id).source for s in summaries]
        assert [Path(source).name for source in sources] == [path.name for path in samples]
        # Each page is titled by its headline, without the site's name.
        assert summaries[0].title == (
            "Ardlow Swing Bridge to close for 14 months as repair bill climbs to £23.6m"
        )
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
        assert application.open(path, create=True)  # File ▸ New Project: no question
        assert application.window is not None
        qtbot.addWidget(application.window)
        assert application.window.isVisible()
        assert store.load().recent_projects == [str(path.resolve())]
    finally:
        application.close()


def answer_create(monkeypatch: pytest.MonkeyPatch, answer: bool) -> list[Path]:
    """Make "Create a new project at …?" answer ``answer``; returns the paths it asked about."""
    asked: list[Path] = []

    def create_project(cls: type, parent: QWidget | None, path: Path) -> bool:
        del cls, parent
        asked.append(path)
        return answer

    monkeypatch.setattr(Ask, "create_project", classmethod(create_project))
    return asked


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


def test_start_shows_the_window_first_then_opens_the_project(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = answer_create(monkeypatch, True)
    store = SettingsStore(tmp_path / "settings.json")
    application = app.Application(store, Settings(annotator_name="alice"))
    path = tmp_path / "p.annotator"
    try:
        application.start(path)
        window = application.window
        assert window is not None
        qtbot.addWidget(window)
        # Shown, saying what it is opening, before the project file is touched.
        assert window.isVisible()
        assert (window.has_project, path.exists()) == (False, False)
        assert "Opening" in window.statusBar().currentMessage()
        with qtbot.waitSignal(window.project_shown, timeout=10_000):
            pass
        assert window.has_project
        assert application.project is window.project
        assert window.statusBar().currentMessage() == ""
        assert store.load().recent_projects == [str(path.resolve())]
        assert asked == [path]  # the window asked before creating it
    finally:
        application.close()


def test_start_on_a_file_that_is_not_a_project_tells_why_and_quits(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    problem = Recorder()
    monkeypatch.setattr(Tell, "problem", classmethod(lambda cls, *a: problem(*a)))
    exits: list[int] = []
    monkeypatch.setattr(QApplication, "exit", staticmethod(exits.append))
    not_a_project = tmp_path / "notes.annotator"
    not_a_project.write_text("just some notes\n", encoding="utf-8")
    application = app.Application(SettingsStore(tmp_path / "s.json"), Settings())
    application.start(not_a_project)
    window = application.window
    assert window is not None
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: bool(problem.calls), timeout=10_000)
    [(title, message)] = problem.calls
    assert "cannot open the project" in title
    assert "not an annotator project" in message
    assert exits == [1]
    assert not window.isVisible()
    assert application.project is None


def _run_python(code: str, tmp_path: Path) -> str:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
    }
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_window_is_built_without_loading_sqlalchemy(tmp_path: Path) -> None:
    out = _run_python(
        """
        import sys
        from PySide6.QtWidgets import QApplication
        from annotator.app import Application
        from annotator.settings import Settings, SettingsStore

        qapp = QApplication([])
        application = Application(SettingsStore(), Settings())
        application.start(None)
        application.window.grab()  # built, shown and painted in full
        print("loaded", sorted(m for m in sys.modules if m.split(".")[0] in
              ("sqlalchemy", "alembic")))
        """,
        tmp_path,
    )
    assert "loaded []" in out


def test_opening_an_up_to_date_project_does_not_load_alembic(tmp_path: Path) -> None:
    from annotator.services.project import Project

    path = tmp_path / "p.annotator"
    Project.open(path, "alice").close()  # created (and migrated) here, in this process
    out = _run_python(
        f"""
        import sys
        from pathlib import Path
        from annotator.services.project import Project

        Project.open(Path({str(path)!r}), "alice").close()
        print("alembic loaded:", any(m.split(".")[0] == "alembic" for m in sys.modules))
        """,
        tmp_path,
    )
    assert "alembic loaded: False" in out


def test_restarting_reopens_the_document_you_were_on(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = annotator_file(tmp_path / "p.annotator", "alice")
    project = Project.open(path, "alice")
    ids = [s.id for s in project.catalog.document_summaries(project.annotator_id)]
    project.close()
    store = SettingsStore(tmp_path / "settings.json")
    monkeypatch.chdir(tmp_path)

    def run_once() -> MainWindow:
        application = app.Application(store, store.load())
        assert application.open(Path("p.annotator"))  # relative, as typed on a command line
        window = application.window
        assert window is not None
        qtbot.addWidget(window)
        runs.append(application)
        return window

    runs: list[app.Application] = []
    try:
        first = run_once()
        assert first.view.document_id == ids[0]  # the first unfinished, the first time
        first.show_document(ids[2])
        first.close()
        settings = store.load()
        assert settings.last_documents == {str(path.resolve()): ids[2]}
        assert settings.recent_projects == [str(path.resolve())]
        runs.pop().close()
        second = run_once()
        assert second.view.document_id == ids[2]
        second.close()
        runs.pop().close()
        # The document is gone (another project file now at that path): the first unfinished.
        store.save(replace(store.load(), last_documents={str(path.resolve()): 999}))
        assert run_once().view.document_id == ids[0]
    finally:
        for application in runs:
            application.close()


def test_recent_projects_are_absolute_and_old_relative_entries_are_dropped(
    tmp_path: Path,
) -> None:
    store = SettingsStore(tmp_path / "settings.json")
    store.path.write_text(
        '{"recent_projects": ["team.annotator", "/data/a.annotator"],'
        ' "last_documents": {"/data/a.annotator": 3, "/data/b.annotator": "x"}}',
        encoding="utf-8",
    )
    settings = store.load()
    assert settings.recent_projects == ["/data/a.annotator"]
    assert settings.last_documents == {"/data/a.annotator": 3}


def test_opening_a_path_with_no_file_asks_before_creating_a_project(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = answer_create(monkeypatch, False)
    application = app.Application(SettingsStore(tmp_path / "s.json"), Settings())
    typo = tmp_path / "teamm.annotator"
    assert not application.open(typo)  # File ▸ Open, or Open Recent on a file now gone
    assert (asked, typo.exists(), application.window) == ([typo], False, None)
    asked.clear()
    exits: list[int] = []
    monkeypatch.setattr(QApplication, "exit", staticmethod(exits.append))
    application.start(typo)  # annotator teamm.annotator: the window asks
    window = application.window
    assert window is not None
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: bool(exits), timeout=10_000)
    assert asked == [typo] and exits == [1] and not typo.exists()
    assert not window.isVisible()
    answer_create(monkeypatch, True)
    try:
        assert application.open(typo)
        assert typo.exists() and application.project is not None
    finally:
        application.close()


@pytest.mark.parametrize("choice", ["beside", "default"])
def test_opening_a_text_file_offers_to_import_it_into_a_project(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, choice: str
) -> None:
    page = tmp_path / "ferry.txt"
    page.write_text(
        "Ferry fares to rise by a fifth from April - The Harbour Times\n"
        "The operator said fuel costs left it no choice.\n",
        encoding="utf-8",
    )
    offered: list[tuple[Path, Path]] = []

    def import_instead(
        cls: type, parent: QWidget | None, path: Path, beside: Path, default: Path
    ) -> Path:
        del cls, parent
        offered.append((path, beside))
        return beside if choice == "beside" else default

    monkeypatch.setattr(Ask, "import_instead", classmethod(import_instead))
    monkeypatch.setattr(Tell, "info", classmethod(lambda cls, *a: None))
    application = app.Application(SettingsStore(tmp_path / "s.json"), Settings("alice"))
    try:
        assert application.open(page)
        assert application.window is not None
        qtbot.addWidget(application.window)
        assert offered == [(page, tmp_path / "ferry.annotator")]
        project = application.project
        assert project is not None
        expected = (
            tmp_path / "ferry.annotator" if choice == "beside" else app.default_project_path()
        )
        assert project.path == expected
        titles = [s.title for s in project.catalog.document_summaries(project.annotator_id)]
        assert "Ferry fares to rise by a fifth from April" in titles
        assert application.window.view.document_id is not None
    finally:
        application.close()
