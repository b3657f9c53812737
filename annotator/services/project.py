"""A project opened for work: the store, its services and its events, wired together."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from annotator import __version__
from annotator.core.guidelines import DEFAULT_GUIDELINES
from annotator.core.label_set import LabelSet
from annotator.core.suggestions.detector import BoilerplateDetector
from annotator.core.suggestions.learned import LinearTrainer
from annotator.core.suggestions.occurrences import OccurrenceSuggestions
from annotator.core.text import NEWLINE_POLICY
from annotator.errors import ProjectError
from annotator.formats.registry import FormatRegistry, default_registry
from annotator.services.agreement import AgreementService
from annotator.services.annotation import AnnotationService
from annotator.services.annotators import ensure_annotator, ensure_gold_layer, find_annotator
from annotator.services.catalog import Catalog
from annotator.services.curation import CurationService
from annotator.services.events import ProjectEvents
from annotator.services.exporting import ExportService
from annotator.services.importing import ImportService
from annotator.services.label_service import LabelService
from annotator.services.merge import MergeService
from annotator.services.project_settings import GUIDELINES, ProjectSettings
from annotator.services.removal import RemovalService
from annotator.services.search import SearchService
from annotator.services.sharing import ShareService
from annotator.services.span_batches import SpanBatches
from annotator.services.suggestion_rejections import SuggestionRejections
from annotator.services.suggestions import SuggestionService
from annotator.services.transactions import Store
from annotator.services.watch import ChangeWatcher
from annotator.store.created import CreatedFiles
from annotator.store.db import open_project_store, project_file
from annotator.store.read_only import open_read_only_store
from annotator.store.schema import LabelRow, ProjectSetting, utcnow
from annotator.store.writable import write_problem

#: The default label set: Okabe-Ito colours, distinguishable with the common colour-vision
#: deficiencies; Boilerplate in a neutral grey so it recedes.
DEFAULT_LABELS: tuple[tuple[str, str, str], ...] = (
    ("Claim", "#0072B2", "1"),
    ("Opinion", "#E69F00", "2"),
    ("Boilerplate", "#8C8C8C", "3"),
)


class Project:
    """One open project file.

    Args:
        path: The project file.
        store: Its transactions.
        annotator_id: Whose layer edits go to.
        annotator_name: That annotator's name.
        registry: The formats imports and exports use.
        created: The files opening it created (none when it existed), which
            :meth:`remove_if_created` takes back.
    """

    def __init__(
        self,
        path: Path,
        store: Store,
        annotator_id: int,
        annotator_name: str,
        registry: FormatRegistry | None = None,
        *,
        created: CreatedFiles | None = None,
    ) -> None:
        self.path = path
        self._created = created or CreatedFiles()
        self.store = store
        self.registry = registry or default_registry()
        self.events = ProjectEvents()
        self.catalog = Catalog(store)
        self.annotation = AnnotationService(store, self.events)
        self.batches = SpanBatches(store, self.events)
        #: Occurrences of labelled text offered in other documents (this session only).
        self.occurrences = OccurrenceSuggestions()
        self.suggestions = SuggestionService(
            store, [BoilerplateDetector(), self.occurrences], trainer=LinearTrainer()
        )
        self.rejections = SuggestionRejections(store, self.events)
        self.label_service = LabelService(store, self.events)
        self.search = SearchService(store)
        self.importer = ImportService(store, self.events, self.registry)
        self.exporter = ExportService(store, self.registry, path)
        self.curation = CurationService(store, self.events, self.catalog)
        self.merger = MergeService(store, self.events, path)
        self.agreement = AgreementService(store)
        self.removal = RemovalService(store, self.events)
        self.sharing = ShareService(store, path)
        self.watcher = ChangeWatcher(store, self.events)
        self.settings = ProjectSettings(store)
        self.annotator_id = annotator_id
        self.annotator_name = annotator_name
        #: Whether edits go to the gold layer (``annotator_id`` is then the gold layer's and
        #: ``annotator_name`` the curator's).
        self.curating = False
        self._labels: LabelSet | None = None
        # Connected before any view, so a view that hears of the change reads the new set.
        self.events.labels_changed.connect(self._forget_labels)
        self.events.changed_elsewhere.connect(self._forget_labels)

    @classmethod
    def open(
        cls,
        path: Path,
        annotator_name: str,
        registry: FormatRegistry | None = None,
        *,
        register_annotator: bool = True,
    ) -> Project:
        """Open or create the project at ``path`` and make ``annotator_name`` current.

        Args:
            path: The project file.
            annotator_name: Whose layer edits go to.
            registry: The formats for imports and exports.
            register_annotator: Add ``annotator_name`` to the project if it is new. Commands
                that only read (stats, export) pass False, so running them leaves no empty
                layer behind; ``annotator_id`` is then -1 for an unknown name.

        Raises:
            ProjectError: The file cannot be opened, created or upgraded. A file this call
                created is removed again.
        """
        created = CreatedFiles.before_opening(path)
        try:
            store = Store(open_project_store(path))
        except BaseException as error:
            _take_back(created, error)
            raise
        try:
            with store.transaction() as session:
                _initialise(session)
                annotator_id = (
                    ensure_annotator(session, annotator_name)
                    if register_annotator
                    else find_annotator(session, annotator_name)
                )
        except BaseException as error:
            store.close()
            _take_back(created, error)
            raise
        return cls(path, store, annotator_id, annotator_name, registry, created=created)

    @classmethod
    def open_to_read(
        cls, path: Path, annotator_name: str, registry: FormatRegistry | None = None
    ) -> Project:
        """Open an existing project for a command that only reads it (stats, export).

        A project that cannot be written (a read-only file or folder, a full disk) is opened
        read-only: everything reads as usual, and every write is refused, saying why
        (:attr:`read_only`). Any other is opened as :meth:`open` does, adding nothing.

        Raises:
            ProjectError: The file cannot be opened (or, read-only, is of another version).
        """
        problem = write_problem(project_file(path), name_file=False)
        if problem is None:
            return cls.open(path, annotator_name, registry, register_annotator=False)
        store = Store(
            open_read_only_store(path, problem),
            read_only=f"{path} can only be read: {problem}",
            path=project_file(path),
        )
        try:
            with store.reading() as session:
                annotator_id = find_annotator(session, annotator_name)
            return cls(path, store, annotator_id, annotator_name, registry)
        except BaseException:
            store.close()
            raise

    @property
    def read_only(self) -> str | None:
        """Why the project was opened for reading only; None when it can be written."""
        return self.store.read_only

    def set_annotator(self, name: str) -> None:
        """Switch the current layer to ``name`` (created if new)."""
        with self.store.transaction() as session:
            layer = ensure_gold_layer(session) if self.curating else ensure_annotator(session, name)
            if self.curating:
                ensure_annotator(session, name)  # the curator is a person too
        self.annotator_id = layer
        self.annotator_name = name
        self.events.annotator_changed.emit(self.annotator_id)

    def set_curating(self, curating: bool) -> None:
        """Edit the gold layer (as the current annotator, the curator) or one's own again."""
        self.curating = curating
        self.set_annotator(self.annotator_name)

    @property
    def labels(self) -> LabelSet:
        """The label set, read once and kept until the labels change (here or, as the
        :attr:`watcher` tells, in another program)."""
        if self._labels is None:
            self._labels = LabelSet(self.catalog.labels())
        return self._labels

    def _forget_labels(self) -> None:
        self._labels = None

    def close(self) -> None:
        """Release the project file."""
        self.store.close()

    def remove_if_created(self) -> bool:
        """Close, and remove the project file again if :meth:`open` created it.

        For a command that creates its project and then adds nothing to it. The -wal,
        -shm and -journal files beside it go too, unless they were there before; a project
        file that existed before is never removed.

        Returns:
            True when the file was removed.

        Raises:
            ProjectError: It could not be removed.
        """
        self.close()
        try:
            return self._created.remove()
        except OSError as error:
            raise ProjectError(
                f"Nothing was added to {self.path}, but the new file could not be removed "
                f"again: {error.strerror or error}"
            ) from error


def _take_back(created: CreatedFiles, error: BaseException) -> None:
    """Remove what a failed open created: nothing can have been added to it."""
    try:
        created.remove()
    except OSError as leftover:  # the open's own error is the one to report
        error.add_note(f"The new project file could not be removed again: {leftover}")


def _initialise(session: Session) -> None:
    """Give a brand-new project its default labels and its descriptive settings, once."""
    if session.get(ProjectSetting, "created_at") is not None:
        return
    for position, (name, color, key) in enumerate(DEFAULT_LABELS):
        session.add(LabelRow(name=name, color=color, key=key, position=position))
    session.add_all(
        [
            ProjectSetting(key="created_at", value=utcnow().isoformat()),
            ProjectSetting(key="created_with", value=__version__),
            ProjectSetting(key="offset_unit", value="code_point"),
            ProjectSetting(key="newline_policy", value=NEWLINE_POLICY),
            ProjectSetting(key=GUIDELINES, value=DEFAULT_GUIDELINES),
        ]
    )
