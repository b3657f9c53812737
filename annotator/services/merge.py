"""Merging annotators' project files into a team project: each file whole, or not at all.

A file is read and every row of it checked (:mod:`annotator.store.untrusted`) before its
transaction starts. Documents are matched by the SHA-256 of their text; labels by name,
ignoring case; each annotator layer of the file replaces the team's copy of that layer on the
file's documents, so merging a file twice changes nothing the second time and merging a newer
version of it brings the team's copy up to date. A layer brings the origins of the spans its
annotator accepted from suggestions and the suggestions they rejected; its trained
suggestion model is not merged (suggestions learn again from the merged labels).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from annotator.core.one_line import one_line
from annotator.core.value_rules import LABEL_KEYS
from annotator.errors import AnnotatorError, InputError
from annotator.services import span_rows
from annotator.services.annotators import ensure_annotator
from annotator.services.events import ProjectEvents
from annotator.services.labels import checked_name
from annotator.services.merge_layers import LayerChange, LayerTarget, replace_layer
from annotator.services.merge_suggestions import merge_suggestions
from annotator.services.transactions import Store
from annotator.store.schema import DocumentRow, LabelRow, utcnow
from annotator.store.untrusted import read_untrusted_project
from annotator.store.untrusted_rows import IncomingDocument, IncomingLabel, IncomingProject

Progress = Callable[[int, int, str], None]
_CHUNK = 500


@dataclass(slots=True)
class FileOutcome:
    """What happened to one incoming file."""

    path: str
    merged: bool = False
    error: str | None = None
    documents_added: int = 0
    documents_matched: int = 0
    labels_added: list[str] = field(default_factory=list)
    layers: list[LayerChange] = field(default_factory=list)
    #: Things the user should know: texts that differ, label conflicts, layers left out.
    messages: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line for people."""
        if not self.merged:
            return f"{self.path}: refused: {self.error}"
        parts = [f"{self.documents_added} new document(s)", f"{self.documents_matched} matched"]
        parts += [layer.describe() for layer in self.layers]
        if self.labels_added:
            parts.append("new labels: " + ", ".join(map(one_line, self.labels_added)))
        return f"{self.path}: merged; " + "; ".join(parts)


@dataclass(slots=True)
class MergeReport:
    """Every file's outcome, in the order given."""

    files: list[FileOutcome] = field(default_factory=list)
    cancelled: bool = False
    #: The layer treated as the merging person's own (left out of every file).
    own_layer: str | None = None

    @property
    def ok(self) -> bool:
        """True when no file was refused."""
        return all(outcome.merged for outcome in self.files)

    @property
    def merged_any(self) -> bool:
        """True when a file was merged (the project may have changed)."""
        return any(outcome.merged for outcome in self.files)

    def summary(self) -> str:
        """One closing line for people."""
        merged = sum(outcome.merged for outcome in self.files)
        text = f"{merged} file(s) merged, {len(self.files) - merged} refused."
        return f"Merge cancelled: {text}" if self.cancelled else text


def own_layer_line(own_layer: str) -> str:
    """Which layer a merge treats as the lead's own, and so leaves out of every file."""
    return (
        f"Treating {own_layer!r} as your own layer: a layer of that name in the files is not merged"
    )


class MergeService:
    """Merges project files into the project of ``store``, one transaction per file.

    Args:
        store: The team project's transactions.
        events: Its notifications.
        team_path: Its file, so that it is never taken as its own input.
    """

    def __init__(self, store: Store, events: ProjectEvents, team_path: Path) -> None:
        self._store = store
        self._events = events
        self._team_path = team_path

    def merge_paths(
        self,
        paths: Iterable[Path],
        own_layer: str | None = None,
        progress: Progress | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> MergeReport:
        """Merge each file whole or refuse it whole; a refusal does not stop the others.

        Args:
            paths: The annotators' project files.
            own_layer: The name of the person merging: a layer of that name in a file is
                left out, so a file cannot overwrite the team project's own layer.
            progress: Told (files done, files, current file) before each file.
            should_stop: Asked between files; files already merged stay merged.
        """
        report = MergeReport(own_layer=own_layer)
        files = list(paths)
        try:
            for index, path in enumerate(files):
                if should_stop and should_stop():
                    report.cancelled = True
                    break
                if progress:
                    progress(index, len(files), str(path))
                report.files.append(self._merge_one(path, own_layer))
            if progress:
                progress(len(files), len(files), "")
        finally:
            if report.merged_any:
                self._events.labels_changed.emit()
                self._events.documents_changed.emit()
        return report

    def _merge_one(self, path: Path, own_layer: str | None) -> FileOutcome:
        try:
            return self.merge_file(path, own_layer)
        except InputError as error:
            return FileOutcome(str(path), error=error.reason)
        except AnnotatorError as error:  # the team project could not be written
            return FileOutcome(str(path), error=str(error))

    def merge_file(self, path: Path, own_layer: str | None = None) -> FileOutcome:
        """Check and merge one file in one transaction.

        Raises:
            InputError: The file is refused; nothing of it was written.
            StorageError: The team project could not be written; nothing was.
        """
        source = str(path)
        if _same_file(path, self._team_path):
            raise InputError(source, "is the team project itself")
        incoming = read_untrusted_project(path)
        outcome = FileOutcome(source)
        with self._store.transaction() as session:
            _merge(session, source, incoming, outcome, own_layer)
        outcome.merged = True
        return outcome


def _same_file(path: Path, team: Path) -> bool:
    try:
        return path.resolve() == team.resolve() or path.samefile(team)
    except (OSError, RuntimeError):  # RuntimeError: a link that points at itself
        return False


def _merge(
    session: Session,
    source: str,
    incoming: IncomingProject,
    outcome: FileOutcome,
    own_layer: str | None,
) -> None:
    labels = _reconcile_labels(session, source, incoming.labels.values(), outcome)
    documents = _match_documents(session, incoming.documents.values(), outcome)
    for annotator_id, name in incoming.annotators.items():
        if annotator_id in incoming.gold_layers:
            outcome.messages.append(
                f"layer {name!r} left out: a file's gold standard is never merged "
                "(curate in the team project instead)"
            )
            continue
        spans = [s for s in incoming.spans if s.annotator_id == annotator_id]
        statuses = [s for s in incoming.statuses if s.annotator_id == annotator_id]
        if not spans and not statuses:
            # An empty layer is usually just whoever opened the file first (the lead who
            # prepared it): replacing the team's copy with it would only ever delete work.
            outcome.messages.append(f"layer {name!r} left out: it holds no work in this file")
            continue
        if name == own_layer:
            outcome.messages.append(
                f"layer {name!r} left out: it is your own layer in the team project"
            )
            continue
        target = LayerTarget(source, ensure_annotator(session, name), documents, labels)
        change = LayerChange(name)
        replace_layer(session, target, change, spans, statuses)
        outcome.layers.append(change)
        _merge_suggestions(session, target, incoming, annotator_id, outcome, name)
    touched = set().union(*(change.documents for change in outcome.layers))
    updated = span_rows.refresh_proposers(session.connection(), sorted(touched))
    if updated:
        outcome.messages.append(
            f"who proposed {updated} gold span(s) now follows the merged layers "
            "(the curator's decisions stay as they were)"
        )


def _merge_suggestions(
    session: Session,
    target: LayerTarget,
    incoming: IncomingProject,
    annotator_id: int,
    outcome: FileOutcome,
    name: str,
) -> None:
    """The layer's accepted suggestions' origins and rejected suggestions; its trained
    model stays behind, and the report says so."""
    rejections = [r for r in incoming.rejections if r.annotator_id == annotator_id]
    spans = [s for s in incoming.spans if s.annotator_id == annotator_id]
    merged = merge_suggestions(session, target, spans, incoming.origins, rejections)
    described = merged.describe(name)
    if described is not None:
        outcome.messages.append(described)
    if annotator_id in incoming.trained:
        outcome.messages.append(
            f"layer {name!r}: its trained suggestion model is not merged; suggestions learn "
            "again from the merged labels"
        )


def _reconcile_labels(
    session: Session, source: str, labels: Iterable[IncomingLabel], outcome: FileOutcome
) -> dict[int, int]:
    """Incoming label id -> team label id, adding the labels the team does not have."""
    team = list(session.scalars(select(LabelRow)))
    by_name = {row.name.casefold(): row for row in team}
    keys = {row.key for row in team}
    position = max((row.position for row in team), default=-1)
    mapping: dict[int, int] = {}
    for label in labels:
        row = by_name.get(label.name.casefold())
        if row is None:
            try:
                name = checked_name(session, label.name)
            except AnnotatorError as error:
                raise InputError(source, f"label {label.name!r}: {error}") from None
            key = label.key if label.key in set(LABEL_KEYS) - keys else None
            position += 1
            row = LabelRow(name=name, color=label.color, key=key, position=position)
            session.add(row)
            session.flush()
            by_name[name.casefold()] = row
            keys.add(key)
            outcome.labels_added.append(name)
            if label.key is not None and key is None:
                outcome.messages.append(f"new label {name!r} has no key: {label.key} is taken")
        elif label.color != row.color.upper() or label.key != row.key:
            outcome.messages.append(
                f"label {label.name!r} is {label.color}, key {label.key or 'none'} in the file "
                f"but {row.color}, key {row.key or 'none'} in the team project; "
                "the team's are kept"
            )
        mapping[label.id] = row.id
    return mapping


def _match_documents(
    session: Session, documents: Iterable[IncomingDocument], outcome: FileOutcome
) -> dict[int, int]:
    """Incoming document id -> team document id, adding the texts the team does not hold.

    A text the team does not hold, under the source and title of a team document, is a
    different version of that page: it is reported and left out with all its spans.
    """
    documents = list(documents)
    known = _team_ids(session, [d.sha256 for d in documents])
    places = _team_places(session, [d.source for d in documents if d.sha256 not in known])
    mapping: dict[int, int] = {}
    new: list[IncomingDocument] = []
    for document in documents:
        team_id = known.get(document.sha256)
        if team_id is not None:
            mapping[document.id] = team_id
            outcome.documents_matched += 1
        elif (document.source, document.title) in places:
            outcome.messages.append(
                f"document {document.title!r} ({document.source}): text differs from the "
                "team's copy; its spans, notes and statuses were not merged"
            )
        else:
            new.append(document)
    if new:
        _add_documents(session, new)
        added = _team_ids(session, [d.sha256 for d in new])
        mapping.update((d.id, added[d.sha256]) for d in new)
        outcome.documents_added = len(new)
    return mapping


def _add_documents(session: Session, documents: list[IncomingDocument]) -> None:
    position = session.scalar(select(func.max(DocumentRow.position))) or 0
    now = utcnow()
    rows = [
        {
            "sha256": d.sha256,
            "title": d.title,
            "text": d.text,
            "char_count": len(d.text),
            "source": d.source,
            "encoding": d.encoding,
            "meta": d.meta,
            "imported_at": now,
            "position": position + offset,
        }
        for offset, d in enumerate(documents, start=1)
    ]
    session.execute(insert(DocumentRow), rows)


def _team_ids(session: Session, hashes: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for first in range(0, len(hashes), _CHUNK):
        chunk = hashes[first : first + _CHUNK]
        query = select(DocumentRow.sha256, DocumentRow.id).where(DocumentRow.sha256.in_(chunk))
        found.update((key, value) for key, value in session.execute(query))
    return found


def _team_places(session: Session, sources: list[str]) -> set[tuple[str, str]]:
    """(source, title) of the team documents with one of these sources."""
    unique = sorted(set(sources))
    found: set[tuple[str, str]] = set()
    for first in range(0, len(unique), _CHUNK):
        chunk = unique[first : first + _CHUNK]
        query = select(DocumentRow.source, DocumentRow.title).where(DocumentRow.source.in_(chunk))
        found.update((key, value) for key, value in session.execute(query))
    return found
