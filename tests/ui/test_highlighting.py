"""Span colours: ranges from the span index, computed for painted blocks, repainted locally."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QColor, QPaintEvent, QTextBlock
from pytestqt.qtbot import QtBot
from window_helpers import CTRL, SHIFT, MakeWindow, key

from annotator.core.model import Document, Label, Span
from annotator.services.project import Project
from annotator.ui.text.colors import span_background
from annotator.ui.text.document_view import DocumentView

WHEN = datetime(2026, 1, 1, tzinfo=UTC)
LABELS = [Label(1, "Claim", "#0072B2", "1", 0), Label(2, "Opinion", "#E69F00", "2", 1)]
# Emoji before the spans: Qt positions run ahead of code points from there on.
PARAGRAPH = "😀 Officials said the bridge cost £23.6m. Critics called it a waste of money.\n"


def long_document(paragraphs: int) -> tuple[Document, list[Span]]:
    text = PARAGRAPH * paragraphs
    claim = PARAGRAPH.index("Officials"), PARAGRAPH.index(" Critics")
    opinion = PARAGRAPH.index("Critics"), PARAGRAPH.index("\n")
    spans = []
    for number in range(paragraphs):
        base = number * len(PARAGRAPH)
        spans.append(Span(f"c{number:05d}", 1, 1, 1, base + claim[0], base + claim[1], WHEN, WHEN))
        spans.append(
            Span(f"o{number:05d}", 1, 1, 2, base + opinion[0], base + opinion[1], WHEN, WHEN)
        )
    document = Document(1, "0" * 64, "Long page", text, "long.txt", {}, "utf-8", WHEN)
    return document, spans


def shown_view(qtbot: QtBot, document: Document, spans: list[Span]) -> DocumentView:
    view = DocumentView()
    qtbot.addWidget(view)
    view.resize(600, 400)
    view.show()
    qtbot.waitExposed(view)
    view.show_document(document, spans, LABELS)
    return view


def format_ranges(view: DocumentView, block: QTextBlock) -> list[tuple[int, int, QColor]]:
    return view.block_colours(block) or []


def painted(qtbot: QtBot, view: DocumentView, block: QTextBlock) -> None:
    qtbot.waitUntil(lambda: view.block_colours(block) is not None)


def test_blocks_on_screen_get_colours_at_exact_qt_positions(qtbot: QtBot) -> None:
    document, spans = long_document(2000)
    view = shown_view(qtbot, document, spans)
    first = view.document().firstBlock()
    painted(qtbot, view, first)
    claim = span_background(view.palette(), "#0072B2")
    opinion = span_background(view.palette(), "#E69F00")
    # The emoji takes two UTF-16 units: every Qt position is one past the code point.
    # Longest first, so an inner span would be drawn over the one around it.
    claim_range = (spans[0].start + 1, spans[0].end + 1, claim)
    opinion_range = (spans[1].start + 1, spans[1].end + 1, opinion)
    assert format_ranges(view, first) == [claim_range, opinion_range]
    # Far below the screen nothing was computed: showing a page costs one screenful.
    far = view.document().findBlockByNumber(1900)
    assert view.block_colours(far) is None
    # Colours are painted, not set as layout formats: those would lay the block out again.
    assert first.layout().formats() == []


def test_nested_spans_paint_the_inner_one_on_top(qtbot: QtBot) -> None:
    document, _spans = long_document(3)
    outer = Span("outer", 1, 1, 1, 2, 60, WHEN, WHEN)
    inner = Span("inner", 1, 1, 2, 12, 20, WHEN, WHEN)
    view = shown_view(qtbot, document, [inner, outer])
    first = view.document().firstBlock()
    painted(qtbot, view, first)
    assert [(start, end) for start, end, _colour in format_ranges(view, first)] == [
        (3, 61),
        (13, 21),
    ]


def test_scrolling_colours_the_blocks_that_come_into_view(qtbot: QtBot) -> None:
    document, spans = long_document(2000)
    view = shown_view(qtbot, document, spans)
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    last = view.document().lastBlock().previous()  # the text ends with a newline
    painted(qtbot, view, last)
    assert len(format_ranges(view, last)) == 2


class PaintWatcher(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.painted: list[QRect] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            assert isinstance(event, QPaintEvent)
            self.painted.append(event.rect())
        return False


def test_labelling_recolours_and_repaints_only_the_changed_block(
    qtbot: QtBot, project: Project, make_window: MakeWindow
) -> None:
    window = make_window(project)
    view = window.view
    qtbot.wait(50)  # let the first paints settle
    watcher = PaintWatcher()
    view.viewport().installEventFilter(watcher)
    key(window, Qt.Key.Key_Right, CTRL | SHIFT)
    key(window, Qt.Key.Key_1)
    qtbot.waitUntil(lambda: bool(watcher.painted))
    first = view.document().firstBlock()
    painted(qtbot, view, first)
    assert [(start, end) for start, end, _colour in format_ranges(view, first)] == [(0, 5)]
    block_area = view.blockBoundingGeometry(first).translated(view.contentOffset())
    # The block (and the caret and marks in it), never the whole screen.
    assert all(rect.height() < view.viewport().height() / 4 for rect in watcher.painted)
    assert any(
        rect.contains(block_area.toAlignedRect().intersected(view.viewport().rect()))
        for rect in watcher.painted
    )
    window.undo_stack.undo()
    painted(qtbot, view, first)
    assert format_ranges(view, first) == []


def test_a_new_label_colour_reformats_the_shown_blocks(qtbot: QtBot) -> None:
    document, spans = long_document(50)
    view = shown_view(qtbot, document, spans)
    recoloured = [Label(1, "Claim", "#009E73", "1", 0), LABELS[1]]
    view.set_labels(recoloured)
    first = view.document().firstBlock()
    painted(qtbot, view, first)
    colours = [r[2] for r in format_ranges(view, first)]
    assert span_background(view.palette(), "#009E73") in colours
    assert span_background(view.palette(), "#0072B2") not in colours


def test_recolouring_computes_off_screen_blocks_when_they_come_back_into_view(
    qtbot: QtBot,
) -> None:
    document, spans = long_document(2000)
    view = shown_view(qtbot, document, spans)
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum())
    end_block = view.document().lastBlock().previous()
    painted(qtbot, view, end_block)
    bar.setValue(0)
    qtbot.waitUntil(lambda: view.firstVisibleBlock().blockNumber() == 0)
    new_claim = span_background(view.palette(), "#009E73")
    view.set_labels([Label(1, "Claim", "#009E73", "1", 0), LABELS[1]])
    first = view.document().firstBlock()
    painted(qtbot, view, first)
    assert format_ranges(view, first)[0][2] == new_claim
    assert view.block_colours(end_block) is None  # not on screen: left for later
    bar.setValue(bar.maximum())
    painted(qtbot, view, end_block)
    assert format_ranges(view, end_block)[0][2] == new_claim
