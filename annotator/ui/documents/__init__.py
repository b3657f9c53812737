"""The documents of a project: the document list pane and its item model,
moving through the documents (next, done-and-next), and removing documents with its undo
command. It may import ``annotate``, ``labels``, ``text``, ``widgets`` and ``actions``, and no
other feature package.
"""
