"""The document list's item model: ordered ids from SQL, row details read a page at a time."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from annotator.core.model import DocStatus, DocumentSummary
from annotator.services.catalog import Catalog
from annotator.services.document_query import DocumentOrder, DocumentQuery
from annotator.ui.widgets.table_model import DisplayRole, FlatTableModel, Index, ValueRole

_ROOT = QModelIndex()
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
#: The roles this model answers; a delegate asks for many more on every paint, and none of
#: those should cost a page read.
_ROLES = frozenset({DisplayRole, _TOOLTIP, _ALIGNMENT, _FOREGROUND, ValueRole})
_DONE_COLOR = QColor("#2E7D32")
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
#: The sort key of each column, in column order.
_COLUMN_ORDERS = (DocumentOrder.TITLE, DocumentOrder.STATUS, DocumentOrder.SPANS)


class DocumentListModel(FlatTableModel):
    """The documents a list query keeps: title, the current annotator's status, span count.

    Lazy twice over, so a project of 100,000 documents opens as fast as one of 100:

    - ids: a query lists the first :attr:`FIRST_ROWS` ids; the rest are read when a view
      scrolls to the end (Qt's ``canFetchMore``/``fetchMore``) or a caller asks for a row
      further down (:meth:`row_of`, :meth:`id_range`, :attr:`ids`);
    - details: a row's title, status and span count are read when a view first asks for
      them, one query for the page of rows around it, and kept until a change makes them
      stale.

    Sorting (Qt's :meth:`sort`, called by the header) and filtering re-run the query in SQL.

    Args:
        catalog: Answers the list's queries.
        annotator_id: The current annotator, whose statuses, notes and spans are listed.
    """

    HEADERS = ("Title", "Status", "Spans")
    SPANS_COLUMN = 2
    #: Ids listed before a view scrolls to the end: dozens of screens.
    FIRST_ROWS = 1024
    #: Rows whose details are read per query: a few screens.
    PAGE = 128
    #: Details kept before the cache starts afresh (they are cheap to read again).
    CACHE_LIMIT = 20_000

    def __init__(self, catalog: Catalog, annotator_id: Callable[[], int]) -> None:
        super().__init__()
        self._catalog = catalog
        self._annotator_id = annotator_id
        self._query = DocumentQuery()
        self._ids: list[int] = []
        self._complete = True
        self._cache: dict[int, DocumentSummary] = {}

    # -- what is listed --------------------------------------------------------------------

    @property
    def query(self) -> DocumentQuery:
        """The filter and order the list shows."""
        return self._query

    @property
    def ids(self) -> Sequence[int]:
        """Every listed document id, in the order shown (reads the rest of the list)."""
        self._read_rest()
        return self._ids

    def reload(self) -> None:
        """Read the list afresh (a project opened, documents imported, annotator changed)."""
        self._cache.clear()
        self._reset(self._read_ids(self.FIRST_ROWS), always=True)

    def set_filter(self, query: DocumentQuery) -> None:
        """List what ``query`` keeps, in the order the list is sorted by now."""
        query = replace(query, order=self._query.order, descending=self._query.descending)
        if query != self._query:
            self._query = query
            self._reset(self._read_ids(self.FIRST_ROWS))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column (-1: import order), in SQL; ties keep the import order."""
        key = _COLUMN_ORDERS[column] if 0 <= column < len(_COLUMN_ORDERS) else DocumentOrder.IMPORT
        descending = order == Qt.SortOrder.DescendingOrder and key is not DocumentOrder.IMPORT
        query = replace(self._query, order=key, descending=descending)
        if query != self._query:
            self._query = query
            self._reorder()

    # -- rows ------------------------------------------------------------------------------

    def _row_count(self) -> int:
        return len(self._ids)

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and not self._complete

    def fetchMore(self, parent: Index) -> None:
        if not parent.isValid():
            self._read_rest()

    def row_of(self, document_id: int, *, read: bool = True) -> int:
        """The row of a document, or -1 if it is not listed (or, with ``read`` False, not
        among the rows read so far)."""
        try:
            return self._ids.index(document_id)  # a scan in C: ~1 ms for 100,000 rows
        except ValueError:
            if read and not self._complete:
                self._read_rest()
                return self.row_of(document_id, read=False)
            return -1

    def document_id(self, row: int) -> int:
        """The id of the document in ``row`` (no query)."""
        return self._ids[row]

    def id_range(self, start: int, stop: int) -> Sequence[int]:
        """The ids of rows ``start`` to ``stop`` (fewer at the end of the list)."""
        if stop > len(self._ids):
            self._read_rest()
        return self._ids[start:stop]

    def summary(self, row: int) -> DocumentSummary:
        """The details of the document in ``row``, read with its page if not yet known."""
        document_id = self._ids[row]
        found = self._cache.get(document_id)
        if found is None:
            self._read_page(row)
            found = self._cache[document_id]
        return found

    def data(self, index: Index, role: int = DisplayRole) -> Any:
        if not index.isValid() or role not in _ROLES:
            return None
        column = index.column()
        if role == _ALIGNMENT:
            return _RIGHT if column == self.SPANS_COLUMN else None
        summary = self.summary(index.row())
        if role == DisplayRole:
            title = f"✎ {summary.title}" if summary.note else summary.title
            return (title, summary.status.display_name, summary.span_count)[column]
        if role == _TOOLTIP:
            status = summary.status.display_name
            tip = f"{summary.title}\n{summary.char_count:,} characters · {status}"
            return f"{tip}\n\nNote: {summary.note}" if summary.note else tip
        if role == _FOREGROUND:
            return _DONE_COLOR if column == 1 and summary.status is DocStatus.DONE else None
        return summary  # ValueRole

    # -- changes ---------------------------------------------------------------------------

    def update(
        self,
        document_id: int,
        *,
        status: DocStatus | None = None,
        span_delta: int = 0,
        note: str | bool | None = False,
        labels: bool = False,
        span_note: bool = False,
    ) -> None:
        """A committed change touched a document: its status, span count, note, labels or
        the notes on its spans (``span_note``: a span with a note came or went, or a span's
        note changed).

        The row is read again when next shown (never patched, so it cannot drift from the
        file). If the filter depends on what changed, the row leaves or joins the list; a
        status change re-sorts a list sorted by status. Span counts do not re-sort a list
        sorted by them: rows jumping while one labels would lose the user's place.
        """
        cached = self._cache.pop(document_id, None)
        if cached is not None and span_delta and status is None and note is False and not labels:
            # Only the count moved, by a committed span: patch it rather than re-reading the
            # row's page on every key press.
            self._cache[document_id] = replace(cached, span_count=cached.span_count + span_delta)
        query = self._query
        if (
            (status is not None and query.status is not None)
            or ((note is not False or span_note) and query.uses_notes)
            or ((span_delta or labels) and query.uses_labels)
        ):
            self._refilter(document_id)
        if status is not None and query.order is DocumentOrder.STATUS:
            self._reorder()
        row = self.row_of(document_id, read=False)
        if row >= 0:
            only_count = status is None and note is False and not labels
            first = self.SPANS_COLUMN if only_count else 0  # just the count while labelling
            self.dataChanged.emit(self.index(row, first), self.index(row, len(self.HEADERS) - 1))

    def set_note(self, document_id: int, note: str | None) -> None:
        """Show a document's new note (or its removal)."""
        self.update(document_id, note=note)

    # -- reading ---------------------------------------------------------------------------

    def _read_ids(self, limit: int | None, offset: int = 0) -> list[int]:
        return self._catalog.document_ids(
            self._annotator_id(), self._query, offset=offset, limit=limit
        )

    def _read_rest(self) -> None:
        if self._complete:
            return
        known = set(self._ids)  # another process may have changed the order in between
        rest = [i for i in self._read_ids(None, offset=len(self._ids)) if i not in known]
        self._complete = True
        if rest:
            self.beginInsertRows(_ROOT, len(self._ids), len(self._ids) + len(rest) - 1)
            self._ids = self._ids + rest
            self.endInsertRows()

    def _read_page(self, row: int) -> None:
        first = row - row % self.PAGE
        wanted = [i for i in self._ids[first : first + self.PAGE] if i not in self._cache]
        if len(self._cache) + len(wanted) > self.CACHE_LIMIT:
            self._cache.clear()
        for summary in self._catalog.document_page(self._annotator_id(), wanted):
            self._cache[summary.id] = summary
        for document_id in wanted:  # gone since the list was read (another process)
            self._cache.setdefault(document_id, _gone(document_id))

    def _refilter(self, document_id: int) -> None:
        """After a change to one document: drop its row, or list it if it now qualifies.

        One probe of that document decides; only a document joining the list (its place
        unknown) costs the list's query.
        """
        row = self.row_of(document_id, read=False)
        listed = self._catalog.lists_document(self._annotator_id(), self._query, document_id)
        if row >= 0 and not listed:
            # A reset, not beginRemoveRows: removing the current row would make the view
            # choose (and so show) a neighbour.
            self._reset([*self._ids[:row], *self._ids[row + 1 :]], complete=self._complete)
        elif row < 0 and listed:
            self._reset(self._read_ids(self.FIRST_ROWS))

    def _reset(self, ids: list[int], *, complete: bool | None = None, always: bool = False) -> None:
        """Other rows: the first of a new list (complete if shorter than a first read)."""
        if complete is None:
            complete = len(ids) < self.FIRST_ROWS
        if ids == self._ids and complete == self._complete and not always:
            return
        self.beginResetModel()
        self._ids, self._complete = ids, complete
        self.endResetModel()

    def _reorder(self) -> None:
        """The same documents in another order, as many rows as are read now.

        Views keep their current row and selection: their persistent indexes move along.
        """
        ids = self._read_ids(None if self._complete else len(self._ids))
        if len(ids) != len(self._ids):  # the file changed under us: start afresh
            self._reset(self._read_ids(self.FIRST_ROWS))
            return
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        moved = [self._ids[index.row()] for index in old]
        self._ids = ids
        new = [self._moved(doc, index) for doc, index in zip(moved, old, strict=True)]
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    def _moved(self, document_id: int, old: QModelIndex | QPersistentModelIndex) -> QModelIndex:
        row = self.row_of(document_id, read=False)
        return self.index(row, old.column()) if row >= 0 else QModelIndex()


def _gone(document_id: int) -> DocumentSummary:
    return DocumentSummary(document_id, "(removed)", DocStatus.NEW, 0, 0)
