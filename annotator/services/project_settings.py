"""The settings a project keeps in its own file, typed, each key and default defined here once.

They are rows of ``project_settings`` (a key and a JSON value), shared by everyone who opens
the file; the user's own settings live in :mod:`annotator.settings`. The key names and value
formats are part of the file format: files written before must read the same.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.orm import Session

from annotator.services.transactions import Store
from annotator.store.schema import ProjectSetting

#: May spans of one layer overlap? (``true``; absent or ``false``: a new span trims the others.)
ALLOW_OVERLAPS = "allow_overlaps"
#: The rule that pre-accepts spans when a document is first curated (``Rule.parse`` text).
CURATION_RULE = "curation_rule"
DEFAULT_CURATION_RULE = "majority"
#: The annotation guidelines, as Markdown.
GUIDELINES = "guidelines"
#: Whether the sample corpus was imported into the default project (on its first start).
SAMPLE_CORPUS_IMPORTED = "sample_corpus_imported"
#: The score a suggestion must reach to be shown, per label (``{"<label id>": 0.7}``);
#: a label not named uses :data:`annotator.services.suggestions.DEFAULT_THRESHOLD`.
SUGGESTION_THRESHOLDS = "suggestion_thresholds"


class ProjectSettings:
    """Reads each setting from the project file when asked; setting one is one transaction.

    Args:
        store: The project's transactions.
    """

    def __init__(self, store: Store) -> None:
        self._store = store

    @property
    def allow_overlaps(self) -> bool:
        """Whether spans of one layer may overlap (else a new span trims those it covers)."""
        return bool(self._get(ALLOW_OVERLAPS, False))

    @allow_overlaps.setter
    def allow_overlaps(self, allowed: bool) -> None:
        self._set(ALLOW_OVERLAPS, allowed)

    @property
    def curation_rule(self) -> str:
        """The pre-acceptance rule as the user wrote it (it may no longer parse)."""
        return str(self._get(CURATION_RULE, DEFAULT_CURATION_RULE))

    @curation_rule.setter
    def curation_rule(self, rule_text: str) -> None:
        self._set(CURATION_RULE, rule_text.strip())

    @property
    def guidelines(self) -> str:
        """The annotation guidelines, as Markdown ("" when there are none)."""
        value = self._get(GUIDELINES, "")
        return value if isinstance(value, str) else ""

    @guidelines.setter
    def guidelines(self, markdown: str) -> None:
        # Stored stripped, with one final newline (or empty).
        self._set(GUIDELINES, markdown.strip() + "\n" if markdown.strip() else "")

    @property
    def sample_corpus_imported(self) -> bool:
        """Whether the sample corpus was imported (a first start that was interrupted
        imports it again)."""
        return bool(self._get(SAMPLE_CORPUS_IMPORTED, False))

    @sample_corpus_imported.setter
    def sample_corpus_imported(self, imported: bool) -> None:
        self._set(SAMPLE_CORPUS_IMPORTED, imported)

    @property
    def suggestion_thresholds(self) -> dict[int, float]:
        """Each label's suggestion threshold, by label id (labels left at the default are
        not listed)."""
        return read_thresholds(self._get(SUGGESTION_THRESHOLDS, {}))

    @suggestion_thresholds.setter
    def suggestion_thresholds(self, thresholds: Mapping[int, float]) -> None:
        self._set(
            SUGGESTION_THRESHOLDS,
            {
                str(label_id): round(min(max(float(value), 0.0), 1.0), 4)
                for label_id, value in sorted(thresholds.items())
            },
        )

    def _get(self, key: str, default: object) -> object:
        with self._store.reading() as session:
            row = session.get(ProjectSetting, key)
            return default if row is None else row.value

    def _set(self, key: str, value: object) -> None:
        with self._store.transaction() as session:
            session.merge(ProjectSetting(key=key, value=value))


def read_thresholds(value: object) -> dict[int, float]:
    """The thresholds a stored value holds, by label id; what does not read as one (a
    hand-edited file) is left out, so that label keeps the default."""
    if not isinstance(value, dict):
        return {}
    found: dict[int, float] = {}
    for key, threshold in value.items():
        number = isinstance(threshold, int | float) and not isinstance(threshold, bool)
        if isinstance(key, str) and key.isdigit() and number and 0.0 <= threshold <= 1.0:
            found[int(key)] = float(threshold)
    return found


def thresholds_in(session: Session) -> dict[int, float]:
    """The suggestion thresholds, read in a session the caller already holds."""
    row = session.get(ProjectSetting, SUGGESTION_THRESHOLDS)
    return read_thresholds(None if row is None else row.value)
