"""Opening a long page: ``show_document`` to the first full paint, vs. plain text, no colours.

Ours: a shown, empty ``DocumentView`` (the widget the main window uses) is handed the 1 MB
page and its 10,000 spans through ``show_document``; the clock stops once pending events were
delivered and the viewport was painted in full (``viewport().repaint()``). That covers building
the offset map and span index, setting the text, highlighting, and the first paint.

Baseline: a shown ``QPlainTextEdit`` with the same size, font, document margin and read-only
flag gets the same text through ``setPlainText``, then the same event delivery and full paint.
It is the cheapest way Qt can show the text at all, so the ratio is the price of the spans.

The widgets are built outside the clock (fresh ones for every run; runs alternate, median of
each side). The 5 MB / 50,000-span page only has to work: its time is reported with the same
baseline, and the check is that it shows with its colours.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QPlainTextEdit

from annotator.core.model import Document, Label, Span
from annotator.services.project import Project
from annotator.ui.text.document_view import DocumentView
from benchmarks import corpus
from benchmarks.qtutil import application, dispose, settle
from benchmarks.report import Measurement, median, ratio
from benchmarks.workspace import ANNOTATOR, Workspace

TARGET = 1.5
#: About the size of the text pane in the main window on a first start.
VIEW_SIZE = (760, 820)


def _time_first_paint(widget: QPlainTextEdit, show: Callable[[], object]) -> float:
    """Seconds from ``show()`` putting text into a shown, empty ``widget`` to a full paint.

    The widget is shown and settled outside the clock; the clock covers ``show``, delivering
    pending events and painting the whole viewport.
    """
    widget.resize(*VIEW_SIZE)
    widget.show()
    settle()
    gc.collect()
    started = time.perf_counter()
    show()
    application().processEvents()
    widget.viewport().repaint()
    return time.perf_counter() - started


def _plain_editor(font: QFont, margin: float) -> QPlainTextEdit:
    """The baseline viewer: read-only, same font and margin as ours, no highlighting."""
    editor = QPlainTextEdit()
    editor.setReadOnly(True)
    editor.setFont(font)
    editor.document().setDocumentMargin(margin)
    return editor


def show_ours(document: Document, spans: list[Span], labels: list[Label]) -> tuple[float, bool]:
    """Seconds from ``show_document`` to a full first paint; and whether colours were applied."""
    view = DocumentView()
    elapsed = _time_first_paint(view, lambda: view.show_document(document, spans, labels))
    coloured = _has_colours(view)
    dispose(view)
    return elapsed, coloured


def show_bare(text: str, font: QFont, margin: float) -> float:
    """Seconds from ``setPlainText`` to a full first paint in a plain editor."""
    editor = _plain_editor(font, margin)
    elapsed = _time_first_paint(editor, lambda: editor.setPlainText(text))
    dispose(editor)
    return elapsed


def _has_colours(view: DocumentView) -> bool:
    """Whether the first paint coloured spans (the page has spans in its first blocks)."""
    block = view.document().firstBlock()
    for _ in range(50):
        if not block.isValid():
            return False
        if view.block_colours(block):
            return True
        block = block.next()
    return False


def _view_style() -> tuple[QFont, float]:
    probe = DocumentView()
    style = (QFont(probe.font()), probe.document().documentMargin())
    dispose(probe)
    return style


def measure(page: corpus.LongDocument, runs: int) -> tuple[list[float], list[float], bool]:
    """Alternate ``runs`` openings of ours and of the baseline; times in ms."""
    application()
    labels = corpus.default_labels()
    document, spans = corpus.domain_values(page, labels)
    font, margin = _view_style()
    show_ours(document, spans, labels)  # first use of the code paths, not measured
    show_bare(page.text, font, margin)
    ours: list[float] = []
    bare: list[float] = []
    coloured = True
    for _ in range(runs):
        elapsed, ok = show_ours(document, spans, labels)
        coloured = coloured and ok
        ours.append(elapsed * 1000)
        bare.append(show_bare(page.text, font, margin) * 1000)
    return ours, bare, coloured


def stored_ours(project: Project, document_id: int, labels: list[Label]) -> float:
    """Seconds from reading the document and its spans from the project to a full paint."""
    view = DocumentView()

    def show() -> None:
        document = project.catalog.document(document_id)
        spans = project.catalog.spans(document_id, project.annotator_id)
        view.show_document(document, spans, labels)

    elapsed = _time_first_paint(view, show)
    dispose(view)
    return elapsed


def stored_bare(project: Project, document_id: int, font: QFont, margin: float) -> float:
    """Seconds from reading the document's text from the project to a full plain paint."""
    editor = _plain_editor(font, margin)

    def show() -> None:
        editor.setPlainText(project.catalog.document(document_id).text)

    elapsed = _time_first_paint(editor, show)
    dispose(editor)
    return elapsed


def measure_stored(workspace: Workspace) -> Measurement:
    """The whole open as the window does it: from the project file to the painted page."""
    application()
    project = Project.open(workspace.page_project, ANNOTATOR)
    try:
        labels = project.catalog.labels()
        (summary,) = project.catalog.document_summaries(project.annotator_id)
        font, margin = _view_style()
        stored_ours(project, summary.id, labels)  # first use of the code paths, not measured
        stored_bare(project, summary.id, font, margin)
        ours: list[float] = []
        bare: list[float] = []
        for _ in range(workspace.sizes.page_runs):
            ours.append(stored_ours(project, summary.id, labels) * 1000)
            bare.append(stored_bare(project, summary.id, font, margin) * 1000)
    finally:
        project.close()
    ours_ms, bare_ms = median(ours), median(bare)
    return Measurement(
        name="open_document_stored",
        title=f"Open the same page from the project file ({summary.span_count:,} spans read "
        "too), to first paint, vs. its text read from the file into a plain QPlainTextEdit",
        unit="ms",
        ours=ours_ms,
        baseline=bare_ms,
        ratio=ratio(ours_ms, bare_ms),
        target=None,
        details={"runs": len(ours), "ours_ms": ours, "baseline_ms": bare},
        note="reported, no target: reading and building 10,000 span values is the part the "
        "view-only figure above leaves out",
    )


def run(workspace: Workspace) -> list[Measurement]:
    """The 1 MB page against its target; the 5 MB page has to work; the open from the file."""
    sizes = workspace.sizes
    results = [measure_stored(workspace)]
    for name, page, spans, target, runs in (
        ("open_document", workspace.page, sizes.page_spans, TARGET, sizes.page_runs),
        ("open_document_huge", workspace.huge_page, sizes.huge_page_spans, None, 2),
    ):
        ours, bare, coloured = measure(page, runs)
        ours_ms, bare_ms = median(ours), median(bare)
        chars = len(page.text)
        results.append(
            Measurement(
                name=name,
                title=f"Open a {chars / 1e6:.1f} MB page with {spans:,} spans, to first paint, "
                "vs. the same text in a plain QPlainTextEdit",
                unit="ms",
                ours=ours_ms,
                baseline=bare_ms,
                ratio=ratio(ours_ms, bare_ms),
                target=target,
                details={
                    "characters": chars,
                    "spans": spans,
                    "runs": runs,
                    "ours_ms": ours,
                    "baseline_ms": bare,
                    "highlighted": coloured,
                },
                error=None if coloured else "the page was shown without its span colours",
            )
        )
    workspace.__dict__.pop("huge_page", None)  # 5 MB of text is not needed again
    return results
