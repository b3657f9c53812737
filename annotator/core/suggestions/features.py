"""What the learned recommender sees of a unit: its n-grams and the detector's measures.

Each unit (a sentence, :mod:`.units`) is described by

- the word 1-2-grams of its case-folded text, digits read as ``0``;
- the character n-grams of the same text, a space either side (the shape of "Posts: 0",
  "· Reply ·" or "©");
- the detector's measures (:mod:`annotator.core.boilerplate`), named ``d:...``: the line's
  score, its repetition across the corpus, the block's, the line's place in the page,
  lengths, sentence ends, stop-word, capital and digit shares, and, for an HTML import, the
  element signs (:mod:`.structure`). Each lies between 0 and 1.

They are hashed into a fixed number of columns later (:func:`.fitting.feature_matrix`), so
nothing but these rules has to be saved with a model: words and measures into the first half
of the columns, characters into the second (a word "ab" and a character pair "ab" stay
apart), each of the two n-gram parts scaled to unit length so a long sentence does not
outweigh a short one.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass
from typing import Any

from annotator.core.boilerplate import (
    Candidate,
    Shape,
    block_repetition_pages,
    detect,
    repetition_pages,
    shape,
)
from annotator.core.segments import Bounds
from annotator.core.suggestions.base import Context, Page
from annotator.core.suggestions.structure import NO_SIGN, PageStructure
from annotator.core.suggestions.units import Unit, line_count, page_units, visible

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_DIGITS = re.compile(r"\d+")
_DIGIT = re.compile(r"\d")
_SPACES = re.compile(r"\s+")
#: Lines from the top or the bottom of the page within which "near the edge" fades out.
EDGE_LINES = 8
#: Word counts from which "long" is 1.
LONG_WORDS = 40


@dataclass(frozen=True, slots=True)
class FeatureConfig:
    """The feature rules, saved with a model (changing them changes every column).

    Attributes:
        word_ngrams: Shortest and longest word n-grams.
        char_ngrams: Shortest and longest character n-grams.
        word_weight: Length of the word n-gram part of each unit's vector.
        char_weight: Length of the character n-gram part.
        dense_weight: Factor on the detector's measures.
        columns: How many columns the features are hashed into (an even number: half for
            words and measures, half for characters).
    """

    word_ngrams: tuple[int, int] = (1, 2)
    char_ngrams: tuple[int, int] = (2, 4)
    word_weight: float = 1.0
    char_weight: float = 1.0
    dense_weight: float = 1.0
    columns: int = 2**20

    def as_json(self) -> dict[str, Any]:
        """The rules as JSON-ready data."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: Any) -> FeatureConfig:
        """The rules :meth:`as_json` wrote.

        Raises:
            ValueError: A rule is missing or of the wrong type.
        """
        if not isinstance(data, dict) or set(data) != set(cls.__dataclass_fields__):
            raise ValueError("The saved feature rules are incomplete.")
        ranges = [data["word_ngrams"], data["char_ngrams"]]
        if not all(_is_range(value) for value in ranges):
            raise ValueError("A saved n-gram range is not two growing numbers from 1 to 8.")
        weights = [data["word_weight"], data["char_weight"], data["dense_weight"]]
        if not all(isinstance(w, int | float) and math.isfinite(w) and w >= 0 for w in weights):
            raise ValueError("A saved feature weight is not a finite number of at least 0.")
        columns = data["columns"]
        if type(columns) is not int or not 2**10 <= columns <= 2**24 or columns % 2:
            raise ValueError("The saved number of hashed columns is out of range.")
        word, char, dense = (float(weight) for weight in weights)
        return cls(
            (ranges[0][0], ranges[0][1]), (ranges[1][0], ranges[1][1]), word, char, dense, columns
        )


def _is_range(value: Any) -> bool:
    return (
        isinstance(value, list | tuple)
        and len(value) == 2
        and all(type(n) is int for n in value)
        and 1 <= value[0] <= value[1] <= 8
    )


@dataclass(frozen=True, slots=True)
class PageView:
    """A page cut into units, with what the model sees of each.

    Attributes:
        text: The page's text.
        units: The page's units, in text order.
        words: Each unit's word n-grams.
        measures: Each unit's detector measures, by name (``d:...``), times the rules'
            ``dense_weight``.
        repeated: On how many documents each unit's line occurs.
    """

    text: str
    units: list[Unit]
    words: list[list[str]]
    measures: list[dict[str, float]]
    repeated: list[int]

    def unit_text(self, index: int) -> str:
        """The text of the unit at ``index``."""
        unit = self.units[index]
        return self.text[unit.start : unit.end]


def folded(text: str) -> str:
    """Text as the n-grams see it: case-folded, digits as ``0``, white space collapsed."""
    return _SPACES.sub(" ", _DIGITS.sub("0", text.casefold())).strip()


def word_grams(text: str, sizes: tuple[int, int]) -> list[str]:
    """The word n-grams of folded ``text``, without their ``w:`` prefix."""
    tokens = _WORD.findall(text)
    low, high = sizes
    return [
        " ".join(tokens[at : at + size])
        for size in range(low, high + 1)
        for at in range(len(tokens) - size + 1)
    ]


def char_grams(text: str, sizes: tuple[int, int]) -> list[str]:
    """The character n-grams of folded ``text`` with a space either side."""
    padded = f" {text} "
    low, high = sizes
    return [
        padded[at : at + size]
        for size in range(low, high + 1)
        for at in range(len(padded) - size + 1)
    ]


def page_view(page: Page, context: Context, config: FeatureConfig) -> PageView:
    """The units of ``page`` and their features (``context.corpus`` counts the page too)."""
    text = page.text
    units = page_units(text)
    candidates = {(c.start, c.end): c for c in detect(text, context.corpus)}
    structure = PageStructure.of(page.structure)
    lines = line_count(units)
    lines_seen: dict[Bounds, tuple[Shape, int]] = {}
    blocks_seen: dict[Bounds, int] = {}
    words: list[list[str]] = []
    measures: list[dict[str, float]] = []
    repeated: list[int] = []
    for unit in units:
        if unit.line not in lines_seen:
            line_text = text[unit.line[0] : unit.line[1]]
            lines_seen[unit.line] = (shape(line_text), repetition_pages(line_text, context.corpus))
        if unit.block not in blocks_seen:
            blocks_seen[unit.block] = block_repetition_pages(text, unit.block, context.corpus)
        line_shape, pages = lines_seen[unit.line]
        dense = _measures(text, unit, lines, candidates, line_shape, pages)
        dense["block_repeated"] = float(blocks_seen[unit.block] >= 2)
        sign = structure.sign(*unit.line) if structure is not None else NO_SIGN
        dense.update(
            {"element": sign.weight, "landmark": sign.landmark, "links": sign.link_density}
        )
        words.append(word_grams(folded(text[unit.start : unit.end]), config.word_ngrams))
        measures.append({f"d:{name}": config.dense_weight * value for name, value in dense.items()})
        repeated.append(pages)
    return PageView(text, units, words, measures, repeated)


def _measures(
    text: str,
    unit: Unit,
    lines: int,
    candidates: dict[Bounds, Candidate],
    line_shape: Shape,
    pages: int,
) -> dict[str, float]:
    """The detector's measures of a unit, each from 0 to 1."""
    sentence = text[unit.start : unit.end]
    own = shape(sentence)
    line = candidates[unit.line]
    block = candidates.get(unit.block, line)
    size = visible(sentence)
    digits = len(_DIGIT.findall(sentence))
    from_bottom = lines - 1 - unit.line_index
    return {
        "line_score": line.score,
        "block_score": block.score,
        "repeated": float(pages >= 2),
        "repeated_often": float(pages >= 3),
        "top": max(0.0, 1.0 - unit.line_index / EDGE_LINES),
        "bottom": max(0.0, 1.0 - from_bottom / EDGE_LINES),
        "position": unit.start / max(len(text), 1),
        "words": min(own.words, LONG_WORDS) / LONG_WORDS,
        "line_words": min(line_shape.words, LONG_WORDS) / LONG_WORDS,
        "short": float(own.words <= 3),
        "ends": float(own.ends),
        "line_ends": float(line_shape.ends),
        "prose": float(own.prose),
        "stop_share": own.stop_share,
        "capital_share": own.capital_share,
        "digit_share": digits / max(size, 1),
        "whole_line": float(unit.whole_line),
        "in_line": 1.0 / unit.in_line,
    }
