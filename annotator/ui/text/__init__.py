"""The document text: the read-only view, painting it block by block with span
colours, bars and marks, the find bar, span tooltips, label colours and which span the keys
act on. It may import ``widgets`` and ``actions``; ``annotate`` and the features above it
import it.
"""
