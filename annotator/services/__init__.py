"""What a user can do with a project, one short transaction per action.

Each service owns its transactions (the project's one writer connection, taken in turn),
announces what it committed through :class:`~annotator.services.events.ProjectEvents`, and
is what the window, the command line and the tests all call: spans and statuses go through
``annotation`` and ``span_rows`` (the one write path, gold provenance included), imports,
exports, merges, sharing, removal, search, statistics, agreement and curation each have
their own module. ``watch`` notices other processes' commits; ``shown_feed`` keeps a window's
shown layer up to date.

It may import ``store``, ``formats`` and ``core``, never Qt or ``ui`` (import-linter checks).
"""
