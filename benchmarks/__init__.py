"""Benchmarks for Annotator: every figure is a ratio against a baseline measured in the same run.

Run the whole suite from the repository root::

    .venv/bin/python -m benchmarks [--quick] [--json OUT] [--only NAME ...] [--strict]

It prints a table and writes a JSON report (by default ``benchmarks/results/latest.json``; the
``results`` folder is git-ignored and also holds the cached large project files). ``--quick``
uses small sizes so the whole suite finishes in well under a minute; its figures only show that
the suite still works. Unit tests never assert on these timings.

Each module measures one thing against the cheapest fair way of doing the same work without our
code in the way: a bare Qt window, a plain ``QPlainTextEdit``, a raw ``sqlite3`` statement, a raw
``json.dumps`` loop. Their docstrings say what exactly is timed and why the baseline is fair.

This package must stay cheap to import: ``benchmarks.probe`` runs in fresh subprocesses whose
start-up time is itself measured.
"""
