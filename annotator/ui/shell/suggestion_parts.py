"""What suggestions add to a window once its project is shown, made and wired in one place:
the model of the shown document's suggestions, the worker that fills it, their marks in the
text, the keys, the list in its dock, label every occurrence and the background training."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QLabel, QMainWindow, QWidget

from annotator.core.model import Label
from annotator.core.shown_layer import ShownLayer
from annotator.core.shown_suggestions import ShownSuggestions
from annotator.core.suggestions.base import Suggestion
from annotator.services.project import Project
from annotator.services.suggestions import DEFAULT_THRESHOLD
from annotator.settings import Settings, SettingsStore
from annotator.ui.actions import ActionId, ActionRegistry, make_action
from annotator.ui.annotate.commands import EditFeedback
from annotator.ui.shell.docks import ProjectDocks
from annotator.ui.suggestions.dialogs import AskSuggestions
from annotator.ui.suggestions.feed import SuggestionFeed
from annotator.ui.suggestions.flow import SuggestionFlow
from annotator.ui.suggestions.in_text import SuggestionsInText
from annotator.ui.suggestions.occurrences import OccurrenceLabelling
from annotator.ui.suggestions.panel import SuggestionPanel
from annotator.ui.suggestions.training import BackgroundTraining
from annotator.ui.text.document_view import DocumentView
from annotator.ui.widgets.messages import Messages


class SuggestionParts:
    """Suggestions in one window.

    Args:
        window: The window (dialogs open over it; the list's dock is its).
        project: The project it shows.
        shown: What it shows.
        view: Its text.
        stack: Its undo stack.
        feedback: What it does around an undo or redo.
        messages: Its message bridge.
        reveal: Shows a document unless it is shown already.
        snap_to_words: Whether selections grow to whole words.
        state: The status bar's label that says where suggestions come from.
    """

    def __init__(
        self,
        window: QMainWindow,
        project: Project,
        shown: ShownLayer,
        view: DocumentView,
        stack: QUndoStack,
        feedback: EditFeedback,
        messages: Messages,
        reveal: Callable[[int], None],
        snap_to_words: Callable[[], bool],
        state: QLabel,
    ) -> None:
        self._window = window
        self._project = project
        self._view = view
        self._shown = shown
        self._messages = messages
        #: The shown document's suggestions.
        self.suggestions = ShownSuggestions()
        self.feed = SuggestionFeed(project, shown, self.suggestions, view, messages)
        self.in_text = SuggestionsInText(self.suggestions, view, lambda: project.labels)
        self.flow = SuggestionFlow(
            project, shown, self.suggestions, stack, feedback, reveal, messages, self.feed.refresh
        )
        self.occurrences = OccurrenceLabelling(
            project, shown, stack, feedback, messages, snap_to_words
        )
        self.training = BackgroundTraining(project, state, messages)
        view.selection_changed.connect(self.suggestions.follow_selection)
        project.events.suggestions_changed.connect(self._on_suggestions_changed)
        # Enter accepts in the text only: lists and fields have their own Enter.
        accept = make_action(view, ActionId.ACCEPT_SUGGESTION_IN_TEXT)
        accept.triggered.connect(lambda _checked=False: self.flow.accept_current())
        view.addAction(accept)
        self._panel: SuggestionPanel | None = None

    def attach(
        self,
        registry: ActionRegistry,
        docks: ProjectDocks,
        settings: Settings,
        settings_store: SettingsStore,
    ) -> None:
        """Put the parts in the window: the list's dock, and the View ▸ Show Suggestions
        check mark as the settings remember it."""
        docks.add_suggestions(self._build_panel, registry[ActionId.SUGGESTIONS_PANEL])
        show = registry[ActionId.SHOW_SUGGESTIONS]
        show.setChecked(settings.show_suggestions)
        self.suggestions.set_visible(settings.show_suggestions)

        def toggle() -> None:
            settings.show_suggestions = show.isChecked()
            settings_store.save(settings)
            self.suggestions.set_visible(show.isChecked())

        self._toggle_shown = toggle
        self._docks = docks
        self._panel_action = registry[ActionId.SUGGESTIONS_PANEL]

    def action_handlers(self) -> dict[ActionId, Callable[[], object]]:
        """What the suggestion actions do, for the window to connect."""
        window = self._window
        return {
            **self.flow.action_handlers(window),
            ActionId.LABEL_OCCURRENCES: lambda: self.occurrences.label_every(window),
            ActionId.SUGGESTION_THRESHOLDS: self.edit_thresholds,
            ActionId.LEARN_NOW: self.training.train_now,
            ActionId.SHOW_SUGGESTIONS: self._toggle_shown,
            ActionId.SUGGESTIONS_PANEL: lambda: self._docks.toggle_suggestions(
                self._panel_action.isChecked()
            ),
        }

    def accepts(self, label: Label) -> bool:
        """A label key pressed: accept the current suggestion as ``label`` if one is
        current (True), else leave the key to labelling (False)."""
        return self.flow.accept_with(label)

    def edit_thresholds(self) -> None:
        """Ask for each label's threshold and keep them in the project."""
        settings = self._project.settings
        labels = list(self._project.labels)
        chosen = AskSuggestions.thresholds(self._window, labels, settings.suggestion_thresholds)
        if chosen is None:
            return
        settings.suggestion_thresholds = chosen
        self.feed.refresh()
        said = ", ".join(
            f"{label.name} {chosen.get(label.id, DEFAULT_THRESHOLD):.2f}" for label in labels
        )
        self._messages.say(f"Suggestions now show from these scores: {said}.")

    @property
    def panel(self) -> SuggestionPanel:
        """The suggestion list (its dock built and shown, the first time)."""
        if self._panel is None:
            self._docks.toggle_suggestions(True)
        assert self._panel is not None
        return self._panel

    def shutdown(self) -> None:
        """The window closes: wait for the workers, start nothing more."""
        self.feed.shutdown()
        self.training.shutdown()

    def _build_panel(self) -> QWidget:
        project = self._project
        panel = SuggestionPanel(
            self.suggestions,
            lambda: self._view.text,
            lambda: project.labels,
            lambda: self.training.learned,
            lambda: len(self._shown.spans) > 0,
        )
        panel.suggestion_activated.connect(self._on_panel_suggestion_activated)
        project.events.labels_changed.connect(panel.refresh_labels)
        self._panel = panel
        return panel

    def _on_panel_suggestion_activated(self, suggestion: object) -> None:
        if isinstance(suggestion, Suggestion):
            self.flow.go_to(suggestion)
            self._view.setFocus()

    def _on_suggestions_changed(self, layer_id: int) -> None:
        if layer_id == self._project.annotator_id:
            self.feed.refresh()
