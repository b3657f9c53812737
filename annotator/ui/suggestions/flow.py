"""The keyboard flow through suggestions, as D goes through curation's candidates.

S / Shift+S select the next / previous suggestion (its range becomes the selection, so it is
current); Enter accepts it with its own label and a label key with that label; X rejects it;
Alt+Enter accepts every suggestion of its label in the document and Alt+Shift+Enter every
one scoring at least a figure the annotator gives. Each is one command on the undo stack:
accepting adds the spans through :meth:`SpanBatches.add_many` with their origins, rejecting
writes the rejections; after either, the next suggestion is current.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from annotator.core.model import Label
from annotator.core.shown_layer import ShownLayer
from annotator.core.shown_suggestions import Looking, ShownSuggestions
from annotator.core.suggestions.base import Origin, Suggestion
from annotator.errors import AnnotatorError
from annotator.services.changes import StaleViewError
from annotator.services.project import Project
from annotator.services.span_batches import BatchResult, Placement
from annotator.ui.actions import ActionId
from annotator.ui.annotate.commands import EditFeedback
from annotator.ui.suggestions.commands import NothingAddedError, RejectCommand, push_batch
from annotator.ui.suggestions.dialogs import AskSuggestions
from annotator.ui.suggestions.wording import brief, plural, score_text
from annotator.ui.widgets.messages import Messages

#: What the status bar says when a key needs a current suggestion and none is.
NO_CURRENT = "No suggestion is selected: press S to go to the next one."


class SuggestionFlow:
    """Visits, accepts and rejects the shown document's suggestions.

    Args:
        project: The open project.
        shown: What the window shows (the caret, the selection, the layer).
        suggestions: The shown document's suggestions.
        stack: Where the commands go.
        feedback: What the window does around an undo or redo of an accept.
        reveal: Shows a document (an undo of a rejection shows where it was).
        messages: The window's message bridge.
        refresh: Looks for the suggestions again (after an accept that failed).
    """

    def __init__(
        self,
        project: Project,
        shown: ShownLayer,
        suggestions: ShownSuggestions,
        stack: QUndoStack,
        feedback: EditFeedback,
        reveal: Callable[[int], None],
        messages: Messages,
        refresh: Callable[[], None],
    ) -> None:
        self._project = project
        self._shown = shown
        self._suggestions = suggestions
        self._stack = stack
        self._feedback = feedback
        self._reveal = reveal
        self._messages = messages
        self._refresh = refresh
        #: The suggestion an accept or a reject moved on to (S then stays on it once).
        self._advanced_to: Suggestion | None = None

    def action_handlers(self, parent: QWidget) -> dict[ActionId, Callable[[], object]]:
        """What the suggestion actions do, for the window to connect (dialogs over
        ``parent``)."""
        return {
            ActionId.NEXT_SUGGESTION: lambda: self.visit(+1),
            ActionId.PREVIOUS_SUGGESTION: lambda: self.visit(-1),
            ActionId.ACCEPT_SUGGESTION: self.accept_current,
            ActionId.REJECT_SUGGESTION: self.reject_current,
            ActionId.ACCEPT_LABEL_SUGGESTIONS: self.accept_label,
            ActionId.ACCEPT_SUGGESTIONS_ABOVE: lambda: self.accept_above(parent),
        }

    # -- visiting --------------------------------------------------------------------------

    def visit(self, step: int) -> None:
        """Select the next (``+1``) or previous (``-1``) suggestion."""
        if not self._ready():
            return
        advanced, self._advanced_to = self._advanced_to, None
        current = self._suggestions.current
        if step > 0 and current is not None and current == advanced:
            # A decision already moved on to this one: S stays, so that "S, Enter, S,
            # Enter" and "Enter, Enter" both take every suggestion in turn.
            self.go_to(current)
            return
        found = self._suggestions.neighbour(self._shown.caret, self._shown.selection, step)
        if found is None:
            self._messages.say(self._none_left())
            return
        self.go_to(found)

    def go_to(self, suggestion: Suggestion) -> None:
        """Select a suggestion (it becomes current) and say what it is."""
        self._shown.move_caret(suggestion.start, suggestion.end)
        row = self._suggestions.row_of(suggestion) + 1
        self._messages.say(
            f"Suggestion {row} of {len(self._suggestions)}: {brief(suggestion)}. "
            "Enter accepts, X rejects."
        )

    def _ready(self) -> bool:
        """Whether suggestions can be visited now; if not, the status bar says why."""
        if not self._suggestions.visible:
            self._messages.say("Suggestions are hidden: View ▸ Show Suggestions shows them.")
            return False
        looking = self._suggestions.looking
        if looking is Looking.PAUSED:
            self._messages.say("No suggestions while curating: they are for your own layer.")
            return False
        if looking is Looking.LOOKING and not len(self._suggestions):
            self._messages.say("Still looking for suggestions in this document…")
            return False
        return True

    def _none_left(self) -> str:
        if self._suggestions.looking is Looking.FAILED:
            return "No suggestions: they could not be made for this document."
        return "No suggestions left in this document."

    # -- accepting -------------------------------------------------------------------------

    def accept_current(self) -> None:
        """Accept the current suggestion with its own label (Enter)."""
        if not self.accept_with(None) and self._ready():  # else _ready said why not
            self._messages.say(NO_CURRENT)

    def accept_with(self, label: Label | None) -> bool:
        """Accept the current suggestion as ``label`` (its own for None); False, and
        nothing done, when no suggestion is current (a label key then labels as usual)."""
        current = self._suggestions.current
        if current is None:
            return False
        name = label.name if label is not None else current.label
        title = f"Accept Suggestion as {name}"
        result = self._accept([current], label, title)
        if result is not None:
            said = (
                f"Accepted: {current.label} suggestion"
                if name == current.label
                else f"Accepted the {current.label} suggestion as {name}"
            )
            self._done(said, current)
        return True

    def accept_label(self) -> None:
        """Accept every suggestion of the current one's label in this document."""
        current = self._suggestions.current
        if current is None:
            self._messages.say(
                "Select a suggestion first (S): its label is the one accepted throughout."
            )
            return
        chosen = self._suggestions.select(lambda s: s.label == current.label)
        title = f"Accept {plural(len(chosen), current.label + ' Suggestion')}"
        result = self._accept(chosen, None, title)
        if result is not None:
            added = len(chosen) - result.skipped
            self._done(f"Accepted {plural(added, current.label + ' suggestion')}", chosen[-1])

    def accept_above(self, parent: QWidget) -> None:
        """Ask for a score, then accept every suggestion in the document reaching it."""
        if not self._ready():
            return
        if not len(self._suggestions):
            self._messages.say(self._none_left())
            return
        score = AskSuggestions.score(parent, self._suggestions.items)
        if score is None:
            return
        chosen = self._suggestions.select(lambda s: s.score >= score - 1e-9)
        if not chosen:
            least = score_text(score)
            self._messages.say(f"No suggestion in this document scores {least} or more.")
            return
        title = f"Accept {plural(len(chosen), 'Suggestion')} Scoring {score_text(score)}+"
        result = self._accept(chosen, None, title)
        if result is not None:
            added = len(chosen) - result.skipped
            message = f"Accepted {plural(added, 'suggestion')} scoring {score_text(score)} or more"
            self._done(message, chosen[-1])

    def _accept(
        self, chosen: list[Suggestion], label: Label | None, title: str
    ) -> BatchResult | None:
        """Add the chosen suggestions as spans, as one command; None if nothing was added
        (the status bar says why)."""
        document_id = self._shown.document_id
        assert document_id is not None  # the actions need a shown document
        by_name = {known.name: known for known in self._project.labels}
        placements = []
        for suggestion in chosen:
            target = label or by_name.get(suggestion.label)
            if target is None:
                raise AnnotatorError(f"The label {suggestion.label!r} no longer exists.")
            origin = Origin.of(suggestion)
            placements.append(Placement(target.id, suggestion.start, suggestion.end, origin))
        # Gone from the list before the spans come, which would each take one away.
        self._suggestions.discard(chosen)
        try:
            return push_batch(
                self._stack, title, self._project, self._feedback, document_id, placements
            )
        except (NothingAddedError, StaleViewError) as error:
            self._messages.say(str(error))
            self._refresh()
            return None
        except AnnotatorError:
            self._refresh()
            raise

    # -- rejecting -------------------------------------------------------------------------

    def reject_current(self) -> None:
        """Reject the current suggestion: it is not suggested again."""
        current = self._suggestions.current
        document_id = self._shown.document_id
        if current is None or document_id is None:
            if self._ready():  # else it said why there is none (hidden, curating …)
                self._messages.say(NO_CURRENT)
            return
        command = RejectCommand(
            f"Reject {current.label} Suggestion",
            self._project.rejections,
            document_id,
            self._project.annotator_id,
            [current],
            self._reveal,
            self._messages,
        )
        self._stack.push(command)
        if command.error is not None:
            raise command.error
        self._suggestions.discard([current])
        self._done("Rejected: not suggested again", current)

    def _done(self, message: str, last: Suggestion) -> None:
        """Say what was done and make the suggestion after ``last`` current."""
        following = self._suggestions.neighbour(last.end, None, +1)
        if following is None:
            self._shown.move_caret(last.end, last.end)
            self._messages.say(f"{message}. No suggestions left in this document.")
            return
        self._shown.move_caret(following.start, following.end)
        self._advanced_to = following
        self._messages.say(f"{message}. Next: {brief(following)}.")
