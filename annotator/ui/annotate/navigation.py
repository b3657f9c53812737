"""Keyboard movement by sentence, paragraph, span and unlabelled stretch, and span nudging."""

from __future__ import annotations

from collections.abc import Callable

from annotator.core import segments
from annotator.core.model import Label, Span
from annotator.core.segments import Bounds
from annotator.core.shown_layer import ShownLayer
from annotator.ui.actions import ActionId
from annotator.ui.annotate.labelling import Labelling
from annotator.ui.widgets.messages import Messages

SENTENCE, PARAGRAPH = "sentence", "paragraph"


class TextNavigation:
    """Moves and extends the selection in the shown document; all offsets are code points.

    It reads the window's :class:`ShownLayer` and asks it to move the caret (the view
    follows); sentences, paragraphs and words are computed once per shown document, on first
    use. What it has to say (no next sentence …) goes to the window's message bridge.
    """

    def __init__(self, shown: ShownLayer, labelling: Labelling, messages: Messages) -> None:
        self._shown = shown
        self._labelling = labelling
        self._messages = messages
        self._cache_key: tuple[int | None, int] = (None, 0)
        self._units: dict[str, list[Bounds]] = {}
        #: Where the last O press was (document, caret) and the character it cycles on.
        self._cycle: tuple[tuple[int | None, int], int] | None = None

    def _get(self, kind: str) -> list[Bounds]:
        key = (self._shown.document_id, len(self._shown.text))
        if key != self._cache_key:
            self._cache_key, self._units = key, {}
        if kind not in self._units:
            split = {SENTENCE: segments.sentences, PARAGRAPH: segments.paragraphs}
            self._units[kind] = split.get(kind, segments.words)(self._shown.text)
        return self._units[kind]

    def _anchor(self) -> tuple[int, int]:
        return self._shown.selection or (self._shown.caret,) * 2

    def select(self, kind: str, step: int) -> None:
        """Select the next (+1) or previous (-1) sentence or paragraph.

        With no selection, "next" selects the one the caret is in.
        """
        units = self._get(kind)
        start, _ = self._anchor()
        if step > 0 and self._shown.selection is None:
            index = segments.unit_at(units, start)
            target = units[index] if index < len(units) else None
        elif step > 0:
            target = segments.next_unit(units, start)
        else:
            target = segments.previous_unit(units, start)
        if target is None:
            self._messages.say(f"No {'next' if step > 0 else 'previous'} {kind}.")
            return
        self._shown.move_caret(*target)

    def extend(self, kind: str, step: int) -> None:
        """Grow (+1) or shrink (-1) the selection's end by one sentence or word."""
        start, end = self._anchor()
        units = self._get(kind)
        if step > 0:
            later = [unit_end for _, unit_end in units if unit_end > end]
            new_end = later[0] if later else end
        else:
            earlier = [unit_end for _, unit_end in units if start < unit_end < end]
            new_end = earlier[-1] if earlier else end
        if new_end == end:
            self._messages.say(
                f"The selection cannot {'grow' if step > 0 else 'shrink'} by a {kind}."
            )
            return
        self._shown.move_caret(start, new_end)

    def label_paragraph(self, label: Label) -> None:
        """Label the whole paragraph the caret is in."""
        paragraphs = self._get(PARAGRAPH)
        index = segments.unit_at(paragraphs, self._anchor()[0])
        if index >= len(paragraphs) or self._shown.document_id is None:
            self._messages.say("Put the cursor in a paragraph to label it.")
            return
        self._labelling.label_range(label, paragraphs[index])

    def unlabelled(self, step: int) -> None:
        """Select the next (+1) or previous (-1) stretch of text that no span covers."""
        covered = [(span.start, span.end) for span in self._shown.spans]
        start, end = self._anchor()
        if step > 0:
            target = segments.uncovered(self._shown.text, covered, end)
        else:
            stretches = segments.all_uncovered(self._shown.text, covered)
            before = [stretch for stretch in stretches if stretch[0] < start]
            target = before[-1] if before else None
        if target is None:
            self._messages.say(
                "Every bit of text " + ("after" if step > 0 else "before") + " this is labelled."
            )
            return
        self._shown.move_caret(*target)

    def span(self, step: int) -> None:
        """Make the next (+1) or previous (-1) span current."""
        spans = list(self._shown.spans)
        if not spans:
            self._messages.say("This document has no spans yet.")
            return
        current = self._shown.current
        keys = [(s.start, s.end, s.id) for s in spans]
        if current is not None:
            position = keys.index((current.start, current.end, current.id)) + step
        else:
            offset = self._shown.caret
            later = [i for i, s in enumerate(spans) if s.start > offset]
            earlier = [i for i, s in enumerate(spans) if s.start < offset]
            position = (
                (later[0] if later else len(spans))
                if step > 0
                else (earlier[-1] if earlier else -1)
            )
        if not 0 <= position < len(spans):
            self._messages.say("This is the last span." if step > 0 else "This is the first span.")
            return
        self._shown.make_current(spans[position])

    def cycle_overlapping(self) -> None:
        """Make the next of the spans at the caret current, nested ones included.

        The caret stays where it is, and presses that follow each other cycle through the
        spans holding the character the first press was on, innermost first.
        """
        shown = self._shown
        here = (shown.document_id, shown.caret)
        if self._cycle is None or self._cycle[0] != here:
            self._cycle = (here, _character_at_caret(shown))
        spans = shown.spans.at(self._cycle[1])
        if len(spans) < 2:
            self._messages.say("Only one span here." if spans else "No span under the cursor.")
            return
        current = shown.current
        index = next((i for i, s in enumerate(spans) if current and s.id == current.id), -1)
        chosen = spans[(index + 1) % len(spans)]
        shown.make_current(chosen, caret="keep")
        self._messages.say(
            f"Span {spans.index(chosen) + 1} of {len(spans)} here (innermost first)."
        )

    def nudge(self, edge: str, step: int) -> None:
        """Move the current span's ``edge`` ("start" or "end") by one word; +1 is rightwards."""
        span = self._shown.current
        if span is None:
            self._messages.say("Put the cursor in a span to move its edges.")
            return
        bound = _moved_bound(self._get("word"), span, edge, step)
        if bound is None:
            self._messages.say(f"The span's {edge} cannot move further that way.")
            return
        start, end = (bound, span.end) if edge == "start" else (span.start, bound)
        self._labelling.change(span, {"start": start, "end": end}, f"Move Span {edge.title()}")
        moved = self._shown.spans.get(span.id)
        if moved is not None:  # keep working on the same span, the caret at the moved edge
            self._shown.make_current(moved, caret="start" if edge == "start" else "end")

    def action_handlers(self) -> dict[ActionId, Callable[[], object]]:
        """What each of the window's moving actions does, for it to connect."""
        return {
            ActionId.NEXT_SENTENCE: lambda: self.select(SENTENCE, +1),
            ActionId.PREVIOUS_SENTENCE: lambda: self.select(SENTENCE, -1),
            ActionId.NEXT_PARAGRAPH: lambda: self.select(PARAGRAPH, +1),
            ActionId.PREVIOUS_PARAGRAPH: lambda: self.select(PARAGRAPH, -1),
            ActionId.EXTEND_SENTENCE: lambda: self.extend(SENTENCE, +1),
            ActionId.SHRINK_SENTENCE: lambda: self.extend(SENTENCE, -1),
            ActionId.NEXT_UNLABELLED: lambda: self.unlabelled(+1),
            ActionId.PREVIOUS_UNLABELLED: lambda: self.unlabelled(-1),
            ActionId.NEXT_SPAN: lambda: self.span(+1),
            ActionId.PREVIOUS_SPAN: lambda: self.span(-1),
            ActionId.CYCLE_OVERLAPPING: self.cycle_overlapping,
            ActionId.SPAN_END_RIGHT: lambda: self.nudge("end", +1),
            ActionId.SPAN_END_LEFT: lambda: self.nudge("end", -1),
            ActionId.SPAN_START_LEFT: lambda: self.nudge("start", -1),
            ActionId.SPAN_START_RIGHT: lambda: self.nudge("start", +1),
        }


def _character_at_caret(shown: ShownLayer) -> int:
    """The character the caret is on: inside the current span (the caret may be at its
    end), else the one after the caret, or before it where no span holds the one after."""
    caret = shown.caret
    current = shown.current
    if current is not None:
        return min(max(caret, current.start), current.end - 1)
    return caret if caret == 0 or shown.spans.at(caret) else caret - 1


def _moved_bound(words: list[Bounds], span: Span, edge: str, step: int) -> int | None:
    """The word boundary one word away from a span edge, keeping the span non-empty."""
    if edge == "end":
        ends = [end for _, end in words]
        candidates = (
            [e for e in ends if e > span.end]
            if step > 0
            else [e for e in ends if span.start < e < span.end]
        )
        return (candidates[0] if step > 0 else candidates[-1]) if candidates else None
    starts = [start for start, _ in words]
    candidates = (
        [s for s in starts if span.start < s < span.end]
        if step > 0
        else [s for s in starts if s < span.start]
    )
    return (candidates[0] if step > 0 else candidates[-1]) if candidates else None
