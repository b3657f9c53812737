"""Curation: the mode in which the window edits the gold layer, the candidate
list with its model, and another layer side by side with the one being edited. It may
import ``widgets``, ``text`` and ``actions``.
"""
