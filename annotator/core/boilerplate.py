"""Boilerplate on scraped pages, found without training.

Every line of a page, and every block of several lines (blocks are separated by blank lines,
as :func:`annotator.core.segments.blocks` finds them), becomes a candidate range with a score
from 0 to 1 and a short reason a person can check. The rule is fixed and documented below; it
learns nothing, so it works on the first page of a new project.

The strongest sign is repetition across the project: a line that appears, after
normalisation, on several documents is almost surely a widget, a user card or a footer.
:class:`CorpusLines` counts that once over the corpus, keeping only 8-byte hashes of the
normalised lines, and :func:`detect` then scores one document at a time.

The score combines independent signs as a noisy-or, ``1 - (1 - w1)(1 - w2)...``, so each sign
can only raise it and no sum runs past 1::

    score = 1 - (1 - repetition) * (1 - prose * other)

where ``repetition`` is :data:`REPEATED_TWICE` or :data:`REPEATED_OFTEN` (0 on one page only),
``other`` is the noisy-or of the line's own signs (vocabulary, user-card fields, date stamps,
shortness, few stop words, mostly capitalised words), and ``prose`` is :data:`PROSE_FACTOR` when
the line reads as an ordinary sentence (1 otherwise). Prose weakens the line's own signs but
not repetition: a donation appeal written as full sentences is still boilerplate when every
page carries it. A block's score is the noisy-or of its own repetition and the length-weighted
mean of its lines' scores. All offsets are code points.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from annotator.core.segments import Bounds, blocks, lines, words

#: Weight of a line found on exactly two documents, and on three or more.
REPEATED_TWICE = 0.6
REPEATED_OFTEN = 0.85
#: A line that reads as a sentence, without widget or legal words, found on exactly two
#: pages: as often a sentence quoted or reposted (an aggregator's excerpt) as boilerplate.
REPEATED_TWICE_PROSE = 0.3
#: Copyright, cookie and legal words, on a line of any length (a sentence too).
LEGAL = 0.7
#: Three or more short items between separators ("Home | News | Sport", "Forum › Baking").
MENU = 0.6
#: A user-card field at the start of a line ("Joined: March 2019", "Posts: 1,204").
CARD_FIELD = 0.65
#: Widget words (share, subscribe, donate, reply ...) on a short line, and on a long one.
WIDGET_SHORT = 0.55
WIDGET_LONG = 0.15
#: A short line that is mostly a date ("March 3, 2019 at 10:42").
DATE_STAMP = 0.4
#: A short line without final punctuation: menus, buttons, names.
SHORT_NO_END = 0.3
#: Few stop words: lists of names or links rather than sentences.
FEW_STOP_WORDS = 0.2
#: Mostly capitalised words: menus and title-cased link lists.
CAPITALISED = 0.2
#: Multiplies the line's own signs when it reads as a sentence.
PROSE_FACTOR = 0.4

SHORT_WORDS = 6  # "short line": at most this many words
WIDGET_SHORT_WORDS = 12  # widget words count fully up to this many words
PROSE_WORDS = 8  # "reads as a sentence": at least this many words ...
PROSE_STOP_SHARE = 0.25  # ... this share of stop words, and a sentence end
FEW_STOP_SHARE = 0.1
CAPITAL_SHARE = 0.6
#: A line's score from which a block counts it as boilerplate in its reason.
LIKELY = 0.5

#: A small English stop-word list: the words that make a line read as a sentence.
STOP_WORDS_TEXT = (
    "a about after all also am an and any are as at be been before being but by can could did do "
    "does for from had has have he her here him his how i if in into is it its just me more most "
    "my no not now of on only or other our out over said she so some than that the their them "
    "then there these they this those through to too up us very was we were what when where which "
    "while who will with would you your"
)
STOP_WORDS = frozenset(STOP_WORDS_TEXT.split())
_WIDGET_WORDS = (
    "share",
    "shares",
    "subscribe",
    "donate",
    "donation",
    "reply",
    "replies",
    "quote",
    "joined",
    "posts",
    "sign in",
    "sign up",
    "log in",
    "login",
    "register",
    "newsletter",
    "advertisement",
    "sponsored",
    "related",
    "read more",
    "follow us",
    "comments",
    "tweet",
    "facebook",
    "twitter",
    "whatsapp",
    "email",
    "print",
    "permalink",
    "report",
    "like",
    "back to top",
    "skip to content",
    "menu",
)
_LEGAL_WORDS = (
    "©",
    "copyright",
    "all rights reserved",
    "cookie",
    "cookies",
    "privacy policy",
    "terms of use",
    "terms of service",
)


def _vocabulary(phrases: Iterable[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(phrase) for phrase in phrases)
    # © is not a word character, so word boundaries are spelled as "no letter either side".
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


_WIDGET = _vocabulary(_WIDGET_WORDS)
#: Widget words that are everyday words too ("smells like", "a report"): they count only
#: on a short line, where they are buttons.
_WEAK_WIDGET_WORDS = frozenset({"like", "report", "print", "email", "related", "menu", "quote"})
#: The signs the prose factor does not weaken (see :func:`_score_line`), by their reasons.
_FIRM_SIGNS = ("legal/cookie words", "menu or breadcrumb")
#: The signs that come from the widget, legal and user-card vocabularies, by their reasons.
_VOCABULARY_SIGNS = ("legal/cookie words", "widget words", "user card field")
#: What separates the items of a menu or a breadcrumb trail.
_SEPARATORS = re.compile(r"\s+[|·•›»/>]\s+|\s*[|·•›»]\s*")
MENU_ITEM_WORDS = 4
_LEGAL = _vocabulary(_LEGAL_WORDS)
_CARD_FIELD = re.compile(
    r"^(joined|posts|messages|registered|member since|location|reputation|likes|karma|"
    r"points|rank)\s*:",
)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DATE = re.compile(
    rf"{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH}\s+\d{{4}}"
    rf"|{_MONTH}\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}"
)
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]»]*$")
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")

DocumentKey = Hashable


def normalise(line: str) -> str:
    """A line as compared across documents: case-folded, digits and white space collapsed."""
    return _SPACE.sub(" ", _DIGITS.sub("0", line.casefold())).strip()


def _digest(normal: str) -> int:
    # Lone surrogates can reach us from broken imports; they must hash, not raise.
    data = normal.encode("utf-8", "surrogatepass")
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big")


def _units(text: str) -> Iterator[tuple[Bounds, list[Bounds]]]:
    """Each block with its lines."""
    for block in blocks(text):
        yield block, lines(text, *block)


def _block_normal(text: str, block_lines: list[Bounds]) -> str:
    return "\n".join(normalise(text[start:end]) for start, end in block_lines)


class CorpusLines:
    """In how many documents of a corpus each normalised line (and multi-line block) occurs.

    Only hashes are kept, so a large project costs 8 bytes and a counter entry per distinct
    line, never the lines themselves.
    """

    def __init__(self) -> None:
        self._pages: Counter[int] = Counter()
        self._keys: set[DocumentKey] = set()

    @classmethod
    def build(cls, documents: Iterable[tuple[DocumentKey, str]]) -> CorpusLines:
        """Count the lines of ``(document key, text)`` pairs, read once, in order."""
        corpus = cls()
        for key, text in documents:
            corpus.add(key, text)
        return corpus

    def add(self, key: DocumentKey, text: str) -> None:
        """Count one document's lines; a key already counted raises ``ValueError``."""
        if key in self._keys:
            raise ValueError(f"document {key!r} is already counted")
        self._keys.add(key)
        seen: set[int] = set()
        for _, block_lines in _units(text):
            seen.update(_digest(normalise(text[start:end])) for start, end in block_lines)
            if len(block_lines) > 1:
                seen.add(_digest(_block_normal(text, block_lines)))
        self._pages.update(seen)

    @property
    def documents(self) -> int:
        """How many documents were counted."""
        return len(self._keys)

    def pages_with(self, normal: str) -> int:
        """On how many documents the normalised line (or block) occurs."""
        return self._pages[_digest(normal)]


@dataclass(frozen=True, slots=True)
class Candidate:
    """A range that may be boilerplate, with its score and why."""

    start: int
    end: int
    score: float
    reason: str
    unit: Literal["block", "line"]


def detect(text: str, corpus: CorpusLines, min_score: float = 0.0) -> list[Candidate]:
    """Score every line and every multi-line block of ``text``.

    ``corpus`` should have counted ``text`` itself: "repeated" means found on at least two
    documents, this one included. Candidates come in text order, a block before its lines;
    those scoring under ``min_score`` are left out.
    """
    found: list[Candidate] = []
    for block, block_lines in _units(text):
        scored = [_score_line(text, bounds, corpus) for bounds in block_lines]
        if len(block_lines) > 1:
            found.append(_score_block(text, block, block_lines, scored, corpus))
        found.extend(scored)
    return [candidate for candidate in found if candidate.score >= min_score]


def _repetition(pages: int, prose: bool = False) -> tuple[float, str] | None:
    if pages < 2:
        return None
    if pages == 2 and prose:
        return REPEATED_TWICE_PROSE, "repeated on 2 pages (a sentence: perhaps quoted)"
    weight = REPEATED_TWICE if pages == 2 else REPEATED_OFTEN
    return weight, f"repeated on {pages} pages"


def _noisy_or(weights: Iterable[float]) -> float:
    remaining = 1.0
    for weight in weights:
        remaining *= 1.0 - weight
    return 1.0 - remaining


def _score_line(text: str, bounds: Bounds, corpus: CorpusLines) -> Candidate:
    line = text[bounds[0] : bounds[1]]
    folded = line.casefold()
    signs, prose = _line_signs(line, folded)
    # A plain sentence on two pages may be quoted; with widget or legal words it is a widget.
    worded = any(reason.startswith(_VOCABULARY_SIGNS) for _, reason in signs)
    repeated = _repetition(repetition_pages(line, corpus), prose and not worded)
    # Legal words and menus say "boilerplate" even in a full sentence; the other signs less so.
    firm = [weight for weight, reason in signs if reason.startswith(_FIRM_SIGNS)]
    soft = [weight for weight, reason in signs if not reason.startswith(_FIRM_SIGNS)]
    other = _noisy_or(soft) * (PROSE_FACTOR if prose else 1.0)
    score = _noisy_or([repeated[0] if repeated else 0.0, other, *firm])
    reasons = ([repeated] if repeated else []) + sorted(signs, reverse=True)
    text_reasons = [reason for _, reason in reasons]
    if prose:
        text_reasons.append("though it reads as a sentence")
    return Candidate(*bounds, round(score, 4), "; ".join(text_reasons) or "no sign", "line")


@dataclass(frozen=True, slots=True)
class Shape:
    """How a piece of text reads: the measures the detector's signs are made of.

    Attributes:
        words: How many words it has.
        stop_share: The share of its words that are stop words (:data:`STOP_WORDS`).
        capital_share: The share of its words starting with a letter that start with a
            capital.
        lettered: How many of its words start with a letter.
        ends: Whether it ends like a sentence (final punctuation, closing quotes aside).
    """

    words: int
    stop_share: float
    capital_share: float
    lettered: int
    ends: bool

    @property
    def prose(self) -> bool:
        """Whether it reads as an ordinary sentence (long enough, stop words, an end)."""
        return self.words >= PROSE_WORDS and self.stop_share >= PROSE_STOP_SHARE and self.ends


def shape(text: str) -> Shape:
    """The measures of ``text`` (a line, a sentence) that the detector's signs use."""
    tokens = [text[start:end] for start, end in words(text)]
    count = len(tokens)
    stop_share = sum(token.casefold() in STOP_WORDS for token in tokens) / max(count, 1)
    lettered = [token for token in tokens if token[0].isalpha()]
    capital_share = sum(token[0].isupper() for token in lettered) / max(len(lettered), 1)
    ends = bool(_SENTENCE_END.search(text))
    return Shape(count, stop_share, capital_share, len(lettered), ends)


def repetition_pages(text: str, corpus: CorpusLines) -> int:
    """On how many documents of ``corpus`` the line ``text`` occurs, after normalisation."""
    return corpus.pages_with(normalise(text))


def block_repetition_pages(text: str, block: Bounds, corpus: CorpusLines) -> int:
    """On how many documents of ``corpus`` the block ``text[block]`` occurs as a whole.

    A block of one line is its line (:func:`repetition_pages`).
    """
    return corpus.pages_with(_block_normal(text, lines(text, *block)))


def _line_signs(line: str, folded: str) -> tuple[list[tuple[float, str]], bool]:
    """The line's own signs as (weight, reason), and whether it reads as a sentence."""
    measures = shape(line)
    count, stop_share, ends = measures.words, measures.stop_share, measures.ends
    signs: list[tuple[float, str]] = []
    if legal := _found(_LEGAL, folded):
        signs.append((LEGAL, f"legal/cookie words: {legal}"))
    if card := _CARD_FIELD.match(folded):
        signs.append((CARD_FIELD, f"user card field '{card.group(1)}:'"))
    if menu := _menu_items(line):
        signs.append((MENU, f"menu or breadcrumb: {menu} items between separators"))
    if widget := _found(_WIDGET, folded, weak_too=count <= SHORT_WORDS):
        weight = WIDGET_SHORT if count <= WIDGET_SHORT_WORDS else WIDGET_LONG
        signs.append((weight, f"widget words: {widget}"))
    if count <= WIDGET_SHORT_WORDS and _DATE.search(folded):
        signs.append((DATE_STAMP, "date stamp"))
    if count <= SHORT_WORDS and not ends:
        signs.append((SHORT_NO_END, "short line without a sentence end"))
    if count >= 3 and stop_share < FEW_STOP_SHARE:
        signs.append((FEW_STOP_WORDS, "few stop words"))
    if measures.lettered >= 2 and measures.capital_share >= CAPITAL_SHARE:
        signs.append((CAPITALISED, "mostly capitalised words"))
    return signs, measures.prose


def _found(vocabulary: re.Pattern[str], folded: str, *, weak_too: bool = True) -> str:
    """The distinct vocabulary words in ``folded``, in order, joined by commas; the words
    that are also everyday words (:data:`_WEAK_WIDGET_WORDS`) only if ``weak_too``."""
    found = (match.group() for match in vocabulary.finditer(folded))
    return ", ".join(dict.fromkeys(w for w in found if weak_too or w not in _WEAK_WIDGET_WORDS))


def _menu_items(line: str) -> int:
    """How many items a menu or breadcrumb line has (0: it is not one): three or more parts
    between separators, each of at most :data:`MENU_ITEM_WORDS` words."""
    parts = [part.strip() for part in _SEPARATORS.split(line)]
    if len(parts) < 3 or not all(parts):
        return 0
    if any(len(words(part)) > MENU_ITEM_WORDS for part in parts):
        return 0
    return len(parts)


def _score_block(
    text: str,
    block: Bounds,
    block_lines: list[Bounds],
    scored: list[Candidate],
    corpus: CorpusLines,
) -> Candidate:
    sizes = [end - start for start, end in block_lines]
    mean = sum(size * line.score for size, line in zip(sizes, scored, strict=True)) / sum(sizes)
    repeated = _repetition(corpus.pages_with(_block_normal(text, block_lines)))
    score = _noisy_or([repeated[0] if repeated else 0.0, mean])
    likely = sum(line.score >= LIKELY for line in scored)
    reasons = [f"block {repeated[1]}"] if repeated else []
    reasons.append(f"{likely} of {len(scored)} lines look like boilerplate")
    return Candidate(*block, round(score, 4), "; ".join(reasons), "block")
