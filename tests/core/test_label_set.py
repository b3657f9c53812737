"""Tests for :mod:`annotator.core.label_set`."""

from __future__ import annotations

from dataclasses import replace

from annotator.core.label_set import LabelSet
from annotator.core.model import Label

CLAIM = Label(7, "Claim", "#0072B2", "1", 0)
OPINION = Label(3, "Opinion", "#E69F00", "2", 1)
BOILERPLATE = Label(12, "Boilerplate", "#8C8C8C", None, 2)


def test_the_labels_keep_their_order_and_read_as_a_sequence() -> None:
    labels = LabelSet([CLAIM, OPINION, BOILERPLATE])
    assert list(labels) == [CLAIM, OPINION, BOILERPLATE]
    assert len(labels) == 3
    assert labels[1] is OPINION
    assert labels[-1] is BOILERPLATE
    assert labels[:2] == LabelSet([CLAIM, OPINION])
    claim, opinion, boilerplate = labels
    assert (claim, opinion, boilerplate) == (CLAIM, OPINION, BOILERPLATE)
    assert labels.index(BOILERPLATE) == 2
    assert OPINION in labels
    assert replace(OPINION, name="View") not in labels


def test_lookups_by_id_and_by_key() -> None:
    labels = LabelSet([CLAIM, OPINION, BOILERPLATE])
    assert labels.get(3) is OPINION
    assert labels.get(99) is None
    assert labels.with_key("1") is CLAIM
    assert labels.with_key("3") is None  # Boilerplate has no key
    assert labels.with_key("") is None


def test_the_name_of_an_id_and_of_one_that_is_gone() -> None:
    labels = LabelSet([CLAIM, OPINION])
    assert labels.name_of(7) == "Claim"
    assert labels.name_of(99) == ""
    assert labels.name_of(99, "?") == "?"
    assert labels.names() == {7: "Claim", 3: "Opinion"}


def test_a_changed_label_or_order_makes_an_unequal_set() -> None:
    labels = LabelSet([CLAIM, OPINION])
    assert labels == LabelSet(label for label in [CLAIM, OPINION])
    assert hash(labels) == hash(LabelSet([CLAIM, OPINION]))
    assert labels != LabelSet([OPINION, CLAIM])
    assert labels != LabelSet([CLAIM, replace(OPINION, color="#CC79A7")])
    assert labels != LabelSet([CLAIM])
    assert labels != [CLAIM, OPINION]  # a set is compared with sets only


def test_the_empty_set() -> None:
    empty = LabelSet()
    assert len(empty) == 0
    assert not empty
    assert empty.get(1) is None
    assert empty.name_of(1, "Unknown label") == "Unknown label"
    assert empty == LabelSet([])
    assert repr(empty) == "LabelSet([])"
