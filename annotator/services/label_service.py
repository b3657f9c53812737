"""Editing the project's label set: add, rename, recolour, re-key, reorder, delete, restore.

One transaction per method; ``labels_changed`` is announced after the commit (and
``documents_changed`` when spans went or came back with a label). Positions are kept as
``0..n-1`` in display order, so a label put back by :meth:`LabelService.restore` lands where
it was.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from annotator.core.model import Label, Span
from annotator.errors import AnnotatorError
from annotator.services.convert import label_of, span_of
from annotator.services.events import ProjectEvents
from annotator.services.labels import (
    checked_color,
    checked_key,
    checked_name,
    next_free_color,
    next_free_key,
)
from annotator.services.transactions import Store
from annotator.store.schema import LabelRow, SpanRow

Keys = Mapping[int, str | None]


@dataclass(frozen=True, slots=True)
class DeletedLabel:
    """Everything :meth:`LabelService.delete` removed, so :meth:`LabelService.restore` can
    put it back: the label (with its display position) and every span that used it."""

    label: Label
    spans: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class KeyChange:
    """The keys of the labels a :meth:`LabelService.rekey` touched, before and after.

    Both map label id to key (None: no key); a swap touches two labels.
    """

    before: Keys
    after: Keys


class LabelService:
    """Changes the label set, then announces each change.

    Args:
        store: Where the project lives.
        events: Where changes are announced after commit.
    """

    def __init__(self, store: Store, events: ProjectEvents) -> None:
        self._store = store
        self.events = events

    def add(self, name: str, color: str | None = None, key: str | None = None) -> Label:
        """Add a label at the end of the set.

        Args:
            name: Its name (surrounding spaces are dropped).
            color: ``#RRGGBB``; by default the first palette colour no label uses.
            key: One of "1".."9"; by default the first free one (none once all nine are used).

        Raises:
            AnnotatorError: A bad or duplicate name, a bad colour, or a key already in use.
        """
        with self._store.transaction() as session:
            rows = _ordered(session)
            name = checked_name(session, name)
            color = next_free_color(rows) if color is None else checked_color(color)
            if key is None:
                key = next_free_key(rows)
            else:
                _check_key_free(session, checked_key(key), None)
            row = LabelRow(name=name, color=color, key=key, position=len(rows))
            session.add(row)
            session.flush()
            label = label_of(row)
        self.events.labels_changed.emit()
        return label

    def rename(self, label_id: int, name: str) -> Label:
        """Give a label another name; its spans keep pointing at it by id, untouched.

        Returns:
            The label as it was before.
        """
        with self._store.transaction() as session:
            row = _label_row(session, label_id)
            old = label_of(row)
            row.name = checked_name(session, name, label_id)
        self.events.labels_changed.emit()
        return old

    def recolor(self, label_id: int, color: str) -> Label:
        """Give a label another colour (``#RRGGBB``); returns the label as it was before."""
        with self._store.transaction() as session:
            row = _label_row(session, label_id)
            old = label_of(row)
            row.color = checked_color(color)
        self.events.labels_changed.emit()
        return old

    def rekey(self, label_id: int, key: str | None, *, swap: bool = False) -> KeyChange:
        """Give a label another key (one of "1".."9") or none.

        Args:
            label_id: The label.
            key: Its new key, or None for no key.
            swap: When another label has ``key``, give that label this one's old key
                instead of refusing.

        Raises:
            AnnotatorError: A bad key, or one another label has (and ``swap`` is false).
        """
        with self._store.transaction() as session:
            row = _label_row(session, label_id)
            after: dict[int, str | None] = {label_id: None if key is None else checked_key(key)}
            holder = _key_holder(session, after[label_id], label_id)
            if holder is not None:
                if not swap:
                    raise _key_taken(holder)
                after[holder.id] = row.key
            before = _assign_keys(session, after)
        self.events.labels_changed.emit()
        return KeyChange(before, after)

    def set_keys(self, keys: Keys) -> None:
        """Give several labels their keys at once (undo and redo of :meth:`rekey`).

        Raises:
            AnnotatorError: A label is gone, or a key belongs to a label not in ``keys``.
        """
        with self._store.transaction() as session:
            _assign_keys(session, keys)
        self.events.labels_changed.emit()

    def move(self, label_id: int, new_position: int) -> int:
        """Move a label to ``new_position`` (0 is first) in the display order.

        Returns:
            Its position before the move.
        """
        with self._store.transaction() as session:
            rows = _ordered(session)
            row = _label_row(session, label_id)
            if not 0 <= new_position < len(rows):
                raise AnnotatorError(
                    f"Position {new_position} is outside the label list (0-{len(rows) - 1})."
                )
            old_position = rows.index(row)
            rows.insert(new_position, rows.pop(old_position))
            _renumber(rows)
        self.events.labels_changed.emit()
        return old_position

    def usage(self, label_id: int) -> int:
        """How many spans, in every annotator's layer, use the label."""
        query = select(func.count()).select_from(SpanRow).where(SpanRow.label_id == label_id)
        with self._store.reading() as session:
            return session.scalar(query) or 0

    def usage_counts(self) -> dict[int, int]:
        """Spans per label id, in every layer (labels no span uses are left out)."""
        query = select(SpanRow.label_id, func.count()).group_by(SpanRow.label_id)
        with self._store.reading() as session:
            return dict(session.execute(query).all())

    def delete(self, label_id: int, *, expected_usage: int | None = None) -> DeletedLabel:
        """Remove a label and every span (in every layer) that uses it, in one transaction.

        Args:
            label_id: The label.
            expected_usage: Refuse unless exactly this many spans use it (undo and redo pass
                what they saw, so spans an import brought since are never deleted unasked).

        Returns:
            What :meth:`restore` needs to put it all back.
        """
        with self._store.transaction() as session:
            rows = _ordered(session)
            row = _label_row(session, label_id)
            label = replace(label_of(row), position=rows.index(row))
            used = select(SpanRow).where(SpanRow.label_id == label_id).order_by(SpanRow.id)
            spans = tuple(span_of(span) for span in session.scalars(used))
            if expected_usage is not None and len(spans) != expected_usage:
                raise AnnotatorError(
                    f'The label "{label.name}" is now used by {len(spans)} spans, not '
                    f"{expected_usage}, so it was left in place; delete it from the label "
                    "editor if you mean to."
                )
            # Spans first: the foreign key from spans to labels is enforced.
            session.execute(delete(SpanRow).where(SpanRow.label_id == label_id))
            session.delete(row)
            session.flush()
            rows.remove(row)
            _renumber(rows)
        self.events.labels_changed.emit()
        if spans:
            self.events.documents_changed.emit()
        return DeletedLabel(label, spans)

    def restore(self, deleted: DeletedLabel) -> None:
        """Put back a deleted label (same id, name, colour, key, position) and its spans
        (same ids, bounds, notes and times).

        Raises:
            AnnotatorError: Its id, name or key has been taken by another label since.
        """
        label = deleted.label
        with self._store.transaction() as session:
            holder = session.get(LabelRow, label.id)
            if holder is not None:
                raise AnnotatorError(
                    f'The label "{label.name}" cannot be put back: '
                    f'its place is taken by the label "{holder.name}".'
                )
            checked_name(session, label.name)
            _check_key_free(session, label.key, None)
            rows = _ordered(session)
            row = LabelRow(
                id=label.id, name=label.name, color=label.color, key=label.key, position=0
            )
            session.add(row)
            session.flush()
            rows.insert(min(label.position, len(rows)), row)
            _renumber(rows)
            if deleted.spans:
                session.execute(insert(SpanRow), [_span_values(s) for s in deleted.spans])
        self.events.labels_changed.emit()
        if deleted.spans:
            self.events.documents_changed.emit()


def _ordered(session: Session) -> list[LabelRow]:
    return list(session.scalars(select(LabelRow).order_by(LabelRow.position, LabelRow.id)))


def _renumber(rows: list[LabelRow]) -> None:
    for position, row in enumerate(rows):
        if row.position != position:
            row.position = position


def _label_row(session: Session, label_id: int) -> LabelRow:
    row = session.get(LabelRow, label_id)
    if row is None:
        raise AnnotatorError("That label no longer exists.")
    return row


def _key_holder(session: Session, key: str | None, label_id: int | None) -> LabelRow | None:
    if key is None:
        return None
    query = select(LabelRow).where(LabelRow.key == key, LabelRow.id != label_id)
    return session.scalars(query).first()


def _check_key_free(session: Session, key: str | None, label_id: int | None) -> None:
    holder = _key_holder(session, key, label_id)
    if holder is not None:
        raise _key_taken(holder)


def _key_taken(holder: LabelRow) -> AnnotatorError:
    return AnnotatorError(
        f'Key {holder.key} already belongs to the label "{holder.name}". '
        "Take it from that label first, or swap the two keys."
    )


def _assign_keys(session: Session, keys: Keys) -> dict[int, str | None]:
    """Set the keys in ``keys``; returns the keys those labels had before."""
    rows = {label_id: _label_row(session, label_id) for label_id in keys}
    wanted = [checked_key(key) for key in keys.values() if key is not None]
    if len(set(wanted)) != len(wanted):
        raise AnnotatorError("Two labels cannot share a key.")
    for key in wanted:
        holder = _key_holder(session, key, None)
        if holder is not None and holder.id not in keys:
            raise _key_taken(holder)
    before = {label_id: row.key for label_id, row in rows.items()}
    # Keys are unique in the table and a flush orders its UPDATEs by id, so clear them
    # first; otherwise a swap would collide half-way through.
    for row in rows.values():
        row.key = None
    session.flush()
    for label_id, row in rows.items():
        row.key = keys[label_id]
    session.flush()
    return before


def _span_values(span: Span) -> dict[str, object]:
    return {
        "id": span.id,
        "document_id": span.document_id,
        "annotator_id": span.annotator_id,
        "label_id": span.label_id,
        "start": span.start,
        "end": span.end,
        "note": span.note,
        "created_at": span.created_at,
        "updated_at": span.updated_at,
    }
