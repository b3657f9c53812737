"""The sidecar written beside every export: what the dataset is and where it came from.

``OUT.jsonl`` gets ``OUT.jsonl.meta.json``: the project's file name, the layer(s)
exported, the label set with colours and keys, the offset unit and newline policy, the tool
and its version, the time, the counts, and the SHA-256 of the data file, so a dataset found
on a disk years later can be traced back (and a sidecar left from another export is
recognised as such).

The project is named by its file name only: its absolute path would tell whoever receives
the dataset the sender's home folder, and so often their user name.

The export puts the sidecar in place together with its data (see
:meth:`~annotator.services.export_output.StagedOutput.beside`): both, or neither.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from annotator import APP_ID, APP_NAME, __version__
from annotator.core.model import Label
from annotator.core.offset_units import UNIT_NAMES, OffsetUnit
from annotator.formats.base import Split
from annotator.formats.registry import SIDECAR_SUFFIX

#: Bump when the sidecar's fields change meaning.
SIDECAR_VERSION = 1
OFFSETS = {
    "unit": "Unicode code points of the exported text",
    "interval": "[start, end): start inclusive, end exclusive",
}
NEWLINES = (
    "On import, \\r\\n and lone \\r became \\n and span offsets were shifted to match; "
    "nothing else in the text was changed."
)


def sidecar_path(data: Path) -> Path:
    """Where the sidecar of the export ``data`` goes."""
    return data.with_name(data.name + SIDECAR_SUFFIX)


def sidecar_bytes(
    data: Path,
    data_sha256: str | None,
    *,
    project: Path,
    layers: dict[str, Any],
    labels: list[Label],
    counts: dict[str, int],
    format_name: str,
    document_filter: dict[str, Any] | None = None,
    offsets: OffsetUnit | None = "codepoints",
    files: dict[str, str] | None = None,
    losses: tuple[str, ...] = (),
    split: Split | None = None,
    fields: Mapping[str, str] | None = None,
) -> bytes:
    """The sidecar of the finished export ``data``, as the bytes of its file.

    Args:
        data: The export (a file, a folder or a zip).
        data_sha256: The SHA-256 of its bytes (None for a folder).
        document_filter: Which documents were kept (None: every document).
        files: Each file written with its SHA-256, by its name in the export ("" for the
            one file; companions beside it by their part after the stem).
        losses: What the format could not hold, as the export reported it.
        split: How the documents were divided into train/dev/test, if they were.
        fields: What the data's fields beyond the text and spans mean, as the writer
            describes them (:attr:`~annotator.formats.base.Writer.record_fields`); None for
            a format whose files hold none of them, and the sidecar has no ``fields`` then.
    """
    data_entry: dict[str, Any] = {"file": data.name, "format": format_name}
    data_entry["sha256"] = data_sha256
    members = {name: digest for name, digest in (files or {}).items() if name}
    if members:
        data_entry["files"] = members
    content = {
        "sidecar_version": SIDECAR_VERSION,
        "tool": {"name": APP_NAME, "id": APP_ID, "version": __version__},
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "project": {"file": project.name},
        "data": {**data_entry, **counts},
        "layers": layers,
        "documents": {"filter": document_filter},
        **({"fields": dict(fields)} if fields is not None else {}),
        "labels": [
            {"name": label.name, "color": label.color, "key": label.key, "position": i}
            for i, label in enumerate(labels)
        ],
        "offsets": (
            {**OFFSETS, "unit": UNIT_NAMES[offsets], "counted_in": offsets}
            if offsets is not None
            else {"unit": "none: the files hold no character offsets", "counted_in": None}
        ),
        "newlines": NEWLINES,
        "losses": list(losses),
    }
    if split is not None:
        content["split"] = {
            "shares": dict(zip(("train", "dev", "test"), split.shares, strict=True)),
            "seed": split.seed,
            "unit": "documents, shuffled with the seed, then cut by the shares",
        }
    return (json.dumps(content, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
