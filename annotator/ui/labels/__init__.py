"""The label set: its list model (shown in the annotation panel), the label
editor, what its buttons do, and the undo commands for label changes. It may import
``widgets`` and ``actions``; ``annotate`` and the features above it import it.
"""
