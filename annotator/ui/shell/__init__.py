"""The window itself: the main window, its docks and status bar, the dialogs of the
File, Settings and Help menus, running actions with their problems told (``action_guard``),
opening projects (and recent ones), the first frame, the team lead's banner, what the window
says around undo and redo, the guidelines panel and PySide6 work-arounds. It is the top layer
of ``ui``: it may import every other ui package, and only ``annotator.app`` imports it.
"""
