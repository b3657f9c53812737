"""Finding labels by name, and creating them when an import brings new ones."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from annotator.core.model import DocumentDraft
from annotator.errors import InputError
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
LABEL_KEYS = "123456789"
MAX_LABEL_NAME = 100


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
        """The id of the label called ``name``.

        Raises:
            InputError: The label is unknown and may not be created.
        """
        found = self._by_name.get(name.casefold())
        if found is not None:
            return found
        if len(name) > MAX_LABEL_NAME:
            raise InputError(
                draft.source,
                f"the label name {name[:40]!r}… is longer than {MAX_LABEL_NAME} characters",
                draft.line,
            )
        if not self._create:
            known = ", ".join(sorted(self._by_name_display()))
            raise InputError(
                draft.source,
                f"unknown label {name!r} (this project's labels: {known}); "
                "add it to the project first, or import with --create-labels",
                draft.line,
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
    used_colors = {row.color.upper() for row in rows}
    used_keys = {row.key for row in rows}
    color = next((c for c in PALETTE if c not in used_colors), PALETTE[len(rows) % len(PALETTE)])
    key = next((k for k in LABEL_KEYS if k not in used_keys), None)
    position = (session.scalar(select(func.max(LabelRow.position))) or 0) + 1
    row = LabelRow(name=name, color=color, key=key, position=position)
    session.add(row)
    session.flush()
    return row
