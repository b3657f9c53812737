"""Curation: the mode in which the window edits the gold layer, the candidate
list with its model, and another layer side by side with the one being edited. It may import
``annotate`` (accepting a candidate is labelling), ``labels``, ``text``, ``widgets`` and
``actions``, and no other feature package.
"""
