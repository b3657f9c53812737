"""The rules every value of a project obeys, whichever way it comes in.

Import (every format), the command line's ``--annotator``, the window's label editor and
annotator name, and merge (a project file received from someone else) all apply these same
rules, so that what one entrance stores another never refuses: a label name an import
accepts is one a merge of that project accepts, and the other way round.

Each rule gives the reason a value breaks it, or None. The entrance wraps the reason in its
own sentence (naming the file and line, or the table and row). Two kinds of rule:

- **Names** (labels, annotators) are chosen by people and refused when they break a rule:
  silently changing a name would make it another label or another person's layer.
- **Descriptions** (titles, sources) come from files and their metadata and are kept as
  they are, line breaks and all (a title is text of the document's; messages escape what
  they quote); an entrance fits them with :meth:`TextRule.fit` (a long one is shortened)
  rather than refusing a whole file for a long path. Fitting is idempotent, so a fitted
  value passes the check.

Metadata (a document's ``meta``) must be a JSON object that any JSON reader can read back:
finite numbers only (``NaN`` and ``Infinity`` are not JSON) and nested at most
:data:`MAX_META_NESTING` levels, which leaves room for the records exports wrap it in.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

#: A tab, a line break or another control character (C0, DEL, C1, the Unicode line and
#: paragraph separators): never part of a one-line value, where it would break a menu, a
#: table cell or a one-line message.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_CONTROL_RUN = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
#: Half of a UTF-16 pair, alone: no UTF-8 file or SQLite text can hold one.
SURROGATE = re.compile("[\ud800-\udfff]")
#: How much of a value a message quotes.
_SHOWN = 40
#: How deep a JSON file may nest (imports refuse deeper records: re-encoding them recurses).
MAX_JSON_NESTING = 100
#: How deep a document's metadata may nest: an export wraps it in a few levels (the record,
#: a list of records, Label Studio's ``data``), and the file must import again.
MAX_META_NESTING = MAX_JSON_NESTING - 10
#: The keys a label can be given (1-9 on the keyboard).
LABEL_KEYS = "123456789"
_COLOR = re.compile(r"#[0-9A-Fa-f]{6}")


def shown(value: str) -> str:
    """``value`` quoted for a one-line message: escaped, cut after a few words."""
    if len(value) <= _SHOWN:
        return repr(value)
    return repr(value[:_SHOWN]) + "…"


@dataclass(frozen=True, slots=True)
class TextRule:
    """The rule for one kind of text value.

    Attributes:
        what: What the value is, for messages ("label name").
        limit: The most characters it may have (the column's length).
        required: It may not be empty or blank.
        trimmed: It may not start or end with blanks (entrances strip typed names first).
        one_line: It may not hold a tab, a line break or another control character.
        keep_end: :meth:`fit` shortens it to its end, after an ellipsis (a path, whose file
            name is at its end), rather than to its start (a title, as readers cut one).
    """

    what: str
    limit: int
    required: bool = True
    trimmed: bool = True
    one_line: bool = True
    keep_end: bool = False

    def problem(self, value: object) -> str | None:
        """Why ``value`` breaks the rule (a phrase naming it), or None when it does not."""
        if not isinstance(value, str):
            return f"the {self.what} is not text"
        if self.required and not value.strip():
            return f"the {self.what} is empty"
        if len(value) > self.limit:
            return (
                f"the {self.what} {shown(value)} is longer than {self.limit} characters "
                f"(it has {len(value):,})"
            )
        if self.one_line and CONTROL.search(value):
            return (
                f"the {self.what} {shown(value)} contains a tab, a line break or another "
                "control character"
            )
        if SURROGATE.search(value):
            return f"the {self.what} {shown(value)} holds an unpaired UTF-16 surrogate"
        if self.trimmed and value.strip() != value:
            return f"the {self.what} {shown(value)} starts or ends with blanks"
        return None

    def fit(self, value: str) -> str:
        """``value`` made to pass the rule's form (but for being empty): control characters
        become spaces (if it is one line), an unpaired surrogate the replacement character,
        blanks around it go (if it is trimmed), and a long one is cut (see ``keep_end``)."""
        if self.one_line:
            value = _CONTROL_RUN.sub(" ", value)
        value = SURROGATE.sub("\ufffd", value)
        if self.trimmed:
            value = value.strip()
        if len(value) > self.limit:
            if self.keep_end:
                value = "…" + value[len(value) - self.limit + 1 :]
            else:
                value = value[: self.limit]
            if self.trimmed:
                value = value.strip()
        return value


LABEL_NAME = TextRule("label name", 100)
ANNOTATOR_NAME = TextRule("annotator name", 200)
#: A document's title; empty ones are stored as "Untitled" by imports.
TITLE = TextRule("title", 500, required=False, one_line=False)
#: Where a document came from: a path or an address.
SOURCE = TextRule("source", 1000, required=False, trimmed=False, one_line=False, keep_end=True)
#: The text encoding a document was decoded from ("utf-8").
ENCODING = TextRule("encoding", 40, required=False, one_line=False)


def label_name_problem(name: object) -> str | None:
    """Why ``name`` cannot name a label, or None."""
    return LABEL_NAME.problem(name)


def annotator_name_problem(name: object) -> str | None:
    """Why ``name`` cannot name an annotator's layer, or None."""
    return ANNOTATOR_NAME.problem(name)


def color_problem(color: object) -> str | None:
    """Why ``color`` is not a label colour (``#RRGGBB``), or None."""
    if not isinstance(color, str) or not _COLOR.fullmatch(color):
        shown_color = shown(color) if isinstance(color, str) else repr(color)
        return f"the colour {shown_color} is not of the form #RRGGBB"
    return None


def key_problem(key: object) -> str | None:
    """Why ``key`` is not a label key (one of 1-9, or none), or None."""
    if key is not None and (not isinstance(key, str) or len(key) != 1 or key not in LABEL_KEYS):
        shown_key = shown(key) if isinstance(key, str) else repr(key)
        return f"the key {shown_key} is not one of 1 to 9"
    return None


def meta_problem(meta: object) -> str | None:
    """Why ``meta`` cannot be a document's metadata, or None.

    It must be a JSON object of strings, finite numbers, booleans, nulls, lists and objects
    with string keys, nested at most :data:`MAX_META_NESTING` levels.
    """
    if not isinstance(meta, dict):
        return "the metadata is not a JSON object"
    stack: list[tuple[Any, int]] = [(meta, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > MAX_META_NESTING:
                return f"the metadata is nested more than {MAX_META_NESTING} levels"
            items = value.values() if isinstance(value, dict) else value
            stack.extend((item, depth + 1) for item in items)
            if isinstance(value, dict):
                stack.extend((key, 0) for key in value)  # keys: checked as strings only
                if any(not isinstance(key, str) for key in value):
                    return "the metadata has a key that is not text"
        elif isinstance(value, float):
            if not math.isfinite(value):
                return f"the metadata holds {value!r}, which is not a JSON number"
        elif isinstance(value, str):
            if SURROGATE.search(value):
                return "the metadata holds a string with an unpaired UTF-16 surrogate"
        elif value is not None and not isinstance(value, bool | int):
            return f"the metadata holds a {type(value).__name__}, which JSON cannot hold"
    return None
