"""Labelling the shown document: what the label, remove and status keys do, the
span undo commands, keyboard navigation, the span menu, the annotation panel with its span
list and label list models, and keeping them in step with the project's events. It may
import ``widgets``, ``text`` and ``actions``.
"""
