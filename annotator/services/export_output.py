"""Where a writer's files go: one file, a folder or a ``.zip``, complete or not at all.

Every file is written to a staging place beside the target and hashed on the way; only
:meth:`StagedOutput.commit`, called once the writer has finished, puts them in place, with
the files staged :meth:`~StagedOutput.beside` it (the sidecar): all of them, or none (see
:func:`~annotator.atomic.replace_together`). A failed or cancelled export calls
:meth:`StagedOutput.discard` and leaves the target as it was.

New files and folders are owner-only; one that replaces an earlier export keeps that
export's permissions (see :func:`~annotator.atomic.mode_for`).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from annotator.atomic import (
    OWNER_ONLY,
    HashingWriter,
    file_to_write,
    folder_to_write,
    mode_for,
    replace_together,
)
from annotator.errors import ExportError
from annotator.owner_only import FOLDER_MODE

#: Zip members get this time, so the same export gives the same bytes.
_ZIP_TIME = (2020, 1, 1, 0, 0, 0)


class StagedOutput:
    """An :class:`~annotator.formats.base.Output` whose files appear only on :meth:`commit`.

    Attributes:
        files: Each file written, by its name in the output ("" for the one file), with its
            SHA-256.
    """

    def __init__(self, target: Path) -> None:
        self.target = target
        self.files: dict[str, str] = {}
        self._digests: dict[str, Any] = {}
        #: Files outside the output, staged to be put in place with it (staged, place).
        self._beside: list[tuple[Path, Path]] = []

    @contextmanager
    def text(self, name: str = "") -> Iterator[TextIO]:
        """A UTF-8 text file with ``\\n`` line ends."""
        with self.binary(name) as raw:
            handle = io.TextIOWrapper(raw, encoding="utf-8", newline="\n", write_through=False)
            try:
                yield handle
                handle.flush()
            finally:
                handle.detach()

    @contextmanager
    def binary(self, name: str = "") -> Iterator[BinaryIO]:
        """A binary file."""
        name = self._checked(name)
        digest = hashlib.sha256()
        self._digests[name] = digest
        with self._open(name) as raw:
            hashing = io.BufferedWriter(_Hashed(raw, digest), 1 << 16)
            try:
                yield hashing
            finally:
                hashing.flush()
                hashing.detach()
        self.files[name] = digest.hexdigest()

    def _checked(self, name: str) -> str:
        if name in self._digests:
            raise ValueError(f"{name or 'the export file'} was written twice")
        return name

    def _open(self, name: str) -> contextlib.AbstractContextManager[BinaryIO]:
        raise NotImplementedError

    def beside(self, place: Path, data: bytes) -> None:
        """Stage ``data`` for the file ``place`` (through its links), to be put in place by
        :meth:`commit` together with the output, after it: the export's sidecar.

        Raises:
            NotAFileError: ``place`` is not a regular file.
            OSError: It cannot be written (disk full).
        """
        final = file_to_write(place)
        staged, handle = _staged_file(final)
        self._beside.append((staged, final))
        with handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())

    def seal(self) -> None:
        """Finish the staged files (a zip's directory is written); nothing more is written."""

    def sha256(self) -> str | None:
        """The SHA-256 of the export once sealed: of its one file or its zip; None for a
        folder (the sidecar lists each of its files' instead)."""
        return self.files.get("")

    def _moves(self) -> list[tuple[Path, Path]]:
        """(staged, place) of every file or folder of the output itself."""
        raise NotImplementedError

    def commit(self) -> Path:
        """Put the output and the files staged beside it in place, all or none; returns what
        the export is (the file, folder or zip).

        Raises:
            OSError: A rename failed; every place holds what it held before.
        """
        self.seal()
        replace_together(self._moves() + self._beside)
        self._beside = []
        return self.target

    def discard(self) -> None:
        """Remove everything staged; the target stays as it was."""
        for staged, _place in self._beside:
            with contextlib.suppress(OSError):
                staged.unlink()


class _Hashed(HashingWriter):
    """Hashes the bytes on their way to a file that stays open (the output closes it)."""

    def close(self) -> None:
        io.RawIOBase.close(self)  # the file is not closed through this wrapper


def _staged_file(final: Path) -> tuple[Path, BinaryIO]:
    descriptor, name = tempfile.mkstemp(dir=final.parent, prefix=f".{final.name}.", suffix=".part")
    path = Path(name)
    try:
        path.chmod(mode_for(final))  # mkstemp's file is owner-only already
        return path, os.fdopen(descriptor, "wb")
    except BaseException:
        os.close(descriptor)
        path.unlink()
        raise


class FileOutput(StagedOutput):
    """One file (``name=""``), and companions beside it named ``STEM.NAME`` (``out.json``'s
    ``labelconfig.xml`` is ``out.labelconfig.xml``)."""

    def __init__(self, target: Path) -> None:
        super().__init__(file_to_write(target))
        self._staged: dict[Path, Path] = {}

    def place(self, name: str) -> Path:
        """Where the file ``name`` goes."""
        return self.target if not name else self.target.with_name(f"{self.target.stem}.{name}")

    @contextmanager
    def _open(self, name: str) -> Iterator[BinaryIO]:
        final = file_to_write(self.place(name))
        staged, handle = _staged_file(final)
        self._staged[final] = staged
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())

    def _moves(self) -> list[tuple[Path, Path]]:
        return [(staged, final) for final, staged in self._staged.items()]

    def discard(self) -> None:
        super().discard()
        for staged in self._staged.values():
            with contextlib.suppress(OSError):
                staged.unlink()


class FolderOutput(StagedOutput):
    """Files in a folder, made beside the target and renamed into place.

    An existing folder is replaced only when it is empty or an earlier export (a sidecar
    ``FOLDER.meta.json`` beside it says so); anything else is refused before writing.
    """

    def __init__(self, target: Path, earlier_export: bool) -> None:
        target = folder_to_write(target)  # a link stays, and names the new folder
        super().__init__(target)
        if target.exists() and not target.is_dir():
            raise ExportError(
                f"Cannot write {target}: this format writes a folder of files, and {target} "
                "is a file. Name a new folder, or a .zip file."
            )
        if target.is_dir() and any(target.iterdir()) and not earlier_export:
            raise ExportError(
                f"Cannot write into {target}: the folder has files in it that no export of "
                "ours wrote. Name a new or empty folder, or a .zip file."
            )
        # mkdtemp's folder is owner-only, and so is everything made in it.
        self._staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}."))

    @contextmanager
    def _open(self, name: str) -> Iterator[BinaryIO]:
        path = self._staging.joinpath(*name.split("/"))
        if self._staging not in path.resolve().parents:
            raise ValueError(f"{name!r} is not a name inside the export folder")
        path.parent.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        with os.fdopen(os.open(path, flags, OWNER_ONLY), "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())

    def _moves(self) -> list[tuple[Path, Path]]:
        if self.target.is_dir():  # an earlier export's folder: keep the access it was given
            self._staging.chmod(stat.S_IMODE(self.target.stat().st_mode))
        return [(self._staging, self.target)]

    def discard(self) -> None:
        super().discard()
        shutil.rmtree(self._staging, ignore_errors=True)


class ZipOutput(StagedOutput):
    """Files in a ``.zip`` (deflated, fixed member times), written beside and renamed."""

    def __init__(self, target: Path) -> None:
        super().__init__(file_to_write(target))
        self._path, self._handle = _staged_file(self.target)
        self._zip = zipfile.ZipFile(self._handle, "w", zipfile.ZIP_DEFLATED)

    @contextmanager
    def _open(self, name: str) -> Iterator[BinaryIO]:
        if not name or name.startswith("/") or ".." in name.split("/"):
            raise ValueError(f"{name!r} is not a name inside the export archive")
        info = zipfile.ZipInfo(name, _ZIP_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = OWNER_ONLY << 16  # what unzip gives the files it makes
        with self._zip.open(info, "w", force_zip64=True) as member:
            yield member  # type: ignore[misc]  # a zip member is a writable binary file

    def seal(self) -> None:
        if self._handle.closed:
            return
        self._zip.close()
        self._handle.flush()
        os.fsync(self._handle.fileno())
        self._handle.close()

    def sha256(self) -> str | None:
        self.seal()
        return sha256_of(self._path)

    def _moves(self) -> list[tuple[Path, Path]]:
        return [(self._path, self.target)]

    def discard(self) -> None:
        super().discard()
        with contextlib.suppress(Exception):
            self._zip.close()
        with contextlib.suppress(OSError):
            self._handle.close()
            self._path.unlink()


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file's bytes (for the zip itself, hashed once it is complete)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
