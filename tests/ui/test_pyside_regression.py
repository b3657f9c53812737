"""PySide6 6.12.0 on CPython < 3.12 leaks a reference to None on every void-returning call and
aborts after a few thousand; it must never be installed there."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.version import Version
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def test_ten_thousand_void_calls_do_not_leak_none(qtbot: QtBot) -> None:
    del qtbot  # only needed for a QApplication
    holder = QObject()
    before = sys.getrefcount(None)
    for index in range(10_000):
        holder.setObjectName(f"n{index % 7}")  # returns void
    growth = sys.getrefcount(None) - before
    # A leaking build adds one reference per call (10,000); an immortal None (3.12+) adds none.
    assert growth < 1_000, f"None gained {growth} references over 10,000 void calls"


def _allowed(python: str, pyside: str) -> bool:
    """Whether pyproject's dependencies allow this PySide6-Essentials on this Python."""
    data = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    environment = {"python_version": python, "python_full_version": f"{python}.0"}
    found = False
    for line in data["project"]["dependencies"]:
        requirement = Requirement(line)
        if requirement.name.lower() not in ("pyside6-essentials", "shiboken6"):
            continue
        if requirement.marker and not Marker(str(requirement.marker)).evaluate(environment):
            continue
        found = True
        if Version(pyside) not in requirement.specifier:
            return False
    return found


def test_pyproject_refuses_pyside_6_12_0_before_python_3_12() -> None:
    assert not _allowed("3.11", "6.12.0")
    assert _allowed("3.11", "6.11.3")
    assert _allowed("3.11", "6.12.1")
    assert _allowed("3.12", "6.12.0")
    assert _allowed("3.13", "6.12.0")
