"""The files an import reads: files named, the files in folders, the members of ``.zip`` files.

A folder and a zip are read alike: every file a reader takes, in name order, hidden files
and folders passed over; a file that belongs to another one beside it (brat's ``.txt``
beside its ``.ann``, XMI's ``TypeSystem.xml``) is read with that one, not alone. A reader
sees the other files of its folder through :attr:`InputFile.sibling`.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from annotator.errors import InputError
from annotator.formats.base import Reader
from annotator.formats.registry import MAX_FILE_BYTES, FormatRegistry

#: Members of a zip beyond this many are refused (a zip of a million empty files).
MAX_ZIP_MEMBERS = 100_000


@dataclass(frozen=True, slots=True)
class InputFile:
    """One file to import.

    Attributes:
        name: How messages and the import's record name it: its path, or for a member of
            a zip ``ARCHIVE.zip!folder/name``.
        path: Its path, by which its reader is chosen (a zip member's path in the zip).
        reader: The reader that takes it.
        read: Its bytes.
        sibling: The bytes of a file in the same folder, by name (None if there is none).
    """

    name: str
    path: PurePosixPath | Path
    reader: Reader
    read: Callable[[], bytes] = field(repr=False)
    sibling: Callable[[str], bytes | None] = field(repr=False)


@dataclass(slots=True)
class Collected:
    """What a set of paths expands to."""

    files: list[InputFile] = field(default_factory=list)
    #: Files in folders (or zips) that no reader takes, each with why.
    skipped: list[tuple[str, str]] = field(default_factory=list)
    #: Paths named that cannot be imported at all, each as one message.
    errors: list[str] = field(default_factory=list)


class SourceCollector:
    """Expands paths into :class:`InputFile` s with the registry's readers.

    Args:
        registry: The formats.
        forced: The reader ``--format`` names, if any: every file named is read with it, and
            in folders only the files with its extensions are taken.
    """

    def __init__(self, registry: FormatRegistry, forced: Reader | None = None) -> None:
        self._registry = registry
        self._forced = forced

    def collect(self, paths: list[Path]) -> Collected:
        """Every file to import from ``paths``, in order."""
        collected = Collected()
        for path in paths:
            if path.is_dir():
                self._folder(path, collected)
            elif path.is_file():
                self._named(path, collected)
            else:
                collected.errors.append(f"{path}: no such file or folder")
        return collected

    def _reader(self, path: PurePosixPath | Path, named: bool) -> Reader | None:
        if self._forced is None:
            return self._registry.reader_for(path)
        if named or path.suffix.lower() in self._forced.extensions:
            return self._forced
        return None

    def _named(self, path: Path, collected: Collected) -> None:
        if path.suffix.lower() == ".zip" and (
            self._forced is None or ".zip" not in self._forced.extensions
        ):
            self._zip(path, collected)
            return
        reader = self._reader(path, named=True)
        if reader is None:
            collected.errors.append(f"{path}: {self.unsupported(path)}")
            return
        collected.files.append(_file(path, reader))

    def _folder(self, folder: Path, collected: Collected) -> None:
        by_folder: dict[Path, list[Path]] = {}
        for candidate in sorted(folder.rglob("*")):
            hidden = any(part.startswith(".") for part in candidate.relative_to(folder).parts)
            if candidate.is_file() and not hidden:
                by_folder.setdefault(candidate.parent, []).append(candidate)
        for files in by_folder.values():
            siblings = {f.name.lower() for f in files}
            for candidate in files:
                if self._registry.is_companion(candidate, siblings):
                    continue
                if candidate.suffix.lower() == ".zip" and self._forced is None:
                    self._zip(candidate, collected)
                    continue
                reader = self._reader(candidate, named=False)
                if reader is None:
                    collected.skipped.append((str(candidate), self.unsupported(candidate)))
                else:
                    collected.files.append(_file(candidate, reader))

    def _zip(self, archive: Path, collected: Collected) -> None:
        try:
            with zipfile.ZipFile(archive) as opened:
                members = [m for m in opened.infolist() if not m.is_dir()]
        except (zipfile.BadZipFile, OSError, EOFError) as error:
            reason = getattr(error, "strerror", None) or "not a readable .zip file"
            collected.errors.append(f"{archive}: {reason}")
            return
        if len(members) > MAX_ZIP_MEMBERS:
            collected.errors.append(f"{archive}: holds more than {MAX_ZIP_MEMBERS:,} files")
            return
        by_folder: dict[PurePosixPath, dict[str, zipfile.ZipInfo]] = {}
        for member in sorted(members, key=lambda m: m.filename):
            path = PurePosixPath(member.filename)
            if any(part.startswith(".") or part == "__MACOSX" for part in path.parts):
                continue
            by_folder.setdefault(path.parent, {})[path.name] = member
        for folder_members in by_folder.values():
            siblings = {name.lower() for name in folder_members}
            for member in folder_members.values():
                path = PurePosixPath(member.filename)
                if self._registry.is_companion(path, siblings):
                    continue
                shown = f"{archive}!{member.filename}"
                reader = self._reader(path, named=False)
                if reader is None:
                    collected.skipped.append((shown, self.unsupported(path)))
                    continue
                collected.files.append(
                    InputFile(
                        shown,
                        path,
                        reader,
                        _member_reader(archive, member, shown),
                        _member_siblings(archive, folder_members, f"{archive}!{path.parent}"),
                    )
                )

    def unsupported(self, path: PurePosixPath | Path) -> str:
        """Why a file is not taken, naming what is."""
        supported = ", ".join((*self._registry.extensions, ".zip"))
        if self._forced is not None:
            supported = ", ".join(self._forced.extensions)
            return (
                f"passed over: --format {self._forced.name} takes {supported} files in "
                f"folders and zips (this one is {path.suffix or 'without an extension'})"
            )
        return f"unsupported file type {path.suffix or '(no extension)'!r} (supported: {supported})"


def _file(path: Path, reader: Reader) -> InputFile:
    def read() -> bytes:
        return _read_file(path)

    def sibling(name: str) -> bytes | None:
        candidate = path.with_name(name)
        if not candidate.is_file():
            # The same name in another case (a TypeSystem.xml called typesystem.xml).
            matches = [p for p in path.parent.iterdir() if p.name.lower() == name.lower()]
            if not matches:
                return None
            candidate = matches[0]
        return _read_file(candidate)

    return InputFile(str(path), path, reader, read, sibling)


def _read_file(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise InputError(path, f"is larger than {MAX_FILE_BYTES // 2**20} MiB")
        return path.read_bytes()
    except OSError as error:
        raise InputError(path, f"cannot be read ({error.strerror or error})") from None


def _member_reader(archive: Path, member: zipfile.ZipInfo, shown: str) -> Callable[[], bytes]:
    def read() -> bytes:
        return _read_member(archive, member, shown)

    return read


def _member_siblings(
    archive: Path, members: dict[str, zipfile.ZipInfo], folder: str
) -> Callable[[str], bytes | None]:
    lowered = {name.lower(): member for name, member in members.items()}

    def sibling(name: str) -> bytes | None:
        member = members.get(name) or lowered.get(name.lower())
        if member is None:
            return None
        return _read_member(archive, member, f"{folder}/{member.filename.rsplit('/', 1)[-1]}")

    return sibling


def _read_member(archive: Path, member: zipfile.ZipInfo, shown: str) -> bytes:
    if member.file_size > MAX_FILE_BYTES:
        raise InputError(shown, f"is larger than {MAX_FILE_BYTES // 2**20} MiB")
    try:
        with zipfile.ZipFile(archive) as opened, opened.open(member) as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as error:
        raise InputError(shown, f"cannot be unpacked ({error})") from None
    if len(data) > MAX_FILE_BYTES:  # the size in the directory was a lie
        raise InputError(shown, f"is larger than {MAX_FILE_BYTES // 2**20} MiB")
    return data
