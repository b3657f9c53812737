"""The project's label set as one immutable value."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import overload

from annotator.core.model import Label


class LabelSet(Sequence[Label]):
    """The labels in display order, found by id or by key.

    A value, not a live view: a change to the labels (a rename, a new colour or key, a move)
    makes a new set, and two sets are equal when they hold the same labels in the same
    order, which tells a reader whether what it shows is still current.

    Args:
        labels: The labels, in display order; ids and keys are unique among them.
    """

    __slots__ = ("_by_id", "_by_key", "_labels")

    def __init__(self, labels: Iterable[Label] = ()) -> None:
        self._labels = tuple(labels)
        self._by_id = {label.id: label for label in self._labels}
        self._by_key = {label.key: label for label in self._labels if label.key}

    @overload
    def __getitem__(self, index: int) -> Label: ...

    @overload
    def __getitem__(self, index: slice) -> LabelSet: ...

    def __getitem__(self, index: int | slice) -> Label | LabelSet:
        if isinstance(index, slice):
            return LabelSet(self._labels[index])
        return self._labels[index]

    def __len__(self) -> int:
        return len(self._labels)

    def __iter__(self) -> Iterator[Label]:
        return iter(self._labels)

    def __contains__(self, item: object) -> bool:
        return isinstance(item, Label) and self._by_id.get(item.id) == item

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LabelSet):
            return NotImplemented
        return self._labels == other._labels

    def __hash__(self) -> int:
        return hash(self._labels)

    def __repr__(self) -> str:
        return f"LabelSet({list(self._labels)!r})"

    def get(self, label_id: int) -> Label | None:
        """The label with this id, or None (a label deleted since a span was read)."""
        return self._by_id.get(label_id)

    def with_key(self, key: str) -> Label | None:
        """The label this key applies ("1"), or None."""
        return self._by_key.get(key)

    def name_of(self, label_id: int, missing: str = "") -> str:
        """The name of the label with this id; ``missing`` when there is none."""
        label = self._by_id.get(label_id)
        return missing if label is None else label.name

    def names(self) -> dict[int, str]:
        """Each label's name by id."""
        return {label.id: label.name for label in self._labels}
