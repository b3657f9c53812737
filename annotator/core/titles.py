"""A page's headline, found in its text: the title a document gets when its file has none.

Scraped pages open with their furniture: the browser title ("Headline | Site Name"), menus
("Home | News | Sport"), breadcrumbs, bylines, dates, share widgets, donation appeals. The
first line near the top that reads as a headline (a short run of words starting with a
capital, with no final full stop, that is none of those) is the title; a site name after the
last separator goes. Only the opening of the text is looked at, so a 5 MB page costs no more
than a short one.
"""

from __future__ import annotations

import re

#: Only this much of a page's opening is looked at, and only this many of its lines.
SCAN_CHARS = 3000
SCAN_LINES = 20
#: What a headline's length may be, in words and characters.
MIN_WORDS, MAX_WORDS = 3, 25
MIN_CHARS, MAX_CHARS = 12, 160
#: Lines this short that name a page widget are the widget, not a headline.
_WIDGET_WORDS = 8

#: Menus, breadcrumbs and share bars put short items between these.
_ITEM_SEPARATOR = re.compile(r"\s*(?:[|·•›»]|::)\s*")
#: A browser title ends with the site's name after one of these.
_SITE_SEPARATOR = re.compile(r"\s+(?:\||::)\s+")
_DASH = re.compile(r"\s[-–—]\s")
_BREADCRUMB = re.compile("[›»]")
_WORD = re.compile(r"\w+")
_MONTHS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)
_WEEKDAYS = (
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur fri sat sun"
)
_CALENDAR = frozenset((_MONTHS + " " + _WEEKDAYS).split())
_DATE_FILLER = frozenset(
    [
        "published",
        "updated",
        "posted",
        "modified",
        "last",
        "on",
        "at",
        "am",
        "pm",
        "gmt",
        "bst",
        "utc",
        "cet",
        "est",
        "pst",
        "edt",
        "today",
        "yesterday",
        "ago",
        "hours",
        "hour",
        "minutes",
        "minute",
        "days",
        "day",
    ]
)
_NUMBER = re.compile(r"\d+(?:st|nd|rd|th|am|pm|h)?", re.IGNORECASE)
_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b")
_DONATION = re.compile(
    r"[£$€¥]\s?\d[\d.,]*\s*(?:a|per|/|each|every)\s*(?:month|year|week|day|mo|yr)\b|\bdonat",
    re.IGNORECASE,
)
_WIDGET = re.compile(
    r"\b(?:subscri\w*|sign (?:up|in)|log ?in|register|cookies?|skip to|share (?:this|on|via)"
    r"|copy link|follow us|read more|advertisement|sponsored|support (?:us|our|independent)"
    r"|back to top|jump to|menu)\b",
    re.IGNORECASE,
)
_BYLINE = re.compile(
    r"^(?:by|words|photos?|posted|published|updated|written|reporting)\b", re.IGNORECASE
)
#: Small words a site's name may hold in lower case ("House of Commons Library").
_NAME_JOINERS = frozenset({"of", "the", "and", "&", "for", "in", "on", "de", "la"})


def headline(text: str) -> str | None:
    """The first line near the top of ``text`` that reads as a headline, without a site
    name after it; None when no line there does.

    Args:
        text: A page's text as imported (any line endings).

    Returns:
        The headline, with runs of white space made single spaces.
    """
    # str.splitlines breaks where a text view breaks lines (U+2028 and friends too).
    lines = text[:SCAN_CHARS].splitlines()
    if len(text) > SCAN_CHARS and lines:
        lines.pop()  # cut off mid-line
    looked_at = 0
    for raw in lines:
        line = " ".join(raw.split())
        if not line:
            continue
        looked_at += 1
        if looked_at > SCAN_LINES:
            break
        found = _as_headline(line)
        if found is not None:
            return found
    return None


def _as_headline(line: str) -> str | None:
    """A line as a headline (its site name dropped), or None if it is page furniture."""
    if _BREADCRUMB.search(line) or is_menu(line):
        return None
    title = without_site_name(line)
    return title if reads_as_headline(title) else None


def is_menu(line: str) -> bool:
    """Short items between separators: a menu, a share bar, a byline with a photo credit."""
    items = [item for item in _ITEM_SEPARATOR.split(line) if item.strip()]
    return len(items) >= 2 and all(len(item.split()) <= 3 for item in items)


def without_site_name(line: str) -> str:
    """A browser title's headline: the longest of its "|" parts once a last part that reads
    as a site's name is dropped ("Brexit | Politics | The Guardian" is "Brexit"; the first
    of equally long parts wins), and of that, what comes before a last dash followed by a
    name ("… - Northgate Evening Post")."""
    parts = _SITE_SEPARATOR.split(line)
    if len(parts) > 1 and _is_name(parts[-1]) and any(part.strip() for part in parts[:-1]):
        parts = parts[:-1]
    title = max(parts, key=lambda part: len(part.split())) if len(parts) > 1 else parts[0]
    dashes = list(_DASH.finditer(title))
    if dashes:
        head, tail = title[: dashes[-1].start()], title[dashes[-1].end() :]
        if _is_name(tail) and len(head.split()) >= MIN_WORDS:
            return head.strip()
    return title.strip()


def _is_name(words_text: str) -> bool:
    """A short run of capitalised words, as a site's name is ("The Ardlow Courier")."""
    words = words_text.split()
    if not 1 <= len(words) <= 5 or not words[0][:1].isupper():
        return False
    return all(word[:1].isupper() or word.lower() in _NAME_JOINERS for word in words)


def reads_as_headline(line: str) -> bool:
    """A short run of words that starts with a capital (or a figure), has no final full stop
    and is no date, byline, donation appeal or page widget."""
    # Words hold a letter or a figure: "&" and "—" are not words.
    words = [word for word in line.split() if any(map(str.isalnum, word))]
    if not MIN_WORDS <= len(words) <= MAX_WORDS or not MIN_CHARS <= len(line) <= MAX_CHARS:
        return False
    first = next((char for char in line if char.isalnum()), "")
    if not (first.isupper() or first.isdigit()):
        return False
    if line.endswith(".") and not line.endswith(".."):
        return False  # a sentence of the body, not a headline
    letters = sum(map(str.isalpha, line))
    if letters < len(line) / 2 or sum(len(word) > 1 for word in _WORD.findall(line)) < 2:
        return False
    short = len(words) <= _WIDGET_WORDS
    return not (
        _BYLINE.match(line)
        or _DONATION.search(line)
        or (short and _WIDGET.search(line))
        or is_date(line)
    )


def is_date(line: str) -> bool:
    """A line that is (nearly) only a date or time: "Tuesday 17 September 2024",
    "Published 11 March 2024, 06:45", "2024-05-01"."""
    tokens = [token.lower() for token in _WORD.findall(line)]
    if not tokens:
        return False
    calendar = sum(token in _CALENDAR for token in tokens)
    if not calendar and not _ISO_DATE.search(line):
        return False
    datelike = sum(
        token in _CALENDAR or token in _DATE_FILLER or bool(_NUMBER.fullmatch(token))
        for token in tokens
    )
    return datelike >= 0.7 * len(tokens)
