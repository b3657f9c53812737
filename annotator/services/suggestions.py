"""Suggestions for one annotator's layer of one document.

The recommenders (:mod:`annotator.core.suggestions`) see the page and the project's corpus of
lines; this service reads those from the store, asks each recommender, and keeps only what
the annotator should see: no suggestion over text their layer already labels, none under the
label's threshold (a project setting), none the annotator rejected (see
:mod:`annotator.services.suggestion_rejections`), and one winner where recommenders overlap
(:func:`annotator.core.suggestions.base.combine`).

Reading is all it does here; accepting goes through :class:`SpanBatches` (one undo step, the
origin recorded), so a suggestion is never an annotation until the annotator says so.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from sqlalchemy import func, select

from annotator.core.boilerplate import CorpusLines
from annotator.core.range_index import RangeIndex
from annotator.core.suggestions.base import (
    Context,
    Page,
    Recommender,
    Suggestion,
    Trainer,
    ask,
    combine,
)
from annotator.core.suggestions.detector import BoilerplateDetector
from annotator.services.originals import page_structures
from annotator.services.project_settings import thresholds_in
from annotator.services.suggestion_models import SuggestionModels
from annotator.services.suggestion_rejections import RejectedRanges
from annotator.services.transactions import Store
from annotator.store.schema import DocumentRow, LabelRow, SpanRow

#: A suggestion shows when its score reaches its label's threshold; this one by default.
DEFAULT_THRESHOLD = 0.5


class SuggestionService:
    """Suggestions for what an annotator has not labelled yet.

    Args:
        store: Where the project lives.
        recommenders: Those asked, in order; the boilerplate detector by default. A layer's
            trained model (:attr:`models`) is asked as well.
        trainer: What learns each annotator's model (None: no learned suggestions).
    """

    def __init__(
        self,
        store: Store,
        recommenders: Sequence[Recommender] | None = None,
        trainer: Trainer | None = None,
    ) -> None:
        self._store = store
        self._recommenders = list(recommenders or [BoilerplateDetector()])
        self._corpus: CorpusLines | None = None
        self._corpus_key: tuple[int, int] | None = None
        # The window asks for suggestions on a worker thread while the GUI thread may too.
        self._corpus_lock = threading.Lock()
        #: Each annotator's trained recommender: trained, saved and loaded there.
        self.models = SuggestionModels(store, trainer, self.corpus)

    def corpus(self) -> CorpusLines:
        """The project's lines counted across documents; counted again when documents were
        added or removed since."""
        with self._corpus_lock, self._store.reading() as session:
            key_row = session.execute(select(func.count(), func.max(DocumentRow.id))).one()
            key = (int(key_row[0]), int(key_row[1] or 0))
            if self._corpus is None or self._corpus_key != key:
                texts = session.execute(select(DocumentRow.id, DocumentRow.text))
                self._corpus = CorpusLines.build((row[0], row[1]) for row in texts)
                self._corpus_key = key
            return self._corpus

    def for_document(
        self, document_id: int, layer_id: int, within: tuple[int, int] | None = None
    ) -> list[Suggestion]:
        """What to suggest in a document to the annotator of ``layer_id``, in text order.

        Args:
            within: Only the lines meeting this range of code points (the part of a long
                page in view, suggested first so that it does not wait for the whole page).
                The recommenders then see those lines alone, so a score may differ a little
                from the whole page's.
        """
        corpus = self.corpus()
        with self._store.reading() as session:
            text = session.scalar(select(DocumentRow.text).where(DocumentRow.id == document_id))
            label_rows = session.execute(
                select(LabelRow.id, LabelRow.name).order_by(LabelRow.position, LabelRow.id)
            ).all()
            taken = session.execute(
                select(SpanRow.start, SpanRow.end).where(
                    SpanRow.document_id == document_id, SpanRow.annotator_id == layer_id
                )
            ).all()
            rejected = RejectedRanges.read(session, document_id, layer_id)
            by_id = thresholds_in(session)
            structure = page_structures(session, [document_id]).get(document_id)
        if text is None:
            return []
        labels = tuple(row[1] for row in label_rows)
        thresholds = {row[1]: by_id.get(row[0], DEFAULT_THRESHOLD) for row in label_rows}
        context = Context(labels, corpus)
        page, shift = Page(document_id, text, structure), 0
        if within is not None:
            shift, part = _lines_meeting(text, *within)
            page = Page(document_id, part)  # the block map counts from the whole page's start
        info = self.models.model_info(layer_id)
        trained = self.models.recommender(layer_id) if info is not None else None
        learned_from = info.documents if info is not None else 0
        found = ask(self._recommenders, trained, page, context, learned_from)
        if shift:
            found = [replace(s, start=s.start + shift, end=s.end + shift) for s in found]
        return visible(found, thresholds, rejected, [(row[0], row[1]) for row in taken])


def _lines_meeting(text: str, start: int, end: int) -> tuple[int, str]:
    """The whole lines of ``text`` that meet ``[start, end)``: where they start, and them."""
    first = text.rfind("\n", 0, max(start, 0)) + 1
    last = text.find("\n", min(end, len(text)))
    return first, text[first : len(text) if last == -1 else last]


def visible(
    found: Iterable[Suggestion],
    thresholds: Mapping[str, float],
    rejected: RejectedRanges,
    taken: list[tuple[int, int]],
) -> list[Suggestion]:
    """What the annotator is shown of ``found``: those reaching their label's threshold, not
    over a range they rejected with that label, not overlapping one another (the higher score
    wins) and not over text their layer labels, in text order.

    Rejected ones go before the overlaps are settled, so they never hide another.
    """
    shown = (
        s
        for s in found
        if s.score >= thresholds.get(s.label, DEFAULT_THRESHOLD) and not rejected.hides(s)
    )
    return uncovered(combine(shown), taken)


def uncovered(suggestions: list[Suggestion], taken: list[tuple[int, int]]) -> list[Suggestion]:
    """The suggestions that overlap none of the layer's spans."""
    spans = RangeIndex(taken)
    return [s for s in suggestions if not spans.overlaps(s.start, s.end)]
