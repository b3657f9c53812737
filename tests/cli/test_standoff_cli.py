"""`annotator export --format brat|xmi` to a .zip and to a folder, and `annotator import` of
what it wrote: the same texts, spans and layers come back."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from test_cli import env, run  # noqa: F401  (env is a fixture)
from test_export_formats_cli import labelled_project


def spans_of(env: dict[str, str], project: Path, out: Path) -> list[tuple[Any, ...]]:  # noqa: F811
    """Every (text, annotator, start, end, label) of a project, through its JSONL export."""
    done = run(env, "export", project, "-o", out)
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in out.read_text("utf-8").split("\n") if line]
    return sorted(
        (r["text"], s["annotator"], s["start"], s["end"], s["label"])
        for r in records
        for s in r["spans"]
    )


@pytest.mark.parametrize("format_name", ["brat", "xmi"])
@pytest.mark.parametrize("target", ["out.zip", "outdir/"])
def test_a_bundle_exported_to_a_zip_or_a_folder_imports_back(
    env: dict[str, str],  # noqa: F811
    tmp_path: Path,
    format_name: str,
    target: str,
) -> None:
    project = labelled_project(env, tmp_path, "alice", "bob")
    out = f"{tmp_path}/{target}"
    done = run(env, "export", project, "--format", format_name, "-o", out)
    assert done.returncode == 0, done.stderr
    written = Path(out)
    if target.endswith(".zip"):
        with zipfile.ZipFile(written) as archive:
            names = archive.namelist()
    else:
        names = [p.relative_to(written).as_posix() for p in written.rglob("*") if p.is_file()]
    if format_name == "brat":
        assert {"alice/0001-prices.ann", "bob/0001-prices.txt", "bob/annotation.conf"} <= {*names}
    else:
        assert sorted(names) == ["0001-prices.xmi", "TypeSystem.xml"]
    again = tmp_path / "again.annotator"
    done = run(env, "import", again, out)
    assert done.returncode == 0, done.stderr
    assert "0 file(s) imported" not in done.stdout + done.stderr
    before = spans_of(env, project, tmp_path / "before.jsonl")
    assert spans_of(env, again, tmp_path / "after.jsonl") == before
    assert len(before) == 3


def test_brat_refuses_offsets_in_utf16_units(
    env: dict[str, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    project = labelled_project(env, tmp_path, "alice")
    done = run(
        env, "export", project, "--format", "brat", "--offsets", "utf16", "-o", tmp_path / "o"
    )
    assert done.returncode == 1
    assert "counts offsets in code points only: leave out --offsets" in done.stderr
    assert not (tmp_path / "o").exists()
