"""Labelling the shown document: what the label, remove and status keys do, the
span undo commands, keyboard navigation, the span menu, the annotation panel with its span
list model, and keeping them in step with the project's events. It may import ``labels``,
``text``, ``widgets`` and ``actions``; the feature packages above it (curation, documents)
use its labelling path and panel.
"""
