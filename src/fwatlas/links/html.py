"""Read external hrefs and anchor targets out of HTML (standard library only)."""
from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit


class _Anchors(HTMLParser):
    """Every id, and every <a name>, a #fragment can point at."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for key, value in attrs:
            if value and (key == "id" or (key == "name" and tag in ("a", "map"))):
                self.ids.add(value)

    handle_startendtag = handle_starttag


def anchor_ids(html: str) -> set[str]:
    parser = _Anchors()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # noqa: BLE001  (HTMLParser is lenient; keep what it found)
        pass
    return parser.ids


class _Hrefs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, int, int]] = []

    def handle_starttag(self, tag, attrs):
        if tag not in ("a", "area"):
            return
        href = dict(attrs).get("href")
        if href and urlsplit(href.strip()).scheme in ("http", "https"):
            line, col = self.getpos()
            self.links.append((href.strip(), line, col + 1))


def external_hrefs(html: str) -> list[tuple[str, int, int]]:
    """(url, line, col) of each <a href> to an http(s) URL."""
    parser = _Hrefs()
    parser.feed(html)
    parser.close()
    return parser.links
