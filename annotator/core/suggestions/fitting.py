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

from annotator.core.suggestions.features import FeatureConfig, PageView, char_grams, folded

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

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


@dataclass(frozen=True, slots=True)
class Hashed:
    """Units as hashed columns.

    Attributes:
        matrix: Every feature, ``config.columns`` columns (sparse CSR).
        characters: The character n-grams alone, scaled to unit length, in
            ``config.columns // 2`` columns (for "like '...'").
    """

    matrix: Any
    characters: Any


def feature_matrix(config: FeatureConfig, views: Sequence[PageView]) -> Hashed:
    """The units of ``views``, in order, as hashed columns (see :mod:`.features`)."""
    from sklearn.preprocessing import normalize

    half = config.columns // 2
    texts = [folded(view.unit_text(at)) for view in views for at in range(len(view.units))]
    words = _strings(half, [grams for view in views for grams in view.words])
    measures = _hasher(half, "dict").transform(m for view in views for m in view.measures)
    characters = normalize(_strings(half, (char_grams(t, config.char_ngrams) for t in texts)))
    matrix = config.word_weight * normalize(words) + measures
    shifted = _widened(config.char_weight * characters, half, config.columns)
    return Hashed(_widened(matrix, 0, config.columns) + shifted, characters)


def text_characters(config: FeatureConfig, texts: Sequence[str]) -> Any:
    """The character n-grams of ``texts`` as :attr:`Hashed.characters` has them."""
    from sklearn.preprocessing import normalize

    grams = (char_grams(folded(text), config.char_ngrams) for text in texts)
    return normalize(_strings(config.columns // 2, grams))


def hashed_names(config: FeatureConfig, names: Sequence[str]) -> npt.NDArray[np.int64]:
    """The column of each word n-gram or measure name (in the first half)."""
    import numpy as np

    if not names:
        return np.zeros(0, dtype=np.int64)
    return np.asarray(_strings(config.columns // 2, ([name] for name in names)).indices)


def _hasher(columns: int, kind: str) -> Any:
    from sklearn.feature_extraction import FeatureHasher

    return FeatureHasher(n_features=columns, input_type=kind, alternate_sign=False)


def _strings(columns: int, rows: Iterable[list[str]]) -> Any:
    """Counts of the strings of each row, hashed (a string repeated in a row adds up)."""
    return _hasher(columns, "string").transform(rows)


def _widened(matrix: Any, offset: int, columns: int) -> Any:
    """``matrix`` moved ``offset`` columns right, in a matrix ``columns`` wide."""
    return type(matrix)(
        (matrix.data, matrix.indices + offset, matrix.indptr), shape=(matrix.shape[0], columns)
    )


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
        temperature = _temperature(compact, labels, groups, classes, model)
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
    fitted: Any,
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
        model = _regression(fitted.C)
        # Started from the whole model's weights: the fit converges in a few steps, to the
        # same optimum (the loss is strictly convex), so nothing of the held-out fold leaks.
        model.set_params(warm_start=True)
        model.coef_, model.intercept_ = fitted.coef_.copy(), fitted.intercept_.copy()
        model.fit(matrix[train], labels[train])
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
