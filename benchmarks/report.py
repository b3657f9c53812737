"""Measurements, their statistics, the printed table and the JSON report."""

from __future__ import annotations

import json
import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

Direction = Literal["<=", ">="]


def median(values: Sequence[float]) -> float:
    """The median of at least one value."""
    return float(statistics.median(values))


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (``fraction`` in 0..1) of at least one value."""
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return float(ordered[rank - 1])


@dataclass(slots=True)
class Measurement:
    """One figure of the report: ours against a baseline, as a ratio checked against a target.

    Attributes:
        name: Stable identifier (the smoke test and the README refer to it).
        title: What was measured, for people.
        unit: Unit of ``ours`` and ``baseline``.
        ours: Our figure (a median unless ``details`` says otherwise).
        baseline: The baseline's figure, measured in the same run.
        ratio: ``ours / baseline`` for times and memory; ``ours / raw`` for throughputs.
        target: The ratio the requirement asks for, or None when the figure only has to work.
        direction: Whether the ratio must be at most (``<=``) or at least (``>=``) the target.
        details: Everything else worth keeping (samples, sizes, secondary figures).
        note: One sentence shown under the table (caveats, what stands in for what).
    """

    name: str
    title: str
    unit: str
    ours: float
    baseline: float
    ratio: float
    target: float | None
    direction: Direction = "<="
    details: dict[str, Any] = field(default_factory=dict)
    note: str = ""
    error: str | None = None

    @property
    def passed(self) -> bool:
        """True when the figure meets its target (or, without a target, was measured)."""
        if self.error is not None or not math.isfinite(self.ratio):
            return False
        if self.target is None:
            return True
        return self.ratio <= self.target if self.direction == "<=" else self.ratio >= self.target

    def as_json(self) -> dict[str, Any]:
        """The JSON form of this measurement."""
        return {
            "name": self.name,
            "title": self.title,
            "unit": self.unit,
            "ours": _finite(self.ours),
            "baseline": _finite(self.baseline),
            "ratio": _finite(self.ratio),
            "target": None
            if self.target is None
            else {"direction": self.direction, "value": self.target},
            "passed": self.passed,
            "note": self.note,
            "error": self.error,
            "details": self.details,
        }


def failed(name: str, title: str, error: str) -> Measurement:
    """A measurement that could not be taken."""
    return Measurement(name, title, "", math.nan, math.nan, math.nan, None, error=error)


def ratio(ours: float, baseline: float) -> float:
    """``ours / baseline``, NaN when the baseline is zero."""
    return ours / baseline if baseline else math.nan


def _finite(value: float) -> float | None:
    return round(value, 6) if math.isfinite(value) else None


def _figure(value: float, unit: str) -> str:
    if not math.isfinite(value):
        return "—"
    if unit in ("docs/s", "spans/s"):
        return f"{value:,.0f} {unit}"
    if value >= 100:
        return f"{value:,.0f} {unit}"
    return f"{value:.3g} {unit}"


def table(measurements: Sequence[Measurement]) -> str:
    """The report as a fixed-width text table, with notes below it."""
    rows = [("measurement", "ours", "baseline", "ratio", "target", "result")]
    for m in measurements:
        target = "works" if m.target is None else f"{m.direction} {m.target:g}"
        verdict = "ERROR" if m.error else ("PASS" if m.passed else "FAIL")
        ratio_text = f"{m.ratio:.2f}" if math.isfinite(m.ratio) else "—"
        rows.append(
            (
                m.name,
                _figure(m.ours, m.unit),
                _figure(m.baseline, m.unit),
                ratio_text,
                target,
                verdict,
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for index, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("  ".join(cells))
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    notes = [f"* {m.name}: {m.error or m.note}" for m in measurements if m.error or m.note]
    return "\n".join(lines + (["", *notes] if notes else []))


def write_json(path: Path, header: dict[str, Any], measurements: Sequence[Measurement]) -> None:
    """Write the report (complete or not at all: a temporary file renamed into place)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    report = {
        **header,
        "summary": {
            "measurements": len(measurements),
            "passed": sum(m.passed for m in measurements),
            "failed": [m.name for m in measurements if not m.passed],
        },
        "measurements": [m.as_json() for m in measurements],
    }
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    partial.replace(path)
