"""The label set: the label editor, what its buttons do, and the undo commands for
label changes. It may import ``widgets``, ``text`` and ``actions``.
"""
