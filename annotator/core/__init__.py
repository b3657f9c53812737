"""The domain, with no Qt, no database and no files.

Values (documents, spans, labels, statuses), code-point offsets and their conversion to Qt's
UTF-16 positions, text rules (word snapping, sentences, paragraphs, titles), the sorted span
index and the evented :class:`~annotator.core.shown_layer.ShownLayer` a window shows,
no-overlap trims, agreement measures and curation rules.

It imports only the standard library and itself: everything else imports it. Its tests run
where PySide6 is not installed (see ``.ci/run``).
"""
