"""Fitting the learned recommender's linear model, and scoring hashed features with it.

Needs scikit-learn and numpy (the ``suggest`` extra); callers import this module only once
:meth:`~.learned.LinearTrainer.available` said yes.

The model is scikit-learn's ``LogisticRegression`` (multinomial, L2, ``lbfgs``, balanced
class weights: boilerplate lines far outnumber claims), fitted on the hashed columns that
the training features reach only. Its scores are then calibrated by one temperature ``T``
(``softmax(z / T)``): the pages are split into folds, each fold scored by a model fitted on
the others, and ``T`` chosen to minimise the log loss of those held-out scores. With fewer
than three pages there is nothing to hold out and ``T`` is 1.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from annotator.core.suggestions.features import FeatureConfig

if TYPE_CHECKING:
    from collections.abc import Sequence

    import numpy as np
    import numpy.typing as npt

#: At most this many folds of pages fit the calibration temperature.
CALIBRATION_FOLDS = 4
#: The temperature is looked for between these two.
TEMPERATURES = (0.05, 20.0)
_MAX_ITER = 2000


@dataclass(frozen=True, slots=True, eq=False)
class Fitted:
    """What fitting found: see :class:`~.model_data.LinearModel` for each part."""

    classes: tuple[str, ...]
    columns: npt.NDArray[np.int64]
    weights: npt.NDArray[np.float64]
    intercepts: npt.NDArray[np.float64]
    temperature: float


def hashed(config: FeatureConfig, rows: Sequence[dict[str, float]]) -> Any:
    """Named features as a sparse (CSR) matrix of ``config.columns`` hashed columns."""
    from sklearn.feature_extraction import FeatureHasher

    hasher = FeatureHasher(n_features=config.columns, input_type="dict", alternate_sign=False)
    return hasher.transform(rows)


def linear_scores(
    columns: npt.NDArray[np.int64],
    weights: npt.NDArray[np.float64],
    intercepts: npt.NDArray[np.float64],
    matrix: Any,
) -> npt.NDArray[np.float64]:
    """``matrix @ weights.T + intercepts``, where ``weights`` cover only ``columns``.

    Entries of ``matrix`` in other columns count for nothing: no training unit reached them.
    """
    import numpy as np

    count = matrix.shape[0]
    indices = matrix.indices
    if columns.size:
        position = np.minimum(np.searchsorted(columns, indices), columns.size - 1)
        known = columns[position] == indices
    else:
        position, known = np.zeros_like(indices), np.zeros(indices.shape, dtype=bool)
    rows = np.repeat(np.arange(count), np.diff(matrix.indptr))[known]
    values, position = matrix.data[known], position[known]
    scores = np.empty((count, weights.shape[0]), dtype=np.float64)
    for index in range(weights.shape[0]):
        scores[:, index] = np.bincount(
            rows, weights=values * weights[index, position], minlength=count
        )
    return scores + intercepts


def fit(matrix: Any, labels: npt.NDArray[Any], groups: npt.NDArray[Any], c: float) -> Fitted:
    """A calibrated linear model of ``labels`` (one per row; ``groups`` names each row's page)."""
    import numpy as np

    # threadpoolctl comes with scikit-learn and has no type information.
    from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

    columns = np.unique(matrix.indices).astype(np.int64)
    compact = _compact(matrix, columns)
    # One BLAS thread: these matrices are small, and on a busy two-core laptop several
    # threads made each fit ten times slower (and training runs beside the window).
    with threadpool_limits(limits=1):
        model = _regression(c).fit(compact, labels)
        classes = tuple(str(name) for name in model.classes_)
        weights, intercepts = _full(model.coef_, model.intercept_, len(classes))
        temperature = _temperature(compact, labels, groups, classes, c)
    return Fitted(classes, columns, weights, intercepts, temperature)


def _regression(c: float) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, class_weight="balanced", max_iter=_MAX_ITER, random_state=0)


def _compact(matrix: Any, columns: npt.NDArray[np.int64]) -> Any:
    """``matrix`` restricted to ``columns`` (which hold all its entries), renumbered 0..n-1."""
    import numpy as np

    indices = np.searchsorted(columns, matrix.indices).astype(np.int32)
    # The same sparse type, built from its parts: no need to import scipy by name.
    return type(matrix)(
        (matrix.data, indices, matrix.indptr), shape=(matrix.shape[0], columns.size)
    )


def _full(
    coef: npt.NDArray[np.float64], intercept: npt.NDArray[np.float64], classes: int
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """One row of weights per class: a two-class model's single row becomes ``[0, row]``,
    which gives the same softmax as its sigmoid."""
    import numpy as np

    if classes == 2 and coef.shape[0] == 1:
        return (
            np.vstack([np.zeros_like(coef[0]), coef[0]]).astype(np.float64),
            np.array([0.0, float(intercept[0])]),
        )
    return np.asarray(coef, dtype=np.float64), np.asarray(intercept, dtype=np.float64)


def _temperature(
    matrix: Any,
    labels: npt.NDArray[Any],
    groups: npt.NDArray[Any],
    classes: tuple[str, ...],
    c: float,
) -> float:
    """The temperature that makes held-out scores most likely (1 with too few pages)."""
    import numpy as np
    from sklearn.model_selection import GroupKFold

    pages = len(set(groups.tolist()))
    if pages < 3:
        return 1.0
    held_scores: list[npt.NDArray[np.float64]] = []
    held_labels: list[npt.NDArray[Any]] = []
    for train, test in GroupKFold(n_splits=min(CALIBRATION_FOLDS, pages)).split(
        matrix, labels, groups
    ):
        if len(set(labels[train].tolist())) != len(classes):
            continue  # a fold missing a class scores in another space
        model = _regression(c).fit(matrix[train], labels[train])
        weights, intercepts = _full(model.coef_, model.intercept_, len(classes))
        held_scores.append(matrix[test] @ weights.T + intercepts)
        held_labels.append(labels[test])
    if not held_scores:
        return 1.0
    scores = np.vstack(held_scores)
    truth = np.searchsorted(np.array(classes), np.concatenate(held_labels))
    return _best_temperature(scores, truth)


def _best_temperature(scores: npt.NDArray[np.float64], truth: npt.NDArray[np.int64]) -> float:
    """Golden-section search of log T for the least log loss (convex enough in log T)."""
    import numpy as np

    def loss(log_t: float) -> float:
        scaled = scores / math.exp(log_t)
        scaled = scaled - scaled.max(axis=1, keepdims=True)
        log_norm = np.log(np.exp(scaled).sum(axis=1))
        return float(np.mean(log_norm - scaled[np.arange(truth.size), truth]))

    low, high = (math.log(value) for value in TEMPERATURES)
    ratio = (math.sqrt(5) - 1) / 2
    for _ in range(60):
        left, right = high - ratio * (high - low), low + ratio * (high - low)
        if loss(left) <= loss(right):
            high = right
        else:
            low = left
    return round(math.exp((low + high) / 2), 6)
