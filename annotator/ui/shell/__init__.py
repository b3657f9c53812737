"""The window itself: the main window, its docks and status bar, the dialogs of the
File, Settings and Help menus, opening projects (and recent ones), the first frame, the team
lead's banner, what the window says around undo and redo, the guidelines panel and PySide6
work-arounds. It may import every feature package; nothing imports it except
``annotator.app``.
"""
