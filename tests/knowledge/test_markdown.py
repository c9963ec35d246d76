"""User Markdown and text reach pages and the API inert: no script, event handler or dangerous link."""

import re
from html.parser import HTMLParser

import pytest
from rest_framework.test import APIClient

from knowledge.markdown import render

from .factories import PracticeFactory

pytestmark = pytest.mark.django_db

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[klik](javascript:alert(1))",
    "[klik](JaVaScRiPt:alert(1))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![gambar](data:image/png;base64,iVBORw0KGgo=)",
    '<a href="JaVaScRiPt:alert(1)">tautan</a>',
    '<iframe src="https://evil.example"></iframe><style>body{display:none}</style>',
    "<svg onload=alert(1)>",
    "[x](vbscript:msgbox(1))",
    "<https://ok.example/?q=<script>>",
]


class _Elements(HTMLParser):
    """Collects the real elements and attributes of a piece of HTML (escaped text is not markup)."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "img", "iframe", "style", "svg", "object", "embed"}:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}")
            scheme = re.sub(r"[\s\x00-\x1f]", "", value or "").lower().split(":", 1)[0]
            if name in {"href", "src", "action"} and scheme in {"javascript", "data", "vbscript"}:
                self.found.append(f"{tag} {name}={value}")


def _dangerous(html):
    """Every element or attribute in the HTML through which the payloads could run (empty: inert)."""
    parser = _Elements()
    parser.feed(html)
    return parser.found


def test_the_check_finds_live_markup():
    html = '<p><img src=x onerror="alert(1)"><a href=" JaVaScRiPt:alert(1)">x</a></p>&lt;script&gt;'

    assert _dangerous(html) == ["<img>", "img onerror", "a href= JaVaScRiPt:alert(1)"]


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_markdown_renders_inert(payload):
    assert _dangerous(render(payload)) == []


def test_ordinary_markdown_keeps_its_structure():
    html = render(
        "## Hasil\n\n- **30** OPD\n- [Sumber](https://example.go.id/berita)\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    )

    assert "<h2>Hasil</h2>" in html
    assert "<li><strong>30</strong> OPD</li>" in html
    assert '<a href="https://example.go.id/berita" rel="nofollow noopener noreferrer">Sumber</a>' in html
    assert "<td>1</td>" in html


def test_raw_html_is_shown_as_text_not_markup():
    assert render("<b>tebal</b>") == "<p>&lt;b&gt;tebal&lt;/b&gt;</p>\n"


def test_hostile_body_title_and_summary_are_inert_on_the_page_and_in_the_api(sumedang, anon):
    PracticeFactory(
        regency=sumedang,
        slug="serangan",
        title='<script>alert("judul")</script>',
        summary='<img src=x onerror="alert(2)">',
        title_en="<svg onload=alert(3)>",
        body="\n\n".join(HOSTILE),
    )

    page = anon.get("/practices/serangan/").content.decode()
    listing = anon.get("/practices/").content.decode()
    api = APIClient().get("/api/v1/practices/serangan/").json()
    anon.cookies["django_language"] = "en"
    english = anon.get("/practices/serangan/").content.decode().split('<main id="main"', 1)[1]

    main = page.split('<main id="main"', 1)[1]  # the layout's own script tag is in <head>
    assert _dangerous(main) == []
    assert "&lt;script&gt;alert(&quot;judul&quot;)&lt;/script&gt;" in main
    assert "&lt;img src=x onerror=&quot;alert(2)&quot;&gt;" in main
    assert _dangerous(listing.split('<main id="main"', 1)[1]) == []
    assert "<h1>&lt;svg onload=alert(3)&gt;" in english  # the English title, on English pages
    assert _dangerous(english) == []
    assert _dangerous(api["body_html"]) == []
    # The API gives the text as written (JSON is not HTML); clients render body_html, which is clean.
    assert api["title"] == '<script>alert("judul")</script>'
