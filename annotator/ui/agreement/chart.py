"""A small bar chart of per-label agreement, painted with QPainter (no QtCharts)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QHelpEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QToolTip, QWidget

#: One colour per series (Paul Tol's "bright" scheme, told apart with colour blindness).
SERIES_COLOURS = ("#4477AA", "#66CCEE", "#228833", "#CCBB44", "#EE6677", "#AA3377")
_TICK = 0.25
_PAD = 8


class LabelChart(QWidget):
    """Grouped bars: for each label, one bar per series, on an axis from 0 (or below) to 1.

    Undefined figures (NaN) get no bar but a dash; negative ones hang below the zero line,
    and the axis reaches down to the lowest of them. The figures are also given as text:
    in each bar's tooltip and in the accessible description.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agreementChart")
        self.setAccessibleName("Per-label agreement chart")
        self.setMinimumSize(320, 200)
        self._series: list[str] = []
        self._groups: list[tuple[str, list[float]]] = []
        self._bars: list[tuple[QRectF, str]] = []

    def set_data(
        self, series: Sequence[str], groups: Sequence[tuple[str, Sequence[float]]]
    ) -> None:
        """Show ``groups`` (label, one value per series) with the series' names in the legend."""
        self._series = list(series)
        self._groups = [(name, list(values)) for name, values in groups]
        self.setAccessibleDescription(self.summary())
        self.update()

    def summary(self) -> str:
        """The chart as text, one line per label."""
        return "\n".join(
            f"{name}: "
            + ", ".join(f"{s} {_figure(v)}" for s, v in zip(self._series, values, strict=True))
            for name, values in self._groups
        )

    def sizeHint(self) -> QSize:
        return QSize(460, 280)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            tip = next((t for rect, t in self._bars if rect.contains(QPointF(event.pos()))), "")
            if tip:
                QToolTip.showText(event.globalPos(), tip, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Base))
        self._bars = []
        if not self._groups:
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No labels to show")
            return
        top = self._paint_legend(painter)
        low = _axis_floor(v for _n, values in self._groups for v in values)
        metrics = self.fontMetrics()
        plot = QRectF(
            metrics.horizontalAdvance("-0.75") + 2 * _PAD,
            top + metrics.height(),
            0,
            0,
        )
        plot.setRight(self.width() - _PAD)
        plot.setBottom(self.height() - metrics.height() - 2 * _PAD)
        self._paint_axis(painter, plot, low)
        self._paint_bars(painter, plot, low)
        painter.end()

    def _paint_legend(self, painter: QPainter) -> float:
        """The series' swatches and names, wrapped into rows; returns the height used."""
        metrics = self.fontMetrics()
        box = metrics.height() * 0.7
        x, y = float(_PAD), float(_PAD)
        text = self.palette().color(QPalette.ColorRole.Text)
        for k, name in enumerate(self._series):
            width = box + 4 + metrics.horizontalAdvance(name) + 2 * _PAD
            if x + width > self.width() - _PAD and x > _PAD:
                x, y = float(_PAD), y + metrics.height() + 2
            swatch = QRectF(x, y + (metrics.height() - box) / 2, box, box)
            painter.fillRect(swatch, QColor(SERIES_COLOURS[k % len(SERIES_COLOURS)]))
            painter.setPen(text)
            painter.drawText(QPointF(x + box + 4, y + metrics.ascent()), name)
            x += width
        return y + metrics.height() + _PAD

    def _paint_axis(self, painter: QPainter, plot: QRectF, low: float) -> None:
        metrics = self.fontMetrics()
        grid = self.palette().color(QPalette.ColorRole.Mid)
        text = self.palette().color(QPalette.ColorRole.Text)
        steps = round((1.0 - low) / _TICK)
        for step in range(steps + 1):
            value = low + step * _TICK
            y = _y(plot, low, value)
            zero = abs(value) < 1e-9
            painter.setPen(QPen(text if zero else grid, 1.2 if zero else 0.6))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(text)
            label = f"{value:g}" if zero or abs(value - 1) < 1e-9 else f"{value:.2f}"
            painter.drawText(
                QRectF(0, y - metrics.height() / 2, plot.left() - _PAD, metrics.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                label,
            )

    def _paint_bars(self, painter: QPainter, plot: QRectF, low: float) -> None:
        metrics = self.fontMetrics()
        text = self.palette().color(QPalette.ColorRole.Text)
        group_width = plot.width() / len(self._groups)
        bar_width = group_width * 0.8 / max(len(self._series), 1)
        zero = _y(plot, low, 0.0)
        small = painter.font()
        small.setPointSizeF(max(small.pointSizeF() * 0.8, 6.0))
        for g, (name, values) in enumerate(self._groups):
            left = plot.left() + g * group_width + group_width * 0.1
            for k, value in enumerate(values):
                x = left + k * bar_width
                tip = f"{name} — {self._series[k]}: {_figure(value)}"
                if math.isnan(value):
                    bar = QRectF(x, zero - metrics.height(), bar_width, metrics.height())
                else:
                    y = _y(plot, low, value)
                    bar = QRectF(x + 1, min(y, zero), bar_width - 2, abs(zero - y))
                    painter.fillRect(bar, QColor(SERIES_COLOURS[k % len(SERIES_COLOURS)]))
                self._bars.append((bar, tip))
                self._paint_value(painter, bar, value, small)
            caption = metrics.elidedText(name, Qt.TextElideMode.ElideRight, int(group_width) - 4)
            painter.setPen(text)
            painter.drawText(
                QRectF(plot.left() + g * group_width, plot.bottom() + _PAD, group_width, 20),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                caption,
            )

    def _paint_value(self, painter: QPainter, bar: QRectF, value: float, font: QFont) -> None:
        """The figure over (or, when negative, under) its bar, if it fits the bar's width."""
        shown = _figure(value, short=True)
        painter.setFont(font)
        if painter.fontMetrics().horizontalAdvance(shown) <= bar.width() + 3:
            painter.setPen(self.palette().color(QPalette.ColorRole.Text))
            above = math.isnan(value) or value >= 0
            place = QRectF(
                bar.left() - 4, bar.top() - 16 if above else bar.bottom(), bar.width() + 8, 16
            )
            painter.drawText(place, Qt.AlignmentFlag.AlignCenter, shown)
        painter.setFont(self.font())


def _figure(value: float, *, short: bool = False) -> str:
    if math.isnan(value):
        return "–" if short else "not defined"
    return f"{value:.2f}" if short else f"{value:.3f}"


def _axis_floor(values: Iterable[float]) -> float:
    """0, or the lowest negative value rounded down to a tick (never below -1)."""
    finite = [v for v in values if math.isfinite(v)]
    lowest = min([0.0, *finite])
    return max(-1.0, math.floor(lowest / _TICK) * _TICK)


def _y(plot: QRectF, low: float, value: float) -> float:
    return plot.bottom() - (value - low) / (1.0 - low) * plot.height()
