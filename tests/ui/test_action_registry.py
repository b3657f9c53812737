"""The action registry as a whole: every key declared once, no two clashing where they both
work, every key the program binds listed on the shortcut sheet, and every window action
connected to what it does."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from PySide6.QtCore import SIGNAL, QObject, Qt
from PySide6.QtGui import QAction, QShortcut
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog
from window_helpers import MakeWindow

from annotator.core.value_rules import LABEL_KEYS
from annotator.services.project import Project
from annotator.ui.actions import SPECS, ActionId, Scope, key_sequences, keys_text
from annotator.ui.actions.label_keys import LABEL_KEY_SPECS, LabelKeyId
from annotator.ui.actions.shortcut_sheet import ShortcutSheet
from annotator.ui.actions.widget_keys import WidgetKeys
from annotator.ui.labels.editor import LabelEditor
from annotator.ui.shell.main_window import MainWindow
from annotator.ui.widgets.dialogs import NoteDialog


@dataclass(frozen=True)
class Binding:
    """One key of one declared action."""

    name: str
    scope: Scope
    key: str
    shadows: tuple[str, ...] = ()


def declared_bindings() -> list[Binding]:
    """Every key in the registry: each spec's, and each label action's for every label key."""
    bindings = [
        Binding(
            action_id.name, spec.scope, sequence.toString(), tuple(s.name for s in spec.shadows)
        )
        for action_id, spec in SPECS.items()
        for sequence in key_sequences(spec.keys)
    ]
    bindings += [
        Binding(f"{kind.name} {key}", Scope.WINDOW, spec.keys(key).toString())
        for kind, spec in LABEL_KEY_SPECS.items()
        for key in LABEL_KEYS
    ]
    return bindings


def test_no_two_actions_in_overlapping_scopes_claim_the_same_key(qapp: object) -> None:
    bindings = declared_bindings()
    clashes = [
        f"{a.key}: {a.name} ({a.scope.where}) and {b.name} ({b.scope.where})"
        for i, a in enumerate(bindings)
        for b in bindings[i + 1 :]
        if a.key == b.key
        and a.name != b.name
        and a.scope.overlaps(b.scope)
        and b.name not in a.shadows
        and a.name not in b.shadows
    ]
    assert clashes == []


def test_an_action_shadows_only_a_window_action_that_has_its_key(qapp: object) -> None:
    """A declared take-over is real: the shadowed action works around the shadowing one's
    scope and shares one of its keys (else the declaration hides nothing, or a clash)."""
    keys = {
        b.name: {c.key for c in declared_bindings() if c.name == b.name}
        for b in declared_bindings()
    }
    for action_id, spec in SPECS.items():
        for shadowed in spec.shadows:
            assert spec.scope.within is SPECS[shadowed].scope, (action_id, shadowed)
            assert keys[action_id.name] & keys[shadowed.name], (action_id, shadowed)


def test_every_scope_is_named_and_keyed(qapp: object) -> None:
    """A scope with no keys would be an empty heading; each names its place plainly."""
    for scope in Scope:
        assert any(spec.scope is scope and spec.keys for spec in SPECS.values()), scope
        assert scope.where[0].isupper() and not scope.where.endswith("."), scope


def bound_keys(root: QObject) -> set[tuple[str, str]]:
    """(where, keys) of every key bound on ``root`` and its children: actions with keys, keys
    answered from key presses, and no bare :class:`QShortcut`."""
    assert root.findChildren(QShortcut) == []
    found: set[tuple[str, str]] = set()
    for action in root.findChildren(QAction):
        if not action.shortcuts():
            continue
        name = action.objectName()
        assert name in ActionId.__members__ or name in LabelKeyId.__members__, (
            f"{action.text()!r} binds {keys_text(action.shortcuts())} outside the registry"
        )
        scope = SPECS[ActionId[name]].scope if name in ActionId.__members__ else Scope.WINDOW
        found.add((scope.where, keys_text(action.shortcuts())))
    for keys in root.findChildren(WidgetKeys):
        for action_id in keys.action_ids:
            spec = SPECS[action_id]
            found.add((spec.scope.where, keys_text(key_sequences(spec.keys))))
    return found


def open_everything(window: MainWindow) -> None:
    """Build every part of the window that binds keys: the docks, curation's candidates."""
    window.registry[ActionId.SUGGESTIONS_PANEL].trigger()
    window.docks.guidelines.show()
    window.docks.open_search()
    window.docks.open_agreement()
    window.registry[ActionId.CURATION_MODE].trigger()
    assert window.curation.on


def catch_dialog(
    monkeypatch: pytest.MonkeyPatch, dialog: type[QDialog], seen: Callable[[QDialog], None]
) -> None:
    """Open ``dialog`` from the window as the user would, but let ``seen`` look at it and
    cancel it instead of waiting for an answer."""

    def look(self: QDialog) -> int:
        seen(self)
        return QDialog.DialogCode.Rejected.value

    monkeypatch.setattr(dialog, "exec", look)


def test_the_shortcut_sheet_lists_every_key_bound_anywhere_and_nothing_else(
    project: Project, make_window: MakeWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(project)
    window.view.select_range(0, 5)
    QTest.keyClick(window.view, Qt.Key.Key_1)  # a span, for its note dialog
    open_everything(window)
    bound = bound_keys(window)
    for opener, dialog in (
        (ActionId.EDIT_LABELS, LabelEditor),
        (ActionId.EDIT_SPAN_NOTE, NoteDialog),
    ):
        opened: list[QDialog] = []
        catch_dialog(monkeypatch, dialog, opened.append)
        window.registry[opener].trigger()
        assert len(opened) == 1, opener
        bound |= bound_keys(opened[0])
    sheets: list[set[tuple[str, str]]] = []
    catch_dialog(
        monkeypatch,
        ShortcutSheet,
        lambda sheet: sheets.append({(w, keys) for w, _a, keys in sheet.rows}),  # type: ignore[attr-defined]
    )
    window.registry[ActionId.SHORTCUTS].trigger()
    assert len(sheets) == 1
    assert sheets[0] - bound == set(), "listed on the sheet, but bound nowhere"
    assert bound - sheets[0] == set(), "bound, but missing from the sheet"
    assert {where for where, _keys in bound} == {scope.where for scope in Scope}


def test_the_sheet_names_each_place_above_its_keys(
    project: Project, make_window: MakeWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(project)
    headings: list[list[str]] = []

    def read(sheet: QDialog) -> None:
        assert isinstance(sheet, ShortcutSheet)
        table = sheet.table

        def text(row: int) -> str:
            item = table.item(row, 0)
            assert item is not None
            return item.text()

        headings.append(
            [
                text(row)
                for row in range(table.rowCount())
                if table.columnSpan(row, 0) == table.columnCount()
            ]
        )
        rows = {(w, a, k) for w, a, k in sheet.rows}
        assert (Scope.FIND_BAR.where, "Close the Find Bar", "Esc") in rows
        assert (Scope.LABEL_EDITOR.where, "Key", "Ctrl+K") in rows
        assert (Scope.CANDIDATE_LIST.where, "Accept the Candidate", "Return, Enter") in rows

    catch_dialog(monkeypatch, ShortcutSheet, read)
    window.registry[ActionId.SHORTCUTS].trigger()
    assert headings == [[scope.where for scope in Scope]]


def test_every_window_action_runs_something(project: Project, make_window: MakeWindow) -> None:
    """Each feature hands the window its handlers; none of the menus' actions is left out."""
    window = make_window(project)
    unconnected = [
        action.objectName()
        for action in window.registry.all()
        if action.receivers(SIGNAL("triggered(bool)")) == 0
    ]
    assert unconnected == []


def test_the_sheet_names_undo_and_redo_plainly_whatever_the_history_holds(
    project: Project, make_window: MakeWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(project)
    window.view.select_range(0, 5)
    QTest.keyClick(window.view, Qt.Key.Key_1)
    QTest.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    # The Edit menu now says "Undo …" and "Redo Label as Claim"; the sheet names the action.
    assert window.registry[ActionId.REDO].text().replace("&", "").startswith("Redo Label as")
    actions: list[str] = []

    def read(sheet: QDialog) -> None:
        assert isinstance(sheet, ShortcutSheet)
        actions.extend(action for _where, action, _keys in sheet.rows)

    catch_dialog(monkeypatch, ShortcutSheet, read)
    window.registry[ActionId.SHORTCUTS].trigger()
    assert "Undo" in actions and "Redo" in actions
    assert not [action for action in actions if action.startswith(("Undo ", "Redo "))]
