"""Run by Python at start-up in subprocesses the tests start with ``offline.offline_env``:
blocks the network in that process and writes each attempt to the file the test named."""

from __future__ import annotations

import os
from pathlib import Path

from offline import LOG_VARIABLE, Attempts, block_network

_log = os.environ.get(LOG_VARIABLE)
if _log:
    _path = Path(_log)
    _path.touch()  # the block is on: the test checks that the file exists

    def _write(what: str) -> None:
        with _path.open("a", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()}: {what}\n")

    block_network(Attempts(_write), setattr)
