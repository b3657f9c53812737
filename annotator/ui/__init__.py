"""The PySide6 window, one package per feature a user would name.

``shell`` (the main window, its docks, status bar, window dialogs and start-up),
``actions`` (every action declared once, the registry, label keys, shortcut sheet),
``text`` (the document view and its painting), ``annotate`` (labelling spans, their undo
commands, keyboard navigation, the span panel and its models), ``documents`` (the document
list, moving through it, removing documents), ``labels`` (the label editor), ``curation``
(the gold layer and its candidates), ``agreement`` (the dashboard), ``search`` (search across
documents), ``transfer`` (import, export, merge, share) and ``widgets`` (shared pieces:
dialogs, background work, the table model base). Feature packages may import ``widgets``,
``text`` and ``actions``; ``shell`` may import every feature; nothing imports ``shell``
except ``annotator.app``. Nothing outside ``ui`` and ``app`` imports ``ui``, and ``ui`` never
sees a Session or SQL: it calls services and listens to their events.
"""
