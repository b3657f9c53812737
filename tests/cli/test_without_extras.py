"""The program starts and works without the formats' libraries, and names the extra a
format needs when its library is missing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from test_cli import env  # noqa: F401 (the fixture)

from annotator.formats.registry import default_registry

#: Runs the command line with the formats' libraries made impossible to import.
_BLOCKED_MAIN = """
import importlib.abc, sys
BLOCKED = set(sys.argv[1].split(","))
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None
sys.meta_path.insert(0, Block())
from annotator.cli import main
sys.exit(main(sys.argv[2:]))
"""

REGISTRY = default_registry()
#: Every library some format needs, by its top-level module.
_NEEDS = [r.requires for r in REGISTRY.readers.values()]
_NEEDS += [w.requires for w in REGISTRY.writers.values()]
LIBRARIES = sorted(
    {needs.module.split(".")[0] for needs in _NEEDS if needs is not None}
    | {"lxml", "spacy", "pyarrow", "docx", "pypdf", "markdown_it"}
)


def blocked(env: dict[str, str], *args: str | Path) -> subprocess.CompletedProcess[str]:  # noqa: F811
    argv = [sys.executable, "-c", _BLOCKED_MAIN, ",".join(LIBRARIES), *map(str, args)]
    done = subprocess.run(
        argv, env=env, capture_output=True, text=True, encoding="utf-8", timeout=120
    )
    assert "Traceback" not in done.stderr
    return done


def test_import_and_export_work_without_any_extra(
    env: dict[str, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    page = tmp_path / "page.txt"
    page.write_text("The bridge opened in 1932 👍", encoding="utf-8")
    project = tmp_path / "p.annotator"
    assert blocked(env, "--help").returncode == 0
    done = blocked(env, "import", project, page)
    assert done.returncode == 0, done.stderr
    for name, writer in REGISTRY.writers.items():
        if writer.requires is None:
            suffix = writer.extension or ".zip"
            out = tmp_path / f"out-{name}{suffix}"
            done = blocked(env, "export", project, "-o", out, "--format", name)
            assert done.returncode == 0, (name, done.stderr)
            assert out.exists()


@pytest.mark.parametrize(
    "name", [name for name, w in REGISTRY.writers.items() if w.requires is not None]
)
def test_an_export_whose_library_is_missing_names_its_extra(
    env: dict[str, str],  # noqa: F811
    tmp_path: Path,
    name: str,
) -> None:
    page = tmp_path / "page.txt"
    page.write_text("The bridge opened in 1932", encoding="utf-8")
    project = tmp_path / "p.annotator"
    assert blocked(env, "import", project, page).returncode == 0
    writer = REGISTRY.writers[name]
    assert writer.requires is not None
    done = blocked(
        env, "export", project, "-o", tmp_path / f"out{writer.extension}", "--format", name
    )
    assert done.returncode == 1
    assert f"pip install 'annotator[{writer.requires.extra}]'" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "name", [name for name, r in REGISTRY.readers.items() if r.requires is not None]
)
def test_an_import_whose_library_is_missing_names_its_extra(
    env: dict[str, str],  # noqa: F811
    tmp_path: Path,
    name: str,
) -> None:
    reader = REGISTRY.readers[name]
    assert reader.requires is not None
    page = tmp_path / f"page{reader.extensions[0]}"
    page.write_bytes(b"whatever is inside: the library is asked for first")
    done = blocked(env, "import", tmp_path / "p.annotator", page)
    assert done.returncode == 1
    assert f"{page}: Reading " in done.stderr
    assert f"pip install 'annotator[{reader.requires.extra}]'" in done.stderr
