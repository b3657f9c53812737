"""Noticing what other processes commit to the open project.

A second window on the same project file, a command-line import while the window is open,
and later colleagues on a shared server all change the project behind the window's back.
:class:`ChangeWatcher` asks the store, cheaply, whether anyone else committed since it last
looked (:meth:`Store.revision`); when so, it announces ``changed_elsewhere`` and the views
read the project again. The revision it last acted on is what edits planned from those views
pass as ``unchanged_since``, so an edit planned from a stale view is refused, never written.
"""

from __future__ import annotations

from annotator.services.events import ProjectEvents
from annotator.services.transactions import ProjectFileGoneError, Store


class ChangeWatcher:
    """Announces commits made by other processes.

    Args:
        store: The project's store.
        events: Where ``changed_elsewhere`` is announced.
    """

    def __init__(self, store: Store, events: ProjectEvents) -> None:
        self._store = store
        self._events = events
        self._told_gone = False
        #: The revision the views were last brought up to.
        self.seen = store.revision()

    def poll(self, *, wait: bool = True) -> bool:
        """Announce ``changed_elsewhere`` if another process committed since the last look.

        The revision is read before the views read the project, so they are at least as new
        as :attr:`seen` says (a commit in between only causes one more refresh later).

        Args:
            wait: False to look later instead of waiting while an import of this process
                is writing (a timer's poll must never block the window).

        Returns:
            Whether ``changed_elsewhere`` was announced. (When the project file turns out
            deleted or replaced, ``project_file_gone`` is announced instead, once.)
        """
        try:
            revision = self._store.revision(wait=wait)
        except ProjectFileGoneError:
            if not self._told_gone:
                self._told_gone = True
                self._events.project_file_gone.emit()
            return False
        if revision is None or revision == self.seen:
            return False
        self.seen = revision
        self._events.changed_elsewhere.emit()
        return True
