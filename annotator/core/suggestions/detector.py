"""The boilerplate detector as a recommender: no training, Boilerplate suggestions per line.

It wraps :func:`annotator.core.boilerplate.detect` and speaks for the project's label named
"Boilerplate" (in any case); a project without such a label gets nothing from it.
"""

from __future__ import annotations

from annotator.core.boilerplate import detect
from annotator.core.suggestions.base import Context, Page, Suggestion

#: The label the detector suggests, compared case-insensitively with the project's labels.
BOILERPLATE = "boilerplate"
#: Lines scoring under this are not worth showing at any threshold.
FLOOR = 0.2


class BoilerplateDetector:
    """Suggests Boilerplate for lines that look like widgets, cards or legal text."""

    name = "detector"
    #: Changes whenever the rules or weights of :mod:`annotator.core.boilerplate` change.
    version = "1"

    def suggest(self, page: Page, context: Context) -> list[Suggestion]:
        """One suggestion per line scoring at least :data:`FLOOR`."""
        label = next((name for name in context.labels if name.casefold() == BOILERPLATE), None)
        if label is None:
            return []
        return [
            Suggestion(
                candidate.start,
                candidate.end,
                label,
                candidate.score,
                self.name,
                self.version,
                candidate.reason,
            )
            for candidate in detect(page.text, context.corpus, FLOOR)
            if candidate.unit == "line"
        ]
