"""The window stays offline (issue 13, guarantee 14): opening a project and labelling it,
in this process with the network blocked, and in a process of its own watched by strace
(Qt's C++ does not go through Python's sockets). Its bug log is owner-only (defect 4)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from offline import Attempts, inet_syscalls, offline, offline_env
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from window_helpers import CTRL, SHIFT, key, spans_in_store

from annotator import app
from annotator.core.model import DocumentDraft
from annotator.services.importing import ImportOptions, ImportReport
from annotator.services.project import Project
from annotator.settings import Settings, SettingsStore, log_dir
from annotator.ui.widgets.dialogs import Tell

__all__ = ["offline"]  # the fixture, used by name

DRIVER = Path(__file__).with_name("offline_driver.py")


def _project(path: Path) -> Path:
    project = Project.open(path, "alice")
    try:
        drafts = [
            DocumentDraft(
                '<img src="https://example.org/a.png"> Prices rose. I hate it.', "One", "a.txt"
            ),
            DocumentDraft("The bridge opened in 1932.", "Two", "b.txt"),
        ]
        project.importer.import_drafts(drafts, ImportOptions("alice"), ImportReport())
    finally:
        project.close()
    return path


def test_opening_a_project_and_labelling_stays_offline(
    offline: Attempts, qtbot: QtBot, tmp_path: Path
) -> None:
    path = _project(tmp_path / "p.annotator")
    application = app.Application(SettingsStore(), Settings(annotator_name="alice"))
    try:
        assert application.open(path)
        window, project = application.window, application.project
        assert window is not None and project is not None
        qtbot.addWidget(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        document = window.view.document_id
        assert document is not None
        key(window, Qt.Key.Key_Right, CTRL | SHIFT)
        key(window, Qt.Key.Key_1)
        assert [span[2] for span in spans_in_store(project, document)] == ["Claim"]
    finally:
        application.close()
    assert "PySide6.QtNetwork" not in sys.modules
    assert offline.seen == []


@pytest.mark.slow
def test_the_window_in_its_own_process_reaches_no_network(tmp_path: Path) -> None:
    path = _project(tmp_path / "p.annotator")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[variable] = str(tmp_path / "home" / variable.lower())
    settings = Path(env["XDG_CONFIG_HOME"]) / "annotator" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text(json.dumps({"annotator_name": "alice"}), encoding="utf-8")
    log = tmp_path / "network.log"
    env = offline_env(env, log)
    argv = [sys.executable, str(DRIVER), str(path)]
    inet = inet_syscalls(argv, env, tmp_path / "strace.txt")
    if inet is None:  # no strace here: the Python-level block alone
        done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
    assert log.exists() and log.read_text("utf-8") == ""
    assert inet in (None, [])
    labelled = Project.open(path, "alice")
    try:
        [first, _second] = labelled.catalog.document_summaries(labelled.annotator_id)
        assert first.span_count == 1
    finally:
        labelled.close()


@pytest.mark.skipif(os.name != "posix", reason="modes are POSIX")
def test_the_bug_log_of_the_window_is_owner_only(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    del qtbot
    monkeypatch.setattr(Tell, "bug", classmethod(lambda cls, *args: None))
    old = os.umask(0o022)
    try:
        try:
            raise KeyError("boom")
        except KeyError as error:
            app.report_bug(KeyError, error, error.__traceback__)
    finally:
        os.umask(old)
    log = log_dir() / "annotator.log"
    assert stat.S_IMODE(log_dir().stat().st_mode) == 0o700
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
