"""An in-memory :class:`~annotator.formats.base.Output` for a bundle writer, and reading its
files back as the import service hands them to a reader (with their siblings)."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, TextIO

from format_roundtrip import imported, tricky_project

from annotator.core.offset_units import OffsetUnit
from annotator.formats.base import ExportContext, ExportRecord, LabelInfo, ReadOptions
from annotator.services.exporting import ExportResult
from annotator.services.project import Project


class MemoryOutput:
    """Every file a writer writes, by its name in the bundle."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    @contextmanager
    def text(self, name: str = "") -> Iterator[TextIO]:
        handle = io.StringIO(newline="")
        yield handle
        self._store(name, handle.getvalue().encode("utf-8"))

    @contextmanager
    def binary(self, name: str = "") -> Iterator[BinaryIO]:
        handle = io.BytesIO()
        yield handle
        self._store(name, handle.getvalue())

    def _store(self, name: str, data: bytes) -> None:
        assert name not in self.files, f"{name} written twice"
        self.files[name] = data

    def options(self, name: str) -> ReadOptions:
        """How the import service would let a reader read ``name``: its siblings by name."""
        folder = name.rpartition("/")[0]

        def sibling(other: str) -> bytes | None:
            return self.files.get(f"{folder}/{other}" if folder else other)

        return ReadOptions(name, sibling=sibling)


def warnings_context(
    labels: tuple[tuple[str, str], ...] = (), offsets: OffsetUnit = "codepoints"
) -> tuple[ExportContext, list[str]]:
    """A context whose warnings are collected in the list returned with it."""
    warned: list[str] = []
    add: Callable[[str], None] = warned.append
    context = ExportContext(
        labels=tuple(LabelInfo(name, color) for name, color in labels), offsets=offsets, warn=add
    )
    return context, warned


def record(
    text: str, spans: list[tuple[int, int, str]], who: str = "alice", note: str | None = None
) -> ExportRecord:
    """An export record of one page titled "A page", its spans in ``who``'s layer."""
    return {
        "id": "d1",
        "text": text,
        "spans": [
            {"start": s, "end": e, "label": label, "annotator": who, "note": note}
            for s, e, label in spans
        ],
        "meta": {"title": "A page"},
        "annotators": {who: {}},
    }


def round_trip(
    tmp_path: Path, format_name: str, layer: str | None, target: str
) -> tuple[Project, ExportResult, Project]:
    """The tricky project (with the gold layer unless every layer is exported), its export
    in ``format_name`` to ``target`` (a folder, or a zip), and a project that imported it."""
    project = tricky_project(tmp_path / "p.annotator", gold=layer is not None)
    result = project.exporter.export(tmp_path / target, format_name, layer)
    return project, result, imported(tmp_path / "back.annotator", tmp_path / target)
