"""Where a writer's files go: one file, a folder or a ``.zip``, complete or not at all.

Every file is written to a staging place beside the target and hashed on the way; only
:meth:`StagedOutput.commit`, called once the writer has finished, puts them in place. A
failed or cancelled export calls :meth:`StagedOutput.discard` and leaves the target as it was.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from annotator.atomic import HashingWriter, file_to_write, new_file_mode, sync_folder
from annotator.errors import ExportError

#: Zip members get this time, so the same export gives the same bytes.
_ZIP_TIME = (2020, 1, 1, 0, 0, 0)


class StagedOutput:
    """An :class:`~annotator.formats.base.Output` whose files appear only on :meth:`commit`.

    Attributes:
        files: Each file written, by its name in the output ("" for the one file), with its
            SHA-256.
    """

    def __init__(self) -> None:
        self.files: dict[str, str] = {}
        self._digests: dict[str, Any] = {}

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

    def commit(self) -> Path:
        """Put the files in place; returns what the export is (the file, folder or zip)."""
        raise NotImplementedError

    def discard(self) -> None:
        """Remove everything staged; the target stays as it was."""
        raise NotImplementedError


class _Hashed(HashingWriter):
    """Hashes the bytes on their way to a file that stays open (the output closes it)."""

    def close(self) -> None:
        io.RawIOBase.close(self)  # the file is not closed through this wrapper


def _staged_file(final: Path) -> tuple[Path, BinaryIO]:
    descriptor, name = tempfile.mkstemp(dir=final.parent, prefix=f".{final.name}.", suffix=".part")
    path = Path(name)
    path.chmod(final.stat().st_mode & 0o7777 if final.exists() else new_file_mode())
    return path, os.fdopen(descriptor, "wb")


class FileOutput(StagedOutput):
    """One file (``name=""``), and companions beside it named ``STEM.NAME`` (``out.json``'s
    ``labelconfig.xml`` is ``out.labelconfig.xml``)."""

    def __init__(self, target: Path) -> None:
        super().__init__()
        self.target = file_to_write(target)
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

    def commit(self) -> Path:
        for final, staged in self._staged.items():
            staged.replace(final)
        sync_folder(self.target.parent)
        return self.target

    def discard(self) -> None:
        for staged in self._staged.values():
            with contextlib.suppress(OSError):
                staged.unlink()


class FolderOutput(StagedOutput):
    """Files in a folder, made beside the target and renamed into place.

    An existing folder is replaced only when it is empty or an earlier export (a sidecar
    ``FOLDER.meta.json`` beside it says so); anything else is refused before writing.
    """

    def __init__(self, target: Path, earlier_export: bool) -> None:
        super().__init__()
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
        self.target = target
        self._staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}."))

    @contextmanager
    def _open(self, name: str) -> Iterator[BinaryIO]:
        path = self._staging.joinpath(*name.split("/"))
        if self._staging not in path.resolve().parents:
            raise ValueError(f"{name!r} is not a name inside the export folder")
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())

    def commit(self) -> Path:
        self._staging.chmod(0o777 & ~_umask())
        old = None
        if self.target.exists():
            old = Path(tempfile.mkdtemp(dir=self.target.parent, prefix=f".{self.target.name}."))
            old.rmdir()
            self.target.rename(old)
        self._staging.rename(self.target)
        sync_folder(self.target.parent)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return self.target

    def discard(self) -> None:
        shutil.rmtree(self._staging, ignore_errors=True)


class ZipOutput(StagedOutput):
    """Files in a ``.zip`` (deflated, fixed member times), written beside and renamed."""

    def __init__(self, target: Path) -> None:
        super().__init__()
        self.target = file_to_write(target)
        self._path, self._handle = _staged_file(self.target)
        self._zip = zipfile.ZipFile(self._handle, "w", zipfile.ZIP_DEFLATED)

    @contextmanager
    def _open(self, name: str) -> Iterator[BinaryIO]:
        if not name or name.startswith("/") or ".." in name.split("/"):
            raise ValueError(f"{name!r} is not a name inside the export archive")
        info = zipfile.ZipInfo(name, _ZIP_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        with self._zip.open(info, "w", force_zip64=True) as member:
            yield member  # type: ignore[misc]  # a zip member is a writable binary file

    def commit(self) -> Path:
        self._zip.close()
        self._handle.flush()
        os.fsync(self._handle.fileno())
        self._handle.close()
        self._path.replace(self.target)
        sync_folder(self.target.parent)
        return self.target

    def discard(self) -> None:
        with contextlib.suppress(Exception):
            self._zip.close()
        with contextlib.suppress(OSError):
            self._handle.close()
            self._path.unlink()


def _umask() -> int:
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file's bytes (for the zip itself, hashed once it is complete)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
