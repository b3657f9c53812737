"""The suggestion rows of a project file received from someone else, checked like the rest.

Origins of accepted spans and rejected suggestions are merged; trained models are not (they
are learned again from the merged labels), so of ``suggestion_models`` only which layers have
one is read, never the model's bytes. A file from before suggestions (schema 0007) has these
tables once its private copy is upgraded, empty.
"""

from __future__ import annotations

import math
from typing import Any

from annotator.core.suggestions.base import Origin
from annotator.core.value_rules import label_name_problem
from annotator.store.untrusted_rows import (
    IncomingProject,
    IncomingRejection,
    RowChecker,
)


class SuggestionRowChecker(RowChecker):
    """A :class:`RowChecker` that also reads the origins, rejections and trained layers."""

    def read(self) -> IncomingProject:
        """Every row a merge takes, suggestions' included."""
        project = super().read()
        spans = {span.id for span in project.spans}
        project.origins = self._origins(spans)
        project.rejections = self._rejections(project)
        project.trained = self._trained(project)
        return project

    def _origins(self, spans: set[str]) -> dict[str, Origin]:
        origins: dict[str, Origin] = {}
        for span_id, recommender, version, score, reason, accepted_at, label in self._rows(
            "SELECT span_id, recommender, version, score, reason, accepted_at, label "
            "FROM span_origins ORDER BY span_id"
        ):
            if span_id not in spans:
                continue  # a span undone after it was accepted keeps its origin, unused
            for column, value in (("recommender", recommender), ("version", version)):
                self._name_text("span_origins", span_id, column, value)
            self._string("span_origins", span_id, "reason", reason)
            if not _is_score(score):
                self._fail("span_origins", span_id, f"the score {score!r} is not from 0 to 1")
            when = self._stamp("span_origins", span_id, accepted_at)
            if label is not None:
                self._rule("span_origins", span_id, label_name_problem(label))
            origins[span_id] = Origin(recommender, version, float(score), reason, when, label)
        return origins

    def _rejections(self, project: IncomingProject) -> list[IncomingRejection]:
        rejections: list[IncomingRejection] = []
        seen: set[tuple[int, int, int, int, int]] = set()
        for row in self._rows(
            'SELECT id, annotator_id, document_id, label_id, start, "end", recommender, '
            "rejected_at FROM suggestion_rejections ORDER BY id"
        ):
            row_id, annotator_id, document_id, label_id, start, end, recommender, when = row
            table = "suggestion_rejections"
            self._integer(table, row_id, "id", row_id)
            self._known(table, row_id, project, annotator_id, label_id)
            document = project.documents.get(document_id)
            if document is None:
                self._fail(table, row_id, f"document {document_id!r} does not exist")
            length = len(document.text)
            if type(start) is not int or type(end) is not int or not 0 <= start < end <= length:
                self._fail(table, row_id, f"{start!r}-{end!r} is outside the text (0-{length})")
            key = (annotator_id, document_id, label_id, start, end)
            if key in seen:
                self._fail(table, row_id, "the same suggestion is rejected twice")
            seen.add(key)
            self._name_text(table, row_id, "recommender", recommender)
            stamp = self._stamp(table, row_id, when)
            rejections.append(IncomingRejection(*key, recommender, stamp))
        return rejections

    def _trained(self, project: IncomingProject) -> set[int]:
        trained: set[int] = set()
        for annotator_id, recommender in self._rows(
            "SELECT annotator_id, recommender FROM suggestion_models"
        ):
            where = f"{annotator_id!r}/{recommender!r}"
            if annotator_id not in project.annotators:
                self._fail("suggestion_models", where, f"annotator {annotator_id!r} does not exist")
            trained.add(annotator_id)
        return trained

    def _known(
        self, table: str, row_id: object, project: IncomingProject, annotator: Any, label: Any
    ) -> None:
        if annotator not in project.annotators:
            self._fail(table, row_id, f"annotator {annotator!r} does not exist")
        if label not in project.labels:
            self._fail(table, row_id, f"label {label!r} does not exist")

    def _name_text(self, table: str, row_id: object, column: str, value: object) -> None:
        """A short name (a recommender's, a version): text within the schema's length, not
        blank."""
        self._string(table, row_id, column, value)
        if not str(value).strip():
            self._fail(table, row_id, f"{column} is empty")


def _is_score(value: object) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and 0 <= value <= 1
    )
