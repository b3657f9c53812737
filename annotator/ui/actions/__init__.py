"""Every command of the window, declared once: the ids and specs (``specs``), the
registry that builds actions and menus from them (``registry``), one action per label key
(``label_keys``) and the shortcut sheet (``shortcut_sheet``). It is the bottom layer of
``ui`` and imports no other ui package, so every widget can declare its keys here. The
registry's public names are re-exported here: ``from annotator.ui.actions import ActionId``.
"""

from annotator.ui.actions.registry import (
    MENU_TITLES,
    MENUS,
    NOTHING_TO_REDO,
    NOTHING_TO_UNDO,
    ActionRegistry,
    Submenu,
    make_action,
    shortcut_text,
    undo_handlers,
)
from annotator.ui.actions.specs import (
    DIALOG_ACTIONS,
    SPECS,
    ActionId,
    ActionSpec,
    Key,
)

__all__ = [
    "DIALOG_ACTIONS",
    "MENUS",
    "MENU_TITLES",
    "NOTHING_TO_REDO",
    "NOTHING_TO_UNDO",
    "SPECS",
    "ActionId",
    "ActionRegistry",
    "ActionSpec",
    "Key",
    "Submenu",
    "make_action",
    "shortcut_text",
    "undo_handlers",
]
