"""The damage check of a project file too large to check while it opened.

A file up to :data:`annotator.store.damage.QUICK_CHECK_MAX_BYTES` is checked before the
window shows it; a larger one is checked here, on a worker thread, once the window is open,
so that opening stays fast. Damage found is told once (the window's message bridge) and
stops every write (the store refuses them from then on); the pages that can still be read
stay readable.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

from annotator.store.damage import DamagedProjectError, needs_late_check
from annotator.ui.widgets.messages import messages_of
from annotator.ui.widgets.worker import SerialWorker

if TYPE_CHECKING:
    from annotator.services.project import Project
    from annotator.services.transactions import Store


def _checked(store: Store) -> DamagedProjectError | None:
    """The damage :meth:`Store.check_damage` finds, or None (on the worker thread)."""
    try:
        store.check_damage()
    except DamagedProjectError as error:
        return error
    return None


class DamageCheck(QObject):
    """Checks the project file of ``window`` in the background, once.

    Args:
        window: The window showing the project; told of damage, and waited for on closing.
        store: The project's store, which refuses writes once damage is found.
    """

    def __init__(self, window: QWidget, store: Store) -> None:
        super().__init__(window)
        self._window = window
        self.worker = SerialWorker(self)
        self.worker.done.connect(self._on_worker_done)
        # The check reads the file on its own connection: the window must not be destroyed
        # under a running thread, so closing it waits for the check to end.
        window.installEventFilter(self)
        self.worker.submit("check", lambda: _checked(store))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Wait for the check when the window closes."""
        if watched is self._window and event.type() == QEvent.Type.Close:
            self.worker.shutdown()
        return False

    def _on_worker_done(self, _key: object, found: DamagedProjectError | None) -> None:
        if found is not None:
            messages_of(self._window).report(found)


def check_in_background(window: QWidget, project: Project) -> DamageCheck | None:
    """Start the background check of ``project`` in ``window``, if opening left it unchecked
    (the file is large); returns the check, owned by the window."""
    return DamageCheck(window, project.store) if needs_late_check(project.path) else None
