"""Curation mode: the window edits the gold layer, with every annotator's spans to compare.

Switching it on makes the gold standard the layer shown and edited; the document list then
shows each document's curation status and the status bar counts curated documents. Opening
a document for the first time pre-accepts what the project's rule accepts. The keyboard flow
is the annotation one: D / Shift+D select the next / previous span an annotator marked that
the gold standard does not hold yet, a label key accepts it (credited to whoever marked it),
Del rejects a gold span, and Ctrl+Return marks the document curated.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from annotator.core.curation import Candidate, Rule, matching
from annotator.core.shown_layer import ShownLayer
from annotator.errors import AnnotatorError
from annotator.services.project import Project
from annotator.services.project_settings import DEFAULT_CURATION_RULE
from annotator.ui.actions import ActionId
from annotator.ui.annotate.labelling import Labelling
from annotator.ui.annotate.panel import AnnotationPanel
from annotator.ui.curation.candidate_list import CandidateList
from annotator.ui.text.document_view import DocumentView
from annotator.ui.widgets.dialogs import Ask
from annotator.ui.widgets.messages import Messages


class CurationMode:
    """Turns curation on and off and keeps the shown document's candidates.

    Args:
        project: The open project.
        shown: What the window shows (the gold spans while curating, the selection).
        view: The document text (the candidate list marks the candidates on it).
        messages: The window's message bridge.
    """

    def __init__(
        self,
        project: Project,
        shown: ShownLayer,
        view: DocumentView,
        messages: Messages,
    ) -> None:
        self._project = project
        self._shown = shown
        self._view = view
        self._messages = messages
        self._candidates: list[Candidate] = []
        self._annotators: tuple[str, ...] = ()
        #: The candidate D / Shift+D selected last (two may share a range).
        self._stepped: Candidate | None = None

    @property
    def on(self) -> bool:
        """Whether the gold layer is the one shown and edited."""
        return self._project.curating

    @property
    def candidates(self) -> list[Candidate]:
        """The shown document's candidates, by position (read by :meth:`prepare`)."""
        return list(self._candidates)

    @property
    def annotators(self) -> tuple[str, ...]:
        """The shown document's annotators, by name."""
        return self._annotators

    def candidate_list(self, panel: AnnotationPanel, labelling: Labelling) -> CandidateList:
        """The candidate list (in ``panel``, shown while curating) that accepts through
        ``labelling``."""
        return CandidateList(self._project, self, self._view, panel, labelling)

    def rule(self) -> Rule:
        """The project's pre-acceptance rule."""
        try:
            return Rule.parse(self._project.settings.curation_rule)
        except ValueError:
            return Rule.parse(DEFAULT_CURATION_RULE)

    def set_rule(self, rule_text: str) -> Rule:
        """Choose the rule for documents not yet curated (``Rule.parse`` text)."""
        rule = Rule.parse(rule_text)
        self._project.settings.curation_rule = rule_text
        return rule

    def choose_rule(self, parent: QWidget) -> None:
        """Ask which rule pre-accepts spans in documents not curated yet."""
        chosen = Ask.curation_rule(parent, self._project.settings.curation_rule)
        if chosen is not None:
            rule = self.set_rule(chosen)
            self._messages.say(f"Documents curated from now on pre-accept spans by {rule.name}.")

    def switch(self, on: bool) -> None:
        """Edit the gold layer (on) or the current annotator's own layer (off); the window
        then shows its documents again."""
        self._project.set_curating(on)
        self._candidates, self._annotators = [], ()
        name = self._project.annotator_name
        self._messages.say(
            f"Curating the gold standard as {name}." if on else f"Annotating as {name}."
        )

    def prepare(self, document_id: int) -> None:
        """Before a document is shown in curation mode: pre-accept once, read candidates."""
        if not self.on:
            return
        curation = self._project.curation
        added = curation.start(document_id, self.rule(), self._project.annotator_name)
        view = curation.view(document_id)
        self._candidates, self._annotators = view.candidates, view.annotators
        pending = len(self.pending({(s.start, s.end, s.label_id) for s in view.gold}))
        message = f"{len(self._annotators)} annotator(s); {pending} span(s) still to decide"
        if added:
            message += f"; {len(added)} pre-accepted ({self.rule().name})"
        self._messages.say(message + ".")

    def is_candidate(self, start: int, end: int, label_id: int) -> bool:
        """Whether, while curating, an annotator marked exactly this span (so labelling it
        accepts their span)."""
        return self.on and matching(self._candidates, start, end, label_id) is not None

    def pending(self, gold: set[tuple[int, int, int]]) -> list[Candidate]:
        """The candidates the gold layer does not hold, by position."""
        return [c for c in self._candidates if (c.start, c.end, c.label_id) not in gold]

    def action_handlers(self, parent: QWidget) -> dict[ActionId, Callable[[], object]]:
        """What D, Shift+D and the rule action do, for the window to connect."""
        return {
            ActionId.NEXT_DISAGREEMENT: lambda: self.step(+1),
            ActionId.PREVIOUS_DISAGREEMENT: lambda: self.step(-1),
            ActionId.CURATION_RULE: lambda: self.choose_rule(parent),
        }

    def step(self, direction: int) -> None:
        """Select the next (``+1``) or previous (``-1``) span still to decide."""
        if not self.on:
            raise AnnotatorError("Turn on curation (Curate ▸ Curate Gold Standard) first.")
        gold = {(s.start, s.end, s.label_id) for s in self._shown.spans}
        pending = self.pending(gold)
        if not pending:
            self._messages.say(
                "Nothing left to decide in this document: Ctrl+Return marks it curated."
            )
            return
        found = self._neighbour(pending, direction)
        self._stepped = found
        self._shown.move_caret(found.start, found.end)
        self._messages.say(self.describe(found))

    def _neighbour(self, pending: list[Candidate], direction: int) -> Candidate:
        """The pending candidate after (or before) the selection, in text order.

        Candidates are ordered by start, end and label, so two that start at the same place,
        or cover the same range with different labels, are each visited in turn.
        """
        selection = self._shown.selection
        last = self._stepped
        if last in pending and selection == (last.start, last.end):
            at = pending.index(last)
            return pending[(at + direction) % len(pending)]
        here = self._shown.caret
        place = selection or (here, here)
        if direction > 0:
            return next((c for c in pending if c.bounds > place), pending[0])
        return next((c for c in reversed(pending) if c.bounds < place), pending[-1])

    def describe(self, candidate: Candidate) -> str:
        """Who marked a candidate, as the status bar says it."""
        who = ", ".join(candidate.annotators)
        share = f"{len(set(candidate.annotators))} of {len(self._annotators)}"
        label = self._project.labels.name_of(candidate.label_id, "?")
        return f"{label} by {who} ({share}): press its label key to accept it."
