"""Learning from the annotator's labels in the background, and saying so in the status bar.

After every :data:`SPANS_PER_TRAINING` spans the annotator adds (or once the keys have been
idle for :data:`IDLE_MS` with some added), the annotator's model is trained again on a
worker thread (:meth:`SuggestionModels.train`): one training at a time, the window never
waiting for it. When it is saved, ``suggestions_changed`` is announced on the GUI thread and
the shown suggestions are looked for again. A training that fails says why once in the
status bar, never in a dialog. The status bar's permanent label tells where suggestions
come from: the detector only, learning…, or a model learned from some pages.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel

from annotator.core.model import Span
from annotator.services.project import Project
from annotator.services.suggestion_models import ModelInfo, TrainingReport
from annotator.ui.widgets.messages import Messages
from annotator.ui.widgets.worker import SerialWorker

#: Spans added since the last training that start the next one.
SPANS_PER_TRAINING = 5
#: With fewer added, a pause of the keys this long starts one.
IDLE_MS = 60_000
DETECTOR_ONLY = "Suggestions: detector only"
INSTALL = "Suggestions: detector only (install annotator[suggest] to learn from your labels)"
NOT_YET = "Suggestions: detector (learns from your labels as you go)"
LEARNING = "Suggestions: learning…"
CURATING = "Suggestions: off while curating"


class BackgroundTraining(QObject):
    """Trains the current annotator's model now and then, and shows its state.

    Args:
        project: The open project.
        label: The status bar's label that shows the state.
        messages: Where a failed training is told (once).
    """

    def __init__(self, project: Project, label: QLabel, messages: Messages) -> None:
        super().__init__(label)
        self._project = project
        self._label = label
        self._messages = messages
        self._added = 0
        #: Whether the current annotator has a model that suggests (as last read).
        self.learned = False
        self._told: str | None = None
        self._again = False
        #: The layers this window already tried to catch up with on opening.
        self._caught_up: set[int] = set()
        self.worker = SerialWorker(self)
        self.worker.done.connect(self._on_worker_done)
        self.worker.failed.connect(self._on_worker_failed)
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(IDLE_MS)
        self._idle.timeout.connect(self._on_idle)
        events = project.events
        events.span_added.connect(self._on_span_added)
        events.annotator_changed.connect(lambda _layer: self.show_state())
        self.show_state()

    @property
    def available(self) -> bool:
        """Whether a model can be trained here (the extra is installed)."""
        return self._project.suggestions.models.unavailable() is None

    def show_state(self) -> None:
        """Read the current annotator's model (on the worker) and show where suggestions
        come from."""
        self._added = 0
        self.learned = False
        if self._project.curating:
            self._show(CURATING, "Suggestions are for your own layer, not the gold standard")
            return
        missing = self._project.suggestions.models.unavailable()
        if missing is not None:
            self._show(INSTALL if "install" in missing.casefold() else DETECTOR_ONLY, missing)
            return
        models, layer = self._project.suggestions.models, self._project.annotator_id
        self.worker.submit(
            ("info", layer), lambda: (models.model_info(layer), models.behind(layer))
        )

    def train_now(self) -> None:
        """Train the current annotator's model now (Suggestions ▸ Learn from My Labels Now)."""
        if self._project.curating:
            self._messages.say("Suggestions learn from your own layer: stop curating first.")
            return
        missing = self._project.suggestions.models.unavailable()
        if missing is not None:
            self._messages.say(missing)
            return
        self._told = None  # asked for: a failure is told again
        self._train()

    def shutdown(self) -> None:
        """Stop (the window closes): a training under way is waited for."""
        self._idle.stop()
        self.worker.shutdown()

    def _train(self) -> None:
        if self.worker.busy:
            self._again = True  # once this one is done: it did not see the latest spans
            return
        self._added = 0
        self._idle.stop()
        models, layer = self._project.suggestions.models, self._project.annotator_id
        self._show(LEARNING, "Learning from your labels in the background")
        self.worker.submit(("train", layer), lambda: models.train(layer))

    def _show(self, text: str, tip: str) -> None:
        self._label.setText(text)
        self._label.setToolTip(tip)

    # -- slots -----------------------------------------------------------------------------

    def _on_span_added(self, span: Span) -> None:
        project = self._project
        if span.annotator_id != project.annotator_id or project.curating or not self.available:
            return
        self._added += 1
        if self._added >= SPANS_PER_TRAINING:
            self._train()
        else:
            self._idle.start()

    def _on_idle(self) -> None:
        if self._added:
            self._train()

    def _on_worker_done(self, key: tuple[str, int], result: object) -> None:
        kind, layer = key
        if kind == "train" and isinstance(result, TrainingReport):
            self._show_learned(result.documents, result.describe())
            self._project.events.suggestions_changed.emit(layer)
        elif kind == "info" and isinstance(result, tuple):
            info, behind = result
            self._show_info(info if isinstance(info, ModelInfo) else None)
            current = layer == self._project.annotator_id and not self._project.curating
            if behind and current and layer not in self._caught_up:
                # Labels made elsewhere (an import, a merge): learn them now, once: if that
                # fails (too little to learn), new spans will try again, not every reading.
                self._caught_up.add(layer)
                self._train()
        if self._again:
            self._again = False
            self._train()

    def _show_info(self, info: ModelInfo | None) -> None:
        self.learned = info is not None and not info.problem
        if info is None:
            self._show(NOT_YET, f"Learns after every {SPANS_PER_TRAINING} spans you add")
        elif info.problem:
            self._show(DETECTOR_ONLY, info.describe())
        else:
            self._show_learned(info.documents, info.describe())

    def _show_learned(self, documents: int, tip: str) -> None:
        self.learned = True
        pages = "1 page" if documents == 1 else f"{documents:,} pages"
        self._show(f"Suggestions: learned from {pages}", tip)

    def _on_worker_failed(self, key: tuple[str, int], message: str) -> None:
        if message != self._told:  # once, not after every few spans
            self._told = message
            self._messages.say(f"Suggestions could not learn yet: {message}")
        self._again = False
        if key[0] == "train":  # the state before it, and the added spans count again
            added = self._added
            self.show_state()
            self._added = added
