"""How the window names a suggestion, in its tooltip, the status bar and the list."""

from __future__ import annotations

from annotator.core.suggestions.base import Suggestion


def score_text(score: float) -> str:
    """A score as the window shows it: two decimals ("0.87")."""
    return f"{score:.2f}"


def describe(suggestion: Suggestion) -> str:
    """ "Suggested: Boilerplate · 0.87 · detector — repeated on 12 pages"."""
    text = f"Suggested: {suggestion.label} · {score_text(suggestion.score)} · {suggestion.source}"
    return f"{text} — {suggestion.reason}" if suggestion.reason else text


def brief(suggestion: Suggestion) -> str:
    """ "Boilerplate 0.87, repeated on 12 pages": the label, score and first reason, for the
    status bar (the tooltip and the list say the rest)."""
    first = suggestion.reason.split(";")[0].strip()
    text = f"{suggestion.label} {score_text(suggestion.score)}"
    return f"{text}, {first}" if first else text


def plural(count: int, word: str) -> str:
    """ "1 suggestion", "14 suggestions"."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
