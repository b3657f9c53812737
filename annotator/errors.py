"""The two kinds of failure.

:class:`AnnotatorError` and its subclasses are problems of the environment or the input (a bad
file, a locked project, a full disk). Their message is written for the user and is shown as is,
without a traceback. Every other exception is a bug: tests let it crash, the app reports it in a
dialog and a log file.
"""

from __future__ import annotations

from pathlib import Path

from annotator.core.one_line import one_line


class AnnotatorError(Exception):
    """A problem the user can act on; ``str(error)`` is the message to show."""


class InputError(AnnotatorError):
    """A file, line or value that cannot be imported.

    Args:
        source: The file (or other named input) the problem is in.
        reason: What is wrong, as one sentence without a trailing full stop.
        line: The 1-based line (or record) number, when the input has lines.
        unit: What ``line`` counts, as the message names it ("line", "document").
    """

    def __init__(
        self, source: str | Path, reason: str, line: int | None = None, *, unit: str = "line"
    ) -> None:
        self.source = str(source)
        self.reason = reason
        self.line = line
        shown = one_line(self.source, keep_end=True)  # a file's name may hold anything
        where = shown if line is None else f"{shown}, {unit} {line}"
        super().__init__(f"{where}: {reason}")


class ProjectError(AnnotatorError):
    """A project file that cannot be opened, created or upgraded."""


class ExportError(AnnotatorError):
    """An export that cannot be written."""
