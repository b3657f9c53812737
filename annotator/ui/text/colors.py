"""Label colours made legible on the current palette, light or dark."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette


def blend(base: QColor, tint: QColor, amount: float) -> QColor:
    """Mix ``amount`` of ``tint`` into ``base``."""
    keep = 1.0 - amount
    return QColor(
        round(base.red() * keep + tint.red() * amount),
        round(base.green() * keep + tint.green() * amount),
        round(base.blue() * keep + tint.blue() * amount),
    )


def span_background(palette: QPalette, label_color: str, *, strong: bool = False) -> QColor:
    """Background for text under a span.

    The label colour is mixed into the text background rather than used raw, so the text
    keeps the palette's own contrast on light and dark themes alike.
    """
    base = palette.color(QPalette.ColorRole.Base)
    dark = base.lightness() < 128
    amount = (0.55 if dark else 0.45) if strong else (0.38 if dark else 0.28)
    return blend(base, QColor(label_color), amount)
