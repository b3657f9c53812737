"""The PySide6 window, one package per feature a user would name.

``shell`` (the main window, its docks, status bar, window dialogs and start-up),
``actions`` (every action declared once, the registry, label keys, shortcut sheet),
``text`` (the document view and its painting), ``annotate`` (labelling spans, their undo
commands, keyboard navigation, the span panel and its model), ``documents`` (the document
list, moving through it, removing documents), ``labels`` (the label set and its editor),
``curation`` (the gold layer and its candidates), ``agreement`` (the dashboard), ``search``
(search across documents), ``transfer`` (import, export, merge, share), ``backups`` (the
project's backups, File ▸ Backups…) and ``widgets``
(shared pieces: dialogs, background work, the table model base).

A package imports only the layers below its own, as the import-linter contract in
``pyproject.toml`` checks: ``shell``; the features ``backups | curation | documents |
agreement | search | transfer``; ``annotate``; ``labels | text``; ``widgets``; ``actions`` (``|``
separates siblings that never import each other). Nothing outside ``ui`` and ``app`` imports
``ui``, and ``ui`` never sees a Session or SQL: it calls services and listens to their events.
"""
