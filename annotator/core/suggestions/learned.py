"""The learned recommender: a linear model of one annotator's labels, saved as data.

:class:`LinearTrainer` learns, from the pages an annotator labelled, to suggest their labels
(whatever the project's label set) for the sentences and lines they have not labelled yet.
Each unit (:mod:`.units`) is described by its word and character n-grams and the boilerplate
detector's measures (:mod:`.features`), hashed into a fixed number of columns, so the model
is nothing but numbers: a scikit-learn ``LogisticRegression`` (multinomial, L2, balanced
classes, deterministic), whose scores are calibrated by a temperature fitted on
cross-validated scores (the pages split in folds), and saved by :mod:`.model_data` without
pickle.

Each suggestion says why: the training unit it is most like ("like 'Share: Facebook · X…'"),
else the words that pushed it most ("words: donate, share"), else the strongest of the
detector's measures ("near the page's bottom"), and "repeated on N pages" when its line's
repetition pushed it.

scikit-learn (and numpy with it) is the optional extra ``annotator[suggest]``, imported only
inside the functions that need it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from annotator.core.suggestions.base import Context, LabelledPage, Page, Suggestion
from annotator.core.suggestions.features import FeatureConfig, PageView, page_view
from annotator.core.suggestions.fitting import feature_matrix, fit, linear_scores
from annotator.core.suggestions.model_data import LinearModel, decode, encode, version_of
from annotator.core.suggestions.reasons import Explainer
from annotator.core.suggestions.units import NONE, Scored, merged, unit_labels

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

#: What to say when scikit-learn is missing.
MISSING = "Install annotator[suggest] (scikit-learn) to learn from your labels."
#: Units whose best label scores under this are not suggested at any threshold.
FLOOR = 0.2
#: Inverse regularisation strength of the logistic regression.
C = 4.0
#: Example texts kept per label, and their longest length.
EXEMPLARS = 200
EXEMPLAR_CHARS = 100


def _sklearn_major() -> int:
    import sklearn

    return int(str(sklearn.__version__).split(".", 1)[0])


class LinearRecommender:
    """Suggests one annotator's labels, as its :class:`LinearTrainer` learned them."""

    name = "learned"

    def __init__(self, model: LinearModel) -> None:
        self._model = model
        self._version = version_of(model)
        self._explainer: Explainer | None = None

    @property
    def version(self) -> str:
        """``learned-1:`` and a short id of the parameters and the data they came from."""
        return self._version

    @property
    def labels(self) -> tuple[str, ...]:
        """The labels it can suggest, in the order it learned them."""
        return tuple(name for name in self._model.classes if name != NONE)

    def to_bytes(self) -> bytes:
        """The parameters as data (:mod:`.model_data`), for :meth:`LinearTrainer.load`."""
        return encode(self._model)

    def suggest(self, page: Page, context: Context) -> list[Suggestion]:
        """One suggestion per run of units of a line given the same label, in text order.

        Labels the project no longer has (renamed or removed since training) are not
        suggested.
        """
        import numpy as np

        view = page_view(page, context, self._model.config)
        if not view.units:
            return []
        hashed = feature_matrix(self._model.config, [view])
        probabilities = self._probabilities(hashed.matrix)
        shown = np.array([name != NONE and name in context.labels for name in self._model.classes])
        if not shown.any():
            return []
        probabilities[:, ~shown] = -1.0
        best = probabilities.argmax(axis=1)
        scores = probabilities[np.arange(best.size), best]
        picks = [int(index) for index in np.flatnonzero(scores >= FLOOR)]
        scored = merged(
            [
                Scored(view.units[at], self._model.classes[best[at]], float(scores[at]), at)
                for at in picks
            ]
        )
        if self._explainer is None:
            self._explainer = Explainer(self._model)
        # Reasons only for what is shown: a merged run gives its strongest unit's.
        reasons = self._explainer.reasons(view, hashed, [(s.strongest, s.label) for s in scored])
        return [
            Suggestion(
                item.unit.start,
                item.unit.end,
                item.label,
                round(item.score, 4),
                self.name,
                self._version,
                reason,
            )
            for item, reason in zip(scored, reasons, strict=True)
        ]

    def probabilities(self, view: PageView) -> npt.NDArray[np.float64]:
        """Each unit's calibrated probability of each class (rows sum to 1), classes in the
        order of :attr:`classes`."""
        return self._probabilities(feature_matrix(self._model.config, [view]).matrix)

    @property
    def classes(self) -> tuple[str, ...]:
        """Its classes: the labels, and :data:`~.units.NONE` for "no label"."""
        return self._model.classes

    def _probabilities(self, matrix: Any) -> npt.NDArray[np.float64]:
        import numpy as np

        model = self._model
        logits = linear_scores(model.columns, model.weights, model.intercepts, matrix)
        scaled = logits / model.temperature
        scaled -= scaled.max(axis=1, keepdims=True)
        exp = np.exp(scaled)
        return np.asarray(exp / exp.sum(axis=1, keepdims=True), dtype=np.float64)


class LinearTrainer:
    """Learns a :class:`LinearRecommender` from one annotator's labelled pages.

    Args:
        config: The feature rules (the defaults suit scraped pages).
        c: Inverse regularisation strength.
    """

    name = "learned"

    def __init__(self, config: FeatureConfig | None = None, c: float = C) -> None:
        self._config = config or FeatureConfig()
        self._c = c

    def available(self) -> str | None:
        """None when scikit-learn is installed; else what to install, as a sentence."""
        try:
            import numpy  # noqa: F401
            import sklearn  # noqa: F401
        except ImportError:
            return MISSING
        return None

    def train(self, pages: Sequence[LabelledPage], context: Context) -> LinearRecommender:
        """Learn from ``pages`` (``context.corpus`` should count every document of the project).

        Raises:
            ValueError: Fewer than two classes to tell apart (no labels, or every unit under
                one label), or scikit-learn is missing.
        """
        if (missing := self.available()) is not None:
            raise ValueError(missing)
        import numpy as np

        views: list[PageView] = []
        classes: list[str] = []
        groups: list[int] = []
        exemplars: dict[str, list[str]] = {}
        for number, labelled in enumerate(pages):
            view = page_view(labelled.page, context, self._config)
            text = labelled.page.text
            found = unit_labels(text, view.units, labelled.spans)
            views.append(view)
            classes.extend(found)
            groups.extend([number] * len(found))
            for unit, label in zip(view.units, found, strict=True):
                if label != NONE:
                    _keep_exemplar(exemplars, label, text[unit.start : unit.end])
        distinct = sorted(set(classes))
        if len(distinct) < 2 or distinct == [NONE]:
            raise ValueError(
                "Too little to learn from: label at least two kinds of text "
                "(two labels, or one label and text left unlabelled)."
            )
        matrix = feature_matrix(self._config, views).matrix
        fitted = fit(matrix, np.array(classes), np.array(groups), self._c)
        return LinearRecommender(
            LinearModel(
                self._config,
                fitted.classes,
                fitted.columns,
                fitted.weights,
                fitted.intercepts,
                fitted.temperature,
                tuple((label, text) for label in distinct for text in exemplars.get(label, [])),
                _digest(pages),
                _sklearn_major(),
            )
        )

    def load(self, data: bytes) -> LinearRecommender:
        """A recommender saved by :meth:`LinearRecommender.to_bytes`.

        Raises:
            ValueError: The data is damaged, from another format version or scikit-learn
                major version, or scikit-learn is missing.
        """
        if (missing := self.available()) is not None:
            raise ValueError(missing)
        return LinearRecommender(decode(data, _sklearn_major()))


def _keep_exemplar(exemplars: dict[str, list[str]], label: str, text: str) -> None:
    kept = exemplars.setdefault(label, [])
    short = " ".join(text.split())[:EXEMPLAR_CHARS]
    if len(kept) < EXEMPLARS and short not in kept:
        kept.append(short)


def _digest(pages: Sequence[LabelledPage]) -> str:
    """Names the labelled pages trained on: their texts and spans, in order."""
    digest = hashlib.blake2b(digest_size=16)
    for labelled in pages:
        digest.update(labelled.page.text.encode("utf-8", "surrogatepass"))
        digest.update(json.dumps(sorted(labelled.spans)).encode())
    return digest.hexdigest()
