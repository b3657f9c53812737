"""The view's own paint loop: the empty state, and the text with its spans."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from annotator.core.model import Document, Label, Span
from annotator.ui.text.colors import span_background
from annotator.ui.text.document_view import DocumentView

WHEN = datetime(2026, 1, 1, tzinfo=UTC)
LABELS = [Label(1, "Claim", "#0072B2", "1", 0)]


def shown(qtbot: QtBot) -> DocumentView:
    view = DocumentView()
    qtbot.addWidget(view)
    view.resize(500, 300)
    view.show()
    qtbot.waitExposed(view)
    return view


def ink(image: QImage, top: int, bottom: int, background: QColor) -> int:
    """Pixels of rows ``top`` to ``bottom`` that differ from the background."""
    return sum(
        image.pixelColor(x, y) != background
        for y in range(top, bottom)
        for x in range(0, image.width(), 2)
    )


def test_the_empty_state_paints_its_hint_inside_the_margins(qtbot: QtBot) -> None:
    view = shown(qtbot)
    view.show_document(None, [], LABELS)
    image = view.viewport().grab().toImage()
    base = view.palette().base().color()
    assert ink(image, 10, 120, base) > 100  # the hint is painted
    margin = int(view.document().documentMargin())
    right = image.copy(image.width() - margin + 2, 0, margin - 2, 120)
    assert ink(right, 0, 120, base) == 0  # and wrapped short of the right margin


def test_a_span_is_painted_in_its_label_s_colour_under_the_text(qtbot: QtBot) -> None:
    view = shown(qtbot)
    text = "Officials said the bridge cost a lot."
    document = Document(1, "0" * 64, "t", text, "t.txt", {}, "utf-8", WHEN)
    view.show_document(document, [Span("s", 1, 1, 1, 0, 9, WHEN, WHEN)], LABELS)
    view.place_cursor(30)  # away from the span, which is then not marked as current
    qtbot.wait(10)
    image = view.viewport().grab().toImage()
    colour = span_background(view.palette(), "#0072B2")
    block = view.document().firstBlock()
    top = view.blockBoundingGeometry(block).translated(view.contentOffset()).top()
    line = block.layout().lineAt(0)
    y = int(top + line.y() + line.height() / 2)
    # PySide6's stub says cursorToX returns object; it returns (x, cursor position).
    inside = int(line.cursorToX(3)[0])  # type: ignore[index]
    outside = int(line.cursorToX(20)[0])  # type: ignore[index]
    assert image.pixelColor(inside, y) == colour or image.pixelColor(inside + 1, y) == colour
    assert colour not in (image.pixelColor(outside, y), image.pixelColor(outside + 1, y))
