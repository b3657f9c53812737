"""The project file: SQLAlchemy schema, engine settings, migrations and raw statements.

``schema`` declares the tables (typed SQLAlchemy 2.x), ``db`` opens a project file with
the settings that keep work safe (WAL, ``synchronous=FULL``, foreign keys) and runs the
Alembic migrations in ``migrations``, ``prepared`` compiles the hot statements once,
``untrusted`` and ``untrusted_rows`` check a file received from someone else before it is
merged, ``snapshot`` writes self-contained copies, ``created`` notes the files opening a
missing project creates, so that a command that added nothing can take them back;
``damage`` recognises a damaged file and says where its backups are.

It imports only SQLAlchemy, Alembic, ``core``, ``errors`` and ``settings``; only
``services`` import it (and the window, the error class of ``damage``).
"""
