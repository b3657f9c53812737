"""A project of tricky-Unicode pages, and the round trip every format is proven by:
export it, import the export into a new project, compare texts and spans.

The pages mix emoji (a ZWJ family, a rainbow flag, skin tones, regional-indicator flags),
combining marks, Arabic and Hebrew with a right-to-left mark, astral CJK and mathematical
letters, CRLF and lone CR (which import turns into ``\\n``), U+2028/U+2029, tabs, form feed
and NEL. Spans start and end at word edges, several cover emoji and RTL words.

Layers: ``alice`` (no overlaps, so BIO tags can hold it), ``bob`` (one span overlapping
another, which BIO formats must report) and the gold layer (alice's spans, curated).

Work beyond spans (:data:`SPAN_NOTES`, :data:`DOCUMENT_NOTES`, :data:`STATUSES`): span notes
(one with a line break and an emoji), a document note, and statuses (alice done on the first
page and skipped on the second, bob in progress on the first); :func:`notes_by_text` reads
them back.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from gold_edits import accept
from unicode_text import E_ACUTE, FAMILY, FLAG, THUMB

from annotator.core.model import DocStatus, DocumentDraft, SpanDraft
from annotator.services.importing import ImportOptions, ImportReport
from annotator.services.project import Project


@dataclass(frozen=True, slots=True)
class Page:
    """A page, its title, and its spans as (phrase, label) pairs found in its text."""

    title: str
    text: str
    alice: tuple[tuple[str, str], ...]
    bob: tuple[tuple[str, str], ...]


PAGES = (
    Page(
        "Family news",
        f"Share {FAMILY} on Facebook\r\nThe council approved the budget on Monday. "
        f"I think it is a disaster {THUMB} really.\r\nDonate now",
        alice=(
            ("The council approved the budget on Monday", "Claim"),
            ("I think it is a disaster", "Opinion"),
            ("Donate now", "Boilerplate"),
        ),
        bob=(
            ("The council approved the budget", "Claim"),
            ("approved the budget on Monday", "Claim"),  # overlaps the span before
            (f"Share {FAMILY} on Facebook", "Boilerplate"),
        ),
    ),
    Page(
        "Flags \u2028 and lines",
        f"{FLAG} Oslo has 700000 people.\u2028Caf{E_ACUTE}s are lovely.\u2029"
        "Posted by admin\tJoined 2009\fReply",
        alice=(
            (f"{FLAG} Oslo has 700000 people", "Claim"),
            (f"Caf{E_ACUTE}s are lovely", "Opinion"),
            ("Posted by admin", "Boilerplate"),
        ),
        bob=(("Oslo has 700000 people", "Claim"), ("Joined 2009", "Boilerplate")),
    ),
    Page(
        "Right to left",
        "שלום \u200fمرحبا world.\rThe law passed in 2020 \U00020000 here.\x85𝔘𝔫𝔦 sucks",
        alice=(("The law passed in 2020", "Claim"), ("𝔘𝔫𝔦 sucks", "Opinion")),
        bob=(("مرحبا world", "Opinion"),),
    ),
)

LABELS = ("Claim", "Opinion", "Boilerplate")

#: Span notes: (page index, annotator, phrase, note).
SPAN_NOTES = (
    (0, "alice", "The council approved the budget on Monday", "Check the minutes\nvote 7–2 🗳️"),
    (1, "bob", "Oslo has 700000 people", "Census, 2023"),
)
#: Document notes: (page index, annotator, note).
DOCUMENT_NOTES = ((0, "alice", "Mostly a share bar; one real claim"),)
#: Statuses: (page index, annotator, status).
STATUSES = (
    (0, "alice", DocStatus.DONE),
    (1, "alice", DocStatus.SKIPPED),
    (0, "bob", DocStatus.IN_PROGRESS),
)


def _spans(text: str, phrases: tuple[tuple[str, str], ...], who: str) -> list[SpanDraft]:
    spans = []
    for phrase, label in phrases:
        start = text.index(phrase)
        spans.append(SpanDraft(start, start + len(phrase), label, who))
    return spans


def tricky_project(path: Path, *, gold: bool = True) -> Project:
    """A project at ``path`` holding :data:`PAGES` with alice's and bob's layers (and the
    gold layer, a copy of alice's, unless ``gold`` is false); the current annotator is
    alice."""
    project = Project.open(path, "alice")
    drafts = [
        DocumentDraft(
            page.text,
            page.title,
            f"pages/{number}.html",
            spans=_spans(page.text, page.alice, "alice") + _spans(page.text, page.bob, "bob"),
        )
        for number, page in enumerate(PAGES)
    ]
    report = ImportReport()
    project.importer.import_drafts(
        drafts, ImportOptions(default_annotator="alice", create_labels=True), report
    )
    assert report.spans_added == sum(len(p.alice) + len(p.bob) for p in PAGES)
    if gold:
        _copy_to_gold(project, "alice")
    _add_notes_and_statuses(project)
    return project


def _add_notes_and_statuses(project: Project) -> None:
    """:data:`SPAN_NOTES`, :data:`DOCUMENT_NOTES` and :data:`STATUSES`, as the window sets
    them (through the annotation service)."""
    layers = {layer.name: layer.id for layer in project.catalog.annotators()}
    documents = [d.id for d in project.catalog.document_summaries(project.annotator_id)]
    for page, who, phrase, note in SPAN_NOTES:
        text = project.catalog.document(documents[page]).text
        start = text.index(phrase)
        (span,) = [
            s
            for s in project.catalog.spans(documents[page], layers[who])
            if (s.start, s.end) == (start, start + len(phrase))
        ]
        project.annotation.change_span(span.id, note=note)
    for page, who, note in DOCUMENT_NOTES:
        project.annotation.set_document_note(documents[page], layers[who], note)
    for page, who, status in STATUSES:
        project.annotation.set_status(documents[page], layers[who], status)


def _copy_to_gold(project: Project, annotator: str) -> None:
    """Put ``annotator``'s spans into the gold layer, accepted by the lead."""
    layers = {layer.name: layer.id for layer in project.catalog.annotators()}
    for document in project.catalog.document_summaries(project.annotator_id):
        for span in project.catalog.spans(document.id, layers[annotator]):
            accept(project, document.id, (span.start, span.end, span.label_id), "lead")


#: A span as compared: (start, end, label, annotator).
Span = tuple[int, int, str, str]


def spans_by_text(project: Project, annotator: str | None = None) -> dict[str, set[Span]]:
    """Every document's text with its spans (of one annotator's layer, or of all)."""
    names = {layer.id: layer.name for layer in project.catalog.annotators()}
    labels = {label.id: label.name for label in project.catalog.labels()}
    found: dict[str, set[Span]] = {}
    for document in project.catalog.document_summaries(project.annotator_id):
        text = project.catalog.document(document.id).text
        spans = found.setdefault(text, set())
        for layer, name in names.items():
            if annotator is None or name == annotator:
                spans.update(
                    (s.start, s.end, labels[s.label_id], name)
                    for s in project.catalog.spans(document.id, layer)
                )
    return found


@dataclass(frozen=True, slots=True)
class Noted:
    """A document's work beyond its spans: span notes as (start, end, label, annotator,
    note), and each layer's (annotator, status, document note) where it is not "new" without
    a note."""

    span_notes: frozenset[tuple[int, int, str, str, str]]
    layers: frozenset[tuple[str, str, str | None]]


def notes_by_text(project: Project, annotator: str | None = None) -> dict[str, Noted]:
    """Every document's text with its span notes, statuses and document notes (of one
    annotator's layer, or of all)."""
    names = {layer.id: layer.name for layer in project.catalog.annotators()}
    labels = {label.id: label.name for label in project.catalog.labels()}
    found: dict[str, Noted] = {}
    for document in project.catalog.document_summaries(project.annotator_id):
        text = project.catalog.document(document.id).text
        notes: set[tuple[int, int, str, str, str]] = set()
        states: set[tuple[str, str, str | None]] = set()
        for layer, name in names.items():
            if annotator is not None and name != annotator:
                continue
            notes.update(
                (s.start, s.end, labels[s.label_id], name, s.note)
                for s in project.catalog.spans(document.id, layer)
                if s.note is not None
            )
            status = project.catalog.status(document.id, layer)
            note = project.catalog.document_note(document.id, layer)
            if status is not DocStatus.NEW or note is not None:
                states.add((name, status.value, note))
        found[text] = Noted(frozenset(notes), frozenset(states))
    return found


def imported(path: Path, export: Path, *, format_name: str | None = None) -> Project:
    """A new project at ``path`` (annotator "reader") with ``export`` imported: a file, a
    folder or a zip; every file of it must be taken."""
    project = Project.open(path, "reader")
    options = ImportOptions(default_annotator="reader", create_labels=True)
    if format_name is not None:
        options = replace(options, format_name=format_name)
    report = project.importer.import_paths([export], options)
    assert report.ok, report.errors
    assert report.files_imported >= 1, report.summary()
    return project
