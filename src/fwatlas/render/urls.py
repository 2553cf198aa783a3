"""Where each generated page lives, and relative links between pages."""
from __future__ import annotations

import posixpath

HOME = "index.md"
COMPARE = "compare.md"
FINDER = "finder.md"
DATA = "data.md"
TOOLS = "tools.md"
CLAIMS = "claims.md"
HISTORY = "history.md"
RULES = "rules.md"
CONTRIBUTING = "contributing.md"


def topic_page(topic_id: str) -> str:
    return f"topics/{topic_id}.md"


PLATFORMS = "platforms.md"
FRAMEWORKS = "frameworks/index.md"  # the list; the sidebar links here, not to every framework


def framework_page(framework_id: str) -> str:
    return f"frameworks/{framework_id}.md"


def page_url(src: str) -> str:
    """The directory-style URL MkDocs gives a page (use_directory_urls: true)."""
    if src == HOME:
        return ""
    stem = src.removesuffix(".md")
    if stem.endswith("/index"):
        stem = stem[: -len("/index")]
    return stem + "/"


def relative(from_src: str, to_src: str, anchor: str = "") -> str:
    """A link from one page to another that works on any host and under any base path."""
    here = page_url(from_src) or "."
    there = page_url(to_src) or "."
    rel = posixpath.relpath(there, here if here == "." else here.rstrip("/"))
    rel = "./" if rel == "." else rel + "/"
    return rel + (f"#{anchor}" if anchor else "")
