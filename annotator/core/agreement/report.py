"""The figures of one comparison, and their JSON form."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from annotator.core.agreement import unitizing
from annotator.core.agreement.coefficients import (
    Estimate,
    binary,
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha,
    pair_table,
    undefined,
)
from annotator.core.agreement.spans import MatchCounts, scores
from annotator.core.agreement.tally import DocumentLayers, Tally

#: The rules every figure follows, stated in the output (the service adds the documents).
CHOICES: dict[str, str] = {
    "offsets": "Unicode code points of the document text; spans are [start, end)",
    "categories": "each character's category per annotator is the label of the span covering "
    "it; characters no span covers are one more category, 'no label'",
    "overlap_rule": "where one annotator's spans overlap, a character takes the innermost span: "
    "the shortest, then the one starting first, then the label earlier in the label set",
    "token_rule": "tokens are runs of non-whitespace characters; a token's category is the "
    "category of its first character",
    "per_label": "each per-label figure treats that label against all other text "
    "(other labels and 'no label') as a binary category",
    "span_matching": "exact: same start, end and label; overlap: same label and at least one "
    "character in common, one-to-one, greedily by characters in common (ties: earlier start "
    "in a, then in b); a is the reference (recall), b the prediction (precision)",
    "alpha_u": "Krippendorff's unitizing alpha (1995; Content Analysis 2nd ed. 2004, 12.4) over "
    "characters, per label with the gaps between its units; overall 1 - sum D_o / sum D_e over "
    "the labels; documents joined into one continuum, no section crossing a document's edge; "
    "one annotator's overlapping spans of one label joined into one unit",
    "missing": "an annotator without a layer in a document is missing there: pairwise figures "
    "use the documents both have, alpha the characters two or more have, Fleiss' kappa and "
    "the all-annotator alpha_u the documents every compared annotator has",
}


@dataclass(slots=True)
class Figures:
    """Named figures (NaN where undefined) and, for each undefined one, why."""

    values: dict[str, float] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)

    def put(self, name: str, estimate: Estimate) -> None:
        """Record one figure."""
        self.values[name] = estimate.value
        if estimate.note is not None:
            self.notes[name] = estimate.note

    def as_json(self) -> dict[str, Any]:
        """Figures with NaN as null, then ``notes``."""
        return {
            **{k: (v if math.isfinite(v) else None) for k, v in self.values.items()},
            "notes": dict(self.notes),
        }


@dataclass(slots=True)
class Breakdown:
    """Counts, figures, and the same figures per label."""

    counts: dict[str, int] = field(default_factory=dict)
    figures: Figures = field(default_factory=Figures)
    per_label: dict[str, Figures] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        """Counts and figures side by side, then ``per_label``."""
        return {
            **self.counts,
            **self.figures.as_json(),
            "per_label": {name: f.as_json() for name, f in self.per_label.items()},
        }


@dataclass(slots=True)
class AgreementReport:
    """Agreement of several annotators' layers over a set of documents.

    Attributes:
        annotators: The compared annotators, in the order given.
        labels: The label set, in order.
        overall: All annotators together: char/token alpha and Fleiss' kappa, alpha_u.
        pairs: One entry per pair ``(a, b)``, ``a`` before ``b`` in ``annotators``.
        choices: The rules the figures follow (see :data:`CHOICES`).
    """

    annotators: list[str]
    labels: list[str]
    overall: Breakdown
    pairs: list[tuple[str, str, Breakdown]]
    choices: dict[str, str]

    def as_json(self) -> dict[str, Any]:
        """The JSON form: one shape at every level, figures null where undefined.

        Top level: ``annotators``, ``labels``, counts (``documents``,
        ``documents_all_annotators``, ``characters``, ``tokens``), the all-annotator figures
        (``char_alpha``, ``char_fleiss``, ``char_alpha_u``, ``token_alpha``, ``token_fleiss``),
        ``notes`` (figure -> why it is null), ``per_label`` (label -> the same figures and
        ``notes``), ``pairs`` and ``choices``. Each pair: ``a``, ``b``, counts (``documents``,
        ``characters``, ``tokens``, ``spans_a``, ``spans_b``, ``matched_exact``,
        ``matched_overlap``), ``char_kappa``, ``char_alpha``, ``char_alpha_u``,
        ``token_kappa``, ``token_alpha``, ``span_{precision,recall,f1}_{exact,overlap}``,
        ``notes`` and ``per_label`` (label -> those figures and ``notes``).
        """
        return {
            "annotators": list(self.annotators),
            "labels": list(self.labels),
            **self.overall.as_json(),
            "pairs": [{"a": a, "b": b, **pair.as_json()} for a, b, pair in self.pairs],
            "choices": dict(self.choices),
        }


def compute_agreement(
    annotators: Sequence[str], labels: Sequence[str], documents: Iterable[DocumentLayers]
) -> AgreementReport:
    """Compare the annotators' layers over ``documents`` (read once, one at a time)."""
    tally = Tally(len(annotators), len(labels))
    for document in documents:
        tally.add(document)
    pairs = [
        (annotators[a], annotators[b], _pair(tally, a, b, labels))
        for a, b in combinations(range(len(annotators)), 2)
    ]
    return AgreementReport(
        list(annotators), list(labels), _overall(tally, labels), pairs, dict(CHOICES)
    )


def _overall(tally: Tally, labels: Sequence[str]) -> Breakdown:
    everyone = list(range(tally.annotators))
    result = Breakdown(
        counts={
            "documents": sum(tally.documents.values()),
            "documents_all_annotators": tally.documents_with(everyone),
            "characters": sum(tally.chars.values()),
            "tokens": sum(tally.tokens.values()),
        }
    )
    sections, length = tally.unitizing_scope(everyone)
    single = tally.annotators < 2
    for target, code in [(result.figures, 0), *((Figures(), c) for c in range(1, len(labels) + 1))]:
        chars = binary(tally.chars, code) if code else tally.chars
        tokens = binary(tally.tokens, code) if code else tally.tokens
        scope = sections[code - 1 : code] if code else sections
        for name, estimate in (
            ("char_alpha", krippendorff_alpha(chars)),
            ("char_fleiss", fleiss_kappa(chars)),
            ("char_alpha_u", unitizing.alpha(scope, tally.annotators, length)),
            ("token_alpha", krippendorff_alpha(tokens)),
            ("token_fleiss", fleiss_kappa(tokens)),
        ):
            target.put(name, undefined("fewer than two annotators") if single else estimate)
        if code:
            result.per_label[labels[code - 1]] = target
    return result


def _pair(tally: Tally, a: int, b: int, labels: Sequence[str]) -> Breakdown:
    chars, tokens = pair_table(tally.chars, a, b), pair_table(tally.tokens, a, b)
    spans = tally.spans.get((a, b))
    matches = spans.total() if spans else MatchCounts()
    result = Breakdown(
        counts={
            "documents": tally.documents_with((a, b)),
            "characters": sum(chars.values()),
            "tokens": sum(tokens.values()),
            "spans_a": matches.spans_a,
            "spans_b": matches.spans_b,
            "matched_exact": matches.exact,
            "matched_overlap": matches.overlap,
        }
    )
    sections, length = tally.unitizing_scope((a, b))
    _pair_figures(result.figures, chars, tokens, sections, length, matches)
    for code, name in enumerate(labels, start=1):
        counts = spans.per_label.get(code, MatchCounts()) if spans else MatchCounts()
        figures = Figures()
        _pair_figures(
            figures,
            binary(chars, code),
            binary(tokens, code),
            sections[code - 1 : code],
            length,
            counts,
        )
        result.per_label[name] = figures
    return result


def _pair_figures(
    target: Figures,
    chars: dict[tuple[int, ...], int],
    tokens: dict[tuple[int, ...], int],
    sections: list[unitizing.CategoryTally],
    length: int,
    matches: MatchCounts,
) -> None:
    target.put("char_kappa", cohen_kappa(chars))
    target.put("char_alpha", krippendorff_alpha(chars))
    target.put("char_alpha_u", unitizing.alpha(sections, 2, length))
    target.put("token_kappa", cohen_kappa(tokens))
    target.put("token_alpha", krippendorff_alpha(tokens))
    for kind, matched in (("exact", matches.exact), ("overlap", matches.overlap)):
        precision, recall, f1 = scores(matches, matched)
        target.put(f"span_precision_{kind}", precision)
        target.put(f"span_recall_{kind}", recall)
        target.put(f"span_f1_{kind}", f1)
