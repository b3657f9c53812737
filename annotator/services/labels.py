"""The rules of a label set (palette, keys, names) and finding labels by name for imports."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from annotator.core.model import DocumentDraft
from annotator.core.value_rules import (
    LABEL_KEYS,
    color_problem,
    key_problem,
    label_name_problem,
)
from annotator.errors import AnnotatorError
from annotator.store.schema import LabelRow

#: Okabe-Ito and Paul Tol colours, told apart with the common colour-vision deficiencies;
#: new labels take the first colour not yet used.
PALETTE = (
    "#0072B2",
    "#E69F00",
    "#8C8C8C",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#882255",
    "#44AA99",
)


class LabelResolver:
    """Maps label names (case-insensitive) to ids within one transaction.

    Args:
        session: The transaction new labels are added in.
        create: Create unknown labels instead of refusing them.
    """

    def __init__(self, session: Session, *, create: bool) -> None:
        self._session = session
        self._create = create
        self._by_name = {row.name.casefold(): row.id for row in session.scalars(select(LabelRow))}
        self.created: list[str] = []

    def resolve(self, name: str, draft: DocumentDraft) -> int:
        """The id of the label called ``name`` (blanks around it dropped, case ignored).

        Raises:
            InputError: The label is unknown and may not be created, or its name breaks the
                rules of a label name (:data:`~annotator.core.value_rules.LABEL_NAME`).
        """
        name = name.strip()
        found = self._by_name.get(name.casefold())
        if found is not None:
            return found
        problem = label_name_problem(name)
        if problem is not None:
            raise draft.error(problem)
        if not self._create:
            known = ", ".join(sorted(self._by_name_display()))
            raise draft.error(
                f"unknown label {name!r} (this project's labels: {known}); "
                "add it to the project first, or let the import add unknown labels "
                "(--create-labels; in the window: Add labels the project does not have)"
            )
        row = new_label_row(self._session, name)
        self._by_name[name.casefold()] = row.id
        self.created.append(name)
        return row.id

    def _by_name_display(self) -> list[str]:
        return [row.name for row in self._session.scalars(select(LabelRow))]


def new_label_row(session: Session, name: str) -> LabelRow:
    """Add a label with the next free colour and key at the end of the label set."""
    rows = list(session.scalars(select(LabelRow)))
    last = session.scalar(select(func.max(LabelRow.position)))
    position = 0 if last is None else last + 1
    row = LabelRow(
        name=name, color=next_free_color(rows), key=next_free_key(rows), position=position
    )
    session.add(row)
    session.flush()
    return row


def next_free_color(rows: list[LabelRow]) -> str:
    """The first palette colour no label uses (cycling through the palette when all are)."""
    used = {row.color.upper() for row in rows}
    return next((c for c in PALETTE if c not in used), PALETTE[len(rows) % len(PALETTE)])


def next_free_key(rows: list[LabelRow]) -> str | None:
    """The first of the keys 1-9 no label uses, or None when all nine are taken."""
    used = {row.key for row in rows}
    return next((k for k in LABEL_KEYS if k not in used), None)


def checked_name(session: Session, name: str, label_id: int | None = None) -> str:
    """``name`` stripped, once it is known to be usable for label ``label_id`` (None: new).

    Raises:
        AnnotatorError: It is empty, too long, has control characters, or another label has it
            (ignoring case).
    """
    name = name.strip()
    if not name:
        raise AnnotatorError("A label needs a name.")
    problem = label_name_problem(name)
    if problem is not None:
        raise AnnotatorError(_sentence(problem))
    # Imports match label names case-insensitively, so two names that differ only in case
    # would be ambiguous.
    for other in session.scalars(select(LabelRow).where(LabelRow.id != label_id)):
        if other.name.casefold() == name.casefold():
            raise AnnotatorError(f'There is already a label called "{other.name}".')
    return name


def checked_color(color: str) -> str:
    """``color`` as ``#RRGGBB`` in capitals.

    Raises:
        AnnotatorError: It is not of that form.
    """
    problem = color_problem(color)
    if problem is not None:
        raise AnnotatorError(_sentence(problem))
    return color.upper()


def checked_key(key: str) -> str:
    """``key``, once it is known to be one of "1".."9".

    Raises:
        AnnotatorError: It is not.
    """
    problem = key_problem(key)
    if problem is not None:
        raise AnnotatorError(_sentence(problem) + " A label can also have no key.")
    return key


def _sentence(problem: str) -> str:
    """A rule's reason as a sentence of its own."""
    return problem[0].upper() + problem[1:] + "."
