"""A small trainer for service tests: it learns each label's words, with no library.

A real implementation of the :class:`~annotator.core.suggestions.base.Trainer` protocol
(learned words, saved as JSON, refused when damaged), much simpler than the linear model,
so tests of saving, loading and caching do not depend on how well scikit-learn learns.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Sequence

from annotator.core.suggestions.base import Context, LabelledPage, Page, Suggestion

_WORD = re.compile(r"\w+")
_LINE = re.compile(r"[^\n]+")
FORMAT = "keywords/1"


class KeywordRecommender:
    """Suggests a label for every line holding one of the words learned for it."""

    name = "learned"

    def __init__(self, words: dict[str, list[str]]) -> None:
        self.words = words
        digest = hashlib.sha256(self.to_bytes()).hexdigest()
        self.version = f"kw-{digest[:10]}"

    def suggest(self, page: Page, context: Context) -> list[Suggestion]:
        found: list[Suggestion] = []
        for line in _LINE.finditer(page.text):
            seen = {word.casefold() for word in _WORD.findall(line.group())}
            for label, words in self.words.items():
                hits = [word for word in words if word in seen]
                if hits and label in context.labels:
                    reason = f"like '{hits[0]}'"
                    found.append(
                        Suggestion(
                            line.start(), line.end(), label, 0.9, self.name, self.version, reason
                        )
                    )
                    break
        return found

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(self.words)

    def to_bytes(self) -> bytes:
        return json.dumps({"format": FORMAT, "words": self.words}, sort_keys=True).encode()


class KeywordTrainer:
    """Learns, for each label, the words found only in its spans."""

    name = "learned"

    def available(self) -> str | None:
        return None

    def train(self, pages: Sequence[LabelledPage], context: Context) -> KeywordRecommender:
        counts: dict[str, Counter[str]] = {}
        for labelled in pages:
            for start, end, label in labelled.spans:
                words = _WORD.findall(labelled.page.text[start:end].casefold())
                counts.setdefault(label, Counter()).update(words)
        if len(counts) < 2:
            raise ValueError("label at least two kinds of text before suggestions can learn")
        learned = {
            label: sorted(
                word
                for word in counter
                if len(word) > 3
                and all(word not in other for o, other in counts.items() if o != label)
            )
            for label, counter in counts.items()
        }
        return KeywordRecommender(learned)

    def load(self, data: bytes) -> KeywordRecommender:
        try:
            saved = json.loads(data)
        except ValueError as error:
            raise ValueError(f"the model is damaged ({error})") from None
        if not isinstance(saved, dict) or saved.get("format") != FORMAT:
            raise ValueError("the model was saved by another version")
        return KeywordRecommender(saved["words"])
