"""The window does what the command line does: import and export options, a copy to share,
the merge's own layer, and removing documents (selected ones, or one import's) undoably."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable, Iterable
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from annotator.core.model import GOLD_LAYER, Annotator, DocStatus
from annotator.formats.base import (
    ExportContext,
    ExportRecord,
    Output,
    Requirement,
    Split,
    Writer,
)
from annotator.formats.registry import default_registry
from annotator.formats.table import TableHead
from annotator.services.annotators import ensure_gold_layer
from annotator.services.importing import ImportOptions
from annotator.services.project import Project
from annotator.services.removal import PastImport
from annotator.ui.actions import MENUS, ActionId
from annotator.ui.documents.removal import ImportPicker
from annotator.ui.shell.main_window import MainWindow
from annotator.ui.transfer.export_dialog import ExportChoice, ExportDialog
from annotator.ui.transfer.import_dialog import ImportDialog, import_filter
from annotator.ui.widgets.dialogs import Ask, Tell

MakeWindow = Callable[[Project], MainWindow]


def quiet(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    """Message boxes record instead of waiting for a click."""
    shown: list[tuple[Any, ...]] = []
    for name in ("info", "problem"):
        monkeypatch.setattr(Tell, name, classmethod(lambda cls, *args: shown.append(args[1:])))
    return shown


# --- import ----------------------------------------------------------------------------------


def test_the_import_dialog_offers_the_annotator_labels_and_text_column(
    qtbot: QtBot, tmp_path: Path
) -> None:
    table = tmp_path / "pages.csv"
    head = TableHead(str(table), ["id", "Text", "url"], ["7", "A page.", "http://x"])
    dialog = ImportDialog([table], ["bob", "alice"], "alice", head)
    qtbot.addWidget(dialog)
    assert dialog.own.isChecked() and not dialog.name.isEnabled()
    assert [dialog.name.itemText(i) for i in range(dialog.name.count())] == ["alice", "bob"]
    assert [dialog.column.itemText(i) for i in range(dialog.column.count())] == [
        "id",
        "Text",
        "url",
    ]
    assert dialog.column.currentText() == "Text"
    assert dialog.sample.text().startswith("First row of pages.csv: “A page.”")
    assert dialog.options() == ImportOptions("alice", None, False, "Text")
    dialog.one.setChecked(True)
    dialog.name.setCurrentText("carol")
    dialog.create_labels.setChecked(True)
    dialog.column.setCurrentText("url")
    assert dialog.options() == ImportOptions("alice", "carol", True, "url")


def test_the_import_dialog_is_finished_from_the_keyboard(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = ImportDialog([tmp_path / "a.txt"], [], "alice", None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    with qtbot.waitSignal(dialog.accepted):
        QTest.keyClick(dialog, Qt.Key.Key_Return)
    dialog.show()
    with qtbot.waitSignal(dialog.rejected):
        QTest.keyClick(dialog, Qt.Key.Key_Escape)


def test_import_from_the_window_uses_the_options_chosen(
    project: Project, make_window: MakeWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "pages.csv").write_text("body,title\nThe bridge opened.,Bridge\n", encoding="utf-8")
    spans = {"text": "Rain fell.", "spans": [{"start": 0, "end": 4, "label": "Weather"}]}
    (folder / "spans.jsonl").write_text(json.dumps(spans) + "\n", encoding="utf-8")
    asked: list[tuple[Any, ...]] = []

    def ask(cls: object, parent: object, *args: Any, **_options: Any) -> ImportOptions:
        asked.append(args)
        return ImportOptions("alice", annotator="carol", create_labels=True, text_column="body")

    monkeypatch.setattr(Ask, "import_folder", classmethod(lambda cls, parent: folder))
    monkeypatch.setattr(ImportDialog, "ask", classmethod(ask))
    shown = quiet(monkeypatch)
    window = make_window(project)
    window.registry[ActionId.IMPORT_FOLDER].trigger()

    [(paths, people, current, table)] = asked
    assert (paths, people, current) == ([folder], ["alice"], "alice")
    assert table == TableHead(
        str(folder / "pages.csv"), ["body", "title"], ["The bridge opened.", "Bridge"]
    )
    assert "new labels: Weather" in shown[0][1]
    titles = [window.documents.summary(row).title for row in range(window.documents.rowCount())]
    assert titles[-2:] == ["Bridge", "spans #1"]
    carol = next(a.id for a in project.catalog.annotators() if a.name == "carol")
    rain = window.documents.document_id(window.documents.rowCount() - 1)
    assert [(s.start, s.end) for s in project.catalog.spans(rain, carol)] == [(0, 4)]


def test_cancelling_the_import_dialog_imports_nothing(
    project: Project, make_window: MakeWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = tmp_path / "page.jsonl"
    page.write_text('{"text": "A page."}\n', encoding="utf-8")
    monkeypatch.setattr(Ask, "import_files", classmethod(lambda cls, parent, *_f: [page]))
    monkeypatch.setattr(ImportDialog, "ask", classmethod(lambda cls, *args, **_: None))
    window = make_window(project)
    window.registry[ActionId.IMPORT_FILES].trigger()
    assert window.documents.rowCount() == 3


def test_plain_text_files_are_imported_without_the_options_dialog(
    project: Project, make_window: MakeWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A .txt file carries no spans and no columns: there is nothing to ask."""
    page = tmp_path / "page.txt"
    page.write_text("Bridge opens on Friday\nThe council said so.\n", encoding="utf-8")
    monkeypatch.setattr(Ask, "import_files", classmethod(lambda cls, parent, *_f: [page]))

    def never(cls: object, /, *args: object, **_options: object) -> None:
        raise AssertionError("the options dialog was shown for a plain text file")

    monkeypatch.setattr(ImportDialog, "ask", classmethod(never))
    quiet(monkeypatch)
    window = make_window(project)
    window.registry[ActionId.IMPORT_FILES].trigger()
    assert window.documents.rowCount() == 4


# --- export ----------------------------------------------------------------------------------


def test_the_export_dialog_offers_every_layer_the_statuses_and_a_file(
    qtbot: QtBot, tmp_path: Path
) -> None:
    project = tmp_path / "team.annotator"
    layers = [Annotator(1, "alice"), Annotator(2, "bob"), Annotator(3, GOLD_LAYER, True)]
    dialog = ExportDialog(project, layers)
    qtbot.addWidget(dialog)
    items = [dialog.layer.itemText(i) for i in range(dialog.layer.count())]
    assert items[0].startswith("Everyone's layers")
    assert items[1:3] == ["alice", "bob"]
    assert items[3].startswith("The gold standard")
    assert dialog.choice() == ExportChoice(tmp_path / "team.jsonl")
    dialog.layer.setCurrentIndex(3)
    dialog.statuses[DocStatus.DONE].setChecked(True)
    assert dialog.choice() == ExportChoice(
        tmp_path / "team-gold.jsonl", None, True, frozenset({DocStatus.DONE})
    )
    dialog.file.setText("mine.jsonl")
    dialog.layer.setCurrentIndex(2)
    assert dialog.choice() == ExportChoice(
        tmp_path / "mine.jsonl", "bob", False, frozenset({DocStatus.DONE})
    )


def test_the_export_dialog_is_finished_from_the_keyboard(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = ExportDialog(tmp_path / "p.annotator", [Annotator(1, "alice")])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.focusWidget() is dialog.layer
    QTest.keyClick(dialog.layer, Qt.Key.Key_Down)  # the next layer: alice
    for _ in range(4):  # past the format, to the Done box
        QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.statuses[DocStatus.DONE]
    QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_Space)
    with qtbot.waitSignal(dialog.accepted):
        QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    assert dialog.choice() == ExportChoice(
        tmp_path / "p-alice.jsonl", "alice", False, frozenset({DocStatus.DONE})
    )


def test_the_export_dialog_offers_every_format_and_names_the_file_after_it(
    qtbot: QtBot, tmp_path: Path
) -> None:
    formats = list(default_registry().writers.values())
    dialog = ExportDialog(tmp_path / "p.annotator", [Annotator(1, "alice")], formats=formats)
    qtbot.addWidget(dialog)
    names = [dialog.format.itemData(i).name for i in range(dialog.format.count())]
    assert names == list(default_registry().writers)
    assert names[:4] == ["jsonl", "doccano", "labelstudio", "csv"]
    dialog.layer.setCurrentIndex(1)
    dialog.format.setCurrentIndex(names.index("csv"))
    assert dialog.choice() == ExportChoice(tmp_path / "p-alice.csv", "alice", format_name="csv")
    dialog.file.setText("mine.txt")  # typed: the format no longer renames it
    dialog.format.setCurrentIndex(names.index("doccano"))
    assert dialog.choice().target == tmp_path / "mine.txt"


def test_the_window_exports_in_the_format_chosen(
    monkeypatch: pytest.MonkeyPatch, project: Project, make_window: MakeWindow, tmp_path: Path
) -> None:
    target = tmp_path / "spans.csv"

    def ask(cls: object, /, *_args: object, **_options: object) -> ExportChoice:
        return ExportChoice(target, format_name="csv")

    monkeypatch.setattr(ExportDialog, "ask", classmethod(ask))
    window = make_window(project)
    window.view.select_range(0, 5)
    QTest.keyClick(window.view, Qt.Key.Key_1)
    window.registry[ActionId.EXPORT].trigger()
    header, row = target.read_text("utf-8").splitlines()
    assert header.startswith("document_id,title,source,annotator,label,start,end")
    assert ",alice,Claim,0," in row


def _bundle_write(output: Output, records: Iterable[ExportRecord], context: ExportContext) -> int:
    return 0


SPLITTING = Writer(
    "splits", "Splits", ".split", _bundle_write, splits=True, offset_units=("codepoints",)
)
FOLDERS = Writer("folders", "Folders", "", _bundle_write, bundle=True)
NEEDY = Writer(
    "needy",
    "Needy",
    ".needy",
    _bundle_write,
    requires=Requirement("no_such_mod", "no-such", "needy"),
)


def test_the_export_dialog_offers_the_offset_units_the_format_can_count(
    qtbot: QtBot, tmp_path: Path
) -> None:
    formats = [*default_registry().writers.values(), SPLITTING]
    dialog = ExportDialog(tmp_path / "p.annotator", [], formats=formats)
    qtbot.addWidget(dialog)
    dialog.offsets.setCurrentIndex(dialog.offsets.findData("utf16"))
    assert dialog.choice().offsets == "utf16"
    assert not dialog.split.isEnabled()  # JSONL cannot split
    dialog.format.setCurrentIndex(dialog.format.count() - 1)
    assert dialog.choice().offsets is None  # its own unit, the only one it counts in
    assert dialog.offsets.currentData() == "codepoints"
    assert not dialog.offsets.isEnabled()
    assert dialog.split.isEnabled()
    xmi = [w.name for w in formats].index("xmi")
    dialog.format.setCurrentIndex(xmi)
    assert dialog.offsets.currentData() == "utf16"  # what XMI counts in, shown
    assert dialog.choice().offsets is None
    dialog.format.setCurrentIndex([w.name for w in formats].index("conll"))
    assert not dialog.offsets.isEnabled()
    assert "holds no character offsets" in dialog.offsets.toolTip()


def test_a_split_makes_the_export_a_folder_with_the_shares_and_seed(
    qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = ExportDialog(tmp_path / "p.annotator", [], formats=[SPLITTING])
    qtbot.addWidget(dialog)
    assert dialog.choice().target == tmp_path / "p.split"
    dialog.split.setChecked(True)
    dialog.shares.setText("70/20/10")
    dialog.seed.setValue(7)
    choice = dialog.choice()
    assert choice.split == Split((0.7, 0.2, 0.1), 7)
    assert choice.target == tmp_path / "p-splits"  # a folder (or type a .zip name)
    dialog.shares.setText("70/20")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "three percentages adding up to 100" in dialog.error.text()


def test_a_bundle_may_go_into_an_earlier_export_folder(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = ExportDialog(tmp_path / "p.annotator", [], formats=[FOLDERS])
    qtbot.addWidget(dialog)
    dialog.file.setText(str(tmp_path))  # a folder that exists: the service checks whose
    dialog._confirmed = tmp_path
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_a_format_whose_library_is_missing_says_which_extra(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = ExportDialog(tmp_path / "p.annotator", [], formats=[NEEDY])
    qtbot.addWidget(dialog)
    assert dialog.format.itemText(0) == "Needy — needs annotator[needy]"
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "pip install 'annotator[needy]'" in dialog.error.text()


def test_the_export_dialog_refuses_a_missing_folder_in_place(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = ExportDialog(tmp_path / "p.annotator", [])
    qtbot.addWidget(dialog)
    dialog.file.setText(str(tmp_path / "nowhere" / "out.jsonl"))
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "does not exist" in dialog.error.text()


def shown_export_dialog(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """The file and layer the export dialog opens with (then cancelled), each time."""
    shown: list[tuple[str, str]] = []

    def exec_(dialog: ExportDialog) -> int:
        shown.append((dialog.file.text(), dialog.layer.currentText()))
        return QDialog.DialogCode.Rejected.value

    monkeypatch.setattr(ExportDialog, "exec", exec_)
    return shown


def test_the_export_file_offered_is_a_full_path_beside_the_project(
    make_window: MakeWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "team").mkdir()
    monkeypatch.chdir(tmp_path)
    # As typed in a shell: the dialog used to offer "team/TEAM.jsonl", which it then took as
    # relative to the project's folder (team/team/TEAM.jsonl).
    project = Project.open(Path("team") / "TEAM.annotator", "alice")
    try:
        shown = shown_export_dialog(monkeypatch)
        window = make_window(project)
        window.registry[ActionId.EXPORT].trigger()
        assert shown == [(str(tmp_path / "team" / "TEAM.jsonl"), shown[0][1])]
    finally:
        project.close()


def test_while_curating_the_export_offers_the_gold_standard_first(
    project: Project, make_window: MakeWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = shown_export_dialog(monkeypatch)
    window = make_window(project)
    window.registry[ActionId.EXPORT].trigger()
    window.registry[ActionId.CURATION_MODE].trigger()
    assert project.curating
    window.registry[ActionId.EXPORT].trigger()
    beside = project.path.parent.absolute()
    assert [(Path(file), layer.split(" (")[0]) for file, layer in shown] == [
        (beside / "test.jsonl", "Everyone's layers"),
        (beside / "test-gold.jsonl", "The gold standard"),
    ]


def test_the_gold_export_with_a_status_filter_from_the_window(
    project: Project, make_window: MakeWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "gold.jsonl"
    with project.store.transaction() as session:
        gold = ensure_gold_layer(session)
    ids = [d.id for d in project.catalog.document_summaries(project.annotator_id)]
    project.annotation.set_status(ids[1], gold, DocStatus.DONE)
    offered: list[list[Annotator]] = []

    def ask(
        cls: object,
        parent: object,
        path: Path,
        layers: list[Annotator],
        *,
        curating: bool,
        formats: object = (),
    ) -> ExportChoice:
        offered.append(layers)
        return ExportChoice(target, None, True, frozenset({DocStatus.DONE}))

    monkeypatch.setattr(ExportDialog, "ask", classmethod(ask))
    window = make_window(project)
    window.registry[ActionId.EXPORT].trigger()
    assert [layer.name for layer in offered[0]] == ["alice", GOLD_LAYER]
    [record] = [json.loads(line) for line in target.read_text("utf-8").splitlines()]
    assert record["annotators"][GOLD_LAYER]["status"] == "done"
    assert window.statusBar().currentMessage() == (
        "Exported 1 documents (the documents the gold standard has as done) and 0 spans to "
        f"{target}."
    )


# --- a copy to share, and the log moved into the file on closing ------------------------------


def label_first_word(window: MainWindow) -> None:
    window.view.select_range(0, 5)
    QTest.keyClick(window.view, Qt.Key.Key_1)


def spans_in(path: Path) -> int:
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as connection:
        count: int = connection.execute("SELECT count(*) FROM spans").fetchone()[0]
    return count


def test_save_a_copy_to_share_holds_the_work_of_the_open_window(
    project: Project, make_window: MakeWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "sent" / "to-lead.annotator"
    target.parent.mkdir()
    suggested: list[Path] = []

    def where(cls: object, parent: object, suggestion: Path) -> Path:
        suggested.append(suggestion)
        return target

    monkeypatch.setattr(Ask, "share_target", classmethod(where))
    shown = quiet(monkeypatch)
    window = make_window(project)
    label_first_word(window)
    assert ActionId.SHARE_COPY in MENUS["File"]
    window.registry[ActionId.SHARE_COPY].trigger()
    assert suggested == [project.path.with_name("test-shared.annotator")]
    assert spans_in(target) == 1
    assert not target.with_name(target.name + "-wal").exists()
    assert "Send this file" in shown[0][1]
    assert window.statusBar().currentMessage() == f"Saved a copy to share: {target}."


def test_save_a_copy_never_replaces_a_project_open_elsewhere(
    project: Project, make_window: MakeWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    victim = Project.open(tmp_path / "victim.annotator", "bob")  # open in another window
    try:
        # The file dialog has already asked whether to replace it.
        monkeypatch.setattr(Ask, "share_target", classmethod(lambda *_: victim.path))
        shown = quiet(monkeypatch)
        window = make_window(project)
        label_first_word(window)
        window.registry[ActionId.SHARE_COPY].trigger()
        assert [message for _title, message, *_ in shown] == [
            f"{victim.path} is open in Annotator or another program; close it first."
        ]
        assert spans_in(victim.path) == 0 and victim.catalog.document_summaries(-1) == []
    finally:
        victim.close()


def test_closing_the_window_moves_the_log_into_the_project_file(
    project: Project, make_window: MakeWindow, tmp_path: Path
) -> None:
    window = make_window(project)
    label_first_word(window)
    wal = project.path.with_name(project.path.name + "-wal")
    assert wal.stat().st_size > 0
    window.close()
    assert wal.stat().st_size == 0
    mailed = tmp_path / "mailed.annotator"
    shutil.copyfile(project.path, mailed)  # the project file alone, as someone might send it
    assert spans_in(mailed) == 1


# --- merge ----------------------------------------------------------------------------------


def test_the_merge_dialog_names_another_own_layer(
    project: Project, make_window: MakeWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The user here is "alice", and so is an annotator whose file is merged."""
    from project_files import annotator_file

    other = annotator_file(tmp_path / "alice2.annotator", "alice", [(0, "Claim", 0, 10, None)])
    offered: list[tuple[str, list[str]]] = []

    def own(cls: object, parent: object, current: str, names: list[str]) -> str:
        offered.append((current, names))
        return "lead"

    monkeypatch.setattr(Ask, "merge_files", classmethod(lambda cls, parent: [other]))
    monkeypatch.setattr(Ask, "merge_own_layer", classmethod(own))
    shown = quiet(monkeypatch)
    window = make_window(project)
    window.registry[ActionId.MERGE_PROJECTS].trigger()
    assert offered == [("alice", ["alice"])]
    assert shown[0][1].splitlines()[-1] == (
        "Treating 'lead' as your own layer: a layer of that name in the files is not merged."
    )
    assert "alice: +1" in shown[0][1]


# --- removing documents ------------------------------------------------------------------------


def confirm(monkeypatch: pytest.MonkeyPatch, answer: bool = True) -> list[tuple[str, str]]:
    asked: list[tuple[str, str]] = []

    def ask(cls: object, parent: object, title: str, what: str, titles: list[str]) -> bool:
        asked.append((title, what))
        return answer

    monkeypatch.setattr(Ask, "confirm_removal", classmethod(ask))
    return asked


def select_rows(window: MainWindow, *rows: int) -> None:
    selection = window.document_list.tree.selectionModel()
    for row in rows:
        selection.select(
            window.documents.index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )


def listed(window: MainWindow) -> list[int]:
    return list(window.documents.ids)


def test_remove_documents_is_in_the_edit_menu_and_the_list_menu() -> None:
    assert ActionId.REMOVE_DOCUMENTS in MENUS["Edit"] and ActionId.REMOVE_IMPORT in MENUS["Edit"]


def test_removing_selected_documents_asks_and_undo_brings_them_back(
    project: Project, make_window: MakeWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(project)
    label_first_word(window)
    first, second, third = listed(window)
    project.annotation.set_document_note(first, project.annotator_id, "a note")
    assert window.registry[ActionId.REMOVE_DOCUMENTS] in window.document_list.tree.actions()
    assert window.registry[ActionId.REMOVE_DOCUMENTS].shortcut().toString() == "Ctrl+Shift+Del"
    select_rows(window, 0, 1)
    asked = confirm(monkeypatch)
    window.registry[ActionId.REMOVE_DOCUMENTS].trigger()
    assert asked == [("Remove 2 Documents", "2 documents and 1 span of 1 annotator (alice)")]
    assert listed(window) == [third]
    assert window.view.document_id == third
    assert window.undo_stack.undoText() == "Remove 2 Documents"
    assert "Undo (Ctrl+Z) brings them back" in window.statusBar().currentMessage()

    window.undo_stack.undo()
    assert listed(window) == [first, second, third]
    assert window.view.document_id == first
    assert [(s.start, s.end) for s in window.view.spans] == [(0, 5)]
    assert project.catalog.document_note(first, project.annotator_id) == "a note"
    window.undo_stack.redo()
    assert listed(window) == [third]


def test_undo_and_redo_of_a_removal_say_what_they_did(
    project: Project, make_window: MakeWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(project)
    first, _second, third = listed(window)
    select_rows(window, 0, 1)
    confirm(monkeypatch)
    window.registry[ActionId.REMOVE_DOCUMENTS].trigger()
    window.view.setFocus()
    QTest.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.view.document_id == first
    assert window.statusBar().currentMessage() == "Undid: Remove 2 Documents"
    shift_ctrl = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    QTest.keyClick(window.view, Qt.Key.Key_Z, shift_ctrl)
    assert listed(window) == [third]
    assert window.statusBar().currentMessage() == "Redid: Remove 2 Documents"


def test_declining_the_confirmation_removes_nothing(
    project: Project, make_window: MakeWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(project)
    confirm(monkeypatch, answer=False)
    window.registry[ActionId.REMOVE_DOCUMENTS].trigger()
    assert len(listed(window)) == 3
    assert window.undo_stack.count() == 0


def test_a_removal_that_fails_leaves_no_command(
    project: Project, make_window: MakeWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(project)
    confirm(monkeypatch)
    shown = quiet(monkeypatch)
    gone = listed(window)[0]
    project.removal.remove([gone])  # elsewhere, before the window hears of it
    window.document_list.select(gone)
    monkeypatch.setattr(window.document_list, "selected_ids", lambda: [gone])
    window.registry[ActionId.REMOVE_DOCUMENTS].trigger()
    assert shown and "no longer in this project" in shown[0][1]
    assert window.undo_stack.count() == 0


def test_remove_an_import_lists_the_imports_and_undo_restores_it(
    project: Project, make_window: MakeWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(project)
    page = tmp_path / "later.txt"
    page.write_text("A later page.\n", encoding="utf-8")
    project.importer.import_paths([page], ImportOptions("alice"))
    project.events.documents_changed.emit()
    before = listed(window)
    offered: list[list[PastImport]] = []

    def pick(cls: object, parent: object, imports: list[PastImport]) -> PastImport:
        offered.append(imports)
        return imports[0]

    monkeypatch.setattr(ImportPicker, "ask", classmethod(pick))
    asked = confirm(monkeypatch)
    window.registry[ActionId.REMOVE_IMPORT].trigger()
    assert [(p.describe(), p.documents) for p in offered[0]] == [
        (str(page), 1),
        ("doc1.txt and 2 more", 3),
    ]
    assert asked == [
        ("Remove Import of later.txt", "1 document and 0 spans (nobody has worked on them)")
    ]
    assert listed(window) == before[:3]
    window.registry[ActionId.UNDO].trigger()
    assert listed(window) == before
    assert window.statusBar().currentMessage() == "Undid: Remove Import of later.txt"
    window.registry[ActionId.REDO].trigger()
    assert window.statusBar().currentMessage() == "Redid: Remove Import of later.txt"
    window.registry[ActionId.UNDO].trigger()
    assert [p.documents for p in project.removal.imports()] == [1, 3]


def test_the_import_picker_is_used_from_the_keyboard(qtbot: QtBot, project: Project) -> None:
    page_imports = project.removal.imports() * 2  # two rows to choose between
    picker = ImportPicker(page_imports)
    qtbot.addWidget(picker)
    picker.show()
    qtbot.waitExposed(picker)
    assert picker.focusWidget() is picker.table
    QTest.keyClick(picker.table, Qt.Key.Key_Down)
    with qtbot.waitSignal(picker.accepted):
        QTest.keyClick(picker.table, Qt.Key.Key_Return)
    assert picker.chosen() is page_imports[1]


def test_selecting_several_rows_keeps_them_selected_while_the_shown_document_follows(
    project: Project, make_window: MakeWindow
) -> None:
    window = make_window(project)
    tree = window.document_list.tree
    tree.setFocus()
    QTest.keyClick(tree, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    QTest.keyClick(tree, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert window.document_list.selected_ids() == listed(window)
    assert window.view.document_id == listed(window)[2]


def test_the_import_dialog_reads_every_file_as_the_format_chosen(
    qtbot: QtBot, tmp_path: Path
) -> None:
    readers = list(default_registry().readers.values())
    dialog = ImportDialog([tmp_path / "a.jsonl"], ["bob"], "alice", None, readers=readers)
    qtbot.addWidget(dialog)
    assert dialog.options().format_name is None  # by extension, at first
    dialog.format.setCurrentIndex(dialog.format.findData("labelstudio"))
    assert dialog.options().format_name == "labelstudio"
    assert dialog.format.count() == len(readers) + 1


def test_the_file_dialog_lists_every_format_and_zips() -> None:
    readers = list(default_registry().readers.values())
    filters = import_filter(readers).split(";;")
    assert filters[0].startswith("Supported files (*.txt *.text *.html")
    assert filters[0].endswith(" *.zip)")
    assert filters[-2:] == ["Zip archives (*.zip)", "All files (*)"]
    assert len(filters) == len(readers) + 3


def test_a_one_layer_format_asks_for_a_layer_before_exporting(qtbot: QtBot, tmp_path: Path) -> None:
    formats = list(default_registry().writers.values())
    layers = [Annotator(1, "alice"), Annotator(2, "bob")]
    dialog = ExportDialog(tmp_path / "p.annotator", layers, formats=formats)
    qtbot.addWidget(dialog)
    dialog.format.setCurrentIndex(dialog.format.findData(default_registry().writers["conll"]))
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    one_layer = (
        "The conll format holds one layer per file: choose a person's layer or the gold "
        "standard as the Layer."
    )
    assert dialog.hint.text() == one_layer  # said before Export is pressed
    assert dialog.error.text() == one_layer
    dialog.layer.setCurrentIndex(dialog.layer.findData("bob"))
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_each_format_starts_at_its_own_offset_unit(qtbot: QtBot, tmp_path: Path) -> None:
    formats = list(default_registry().writers.values())
    dialog = ExportDialog(tmp_path / "p.annotator", [], formats=formats)
    qtbot.addWidget(dialog)
    names = [w.name for w in formats]
    dialog.format.setCurrentIndex(names.index("xmi"))
    assert dialog.offsets.currentData() == "utf16"
    dialog.format.setCurrentIndex(names.index("parquet"))  # XMI's unit does not stay
    assert dialog.offsets.currentData() == "codepoints"
    assert dialog.choice().offsets is None
    dialog.format.setCurrentIndex(names.index("conll"))
    assert dialog.offsets.currentIndex() == -1
    assert dialog.offsets.placeholderText() == "None: its files hold no offsets"
