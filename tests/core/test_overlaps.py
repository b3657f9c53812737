"""No-overlap trims: the spans a new span covers give way, and never overlap it afterwards."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st
from unicode_text import E_ACUTE, TEXTS

from annotator.core.model import Span
from annotator.core.overlaps import plan_trims
from annotator.core.text import trim_selection

MOMENT = datetime(2026, 1, 1, tzinfo=UTC)


def _span(start: int, end: int, number: int) -> Span:
    return Span(f"s{number}", 1, 1, 1, start, end, MOMENT, MOMENT)


@st.composite
def layer_and_new_span(draw: st.DrawFn) -> tuple[str, list[Span], tuple[int, int]]:
    """A text, one annotator's non-overlapping spans in it, and a new span as a label key
    (whole words) or Alt+key (exact characters) would make it from a random selection."""
    text = draw(TEXTS.filter(lambda t: bool(t.strip())))
    cuts = sorted(set(draw(st.lists(st.integers(0, len(text)), max_size=8))) | {0, len(text)})
    spans = [
        _span(start, end, number)
        for number, (start, end) in enumerate(itertools.pairwise(cuts))
        if start < end and draw(st.booleans())
    ]
    start = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(start + 1, len(text)))
    bounds = trim_selection(text, start, end, snap_to_words=draw(st.booleans()))
    if bounds is None:
        bounds = (start, end)
    return text, spans, bounds


@given(layer_and_new_span())
def test_after_any_trim_no_kept_part_overlaps_the_new_span(
    case: tuple[str, list[Span], tuple[int, int]],
) -> None:
    text, spans, (start, end) = case
    trims = plan_trims(text, (start, end), spans)
    trimmed = {trim.span.id for trim in trims}
    kept = [(s.start, s.end) for s in spans if s.id not in trimmed]
    for trim in trims:
        for part_start, part_end in trim.parts:
            # Inside the old span, with visible text at both ends ...
            assert trim.span.start <= part_start < part_end <= trim.span.end
            assert not text[part_start].isspace() and not text[part_end - 1].isspace()
            kept.append((part_start, part_end))
    # ... and the layer with the new span has no overlap left anywhere.
    layer = sorted([*kept, (start, end)])
    for (_, first_end), (second_start, _) in itertools.pairwise(layer):
        assert first_end <= second_start


def test_an_exact_span_starting_at_a_combining_mark_shortens_the_span_before_it() -> None:
    # "cafe" + COMBINING ACUTE: an exact span from the mark on used to keep "café" whole,
    # grown to the grapheme's end, so the kept part overlapped the new span by one mark.
    text = f"caf{E_ACUTE} bar"
    old = _span(0, len(text), 1)
    (trim,) = plan_trims(text, (4, len(text)), [old])
    assert trim.parts == ((0, 4),)
