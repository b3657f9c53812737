"""Every command of the window, declared once: the ids and specs (``specs``), the
registry that builds actions and menus from them (``registry``), running them with errors
turned into messages (``guard``), one action per label key (``label_keys``) and the
shortcut sheet (``shortcut_sheet``). It may import ``widgets``, and no feature package. The
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
