"""Every action and every key, declared once: the ids, scopes and spec type (``ids``), the
window's specs (``specs``) and those of a part of the window or a dialog (``scoped_specs``),
the registry that builds actions and menus from them (``registry``), one action per label key
(``label_keys``), the keys a widget answers itself (``widget_keys``) and the shortcut sheet
(``shortcut_sheet``). It is the bottom layer of ``ui`` and imports no other ui package, so
every widget can declare its keys here. The registry's public names are re-exported here:
``from annotator.ui.actions import ActionId``.
"""

from annotator.ui.actions.registry import (
    MENU_TITLES,
    MENUS,
    ActionRegistry,
    Submenu,
    key_sequences,
    keys_text,
    make_action,
    shortcut_text,
)
from annotator.ui.actions.specs import (
    DIALOG_ACTIONS,
    SPECS,
    ActionId,
    ActionSpec,
    Key,
    Scope,
)

__all__ = [
    "DIALOG_ACTIONS",
    "MENUS",
    "MENU_TITLES",
    "SPECS",
    "ActionId",
    "ActionRegistry",
    "ActionSpec",
    "Key",
    "Scope",
    "Submenu",
    "key_sequences",
    "keys_text",
    "make_action",
    "shortcut_text",
]
