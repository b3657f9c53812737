"""The agreement dashboard: its figures, the per-label chart and the item models
of the confusion matrix and disagreements. It may import ``annotate``, ``labels``, ``text``,
``widgets`` and ``actions``, and no other feature package.
"""
