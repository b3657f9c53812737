"""One page that three annotators labelled, for the curation and tooltip tests.

A module of its own rather than a test module, so that tests import it by name from
``tests/`` (pytest's ``pythonpath``, mypy's ``mypy_path``).
"""

from __future__ import annotations

from pathlib import Path

from project_files import import_all

from annotator.core.model import DocumentDraft, SpanDraft
from annotator.services.project import Project

TEXT = "Officials said the bridge cost £23.6m. Critics called it a waste. Subscribe now!"
CLAIM = (0, TEXT.index(" Critics"))
OPINION = (TEXT.index("Critics"), TEXT.index(" Subscribe"))
PLUG = (TEXT.index("Subscribe"), len(TEXT))


def open_team_page(folder: Path) -> Project:
    """A new project in ``folder`` with three annotators' layers of one page, opened by the
    lead; the caller closes it."""
    project = Project.open(folder / "team.annotator", "lead")
    spans = [
        SpanDraft(*CLAIM, "Claim", "alice"),
        SpanDraft(*CLAIM, "Claim", "bob"),
        SpanDraft(*CLAIM, "Claim", "carol"),
        SpanDraft(*OPINION, "Opinion", "alice"),
        SpanDraft(*OPINION, "Opinion", "bob"),
        SpanDraft(*PLUG, "Boilerplate", "carol"),
    ]
    import_all(project, [DocumentDraft(TEXT, "Bridge", "bridge.txt", spans=spans)])
    return project
