"""Reading the per-layer state our exports carry: each annotator's status of a document, when
it was set, and their document note (``annotators: {NAME: {status, status_set_at, note}}`` in
JSONL, a list of ``{annotator, status, status_set_at, note}`` in Parquet), and span notes.

Each value is checked, and a bad one is refused with one :class:`InputError` naming the
record and the field, so a file is never half taken.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from annotator.core.model import DocStatus, LayerState
from annotator.errors import InputError

_STATUSES = ", ".join(status.value for status in DocStatus)


def note_of(
    value: Any, where: str, source: str, line: int | None, unit: str = "line"
) -> str | None:
    """A note as a file gives it: a string, or None for null or ""; else InputError."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(
            source, f"{where} must be a string or null, not {_kind(value)}", line, unit=unit
        )
    return value or None


def layer_state(
    name: Any, entry: Any, where: str, source: str, line: int | None, unit: str = "line"
) -> tuple[str, LayerState]:
    """One layer's name and state from ``entry`` (``{status, status_set_at, note}``).

    Args:
        name: The annotator's name as the file gives it.
        entry: The object with the layer's status, time and note.
        where: How messages name the entry ('annotators["alice"]').
        source: The file, for messages.
        line: The line or record, for messages.
        unit: What ``line`` counts.

    Raises:
        InputError: The name is not a name, the status is not one we know, the time is not
            an ISO 8601 time, or the note is not a string.
    """
    if not isinstance(name, str) or not name.strip():
        raise InputError(source, f"{where} has an annotator that is not a name", line, unit=unit)
    if not isinstance(entry, dict):
        raise InputError(source, f"{where} must be an object", line, unit=unit)
    status = entry.get("status")
    if status is None:
        status = DocStatus.NEW.value
    if not isinstance(status, str) or status not in DocStatus._value2member_map_:
        raise InputError(
            source,
            f"{where} has the status {status!r}, which is not one of {_STATUSES}",
            line,
            unit=unit,
        )
    stamp = _stamp(entry.get("status_set_at"), f"{where}.status_set_at", source, line, unit)
    note = note_of(entry.get("note"), f"{where}.note", source, line, unit)
    return name.strip(), LayerState(DocStatus(status), stamp, note)


def _stamp(value: Any, where: str, source: str, line: int | None, unit: str) -> datetime | None:
    """An ISO 8601 time; one without an offset is taken as UTC, as we store times."""
    if value is None:
        return None
    try:
        if not isinstance(value, str):
            raise ValueError
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise InputError(
            source,
            f"{where} {value!r} is not a time as ISO 8601 writes one (2024-05-01T12:00:00+00:00)",
            line,
            unit=unit,
        ) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _kind(value: Any) -> str:
    return {bool: "true or false", int: "a number", float: "a number", list: "a list"}.get(
        type(value), "an object" if isinstance(value, dict) else type(value).__name__
    )
