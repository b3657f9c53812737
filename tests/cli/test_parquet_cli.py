"""`annotator export --format parquet [--split 80/10/10 --seed N]` from the command line."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
from test_cli import env, run, write_jsonl  # noqa: F401  (env is a fixture)

from annotator.formats.parquet import SPLIT_FILES


def project_of_ten(env: dict[str, str], tmp_path: Path) -> Path:  # noqa: F811
    records = [
        {
            "text": f"Page {n}: prices rose 👨\u200d👩\u200d👧 by {n}%.",
            "spans": [{"start": 8, "end": 19, "label": "Claim", "annotator": "alice"}],
        }
        for n in range(10)
    ]
    source = write_jsonl(tmp_path / "pages.jsonl", *records)
    project = tmp_path / "p.annotator"
    done = run(env, "import", project, source)
    assert done.returncode == 0, done.stderr
    return project


def ids_per_part(tables: list[Any]) -> list[set[str]]:
    return [set(table.column("id").to_pylist()) for table in tables]


def test_a_split_export_writes_a_folder_and_a_zip_with_the_same_parts(
    env: dict[str, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    project = project_of_ten(env, tmp_path)
    folder = tmp_path / "out"
    split = ("--format", "parquet", "--split", "80/10/10", "--seed", "7")
    done = run(env, "export", project, "-o", folder, *split)
    assert done.returncode == 0, done.stderr
    assert f"to {folder} (described in out.meta.json)" in done.stdout
    assert sorted(p.name for p in folder.iterdir()) == sorted(SPLIT_FILES)
    parts = ids_per_part([pq.read_table(folder / name) for name in SPLIT_FILES])
    assert [len(part) for part in parts] == [8, 1, 1]
    assert len(set().union(*parts)) == 10
    archive = tmp_path / "out.zip"
    done = run(env, "export", project, "-o", archive, *split)
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(archive) as opened:
        assert sorted(opened.namelist()) == sorted(SPLIT_FILES)
        zipped = [pq.read_table(opened.open(name)) for name in SPLIT_FILES]
    assert ids_per_part(zipped) == parts
    again = tmp_path / "again.annotator"
    done = run(env, "import", again, archive)
    assert done.returncode == 0, done.stderr


def test_split_with_a_format_that_cannot_split_is_refused_in_one_line(
    env: dict[str, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    project = project_of_ten(env, tmp_path)
    out = tmp_path / "out"
    done = run(env, "export", project, "-o", out, "--format", "jsonl", "--split", "80/10/10")
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1
    assert "cannot split the documents into train/dev/test; parquet can" in done.stderr
    assert not out.exists()
    done = run(env, "export", project, "-o", "-", "--format", "parquet")
    assert done.returncode == 1 and "binary file" in done.stderr


def test_without_pyarrow_the_cli_names_the_extra(
    env: dict[str, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    project = project_of_ten(env, tmp_path)
    # A pyarrow that cannot be imported, first on the path: as if the extra were missing.
    broken = tmp_path / "broken" / "pyarrow"
    broken.mkdir(parents=True)
    (broken / "__init__.py").write_text("raise ImportError('no pyarrow here')\n")
    without = {**env, "PYTHONPATH": f"{broken.parent}:{env.get('PYTHONPATH', '')}"}
    out = tmp_path / "out.parquet"
    done = run(without, "export", project, "-o", out, "--format", "parquet")
    assert done.returncode == 1
    assert "pip install 'annotator[parquet]'" in done.stderr
    assert not out.exists()
