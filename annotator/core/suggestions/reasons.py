"""Why the learned recommender suggests a label: short reasons a person can check.

In order of preference: the labelled unit the suggestion is most like, when it is very
alike ("like 'Share: Facebook · X · Wha…'"); else the words and word pairs that pushed it
towards the label most ("words: donate, share"); else the detector's measure that did
("short line"). "repeated on N pages" follows when the line's repetition across the corpus
pushed it. A feature's push is its value times its weight for the label less the mean of its
weights for the other classes.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from annotator.core.boilerplate import STOP_WORDS
from annotator.core.suggestions.features import PageView
from annotator.core.suggestions.fitting import Hashed, hashed_names, text_characters
from annotator.core.suggestions.model_data import LinearModel

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

#: How alike (cosine of character n-grams) a labelled unit must be to be named.
LIKE = 0.8
#: How many words a reason names at most, and how long a quoted unit may be.
WORDS = 3
QUOTE_CHARS = 40
#: Rows compared with the examples at once (bounds the memory of a long page).
_CHUNK = 512
#: The detector's measures a reason may name, and how.
MEASURES = {
    "d:line_score": "the detector's score",
    "d:block_score": "the detector's score for its block",
    "d:block_repeated": "block repeated on other pages",
    "d:top": "near the page's top",
    "d:bottom": "near the page's bottom",
    "d:position": "late in the page",
    "d:words": "long sentence",
    "d:line_words": "long line",
    "d:short": "short",
    "d:ends": "sentence end",
    "d:prose": "reads as a sentence",
    "d:stop_share": "many stop words",
    "d:capital_share": "capitalised words",
    "d:digit_share": "digits",
    "d:whole_line": "a whole line",
    "d:in_line": "alone on its line",
    "d:element": "page structure",
    "d:landmark": "in the page's navigation or footer",
    "d:links": "mostly links",
}
_REPEATED = ("d:repeated", "d:repeated_often")


class Explainer:
    """Reasons for a model's suggestions (built once per model, reused for every page)."""

    def __init__(self, model: LinearModel) -> None:
        import numpy as np

        self._model = model
        weights = model.weights
        count = weights.shape[0]
        others = (weights.sum(axis=0, keepdims=True) - weights) / max(count - 1, 1)
        self._push = weights - others
        self._classes = {name: index for index, name in enumerate(model.classes)}
        names = [*MEASURES, *_REPEATED]
        self._named = dict(zip(names, self._positions(names), strict=True))
        self._examples: Any = None
        self._example_labels = np.array([label for label, _ in model.exemplars])

    def reasons(self, view: PageView, hashed: Hashed, picks: list[tuple[int, str]]) -> list[str]:
        """The reason for each ``(unit index, label)`` of ``view`` (``hashed``: its units)."""
        likes = self._likes(view, hashed, picks)
        words = [Counter(view.words[index]) for index, _ in picks]
        positions = iter(self._positions([name for group in words for name in group]))
        found: list[str] = []
        for (index, label), like, group in zip(picks, likes, words, strict=True):
            push = self._push[self._classes[label]]
            measures = view.measures[index]
            pushes = [
                (self._at(push, next(positions)) * count, name) for name, count in group.items()
            ]
            main = like or strongest_words(pushes) or self._strongest_measure(push, measures)
            repeated = sum(
                self._at(push, self._named[name]) * measures.get(name, 0.0) for name in _REPEATED
            )
            parts = [main] if main else []
            if view.repeated[index] >= 2 and repeated > 0:
                parts.append(f"repeated on {view.repeated[index]} pages")
            found.append("; ".join(parts) or "learned from your labels")
        return found

    def _strongest_measure(self, push: npt.NDArray[np.float64], measures: dict[str, float]) -> str:
        best, best_name = 0.0, ""
        for name, phrase in MEASURES.items():
            value = self._at(push, self._named[name]) * measures.get(name, 0.0)
            if value > best:
                best, best_name = value, phrase
        return best_name

    def _positions(self, names: list[str]) -> list[int]:
        """Where each name's column sits among the model's columns (-1: not there)."""
        import numpy as np

        if not names:
            return []
        columns = self._model.columns
        indices = hashed_names(self._model.config, names)
        position = np.minimum(np.searchsorted(columns, indices), max(columns.size - 1, 0))
        hit = columns[position] == indices if columns.size else np.zeros(len(names), dtype=bool)
        return [int(p) if h else -1 for p, h in zip(position, hit, strict=True)]

    @staticmethod
    def _at(push: npt.NDArray[np.float64], position: int) -> float:
        return float(push[position]) if position >= 0 else 0.0

    def _likes(self, view: PageView, hashed: Hashed, picks: list[tuple[int, str]]) -> list[str]:
        """For each pick, the very alike labelled unit of its label, quoted, or ""."""
        import numpy as np

        if not picks or not self._model.exemplars:
            return [""] * len(picks)
        if self._examples is None:
            texts = [text for _, text in self._model.exemplars]
            self._examples = text_characters(self._model.config, texts).T.tocsr()
        rows = np.array([index for index, _ in picks])
        found: list[str] = []
        for first in range(0, len(picks), _CHUNK):
            chunk = picks[first : first + _CHUNK]
            similar = (hashed.characters[rows[first : first + _CHUNK]] @ self._examples).toarray()
            for row, (_, label) in zip(similar, chunk, strict=True):
                row[self._example_labels != label] = -1.0
                best = int(np.argmax(row))
                quote = _quoted(self._model.exemplars[best][1])
                found.append(f"like {quote}" if row[best] >= LIKE else "")
        return found


def strongest_words(pushes: list[tuple[float, str]]) -> str:
    """The words that pushed most, as "words: donate, share"; grams of stop words, numbers
    and single characters alone are left out ("the", "to #" explain nothing)."""
    telling = [(push, name) for push, name in pushes if push > 0 and _telling(name)]
    strongest = [_shown(name) for _, name in sorted(telling, reverse=True)[:WORDS]]
    return f"words: {', '.join(strongest)}" if strongest else ""


def _telling(gram: str) -> bool:
    """Whether a gram holds a word a person can read as a reason."""
    return any(
        len(token) > 1 and token not in STOP_WORDS and not token.isdigit() for token in gram.split()
    )


def _shown(gram: str) -> str:
    """A gram as a person reads it: the features read every number as 0, shown as #."""
    return " ".join("#" if token == "0" else token for token in gram.split())


def _quoted(text: str) -> str:
    short = text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1].rstrip() + "…"
    return f"'{short}'"
