"""Labelling in the window on a full disk: the user is told the disk is full, no span is shown
as made (nor kept for undo), and once space is freed the next label works, without a restart.

On a real small file system (small_disk.py); the window runs offscreen inside it
(disk_full_window_driver.py).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from small_disk import run_on_small_disk, skip_without_small_disk

DRIVER = Path(__file__).with_name("disk_full_window_driver.py")


@pytest.mark.slow
def test_a_label_on_a_full_disk_is_told_not_shown_and_the_next_one_works(tmp_path: Path) -> None:
    skip_without_small_disk()
    home = tmp_path / "home"
    home.mkdir()
    tests = Path(__file__).parents[1]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(tests.parent), str(tests)]),
        "XDG_CONFIG_HOME": str(home),
        "XDG_DATA_HOME": str(home),
        "XDG_STATE_HOME": str(home),
    }
    argv = [sys.executable, str(DRIVER), str(tmp_path / "disk"), str(home)]
    result = run_on_small_disk(tmp_path / "disk", 1024, argv, env=env)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)

    full = seen["full"]
    [told] = full["told"]
    assert "the disk is full" in told and "Nothing was changed" in told
    assert "database or disk is full" not in told  # SQLite's words, where ours say it
    assert (full["shown"], full["undoable"], full["stored"]) == (0, 0, 0)
    assert not full["status"].startswith("Labelled")

    freed = seen["freed"]
    assert freed["told"] == []
    assert freed["status"] == "Labelled 6 characters as Claim."
    assert (freed["shown"], freed["undoable"], freed["stored"]) == (1, 1, 1)
