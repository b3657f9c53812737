"""HTML pages in: the text a reader sees (boilerplate included), the title, the charset, and
the block map that ties each paragraph to the element it came from."""

from __future__ import annotations

import codecs
import itertools
import sys
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from unicode_text import FAMILY, FLAG, PIECES, THUMB

from annotator.core.model import DocumentDraft
from annotator.core.originals import blocks_of, structure_of
from annotator.core.titles import without_site_name
from annotator.errors import InputError
from annotator.formats.base import FormatUnavailableError, ReadOptions
from annotator.formats.html import decode_page, read_html


def page(html: str | bytes, name: str = "page.html") -> DocumentDraft:
    data = html.encode("utf-8") if isinstance(html, str) else html
    [draft] = read_html(data, ReadOptions(name))
    return draft


def text_of(html: str) -> str:
    return page(html).text


def blocks(draft: DocumentDraft) -> list[tuple[str, str]]:
    """Each block's text and its element as ``tag.class#id``."""
    assert draft.original is not None
    found = []
    for block in draft.original.blocks:
        step = block.element
        name = (
            step.tag
            + (f".{step.classes}" if step.classes else "")
            + (f"#{step.id}" if step.id else "")
        )
        found.append((draft.text[block.start : block.end], name))
    return found


def assert_map_covers(draft: DocumentDraft) -> None:
    """The blocks, in order and not overlapping, joined by blank lines, are the text."""
    assert draft.original is not None
    spans = draft.original.blocks
    assert all(a.end + 2 == b.start for a, b in itertools.pairwise(spans))
    assert "\n\n".join(draft.text[b.start : b.end] for b in spans) == draft.text
    assert all(0 <= b.link_density <= 1 for b in spans)
    assert all(b.path[0].tag == "html" for b in spans)


def refusal(data: bytes, name: str = "page.html") -> str:
    with pytest.raises(InputError) as caught:
        read_html(data, ReadOptions(name))
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{name}: ")
    assert not message.endswith(".")
    return message


# --- a scraped news page, as a scraper saves it ------------------------------------------

NEWS = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Council approves budget | The Harbour Gazette</title>
  <link rel="stylesheet" href="https://cdn.example.org/site.css">
  <style>.cookie { position: fixed }</style>
  <script>window.dataLayer = [];</script>
</head>
<body class="article-page">
  <div id="cookie-banner" class="cookie" role="dialog">
    We use cookies to improve your experience. <button>Accept all</button>
    <a href="/privacy">Privacy policy</a>
  </div>
  <header class="site-header">
    <nav id="main-nav" class="menu">
      <ul>
        <li><a href="/">Home</a></li>
        <li><a href="/politics">Politics</a></li>
        <li><a href="/sport">Sport</a></li>
      </ul>
    </nav>
  </header>
  <main>
    <article class="story">
      <h1 class="headline">Council approves   budget</h1>
      <p class="byline">By <a href="/staff/jo">Jo Smith</a> &middot; 3 March 2024</p>
      <div class="share-bar" aria-label="Share">
        <a href="https://facebook.com/share" class="share fb"><svg aria-hidden="true">
          <title>Facebook</title><path d="M0"/></svg>Share on Facebook</a>
        <a href="https://x.com/intent" class="share x">Post on X</a>
        <span class="sr-count" style="display:none">12 shares</span>
      </div>
      <p>The council approved the
         budget on <b>Monday</b>, after a
         <a href="/votes/17">four-hour debate</a>.</p>
      <p>&ldquo;It is a disaster,&rdquo; said one councillor.</p>
      <noscript><img src="pixel.gif" alt="tracking"></noscript>
      <aside class="donate">
        <h2>Support independent journalism</h2>
        <p>Donate from &pound;3 a month. <a class="button" href="/donate">Donate now</a></p>
      </aside>
    </article>
    <section id="comments" class="comments">
      <h2>3 comments</h2>
      <div class="comment">
        <div class="user-card"><span class="name">harbourfan</span>
          <span class="joined">Joined 2009</span></div>
        <p>Finally some sense from the council!</p>
        <a href="#reply" class="reply">Reply</a>
      </div>
      <div class="comment" hidden><p>[removed by moderator]</p></div>
      <template id="comment-template"><div class="comment"><p>{{text}}</p></div></template>
    </section>
  </main>
  <footer class="site-footer">
    <p>&copy; 2024 Harbour Gazette Ltd. All rights reserved.</p>
    <p><a href="/terms">Terms</a> | <a href="/contact">Contact us</a></p>
  </footer>
  <script src="https://cdn.example.org/app.js"></script>
  <!-- rendered in 12 ms -->
</body>
</html>
"""

NEWS_TEXT = "\n\n".join(
    [
        "We use cookies to improve your experience. Accept all Privacy policy",
        "Home",
        "Politics",
        "Sport",
        "Council approves budget",
        "By Jo Smith · 3 March 2024",
        "Share on Facebook Post on X",
        "The council approved the budget on Monday, after a four-hour debate.",
        "\u201cIt is a disaster,\u201d said one councillor.",
        "Support independent journalism",
        "Donate from £3 a month. Donate now",
        "3 comments",
        "harbourfan Joined 2009",
        "Finally some sense from the council!",
        "Reply",
        "© 2024 Harbour Gazette Ltd. All rights reserved.",
        "Terms | Contact us",
    ]
)


def test_a_news_page_keeps_every_visible_part_boilerplate_included() -> None:
    draft = page(NEWS)
    assert draft.text == NEWS_TEXT
    assert draft.title == "Council approves budget"
    assert draft.encoding == "utf-8"
    for gone in ("dataLayer", "cookie {", "12 shares", "removed by moderator", "{{text}}"):
        assert gone not in draft.text
    assert "tracking" not in draft.text and "Facebook\n" not in draft.text  # noscript, svg
    assert_map_covers(draft)


def test_a_news_page_block_map_names_each_blocks_element() -> None:
    draft = page(NEWS)
    found = dict(blocks(draft))
    assert found["We use cookies to improve your experience. Accept all Privacy policy"] == (
        "div.cookie#cookie-banner"
    )
    assert found["Home"] == "li"
    assert found["Share on Facebook Post on X"] == "div.share-bar"
    assert found["harbourfan Joined 2009"] == "div.user-card"
    assert found["© 2024 Harbour Gazette Ltd. All rights reserved."] == "p"
    assert draft.original is not None
    by_text = {draft.text[b.start : b.end]: b for b in draft.original.blocks}
    footer = by_text["Terms | Contact us"]
    assert [step.tag for step in footer.path] == ["html", "body", "footer", "p"]
    assert footer.path[2].classes == "site-footer"
    nav = by_text["Politics"]
    assert ("nav", "menu", "main-nav") in [(s.tag, s.classes, s.id) for s in nav.path]


def test_link_density_is_the_share_of_a_blocks_characters_inside_links() -> None:
    draft = page(NEWS)
    assert draft.original is not None
    density = {draft.text[b.start : b.end]: b.link_density for b in draft.original.blocks}
    assert density["Home"] == 1.0
    assert density["Share on Facebook Post on X"] == 1.0
    assert density["Terms | Contact us"] == round(len("TermsContactus") / len("Terms|Contactus"), 3)
    assert density["Council approves budget"] == 0.0
    debate = "The council approved the budget on Monday, after a four-hour debate."
    linked = len("four-hourdebate")
    assert density[debate] == round(linked / len(debate.replace(" ", "")), 3)


def test_the_original_is_the_file_as_read() -> None:
    data = NEWS.encode("utf-8")
    [draft] = read_html(data, ReadOptions("news.htm"))
    assert draft.original is not None
    assert draft.original.data == data
    assert draft.original.media_type == "text/html"
    assert page("<p>x</p>", "a.xhtml").original.media_type == "application/xhtml+xml"  # type: ignore[union-attr]


# --- a forum thread with quoted posts ------------------------------------------------------

FORUM = """<html><head><title>Re: Is the new bridge safe? - Harbour Forum</title></head>
<body>
<table class="forumline" width="100%">
  <tr><th>Author</th><th>Message</th></tr>
  <tr class="post" id="p101">
    <td class="postauthor"><b>riverwatcher</b><br>Joined: 12 Mar 2009<br>Posts: 4512</td>
    <td class="postbody">
      <blockquote class="quote"><cite>bridgefan wrote:</cite>
        <blockquote class="quote"><cite>admin wrote:</cite>The bridge opened in 2019.</blockquote>
        It has been inspected twice since.
      </blockquote>
      Inspected by whom? I think it is a scandal.
      <div class="signature">_________________<br>Sent from my phone</div>
    </td>
  </tr>
</table>
<div class="pagination">Page <b>1</b> of 3 &bull; <a href="?p=2">Next</a></div>
</body></html>"""


def test_a_forum_thread_keeps_quotes_authors_and_signatures_as_blocks() -> None:
    draft = page(FORUM)
    assert draft.title == "Re: Is the new bridge safe?"
    assert blocks(draft) == [
        ("Author\tMessage", "tr"),
        ("riverwatcher\nJoined: 12 Mar 2009\nPosts: 4512", "tr.post#p101"),
        ("bridgefan wrote:", "blockquote.quote"),
        ("admin wrote:The bridge opened in 2019.", "blockquote.quote"),
        ("It has been inspected twice since.", "blockquote.quote"),
        ("Inspected by whom? I think it is a scandal.", "tr.post#p101"),
        ("_________________\nSent from my phone", "div.signature"),
        ("Page 1 of 3 • Next", "div.pagination"),
    ]
    assert_map_covers(draft)


def test_table_cells_are_separated_by_one_tab_and_empty_cells_add_none() -> None:
    html = "<table><tr><td>Name</td><td> </td><td>Joined <i>2009</i></td><th>42</th></tr></table>"
    assert text_of(html) == "Name\tJoined 2009\t42"


# --- broken markup, entities, white space ----------------------------------------------------


def test_broken_markup_is_repaired_as_a_browser_repairs_it() -> None:
    html = (
        "<div><p>One <b>bold <i>both</b> italic?</i><p>Two unclosed"
        "<li>stray item</li></div></span></div><p>After <a href='x'>link</p>"
        "<p>Last<"
    )
    draft = page(html)
    assert (
        draft.text == "One bold both italic?\n\nTwo unclosed\n\nstray item\n\nAfter link\n\nLast<"
    )
    assert_map_covers(draft)


def test_entities_are_decoded_and_unknown_ones_left_as_written() -> None:
    html = (
        "<p>&amp; &lt;tag&gt; &eacute;t&eacute; &#233; &#x1F600; &quot;q&quot; "
        "&amp;amp; &nosuch; AT&T a&nbsp;b</p>"
    )
    assert text_of(html) == '& <tag> été é 😀 "q" &amp; &nosuch; AT&T a\u00a0b'


def test_white_space_collapses_except_in_preformatted_text_and_at_line_breaks() -> None:
    html = (
        "<p>  a \t\n b  <span> c </span>d</p>"
        "<pre>def f():\r\n    return  1\n</pre>"
        "<p>line one<br>  line two<br><br>line four</p>"
        "<p>\u00a0</p><div>   </div><p>nbsp\u00a0\u00a0kept</p>"
    )
    assert text_of(html) == (
        "a b c d\n\ndef f():\n    return  1\n\nline one\nline two\n\nline four"
        "\n\nnbsp\u00a0\u00a0kept"
    )


def test_inline_elements_stay_in_the_line_and_block_elements_break_it() -> None:
    html = "<div>Intro <em>with</em> <custom-tag>inline</custom-tag><p>para</p>tail</div><hr>end"
    draft = page(html)
    assert blocks(draft) == [
        ("Intro with inline", "div"),
        ("para", "p"),
        ("tail", "div"),
        ("end", "body"),
    ]


# --- what is hidden ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "hidden",
    [
        "<p hidden>gone</p>",
        '<p hidden="until-found">gone</p>',
        '<p style="display:none">gone</p>',
        '<p style="color: red; DISPLAY : NONE !important">gone</p>',
        '<p style="visibility: hidden">gone</p>',
        "<script>gone()</script>",
        "<style>p { gone: 1 }</style>",
        "<noscript>gone</noscript>",
        "<template><p>gone</p></template>",
        "<!-- gone -->",
        "<dialog>gone</dialog>",
        "<select><option>gone</option></select>",
        "<iframe>gone</iframe>",
        "<?php echo 'gone'; ?>",
    ],
)
def test_hidden_parts_are_dropped_but_their_tail_text_is_not(hidden: str) -> None:
    assert text_of(f"<div>before {hidden} after</div>") == "before after"


def test_aria_hidden_open_dialogs_and_button_inputs_are_visible() -> None:
    html = (
        '<p><span aria-hidden="true">★</span> Rated 5</p>'
        "<dialog open>Subscribe to our newsletter</dialog>"
        '<form><input type="email" value="you@example.org">'
        '<input type="submit" value="Sign up"></form>'
        '<p style="display: block">shown</p>'
    )
    assert text_of(html) == "★ Rated 5\n\nSubscribe to our newsletter\n\nSign up\n\nshown"


def test_nothing_is_fetched_and_no_entity_is_expanded(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    html = (
        f'<!DOCTYPE html [<!ENTITY leak SYSTEM "{secret.as_uri()}">]>'
        f'<html><head><link rel="stylesheet" href="{secret.as_uri()}"></head>'
        f'<body><p>&leak;</p><iframe src="{secret.as_uri()}"></iframe></body></html>'
    )
    draft = page(html)
    assert "TOP SECRET" not in draft.text
    assert draft.text.endswith("&leak;")


# --- right to left, emoji -----------------------------------------------------------------


def test_rtl_text_and_emoji_come_through_code_point_for_code_point() -> None:
    html = (
        f'<p dir="rtl">שלום \u200fمرحبا {FAMILY}</p>'
        f"<p>{FLAG} Oslo {THUMB} e\u0301 \U00020000 𝔘𝔫𝔦</p>"
    )
    draft = page(html)
    assert draft.text == f"שלום \u200fمرحبا {FAMILY}\n\n{FLAG} Oslo {THUMB} e\u0301 \U00020000 𝔘𝔫𝔦"
    assert_map_covers(draft)


# --- titles ---------------------------------------------------------------------------------


def test_the_title_is_the_title_element_else_the_first_h1_else_the_file_name() -> None:
    assert page("<title>\n  Spaced\n title </title><h1>H</h1>").title == "Spaced title"
    assert page(
        "<svg><title>Icon</title></svg><h2>Sub</h2><h1>First <b>head</b></h1><h1>2</h1>"
    ).title == ("First head")
    assert page("<title> </title><p>text</p>", "folder/the-page.html").title == "the-page"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Storm closes bridge | The Daily Ledger", "Storm closes bridge"),
        ("The Daily Ledger | Storm closes harbour bridge", "Storm closes harbour bridge"),
        ("Battery drains after update - Gadget Forum", "Battery drains after update"),
        ("Ferry fares rise again \u2014 The Harbour Times", "Ferry fares rise again"),
        ("Fares \u2013 a guide", "Fares \u2013 a guide"),  # too short a head, a tail no name
        ("Pre-war bridge re-opens", "Pre-war bridge re-opens"),
    ],
)
def test_a_title_loses_its_site_name_as_a_headline_in_plain_text_does(
    title: str, expected: str
) -> None:
    assert page(f"<title>{title}</title><p>text</p>").title == expected
    assert without_site_name(title) == expected  # the one rule, shared with plain text


# --- charsets -------------------------------------------------------------------------------


def test_a_byte_order_mark_beats_the_declared_charset() -> None:
    data = codecs.BOM_UTF8 + '<meta charset="iso-8859-1"><p>Café 😀</p>'.encode()
    draft = page(data)
    assert draft.text == "Café 😀"
    assert draft.encoding == "utf-8-sig"
    utf16 = codecs.BOM_UTF16_LE + "<p>Grüße</p>".encode("utf-16-le")
    assert page(utf16).text == "Grüße"


@pytest.mark.parametrize(
    ("head", "codec", "expected"),
    [
        ('<meta charset="windows-1252">', "cp1252", "cp1252"),
        ("<meta charset=ISO-8859-1>", "cp1252", "cp1252"),  # read as browsers read it
        (
            '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-15">',
            "iso8859-15",
            "iso8859-15",
        ),
        ('<meta charset="shift_jis">', "shift_jis", "shift_jis"),
        ('<meta charset="koi8-r">', "koi8-r", "koi8-r"),
    ],
)
def test_the_declared_charset_decodes_the_page(head: str, codec: str, expected: str) -> None:
    words = {"cp1252": "\u201cCaf\u00e9\u201d \u2013 20\u20ac", "iso8859-15": "c\u0153ur 20\u20ac"}
    words |= {"shift_jis": "日本語のニュース", "koi8-r": "Привет мир"}
    data = f"<html><head>{head}</head><body><p>{words[codec]}</p></body></html>".encode(codec)
    draft = page(data)
    assert draft.text == words[codec]
    assert draft.encoding == expected


def test_an_xhtml_page_declares_its_charset_in_the_xml_declaration() -> None:
    data = (
        '<?xml version="1.0" encoding="ISO-8859-15"?>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Cœur</title></head>'
        "<body><p>Un c\u0153ur<br/>20 \u20ac</p></body></html>"
    ).encode("iso8859-15")
    draft = page(data, "page.xhtml")
    assert (draft.title, draft.text, draft.encoding) == ("Cœur", "Un cœur\n20 €", "iso8859-15")


def test_a_page_that_lies_about_its_charset_is_decoded_by_guessing() -> None:
    data = '<meta charset="utf-8"><p>Le café était fermé à Noël.</p>'.encode("cp1252")
    draft = page(data)
    assert draft.text == "Le café était fermé à Noël."
    assert draft.encoding == "cp1252"


def test_a_page_without_a_declaration_is_decoded_as_other_text_files_are() -> None:
    assert decode_page("<p>Grüße</p>".encode(), "p.html").encoding == "utf-8"
    assert page("<p>Grüße</p>".encode("cp1252")).text == "Grüße"
    unknown = page(b'<meta charset="x-no-such-charset"><p>plain</p>')
    assert (unknown.text, unknown.encoding) == ("plain", "utf-8")


# --- bad input ------------------------------------------------------------------------------


def test_a_binary_file_named_html_is_refused_in_one_line() -> None:
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    assert refusal(data, "logo.html") == "logo.html: looks like a binary file, not a web page"
    gzip = zlib.compress(NEWS.encode()) + b"\x00"
    assert "binary" in refusal(gzip)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"   \n",
        b"<html><head><title>Empty</title></head><body></body></html>",
        b"<body><script>render()</script><div hidden>later</div><p>&nbsp;</p></body>",
        b"<!-- nothing but a comment -->",
    ],
)
def test_a_page_without_visible_text_is_refused_with_one_clear_message(data: bytes) -> None:
    message = refusal(data)
    assert message == (
        "page.html: the page has no visible text (its body is empty, or every part of it is "
        "a script, a style or hidden)"
    )


def test_a_page_with_a_bad_byte_after_its_byte_order_mark_names_the_offset() -> None:
    message = refusal(codecs.BOM_UTF8 + b"<p>ok \xff</p>")
    assert message == "page.html: invalid UTF-8 text: bad byte at offset 9"


def test_control_characters_are_dropped_not_shown_as_replacement_marks() -> None:
    html = "<p>A page with a stray control character: a\x01b\x0bc\x0cd\x7fe</p>"
    assert text_of(html) == "A page with a stray control character: ab c d\x7fe"


def test_without_lxml_the_reader_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "lxml", None)
    monkeypatch.setitem(sys.modules, "lxml.html", None)
    with pytest.raises(FormatUnavailableError) as caught:
        read_html(b"<p>text</p>", ReadOptions("p.html"))
    assert str(caught.value) == (
        "Reading HTML files needs lxml, which is not installed: run pip install 'annotator[html]' "
        "(or 'annotator[formats]' for every format)"
    )


# --- the block map, for any page ------------------------------------------------------------

_TAGS = ("p", "div", "span", "a", "b", "li", "td", "tr", "pre", "br", "h1", "footer", "nav")
_WORDS = st.one_of(
    st.sampled_from(PIECES), st.sampled_from([" ", "  \n ", "\t", "&amp;", "\u00a0", "x y"])
)


@st.composite
def fragments(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        if depth < 4 and draw(st.booleans()):
            tag = draw(st.sampled_from(_TAGS))
            inner = draw(fragments(depth + 1))
            hidden = draw(st.sampled_from(["", " hidden", ' style="display:none"', ' class="c"']))
            parts.append(f"<{tag}{hidden}>{inner}</{tag}>")
        else:
            parts.append(draw(_WORDS))
    return "".join(parts)


@settings(max_examples=150, deadline=None)
@given(fragments())
def test_the_block_map_covers_the_text_of_any_page(body: str) -> None:
    draft = page(f"<html><body>{body}<p>end</p></body></html>")
    assert_map_covers(draft)
    assert "\r" not in draft.text
    assert draft.original is not None
    for block in draft.original.blocks:
        piece = draft.text[block.start : block.end]
        assert piece and piece == piece.strip() and "\n\n\n" not in piece


def test_the_block_map_is_stored_as_json_with_each_path_once() -> None:
    draft = page(NEWS)
    assert draft.original is not None
    structure = structure_of(draft.original.blocks)
    assert len(structure["paths"]) < len(structure["blocks"])  # the three nav items share one
    assert blocks_of(structure) == draft.original.blocks
    with pytest.raises(ValueError, match="version"):
        blocks_of({"version": 99})
    with pytest.raises(ValueError, match="malformed"):
        blocks_of({"version": 1, "paths": [], "blocks": [[0, 1, 5, 0.0]]})


def test_deeply_nested_unclosed_tags_are_read_whole_or_refused_never_cut_short() -> None:
    deep = "<p>start</p>" + "<b>" * 1000 + "deep" + "</b>" * 1000 + "<p>after</p>"
    assert text_of(deep) == "start\n\ndeep\n\nafter"
    too_deep = "<p>start</p>\n" + "<div>" * 5000 + "lost" + "</div>" * 5000
    message = refusal(too_deep.encode())
    assert message == (
        "page.html: cannot be read whole (excessive depth in document: 2048 at line 2)"
    )


def test_a_run_of_line_breaks_is_at_most_one_blank_line() -> None:
    assert text_of("<p>👍<br><br><br><br>🇳🇴</p>") == "👍\n\n🇳🇴"
    assert text_of("<p>one<br>two<br><br>three</p>") == "one\ntwo\n\nthree"
