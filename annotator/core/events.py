"""A small typed observer, so the core can announce its own changes without Qt."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, ParamSpec

P = ParamSpec("P")


class Signal(Generic[P]):
    """A list of callbacks called in order with the same arguments.

    Services emit after their transaction has committed; views connect once, in their
    constructor. A callback that raises is a bug and propagates to the emitter.
    """

    __slots__ = ("_slots",)

    def __init__(self) -> None:
        self._slots: list[Callable[P, object]] = []

    def connect(self, slot: Callable[P, object]) -> None:
        """Call ``slot`` on every future emission."""
        self._slots.append(slot)

    def disconnect(self, slot: Callable[P, object]) -> None:
        """Stop calling ``slot``; a slot that is not connected is ignored."""
        if slot in self._slots:
            self._slots.remove(slot)

    def emit(self, *args: P.args, **kwargs: P.kwargs) -> None:
        """Call every connected slot."""
        for slot in list(self._slots):
            slot(*args, **kwargs)
