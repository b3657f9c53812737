"""Occurrences of text the annotator labelled, offered in other documents as suggestions.

"Label every occurrence … across the project" finds each exact, whole-word occurrence of a
labelled text in the other documents and offers it here; the suggestion service then shows
them like any recommender's, under the same rules (never over labelled text, never where the
annotator rejected that label). They live in memory, for the window that offered them: they
are not saved, and a restart forgets them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from annotator.core.find import compile_query
from annotator.core.suggestions.base import Context, Page, Suggestion

#: The recommender's name, which the suggestions (and the origins of accepted ones) carry.
OCCURRENCE = "occurrence"


def occurrences(text: str, needle: str) -> Iterator[tuple[int, int]]:
    """Every exact occurrence of ``needle`` in ``text`` that neither starts nor ends inside a
    word ("cat" is not found in "category"), as code-point ranges in text order."""
    matcher = compile_query(needle, case_sensitive=True, whole_words=True)
    if matcher is not None:
        yield from matcher.hits(text)


class OccurrenceSuggestions:
    """The occurrences offered so far, by document: a recommender over them.

    Offering is done on the GUI thread while a worker may be asking for suggestions: each
    offer replaces the whole mapping at once, so a reader sees it before or after, never half.
    """

    name = OCCURRENCE
    version = "1"

    def __init__(self) -> None:
        self._offered: Mapping[int, tuple[Suggestion, ...]] = {}

    def offer(self, found: Mapping[int, Sequence[Suggestion]]) -> None:
        """Add suggestions, by document id (kept beside those offered before)."""
        merged = {key: list(value) for key, value in self._offered.items()}
        for document_id, suggestions in found.items():
            merged.setdefault(document_id, []).extend(suggestions)
        self._offered = {
            key: tuple(sorted(set(value), key=_order)) for key, value in merged.items()
        }

    def clear(self) -> None:
        """Forget every offer (another annotator works in the window now)."""
        self._offered = {}

    def documents(self) -> list[int]:
        """The documents something was offered in."""
        return sorted(self._offered)

    def suggest(self, page: Page, context: Context) -> list[Suggestion]:
        """What was offered in this page, for labels the project still has."""
        labels = set(context.labels)
        return [
            suggestion
            for suggestion in self._offered.get(page.key, ())
            if suggestion.label in labels and suggestion.end <= len(page.text)
        ]


def _order(suggestion: Suggestion) -> tuple[int, int, str]:
    return suggestion.start, suggestion.end, suggestion.label
