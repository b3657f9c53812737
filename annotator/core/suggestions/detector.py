"""The boilerplate detector as a recommender: no training, Boilerplate suggestions per line.

It wraps :func:`annotator.core.boilerplate.detect` and speaks for the project's label named
"Boilerplate" (in any case); a project without such a label gets nothing from it. For an
imported HTML page (:attr:`~.base.Page.structure`), the element signs of :mod:`.structure`
(navigation, footer, aside, a widget's class, mostly links) join the line's score as one more
sign of the noisy-or; a page without structure is scored by the text alone.
"""

from __future__ import annotations

from annotator.core.boilerplate import Candidate, detect
from annotator.core.suggestions.base import Context, Page, Suggestion
from annotator.core.suggestions.structure import PageStructure

#: The label the detector suggests, compared case-insensitively with the project's labels.
BOILERPLATE = "boilerplate"
#: Lines scoring under this are not worth showing at any threshold.
FLOOR = 0.2


class BoilerplateDetector:
    """Suggests Boilerplate for lines that look like widgets, cards or legal text."""

    name = "detector"
    #: Changes whenever the rules or weights of :mod:`annotator.core.boilerplate` change.
    #: 2: the element signs of HTML imports.
    version = "3"

    def suggest(self, page: Page, context: Context) -> list[Suggestion]:
        """One suggestion per line scoring at least :data:`FLOOR`.

        Raises:
            ValueError: The page's block map is malformed.
        """
        label = next((name for name in context.labels if name.casefold() == BOILERPLATE), None)
        if label is None:
            return []
        structure = PageStructure.of(page.structure)
        found: list[Suggestion] = []
        for candidate in detect(page.text, context.corpus):
            if candidate.unit != "line":
                continue
            score, reason = _with_structure(candidate, structure)
            if score >= FLOOR:
                found.append(
                    Suggestion(
                        candidate.start,
                        candidate.end,
                        label,
                        score,
                        self.name,
                        self.version,
                        reason,
                    )
                )
        return found


def _with_structure(candidate: Candidate, structure: PageStructure | None) -> tuple[float, str]:
    """The line's score and reason, with its block's element signs when there are any."""
    if structure is None:
        return candidate.score, candidate.reason
    sign = structure.sign(candidate.start, candidate.end)
    if not sign.weight:
        return candidate.score, candidate.reason
    score = 1.0 - (1.0 - candidate.score) * (1.0 - sign.weight)
    reason = sign.reason if candidate.reason == "no sign" else f"{candidate.reason}; {sign.reason}"
    return round(score, 4), reason
