"""Span backgrounds and bars as rectangles: exact where text runs one way, split where not."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QTextBlock
from pytestqt.qtbot import QtBot

from annotator.core.model import Label, Span
from annotator.core.offsets import QtOffsetMap
from annotator.core.span_index import SpanIndex
from annotator.ui.text.document_view import DocumentView
from annotator.ui.text.highlighter import SpanHighlighter
from annotator.ui.text.span_bars import INSET, LOW_LINE_GAP, BlockDecor, PendingMarks, SpanBars

WHEN = datetime(2026, 1, 1, tzinfo=UTC)
LABELS = [Label(1, "Claim", "#0072B2", "1", 0)]


def laid_out(qtbot: QtBot, text: str) -> tuple[DocumentView, QTextBlock]:
    view = DocumentView()
    qtbot.addWidget(view)
    view.resize(900, 300)
    view.show()
    view.setPlainText(text)
    block = view.document().firstBlock()
    view.blockBoundingRect(block)  # lays the block out
    return view, block


def decor_of(view: DocumentView, block: QTextBlock, text: str, spans: list[Span]) -> BlockDecor:
    offsets = QtOffsetMap(text)
    index = SpanIndex(spans)
    highlighter = SpanHighlighter(view.palette())
    highlighter.reset(offsets, index, LABELS)
    ranges = highlighter.block_ranges(block)
    return SpanBars().decor(block, ranges, index, offsets, {1: QColor("#0072B2")})


def test_left_to_right_backgrounds_and_bars_sit_between_the_span_s_caret_positions(
    qtbot: QtBot,
) -> None:
    text = "😀 Officials said the bridge cost £23.6m."
    start = text.index("said")
    span = Span("s", 1, 1, 1, start, start + len("said"), WHEN, WHEN)
    view, block = laid_out(qtbot, text)
    decor = decor_of(view, block, text, [span])
    line = block.layout().lineAt(0)
    # PySide6's stub says cursorToX returns object; it returns (x, cursor position).
    # Qt positions: the emoji counts two.
    left = line.cursorToX(start + 1)[0]  # type: ignore[index]
    right = line.cursorToX(start + 1 + 4)[0]  # type: ignore[index]
    assert decor.backgrounds is not None
    [(background, _brush)] = decor.backgrounds
    assert (background.left(), background.right()) == (left, right)
    [(bar, _colour)] = decor.bars
    assert (bar.left(), bar.right()) == (left + INSET, right - INSET)


def test_right_to_left_text_leaves_backgrounds_to_qt_and_measures_bars_from_the_glyphs(
    qtbot: QtBot,
) -> None:
    text = "Breaking: الحكومة أعلنت اليوم أن الجسر سيغلق and more"
    start = text.index("الحكومة")
    end = start + len("الحكومة أعلنت")
    view, block = laid_out(qtbot, text)
    decor = decor_of(view, block, text, [Span("s", 1, 1, 1, start, end, WHEN, WHEN)])
    assert decor.backgrounds is None  # drawn as selections, which Qt splits by direction
    line = block.layout().lineAt(0)
    glyphs = QRectF()
    for run in line.glyphRuns(start, end - start):
        glyphs = glyphs.united(run.boundingRect())
    [(bar, _colour)] = decor.bars
    assert glyphs.left() <= bar.left() < bar.right() <= glyphs.right()
    # Between the two caret positions would be the wrong stretch of the line here.
    carets = sorted((line.cursorToX(start)[0], line.cursorToX(end)[0]))  # type: ignore[index]
    assert (bar.left(), bar.right()) != (carets[0] + INSET, carets[1] - INSET)


def test_pending_marks_find_the_marks_a_range_holds() -> None:
    red, blue = QColor("#CC79A7"), QColor("#56B4E9")
    marks = PendingMarks([(10, 20, red), (0, 30, blue), (25, 28, red), (40, 41, blue)])
    assert [(s, e) for s, e, _c in marks.overlapping(21, 26)] == [(0, 30), (25, 28)]
    assert [(s, e) for s, e, _c in marks.overlapping(30, 40)] == []
    assert [(s, e) for s, e, _c in marks.overlapping(0, 100)] == [
        (0, 30),
        (10, 20),
        (25, 28),
        (40, 41),
    ]
    assert len(marks) == 4
    assert marks.keys() == {
        (10, 20, "#cc79a7"),
        (0, 30, "#56b4e9"),
        (25, 28, "#cc79a7"),
        (40, 41, "#56b4e9"),
    }


def test_bars_leave_a_gap_under_underscores_so_they_stay_visible(qtbot: QtBot) -> None:
    text = "😀 calls parse_user__input now"
    start = text.index("parse")
    end = start + len("parse_user__input")
    view, block = laid_out(qtbot, text)
    decor = decor_of(view, block, text, [Span("s", 1, 1, 1, start, end, WHEN, WHEN)])
    line = block.layout().lineAt(0)

    def x(offset: int) -> float:
        # Qt positions: the emoji counts two.
        return float(line.cursorToX(offset + 1)[0])  # type: ignore[index]

    first_run = text.index("_"), text.index("_") + 1
    second_run = text.index("__"), text.index("__") + 2
    # Three pieces: "parse", "user", "input", each clear of the underscores beside it.
    assert [(bar.left(), bar.right()) for bar, _colour in decor.bars] == [
        (x(start) + INSET, x(first_run[0]) - LOW_LINE_GAP),
        (x(first_run[1]) + LOW_LINE_GAP, x(second_run[0]) - LOW_LINE_GAP),
        (x(second_run[1]) + LOW_LINE_GAP, x(end) - INSET),
    ]
