"""The built book loads nothing from the network: every script, style, font, image and frame is local."""

from __future__ import annotations

import re
from pathlib import Path

# Tags and attributes that make a browser fetch something as the page loads (links a reader clicks are fine).
LOADING_ATTRS = re.compile(
    r"<(?P<tag>script|link|img|iframe|source|video|audio|embed|object|input)\b[^>]*?"
    r"\b(?P<attr>src|href|data|srcset|poster)\s*=\s*[\"'](?P<url>[^\"']*)[\"']",
    re.IGNORECASE,
)
CSS_URL = re.compile(r"(?:url\(\s*[\"']?|@import\s+[\"'])(?P<url>(?:https?:)?//[^\"')\s]+)", re.IGNORECASE)
EXTERNAL = re.compile(r"^\s*(?:https?:)?//", re.IGNORECASE)


def _external_loads(html: str) -> list[str]:
    found = []
    for m in LOADING_ATTRS.finditer(html):
        tag, url = m.group("tag").lower(), m.group("url")
        if tag == "link" and not re.search(r"rel\s*=\s*[\"'][^\"']*(stylesheet|preload|icon|modulepreload|prefetch)",
                                           m.group(0), re.IGNORECASE):
            continue  # e.g. <link rel="canonical">: not fetched
        if EXTERNAL.match(url):
            found.append(f"<{tag} {m.group('attr')}={url}>")
    return found


def test_the_scan_catches_external_loads():
    """The checker itself: it must flag a CDN script, stylesheet and image, and pass local ones and anchors."""
    page = ('<script src="https://cdn.example/x.js"></script><link rel="stylesheet" href="//cdn.example/y.css">'
            '<img src="http://img.example/z.png"><script src="_static/local.js"></script>'
            '<a href="https://example.org/paper">a link a reader clicks</a>')
    assert _external_loads(page) == ["<script src=https://cdn.example/x.js>", "<link href=//cdn.example/y.css>",
                                     "<img src=http://img.example/z.png>"]
    assert CSS_URL.findall("a{background:url('https://x.example/a.png')} @import 'http://x.example/b.css';") == [
        "https://x.example/a.png", "http://x.example/b.css"]


def test_no_page_loads_external_resources(build_dir: Path):
    pages = list(build_dir.rglob("*.html"))
    assert len(pages) >= 3, f"expected a built book in {build_dir}"
    offenders = {str(p.relative_to(build_dir)): bad for p in pages
                 if (bad := _external_loads(p.read_text(encoding="utf-8", errors="replace")))}
    assert offenders == {}


def test_no_stylesheet_imports_external_resources(build_dir: Path):
    sheets = list(build_dir.rglob("*.css"))
    assert sheets, "no stylesheets found"
    offenders = {str(p.relative_to(build_dir)): CSS_URL.findall(p.read_text(encoding="utf-8", errors="replace"))
                 for p in sheets}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_math_and_widget_manager_are_served_locally(build_dir: Path):
    static = build_dir / "_static"
    assert (static / "mathjax" / "tex-chtml.js").is_file()
    assert (static / "widgets" / "embed.js").is_file()
    assert list((static / "widgets").glob("*.woff2")), "the widget manager's fonts are missing"
