"""An annotator's trained recommender: learned from their own labels, saved in the project.

Training reads the annotator's labelled documents in one short read, learns outside any
transaction (it may take seconds, on a worker thread), and saves the model's parameters
(data, never a pickle) in ``suggestion_models`` in one short write. Nothing here announces
anything: the caller, on its own thread, emits ``ProjectEvents.suggestions_changed`` after a
training it started.

A saved model that cannot be loaded (damaged, or saved by an incompatible version) is passed
over with a warning, logged and shown in :meth:`SuggestionModels.model_info`; the next
training replaces it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, insert, select

from annotator.core.boilerplate import CorpusLines
from annotator.core.suggestions.base import (
    Context,
    LabelledPage,
    TrainedRecommender,
    Trainer,
)
from annotator.errors import AnnotatorError
from annotator.services.convert import as_utc
from annotator.services.training_pages import labelled_pages
from annotator.services.transactions import Store
from annotator.store.schema import (
    AnnotatorRow,
    LabelRow,
    SpanRow,
    SuggestionModelRow,
    utcnow,
)

log = logging.getLogger(__name__)

#: Said when nothing can learn here: no trainer was given (a build without one).
NO_TRAINER = "This build of Annotator has no learned recommender."


class NothingToLearnError(AnnotatorError):
    """The layer has no labelled document yet."""


@dataclass(frozen=True, slots=True)
class TrainingData:
    """What a trainer learns from: one annotator's labelled documents and the context."""

    pages: tuple[LabelledPage, ...]
    context: Context

    @property
    def spans(self) -> int:
        """How many spans the pages hold."""
        return sum(len(page.spans) for page in self.pages)


@dataclass(frozen=True, slots=True)
class TrainingReport:
    """What a training learned from, and how long it took.

    Attributes:
        recommender: The trained recommender's name ("learned").
        version: Its version, as saved.
        documents: The labelled documents it learned from.
        spans: Their spans.
        seconds: Time spent reading and learning (not saving), the library's loading
            included.
    """

    recommender: str
    version: str
    documents: int
    spans: int
    seconds: float

    def describe(self) -> str:
        """One sentence for people."""
        return (
            f"Learned from {self.documents:,} document(s) and {self.spans:,} span(s) in "
            f"{self.seconds:.1f} s (model {self.version})."
        )


@dataclass(frozen=True, slots=True)
class Fitted:
    """A recommender just trained, not saved, with its report."""

    recommender: TrainedRecommender
    report: TrainingReport


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """An annotator's saved model, for the status bar and the command line.

    Attributes:
        recommender: Its name.
        version: Its version.
        trained_at: When it was trained (UTC).
        documents: The labelled documents it learned from.
        spans: Their spans.
        problem: Why it is not used (damaged, incompatible, the extra missing); None when
            it is.
    """

    recommender: str
    version: str
    trained_at: datetime
    documents: int
    spans: int
    problem: str | None = None

    def describe(self) -> str:
        """One sentence for people."""
        learned = (
            f"Model {self.version}, trained {self.trained_at:%Y-%m-%d %H:%M} UTC on "
            f"{self.documents:,} document(s) and {self.spans:,} span(s)"
        )
        return f"{learned}: {self.problem}" if self.problem else f"{learned}."


class SuggestionModels:
    """Trains, saves and loads each annotator's recommender.

    Safe to use from several threads: the store takes writes from any thread, and the
    loaded models are kept behind a lock.

    Args:
        store: Where the project lives.
        trainer: What learns (None: nothing can learn in this build).
        corpus: The project's lines counted across documents (the detector's repetition).
    """

    def __init__(
        self, store: Store, trainer: Trainer | None, corpus: Callable[[], CorpusLines]
    ) -> None:
        self._store = store
        self._trainer = trainer
        self._corpus = corpus
        self._lock = threading.Lock()
        #: Layer id -> (version, the model loaded or None, why it could not be).
        self._loaded: dict[int, tuple[str, TrainedRecommender | None, str | None]] = {}

    @property
    def trainer(self) -> Trainer | None:
        """What learns here (None in a build without one)."""
        return self._trainer

    @property
    def recommender_name(self) -> str | None:
        """The name of the recommenders trained here; None without a trainer."""
        return None if self._trainer is None else self._trainer.name

    def unavailable(self) -> str | None:
        """None when training can happen here; else why not, as a sentence for people."""
        if self._trainer is None:
            return NO_TRAINER
        return self._trainer.available()

    def training_data(self, layer_id: int) -> TrainingData:
        """The layer's labelled documents (only those it labels) and the project's context."""
        corpus = self._corpus()
        with self._store.reading() as session:
            labels = tuple(
                session.scalars(select(LabelRow.name).order_by(LabelRow.position, LabelRow.id))
            )
            pages = labelled_pages(session, layer_id)
        return TrainingData(pages, Context(labels, corpus))

    def fit(self, layer_id: int, should_stop: Callable[[], bool] | None = None) -> Fitted | None:
        """Train on the layer's labels without saving; None if ``should_stop`` said stop.

        Raises:
            NothingToLearnError: The layer has no labelled document.
            AnnotatorError: The extra is missing, or there is too little to learn from.
        """
        began = time.perf_counter()
        missing = self.unavailable()
        if missing is not None:
            raise AnnotatorError(missing)
        assert self._trainer is not None
        data = self.training_data(layer_id)
        if not data.pages:
            raise NothingToLearnError(
                "There is nothing to learn from yet: this layer has no labelled document."
            )
        if should_stop is not None and should_stop():
            return None
        try:
            model = self._trainer.train(data.pages, data.context)
        except ValueError as error:  # the trainer's "too little to learn from"
            raise AnnotatorError(_sentence(error)) from None
        seconds = time.perf_counter() - began
        report = TrainingReport(model.name, model.version, len(data.pages), data.spans, seconds)
        return Fitted(model, report)

    def train(
        self, layer_id: int, should_stop: Callable[[], bool] | None = None
    ) -> TrainingReport | None:
        """Train on the layer's labels and save the model, replacing the one saved before.

        Safe on a worker thread; announces nothing (the caller emits
        ``suggestions_changed``). Returns None, saving nothing, if ``should_stop`` said stop.

        Raises:
            AnnotatorError: The extra is missing, there is too little to learn from, the
                layer is gone, or the project could not be written.
        """
        fitted = self.fit(layer_id, should_stop)
        if fitted is None or (should_stop is not None and should_stop()):
            return None
        self.save(layer_id, fitted)
        return fitted.report

    def save(self, layer_id: int, fitted: Fitted) -> None:
        """Save a fitted model as the layer's, in one short write.

        Raises:
            AnnotatorError: The layer is gone, or the project could not be written.
        """
        data = fitted.recommender.to_bytes()
        report = fitted.report
        with self._store.writing() as connection:
            if (
                connection.scalar(select(AnnotatorRow.id).where(AnnotatorRow.id == layer_id))
                is None
            ):
                raise AnnotatorError("That annotator's layer is not in this project.")
            connection.execute(
                delete(SuggestionModelRow).where(
                    SuggestionModelRow.annotator_id == layer_id,
                    SuggestionModelRow.recommender == report.recommender,
                )
            )
            connection.execute(
                insert(SuggestionModelRow).values(
                    annotator_id=layer_id,
                    recommender=report.recommender,
                    version=report.version,
                    trained_at=utcnow(),
                    documents=report.documents,
                    spans=report.spans,
                    data=data,
                )
            )
        with self._lock:
            self._loaded[layer_id] = (report.version, fitted.recommender, None)

    def recommender(self, layer_id: int) -> TrainedRecommender | None:
        """The layer's saved model, loaded once per version; None when there is none or it
        cannot be used (see :meth:`model_info` for why)."""
        if self._trainer is None:
            return None
        version = self._saved_version(layer_id)
        if version is None:
            return None
        with self._lock:
            cached = self._loaded.get(layer_id)
        if cached is not None and cached[0] == version:
            return cached[1]
        loaded = self._load(layer_id)
        with self._lock:
            self._loaded[layer_id] = loaded
        return loaded[1]

    def behind(self, layer_id: int) -> bool:
        """Whether the layer's labels changed since its model was trained (or it has labels
        and no model): a window opened on labels made elsewhere (an import, another window,
        a merge) then trains without waiting for new spans."""
        info = self.model_info(layer_id)
        with self._store.reading() as session:
            count, latest = session.execute(
                select(func.count(), func.max(SpanRow.updated_at)).where(
                    SpanRow.annotator_id == layer_id
                )
            ).one()
        if not count:
            return False
        if info is None or info.problem:
            return True
        return count != info.spans or (latest is not None and as_utc(latest) > info.trained_at)

    def model_info(self, layer_id: int) -> ModelInfo | None:
        """The layer's saved model, described; None when it has none."""
        name = self.recommender_name
        if name is None:
            return None
        with self._store.reading() as session:
            row = session.execute(
                select(
                    SuggestionModelRow.version,
                    SuggestionModelRow.trained_at,
                    SuggestionModelRow.documents,
                    SuggestionModelRow.spans,
                ).where(
                    SuggestionModelRow.annotator_id == layer_id,
                    SuggestionModelRow.recommender == name,
                )
            ).one_or_none()
        if row is None:
            return None
        self.recommender(layer_id)  # loads it, so a damaged model says so
        with self._lock:
            cached = self._loaded.get(layer_id)
        problem = cached[2] if cached is not None and cached[0] == row[0] else None
        if problem is None:
            problem = self.unavailable()
        return ModelInfo(name, row[0], as_utc(row[1]), row[2], row[3], problem)

    def _saved_version(self, layer_id: int) -> str | None:
        assert self._trainer is not None
        with self._store.reading() as session:
            return session.scalar(
                select(SuggestionModelRow.version).where(
                    SuggestionModelRow.annotator_id == layer_id,
                    SuggestionModelRow.recommender == self._trainer.name,
                )
            )

    def _load(self, layer_id: int) -> tuple[str, TrainedRecommender | None, str | None]:
        """The saved model of the layer, or why it cannot be used."""
        assert self._trainer is not None
        with self._store.reading() as session:
            row = session.execute(
                select(SuggestionModelRow.version, SuggestionModelRow.data).where(
                    SuggestionModelRow.annotator_id == layer_id,
                    SuggestionModelRow.recommender == self._trainer.name,
                )
            ).one()
        version, data = row[0], row[1]
        missing = self._trainer.available()
        if missing is not None:
            return version, None, missing
        try:
            return version, self._trainer.load(bytes(data)), None
        except ValueError as error:
            problem = (
                f"the saved model cannot be used ({_sentence(error).rstrip('.')}); it is "
                "trained again from the labels next time"
            )
            log.warning("Layer %s: %s", layer_id, problem)
            return version, None, problem


def _sentence(error: BaseException) -> str:
    """An exception's message as one sentence ending in a full stop."""
    text = " ".join(str(error).split()) or type(error).__name__
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else f"{text}."
