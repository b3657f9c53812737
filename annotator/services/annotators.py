"""Annotators: the people whose spans form layers."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.store.schema import AnnotatorRow, utcnow


def ensure_annotator(session: Session, name: str) -> int:
    """The id of the annotator called ``name``, creating the row when needed."""
    name = name.strip()
    if not name:
        raise ValueError("an annotator needs a name")
    found = session.scalars(select(AnnotatorRow.id).where(AnnotatorRow.name == name)).first()
    if found is not None:
        return found
    row = AnnotatorRow(name=name, created_at=utcnow())
    session.add(row)
    session.flush()
    return row.id


def find_annotator(session: Session, name: str) -> int:
    """The id of the annotator called ``name``, or -1 when there is none."""
    found = session.scalars(
        select(AnnotatorRow.id).where(AnnotatorRow.name == name.strip())
    ).first()
    return -1 if found is None else found
