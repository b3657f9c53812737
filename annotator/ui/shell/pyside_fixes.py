"""Work-arounds for PySide6 behaviour that costs our users, each guarded and tested.

PySide's import hook (``shibokensupport.feature``) reads the whole source of every module
imported after PySide6, through ``inspect.getsource``, to see whether it names PySide6; the
lines stay in ``linecache`` for the life of the process. Our window is shown before
SQLAlchemy is imported (start-up is faster so), which left about 8 MB of SQLAlchemy's source
text, some 20 MB of memory, held for nothing.
"""

from __future__ import annotations

import importlib
import linecache
from collections.abc import Callable
from types import ModuleType

_PATCHED = "_annotator_keeps_no_source"


def stop_caching_imported_sources() -> bool:
    """Make PySide's import hook drop each module's source once it has looked at it.

    Returns:
        Whether the hook was found and changed (False on a PySide6 without it, or when it
        was changed already).
    """
    try:
        feature = importlib.import_module("shibokensupport.feature")
    except ImportError:
        return False
    original = getattr(feature, "_mod_uses_pyside", None)
    if not callable(original) or getattr(original, _PATCHED, False):
        return False
    vars(feature)["_mod_uses_pyside"] = _forgetting(original)
    return True


def _forgetting(original: Callable[[ModuleType], bool]) -> Callable[[ModuleType], bool]:
    def uses_pyside(module: ModuleType) -> bool:
        try:
            return original(module)
        finally:
            filename = getattr(module, "__file__", None)
            if isinstance(filename, str):
                linecache.cache.pop(filename, None)

    setattr(uses_pyside, _PATCHED, True)
    return uses_pyside
