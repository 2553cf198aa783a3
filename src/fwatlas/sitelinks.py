"""Internal links and anchors in the built site.

MkDocs' own `validation:` only sees links written in Markdown; the generated
tables are raw HTML, so this walks the built HTML instead: every relative href
must reach a file, and every #fragment an id on the target page.
"""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

from .problems import Problem


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, int]] = []
        self.external_assets: list[tuple[str, int]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        line = self.getpos()[0]
        if tag == "a" and a.get("href"):
            self.links.append((a["href"], line))
        # Anything the browser fetches by itself must be local: no CDN, no fonts.
        for key in ("src", "href"):
            if a.get(key) and (tag != "a") and urlsplit(a[key]).scheme in ("http", "https"):
                if tag == "link" and a.get("rel") in ("canonical", "alternate"):
                    continue
                self.external_assets.append((a[key], line))


def _parse(path: Path) -> _Collector:
    c = _Collector()
    c.feed(path.read_text(encoding="utf-8", errors="replace"))
    return c


def _target(site: Path, page: Path, href: str, base_path: str) -> Path:
    path = unquote(urlsplit(href).path)
    if path.startswith("/"):  # absolute links (404.html) start with site_url's path
        if not path.startswith(base_path):
            return site / "\0outside"
        target = (site / path[len(base_path):]).resolve()
    else:
        target = (page.parent / path).resolve() if path else page
    if target.is_dir() or path.endswith("/"):
        target = target / "index.html"
    return target


def check_site(site: Path, base_path: str = "/") -> list[Problem]:
    """Broken internal links, missing anchors and external assets in a built site.

    `base_path` is the path of site_url ("/framework-atlas/"), which absolute links start with.
    """
    site = site.resolve()
    pages = {p: _parse(p) for p in sorted(site.rglob("*.html"))}
    problems: list[Problem] = []
    for page, info in pages.items():
        rel = page.relative_to(site).as_posix()
        for url, line in info.external_assets:
            problems.append(Problem(rel, line, 1, "site.external-request", f"the page loads {url}",
                                    "vendor the file under docs/assets instead"))
        for href, line in info.links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:")):
                continue
            target = _target(site, page, href, base_path)
            if not target.is_relative_to(site) or not target.exists():
                problems.append(Problem(rel, line, 1, "site.broken-link", f"link to {href} leads nowhere",
                                        "fix the generated link or the page path"))
                continue
            fragment = urldefrag(href).fragment
            if fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else _parse(target).ids
                if unquote(fragment) not in ids:
                    problems.append(Problem(rel, line, 1, "site.broken-anchor",
                                            f"#{fragment} is not an id on {target.relative_to(site).as_posix()}",
                                            "link to an existing row or heading"))
    return problems
