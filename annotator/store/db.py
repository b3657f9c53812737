"""Opening, creating and upgrading project stores.

All backend-specific settings live here, so the rest of the code runs on any SQLAlchemy
backend: SQLite for a project file today, PostgreSQL for team mode later.
"""

from __future__ import annotations

import logging
import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DatabaseError, DBAPIError, OperationalError

from annotator.errors import ProjectError
from annotator.owner_only import create_private_file, private_folder
from annotator.settings import project_backup_folder
from annotator.store.backup_copy import CopyCheckError, source_connection, write_copy
from annotator.store.backup_names import new_name
from annotator.store.damage import check_on_open, damaged
from annotator.store.header import SQLITE_MAGIC

log = logging.getLogger(__name__)

#: "ANNT": marks a SQLite file as an annotator project (``PRAGMA application_id``).
APPLICATION_ID = 0x414E4E54
#: The newest schema revision this version of the program knows. A test keeps it equal to the
#: head of the Alembic scripts, so opening an up-to-date project never has to load Alembic.
SCHEMA_HEAD = "0008"
MIGRATIONS_DIR = Path(__file__).with_name("migrations")
#: SQLite page cache per connection, in KiB (``PRAGMA cache_size`` takes KiB as negative).
PAGE_CACHE_KIB = -1024


def _on_sqlite_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself; pysqlite's own implicit transactions
    # would otherwise start late and make PRAGMA journal_mode run inside a transaction.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        mode = cursor.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if mode != "wal" and mode != "memory":
            raise ProjectError(
                "This drive does not support the write-ahead log a project file needs "
                "(network drives usually don't). "
                "Copy the project to a local disk and open it there."
            )
        # FULL, not NORMAL: NORMAL can lose the last commits on power loss in WAL mode.
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        # 1 MiB of page cache, not SQLite's 2 MiB: opening a long page reads its text and
        # spans once into Python values, so a full cache only holds a second copy of them
        # (re-reads come from the OS file cache; imports measured no slower at this size).
        cursor.execute(f"PRAGMA cache_size={PAGE_CACHE_KIB}")
    finally:
        cursor.close()


#: Execution option that marks a transaction as a writer's (see :func:`on_sqlite_begin`).
WRITE_OPTION = "annotator_write"


def on_sqlite_begin(connection: Connection) -> None:
    # A writer takes the write lock up front. With a plain deferred BEGIN, a transaction that
    # reads and then writes fails at once with "database is locked" (busy_timeout cannot help)
    # when another connection committed in between.
    immediate = connection.get_execution_options().get(WRITE_OPTION, False)
    statement = "BEGIN IMMEDIATE" if immediate else "BEGIN"
    # Straight on the driver: this runs before every edit, and Core's execution path would
    # cost more than SQLite's BEGIN. Errors are wrapped as Core wraps them.
    driver = connection.connection.driver_connection
    assert driver is not None
    try:
        driver.execute(statement)
    except sqlite3.Error as error:
        raise DBAPIError.instance(statement, None, error, sqlite3.Error) from error


def data_version(connection: Connection) -> int | None:
    """A number that changes whenever another connection commits to the project.

    SQLite's ``PRAGMA data_version``: per connection, unchanged by the connection's own
    commits, so on the process's one writer connection it moves exactly when another
    process (another window, a command-line import) committed. Read straight on the driver:
    it runs before every edit. None on a backend that cannot tell as cheaply.
    """
    if connection.dialect.name != "sqlite":
        return None
    driver = connection.connection.driver_connection
    assert driver is not None
    row = driver.execute("PRAGMA data_version").fetchone()
    return int(row[0])


def create_project_engine(url: str) -> Engine:
    """Create an engine with the settings its backend needs."""
    sqlite = url.startswith("sqlite")
    # Long jobs run on a worker thread; the pool still hands each connection to one thread
    # at a time, so pysqlite's own same-thread check only gets in the way.
    # hide_parameters: an error's text (shown, logged) never carries the statement's values,
    # which hold document text and names.
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False} if sqlite else {},
        hide_parameters=True,
    )
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _on_sqlite_connect)
        event.listen(engine, "begin", on_sqlite_begin)
    return engine


def check_is_project_file(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as error:
        raise ProjectError(f"Cannot read {path}: {error.strerror or error}") from error
    if len(header) == 0:
        return  # an empty file is a new project
    if not header.startswith(SQLITE_MAGIC) or len(header) < 100:
        raise ProjectError(f"{path} is not an annotator project (it is not a SQLite database).")
    app_id = int.from_bytes(header[68:72], "big")
    if app_id not in (0, APPLICATION_ID):
        raise ProjectError(
            f"{path} is a SQLite database of another program, not an annotator project."
        )
    # Bytes 18 and 19 are 2 in WAL mode. A file still in rollback-journal mode (another
    # program's, or one written by a version to come) is looked at read-only first: the
    # engine's first connection would switch it to WAL, rewriting its header.
    in_wal_mode = header[18] == 2 and header[19] == 2
    if app_id == 0 or not in_wal_mode:
        _check_untouched(path, app_id)


def _check_untouched(path: Path, app_id: int) -> None:
    """Refuse another program's file, or a project of a newer version, before any write.

    Looked at through a read-only connection: the engine's connections switch a file to WAL
    mode, which must never happen to a file that is refused.
    """
    names, revision = peek_schema(path)
    if app_id == 0 and names and "alembic_version" not in names:
        raise ProjectError(f"{path} is a SQLite database, but not an annotator project.")
    if revision is not None and revision != SCHEMA_HEAD and revision not in known_revisions():
        raise _newer_version(path, revision)


def peek_schema(path: Path, uri: str | None = None) -> tuple[set[str], str | None]:
    """The table names and the schema revision of a SQLite file, read without writing
    (through ``uri``, a read-only one, when given)."""
    try:
        with closing(sqlite3.connect(uri or f"{path.as_uri()}?mode=ro", uri=True)) as connection:
            names = {
                row[0]
                for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
            revision = None
            if "alembic_version" in names:
                row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = None if row is None else str(row[0])
    except sqlite3.Error as error:
        raise ProjectError(f"Cannot open {path}: {error}") from error
    return names, revision


def _newer_version(path: Path, revision: str) -> ProjectError:
    return ProjectError(
        f"{path} was made by a newer version of Annotator (schema {revision}). "
        "Update Annotator to open it; the file was not changed."
    )


def _current_revision(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def known_revisions() -> set[str]:
    """Every schema revision the migration scripts know."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return {script.revision for script in ScriptDirectory.from_config(config).walk_revisions()}


def _upgrade(engine: Engine) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.connect() as connection:
        # Batch migrations rebuild tables (copy, drop, rename); with foreign keys on, dropping
        # the old "documents" would cascade into every span. The pragma is ignored inside a
        # transaction, so it is switched on the raw connection before BEGIN, and integrity is
        # checked before the migration commits.
        raw = connection.connection.dbapi_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise ProjectError(
                        f"Upgrading the project would break {len(broken)} references between "
                        "its tables; the upgrade was undone and the file is unchanged."
                    )
        finally:
            raw.execute("PRAGMA foreign_keys=ON")


def _distrust_schema(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # The file came from someone else: SQL stored in its schema may call harmless functions only.
    dbapi_connection.execute("PRAGMA trusted_schema=OFF")


def upgrade_copy(path: Path) -> None:
    """Upgrade a private copy of someone else's project file, without a backup.

    Only for a copy whose original is kept elsewhere (see :mod:`annotator.store.untrusted`);
    the caller has checked that its schema holds nothing but our tables.

    Raises:
        ProjectError: The upgrade failed; the copy is then unusable.
    """
    engine = create_project_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _distrust_schema)
    try:
        _upgrade(engine)
    except (OperationalError, DatabaseError) as error:
        raise ProjectError(f"Cannot upgrade {path}: {error.orig}") from error
    finally:
        engine.dispose()


def _backup(path: Path, revision: str) -> Path:
    """Copy the project into its backup folder before its schema is upgraded.

    Owner-only and checked, like every backup (see :mod:`annotator.store.backup_copy`);
    ``annotator backups`` lists it and ``annotator restore`` puts it back.

    Raises:
        ProjectError: It could not be made (the project is then not upgraded).
    """
    folder = project_backup_folder(path)
    try:
        private_folder(folder.parent)  # the folder of every project's backups
        name = new_name(
            private_folder(folder), path.name, datetime.now(UTC), f"before-upgrade-{revision}"
        )
        target = folder / name.file_name
        with closing(source_connection(path)) as source:
            write_copy(source, target)
    except CopyCheckError as error:
        raise ProjectError(
            f"{path} is damaged ({error}), so it was not upgraded; the file was not changed."
        ) from None
    except (OSError, sqlite3.Error) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise ProjectError(
            f"{path} needs an upgrade, but it could not be backed up first to {folder} "
            f"({reason}); the file was not changed."
        ) from None
    return target


def project_file(path: Path) -> Path:
    """The file :func:`open_project_store` opens for ``path``: ``~`` expanded and links
    followed, so a link to a missing file names the file that is created."""
    return path.expanduser().resolve()


def open_project_store(path: Path) -> Engine:
    """Open (creating or upgrading as needed) the project file at ``path``.

    Raises:
        ProjectError: The file is not a project, was made by a newer version, or cannot be
            opened or written.
    """
    path = project_file(path)
    if path.exists():
        if path.is_dir():
            raise ProjectError(f"{path} is a folder; a project is a single file.")
        check_is_project_file(path)
        check_on_open(path)
    elif not path.parent.is_dir():
        raise ProjectError(f"Cannot create {path}: the folder {path.parent} does not exist.")
    else:
        _create_owner_only(path)
    engine = create_project_engine(f"sqlite:///{path}")
    try:
        _migrate(engine, path)
    except (OperationalError, DatabaseError) as error:
        engine.dispose()
        raise damaged(path, error) or ProjectError(_cannot_open(path, error.orig)) from error
    except BaseException:
        engine.dispose()
        raise
    return engine


#: Below this much free space, an I/O error while opening is put down to a full disk.
_NEARLY_FULL = 1 << 20


def _cannot_open(path: Path, error: BaseException | None) -> str:
    """Why a project cannot be opened for work, in words naming the cause SQLite does not.

    A full disk shows as SQLITE_FULL, or, when the ``-shm`` index beside the file cannot be
    given its first pages, as a bare "disk I/O error" (SQLITE_IOERR_SHMSIZE), which says
    nothing of the cause; a read-only place and a network drive are named too.
    """
    from annotator.filesystems import network_warning
    from annotator.store.writable import cannot_work_on, disk_full, write_problem

    name = getattr(error, "sqlite_errorname", "")
    if name == "SQLITE_FULL" or (
        name.startswith("SQLITE_IOERR") and disk_full(path.parent, _NEARLY_FULL)
    ):
        return (
            f"Cannot open {path}: the disk is full. Free some space and try again; "
            "nothing was changed."
        )
    problem = write_problem(path) if path.exists() else None
    if problem is not None:
        return cannot_work_on(path, problem)
    warning = network_warning(path)
    if warning is not None:
        return f"Cannot open {path} ({error}). {warning}"
    return f"Cannot open {path}: {error}"


def _create_owner_only(path: Path) -> None:
    """Create a new project file readable by its owner only, before SQLite first opens it:
    SQLite gives the -wal and -shm files beside it the project file's mode."""
    try:
        create_private_file(path)
    except OSError as error:
        raise ProjectError(f"Cannot create {path}: {error.strerror or error}") from error


def _migrate(engine: Engine, path: Path) -> None:
    with engine.connect() as connection:
        revision = _current_revision(connection)
        has_tables = bool(inspect(connection).get_table_names())
    if revision == SCHEMA_HEAD:
        return
    if revision is None and has_tables:
        raise ProjectError(f"{path} is a SQLite database, but not an annotator project.")
    if revision is not None:
        if revision not in known_revisions():
            raise _newer_version(path, revision)
        backup = _backup(path, revision)
        log.info("backed up %s to %s before upgrading its schema", path, backup)
    _upgrade(engine)
    with engine.begin() as connection:
        connection.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
