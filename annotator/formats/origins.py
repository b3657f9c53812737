"""The origin of a span accepted from a suggestion, as exports write it and imports read it.

An export record's span carries ``"origin": {"recommender", "version", "score", "reason",
"accepted_at", "label"}`` (``label``: the label it was suggested with, which the span's own
may differ from) when the annotator accepted it from a suggestion (and no ``origin`` when
they made it themselves). Readers of formats that hold it check it with :func:`origin_of`:
a file is input from anywhere, so a malformed origin refuses the file with one line.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

from annotator.core.suggestions.base import Origin
from annotator.core.value_rules import label_name_problem
from annotator.errors import InputError

#: The lengths the project stores (see the ``span_origins`` table).
_LIMITS = {"recommender": 64, "version": 64, "reason": 500}


def origin_record(
    recommender: str,
    version: str,
    score: float,
    reason: str,
    accepted_at: datetime,
    label: str | None = None,
) -> dict[str, Any]:
    """The JSON-ready ``origin`` of an exported span."""
    record: dict[str, Any] = {
        "recommender": recommender,
        "version": version,
        "score": score,
        "reason": reason,
        "accepted_at": accepted_at.astimezone(UTC).isoformat(timespec="seconds"),
    }
    if label is not None:
        record["label"] = label
    return record


def origin_of(value: Any, where: str, source: str, line: int | None) -> Origin | None:
    """A span's ``origin`` as a file holds it; None when it has none.

    Raises:
        InputError: It is not an object of the fields above, within the project's limits.
    """
    if value is None:
        return None
    if not isinstance(value, dict):
        raise InputError(source, f"{where} must be an object", line)
    texts: dict[str, str] = {}
    for key, limit in _LIMITS.items():
        text = value.get(key, "" if key == "reason" else None)
        if not isinstance(text, str) or (key != "reason" and not text.strip()):
            raise InputError(source, f"{where}.{key} must be a non-empty string", line)
        if len(text) > limit:
            raise InputError(source, f"{where}.{key} is longer than {limit} characters", line)
        texts[key] = text
    score = value.get("score")
    if (
        isinstance(score, bool)
        or not isinstance(score, int | float)
        or not math.isfinite(score)
        or not 0 <= score <= 1
    ):
        raise InputError(source, f"{where}.score must be a number from 0 to 1", line)
    label = value.get("label")
    if label is not None and label_name_problem(label) is not None:
        raise InputError(source, f"{where}.label: {label_name_problem(label)}", line)
    return Origin(
        texts["recommender"],
        texts["version"],
        float(score),
        texts["reason"],
        _when(value.get("accepted_at"), where, source, line),
        label,
    )


def _when(value: Any, where: str, source: str, line: int | None) -> datetime | None:
    """``accepted_at``: ISO 8601 (UTC when it names no zone), or null for "unknown"."""
    if value is None:
        return None
    try:
        if not isinstance(value, str):
            raise ValueError(value)
        when = datetime.fromisoformat(value)
    except ValueError:
        raise InputError(
            source, f"{where}.accepted_at {value!r} is not an ISO 8601 time", line
        ) from None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)
