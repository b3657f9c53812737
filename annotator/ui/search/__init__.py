"""Search across every document: the query, its filters and the hits. It may import
``annotate``, ``labels``, ``text``, ``widgets`` and ``actions``, and no other feature package.
"""
