"""The command line applies the rules of an annotator name to ``--annotator`` and ``--as``
(:mod:`annotator.core.value_rules`), as imports and merges do."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_cli import env, run, write_jsonl  # noqa: F401 (env is a fixture)


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        (
            "a" * 201,
            "the annotator name 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'… is longer "
            "than 200 characters (it has 201)",
        ),
        (
            "ann\tbob",
            "the annotator name 'ann\\tbob' contains a tab, a line break or another "
            "control character",
        ),
    ],
)
def test_an_annotator_name_that_breaks_the_rules_is_a_usage_error(
    env: dict[str, str],  # noqa: F811
    tmp_path: Path,
    name: str,
    reason: str,
) -> None:
    write_jsonl(tmp_path / "a.jsonl", {"text": "abc", "label": [[0, 1, "Claim"]]})
    project = tmp_path / "p.annotator"
    done = run(env, "import", project, tmp_path / "a.jsonl", "--annotator", name)
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1] == (
        f"annotator import: error: argument --annotator: {reason}"
    )
    assert not project.exists()
