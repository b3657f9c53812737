"""A learned linear model's parameters, saved as data and read back with every part checked.

The saved form is zlib-compressed JSON: the feature rules, the class names, the calibration
temperature, a few example texts per label (for "like '...'" reasons), and the weights as
base64 of little-endian ``int32`` columns and ``float32`` values. Nothing is pickled, so a
damaged or hostile file can at worst be refused: :func:`decode` checks the format and its
version, every type and shape, and that the numbers are finite, and inflates no more than
:data:`MAX_INFLATED` bytes.

Only the columns some training feature reached are kept (a few tens of thousands of the
:attr:`~.features.FeatureConfig.columns` hashed ones), sorted, with one weight per class each.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import math
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from annotator.core.suggestions.features import FeatureConfig

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

#: What the saved data says it is, and the version of its shape.
FORMAT = "annotator.learned-linear"
FORMAT_VERSION = 1
#: The most a saved model may inflate to.
MAX_INFLATED = 256 * 1024 * 1024
#: The prefix of every version id.
VERSION_PREFIX = "learned-1"


@dataclass(frozen=True, slots=True, eq=False)
class LinearModel:
    """A trained linear model over hashed features.

    Attributes:
        config: The feature rules it was trained with.
        classes: Its classes: label names, and :data:`~.units.NONE` for "no label".
        columns: The hashed columns it has weights for, sorted, distinct.
        weights: One row of weights per class, one column per entry of ``columns``.
        intercepts: One per class.
        temperature: Divides the scores before the softmax (calibration, above 0).
        exemplars: ``(label, text)`` of labelled units, for "like '...'" reasons.
        data_digest: Names the labelled pages it learned from.
        sklearn_major: The scikit-learn major version whose hashing made the columns.
    """

    config: FeatureConfig
    classes: tuple[str, ...]
    columns: npt.NDArray[np.int64]
    weights: npt.NDArray[np.float64]
    intercepts: npt.NDArray[np.float64]
    temperature: float
    exemplars: tuple[tuple[str, str], ...]
    data_digest: str
    sklearn_major: int


def encode(model: LinearModel) -> bytes:
    """The model as data: zlib-compressed JSON."""
    return zlib.compress(_json_bytes(model), 9)


def version_of(model: LinearModel) -> str:
    """A short id of the parameters and the data (``learned-1:3f2a91c``)."""
    return f"{VERSION_PREFIX}:{hashlib.blake2b(_json_bytes(model), digest_size=8).hexdigest()[:7]}"


def _json_bytes(model: LinearModel) -> bytes:
    document = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "sklearn_major": model.sklearn_major,
        "config": model.config.as_json(),
        "classes": list(model.classes),
        "columns": _b64(model.columns.astype("<i4").tobytes()),
        "weights": _b64(model.weights.astype("<f4").tobytes()),
        "intercepts": [float(value) for value in model.intercepts],
        "temperature": model.temperature,
        "exemplars": [list(pair) for pair in model.exemplars],
        "data_digest": model.data_digest,
    }
    return json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def decode(data: bytes, sklearn_major: int) -> LinearModel:
    """The model :func:`encode` saved, checked part by part.

    Args:
        data: The saved bytes.
        sklearn_major: The installed scikit-learn's major version (its hashing must match).

    Raises:
        ValueError: The data is damaged, not a saved model, or from another version.
    """
    document = _document(data)
    if document.get("format") != FORMAT:
        raise ValueError("The data is not a saved learned model.")
    if document.get("format_version") != FORMAT_VERSION:
        raise ValueError(
            f"The saved model is of format version {document.get('format_version')!r}; "
            f"this version reads {FORMAT_VERSION}: train it again."
        )
    if document.get("sklearn_major") != sklearn_major:
        raise ValueError(
            f"The saved model was made with scikit-learn {document.get('sklearn_major')!r}.x "
            f"and this is {sklearn_major}.x, whose hashing may differ: train it again."
        )
    try:
        return _model(document, sklearn_major)
    except (KeyError, TypeError) as error:
        raise ValueError(f"The saved model is damaged ({type(error).__name__}: {error}).") from None


def _document(data: bytes) -> dict[str, Any]:
    try:
        inflater = zlib.decompressobj()
        raw = inflater.decompress(data, MAX_INFLATED)
        if inflater.unconsumed_tail or not inflater.eof:
            raise ValueError("The saved model is truncated or inflates past its limit.")
        document = json.loads(raw.decode("utf-8"))
    except (zlib.error, UnicodeDecodeError, json.JSONDecodeError):
        raise ValueError(
            "The data is not a saved learned model (it does not read as one)."
        ) from None
    if not isinstance(document, dict):
        raise ValueError("The data is not a saved learned model.")
    return document


def _model(document: dict[str, Any], sklearn_major: int) -> LinearModel:
    import numpy as np

    config = FeatureConfig.from_json(document["config"])
    classes = document["classes"]
    if not _strings(classes) or len(set(classes)) != len(classes) or len(classes) < 2:
        raise ValueError("The saved model's classes are not two or more distinct names.")
    columns = np.frombuffer(_unb64(document["columns"], 4), dtype="<i4").astype(np.int64)
    if columns.size and (
        columns[0] < 0 or columns[-1] >= config.columns or np.any(np.diff(columns) <= 0)
    ):
        raise ValueError("The saved model's columns are not sorted, distinct and in range.")
    weights = np.frombuffer(_unb64(document["weights"], 4), dtype="<f4").astype(np.float64)
    if weights.size != len(classes) * columns.size:
        raise ValueError("The saved model's weights do not match its classes and columns.")
    intercepts = document["intercepts"]
    temperature = document["temperature"]
    if not (isinstance(intercepts, list) and len(intercepts) == len(classes)):
        raise ValueError("The saved model's intercepts do not match its classes.")
    if not all(_finite(value) for value in [*intercepts, temperature]) or temperature <= 0:
        raise ValueError("The saved model's intercepts or temperature are not finite numbers.")
    if not np.all(np.isfinite(weights)):
        raise ValueError("The saved model's weights are not all finite numbers.")
    exemplars = document["exemplars"]
    if not isinstance(exemplars, list) or not all(
        _strings(pair) and len(pair) == 2 and pair[0] in classes for pair in exemplars
    ):
        raise ValueError("The saved model's example texts are malformed.")
    if not isinstance(document["data_digest"], str):
        raise ValueError("The saved model's data digest is not text.")
    return LinearModel(
        config,
        tuple(classes),
        columns,
        weights.reshape(len(classes), columns.size),
        np.array(intercepts, dtype=np.float64),
        float(temperature),
        tuple((label, text) for label, text in exemplars),
        document["data_digest"],
        sklearn_major,
    )


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _finite(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _unb64(text: Any, item_size: int) -> bytes:
    if not isinstance(text, str):
        raise ValueError("The saved model's arrays are not text.")
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise ValueError("The saved model's arrays are not valid base64.") from None
    if len(raw) % item_size:
        raise ValueError("The saved model's arrays have a partial number.")
    return raw
