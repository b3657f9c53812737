"""Records every event a project announces, for tests of the services."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields

from annotator.services.project import Project


class EventRecorder:
    """Every event a project announces, in order, as ``(name, args)``."""

    def __init__(self, project: Project) -> None:
        self.calls: list[tuple[str, tuple[object, ...]]] = []
        for field in fields(project.events):
            getattr(project.events, field.name).connect(self._slot(field.name))

    def _slot(self, name: str) -> Callable[..., None]:
        return lambda *args: self.calls.append((name, args))

    def names(self) -> list[str]:
        """The names of the events, in order."""
        return [name for name, _ in self.calls]
