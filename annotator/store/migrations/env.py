"""Alembic environment: always run on a connection handed over by :mod:`annotator.store.db`."""

from __future__ import annotations

from alembic import context

from annotator.store.schema import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies tables instead
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
