"""Search across every document: the query, its filters and the hits. It may import
``widgets``, ``text`` and ``actions``.
"""
