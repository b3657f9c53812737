"""Finding files shipped with the program (the sample corpus), installed or in a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resources_dir() -> Path:
    """``annotator/_resources`` in an installed wheel, else ``resources/`` of the checkout."""
    installed = _PACKAGE / "_resources"
    return installed if installed.is_dir() else _PACKAGE.parent / "resources"


def sample_corpus_dir() -> Path:
    """The folder of sample pages the default project starts with."""
    return resources_dir() / "sample"
