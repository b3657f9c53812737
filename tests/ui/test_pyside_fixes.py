"""PySide's import hook no longer keeps the source of every module imported after it."""

from __future__ import annotations

import importlib
import linecache
import sys
from pathlib import Path

import pytest

from annotator.ui.shell import pyside_fixes


def test_a_module_imported_after_the_fix_leaves_no_source_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    feature = importlib.import_module("shibokensupport.feature")
    monkeypatch.setattr(feature, "_mod_uses_pyside", feature._mod_uses_pyside)  # undone after
    source = tmp_path / "big_module_for_the_test.py"
    source.write_text("VALUE = 1\n" + "# padding\n" * 5000, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    # Without the fix, PySide's hook caches the whole file when the module is imported.
    monkeypatch.setattr(linecache, "cache", {})
    # An import statement: PySide hooks builtins.__import__, which importlib bypasses.
    __import__("big_module_for_the_test")
    assert str(source) in linecache.cache
    del sys.modules["big_module_for_the_test"]
    linecache.cache.clear()

    assert pyside_fixes.stop_caching_imported_sources()
    assert not pyside_fixes.stop_caching_imported_sources()  # once is enough
    module = __import__("big_module_for_the_test")
    assert module.VALUE == 1
    assert str(source) not in linecache.cache
    del sys.modules["big_module_for_the_test"]


def test_the_hook_still_tells_which_modules_use_pyside(monkeypatch: pytest.MonkeyPatch) -> None:
    feature = importlib.import_module("shibokensupport.feature")
    monkeypatch.setattr(feature, "_mod_uses_pyside", feature._mod_uses_pyside)
    pyside_fixes.stop_caching_imported_sources()
    import annotator.core.offsets as does_not
    import annotator.ui.text.document_view as uses

    assert feature._mod_uses_pyside(uses)
    assert not feature._mod_uses_pyside(does_not)
