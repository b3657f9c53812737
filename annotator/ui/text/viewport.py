"""Block geometry of a plain-text view that never measures what is off screen.

Asking a ``QPlainTextEdit`` for the geometry of a block below the screen lays out every block
down to it; on a long page that is the whole document. These helpers walk only the blocks in
view. (The view's block methods are protected in C++; PySide lets Python call them on a view
that Python made.)
"""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QTextBlock
from PySide6.QtWidgets import QPlainTextEdit


def repaint_range(view: QPlainTextEdit, qt_start: int, qt_end: int) -> None:
    """Schedule a repaint of the visible blocks holding Qt positions ``[qt_start, qt_end]``."""
    first = view.document().findBlock(qt_start)
    top_block = view.firstVisibleBlock()
    if first.blockNumber() < top_block.blockNumber():
        first = top_block
    block, top = first, block_top(view, first)
    bottom = view.viewport().height()
    area = QRectF()
    while block.isValid() and block.position() <= qt_end and top < bottom:
        rect = view.blockBoundingRect(block).translated(0, top)
        area = area.united(rect)
        top = rect.bottom()
        block = block.next()
    if not area.isEmpty():
        view.viewport().update(area.toAlignedRect())


def block_top(view: QPlainTextEdit, block: QTextBlock) -> float:
    """A block's top in viewport coordinates (Qt sums the heights from the top block)."""
    return view.blockBoundingGeometry(block).top() + view.contentOffset().y()


def lay_out_visible_blocks(view: QPlainTextEdit) -> None:
    """Lay out the blocks that scrolled into view now, before they are painted.

    Each block laid out for the first time corrects the document's estimated height, and so
    the scroll bar: done here, the scroll bar settles in the same frame as the text; left to
    the paint, it would be repainted a frame later (for an edit, say).
    """
    block = view.firstVisibleBlock()
    top = view.contentOffset().y()
    bottom = view.viewport().height()
    while block.isValid() and top < bottom:
        top += view.blockBoundingRect(block).height()
        block = block.next()


def visible_qt_range(view: QPlainTextEdit) -> tuple[int, int]:
    """The Qt positions from the first visible block's start to the last visible block's end."""
    block = view.firstVisibleBlock()
    start = block.position() if block.isValid() else 0
    end = start
    top = view.contentOffset().y()
    bottom = view.viewport().height()
    while block.isValid() and top < bottom:
        end = block.position() + block.length()
        top += view.blockBoundingRect(block).height()
        block = block.next()
    return start, end
