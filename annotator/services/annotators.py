"""Layers of spans: the people who annotate, and the one curated gold standard."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.core.model import GOLD_LAYER
from annotator.core.value_rules import annotator_name_problem
from annotator.errors import AnnotatorError
from annotator.store.schema import GOLD, AnnotatorRow, utcnow


def ensure_annotator(session: Session, name: str) -> int:
    """The id of the person called ``name`` (blanks around it dropped), creating the row
    when needed.

    Raises:
        AnnotatorError: ``name`` is the gold standard's, or breaks the rules of an annotator
            name (:func:`~annotator.core.value_rules.annotator_name_problem`).
    """
    name = name.strip()
    problem = person_name_problem(name)
    if problem is not None:
        raise AnnotatorError(problem[0].upper() + problem[1:] + ".")
    found = session.scalars(select(AnnotatorRow.id).where(AnnotatorRow.name == name)).first()
    if found is not None:
        return found
    row = AnnotatorRow(name=name, created_at=utcnow())
    session.add(row)
    session.flush()
    return row.id


def person_name_problem(name: str) -> str | None:
    """Why ``name`` (stripped) cannot name a person's layer, or None."""
    problem = annotator_name_problem(name)
    if problem is None and name.casefold() == GOLD_LAYER.casefold():
        problem = f"{name!r} is the name of the curated layer; choose another annotator name"
    return problem


def find_annotator(session: Session, name: str) -> int:
    """The id of the annotator called ``name``, or -1 when there is none."""
    found = session.scalars(
        select(AnnotatorRow.id).where(AnnotatorRow.name == name.strip())
    ).first()
    return -1 if found is None else found


def find_gold_layer(session: Session) -> int | None:
    """The id of the gold standard's layer, or None before anything was curated."""
    return session.scalars(select(AnnotatorRow.id).where(AnnotatorRow.kind == GOLD)).first()


def ensure_gold_layer(session: Session) -> int:
    """The id of the gold standard's layer, creating it on first use."""
    found = find_gold_layer(session)
    if found is not None:
        return found
    row = AnnotatorRow(name=GOLD_LAYER, kind=GOLD, created_at=utcnow())
    session.add(row)
    session.flush()
    return row.id
